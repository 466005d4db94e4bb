package analyzer

import (
	"reflect"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime"
)

// A packed object keeps its typed value encoded as a protocol buffer, the
// form the API server stores objects in. A large run holds every workload,
// Service and ConfigMap until the cross-object pass: decoded, they were
// half of its live heap; encoded, they take about a third of that, and
// decode again several times faster than JSON.
type packed struct {
	data []byte       // the protocol buffer
	typ  reflect.Type // the Typed value's type: *appsv1.Deployment, ...
}

// Pack drops the typed value of an object that the cross-object pass will
// read, keeping it encoded, so that Unpack can decode it again when that
// pass reaches the object. Objects without a typed value are left alone.
// Meta goes with the typed value when it is that value's metadata, and
// Unpack restores it; metadata the loader decoded on its own (for a kind
// without an ObjectMeta, such as List) stays.
func (o *Object) Pack() {
	if o.packed == nil {
		m, ok := o.Typed.(protoMessage)
		if !ok {
			return
		}
		data, err := m.Marshal()
		if err != nil {
			return
		}
		o.packed = &packed{data: data, typ: reflect.TypeOf(o.Typed)}
	}
	// Also after an Unpack: the packed form still holds.
	if _, err := meta.Accessor(o.Typed); err == nil {
		o.Meta = nil
	}
	o.Typed = nil
}

// Unpack decodes the typed value of a packed object again and reports
// whether the object was packed. The value stays until Pack drops it
// again. It equals the loader's value as protocol buffers carry it: empty
// maps and lists come back nil, and objects nested in a field (a
// StatefulSet's volumeClaimTemplates) lose their apiVersion and kind.
// Rules tell an empty map from a missing one by its length.
func (o *Object) Unpack() bool {
	if o.packed == nil {
		return false
	}
	if o.Typed != nil {
		return true
	}
	typed := reflect.New(o.packed.typ.Elem()).Interface().(protoMessage)
	if typed.Unmarshal(o.packed.data) != nil {
		return false // cannot happen: the data was marshalled by this process
	}
	o.Typed = typed
	// Protocol buffers leave out the type, which JSON carried.
	o.Typed.GetObjectKind().SetGroupVersionKind(o.GVK)
	if m, err := meta.Accessor(o.Typed); err == nil {
		o.Meta = m
	}
	return true
}

// protoMessage is what every type of k8s.io/api implements.
type protoMessage interface {
	runtime.Object
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
}

// Packed reports whether the object's typed value is packed (see Pack).
func (o *Object) Packed() bool { return o.packed != nil }
