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
// Like Shed, it drops Meta too, and Unpack restores it.
func (o *Object) Pack() {
	if o.packed != nil {
		o.Typed, o.Meta = nil, nil // unpacked for a while: the packed form still holds
		return
	}
	m, ok := o.Typed.(protoMessage)
	if !ok {
		return
	}
	data, err := m.Marshal()
	if err != nil {
		return
	}
	o.packed = &packed{data: data, typ: reflect.TypeOf(o.Typed)}
	o.Typed, o.Meta = nil, nil
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
	o.Meta, _ = meta.Accessor(o.Typed)
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
