package analyzer

import (
	"fmt"

	"go.yaml.in/yaml/v3"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// An Object is one decoded Kubernetes object. Objects are read-only to rules.
type Object struct {
	Doc  *Document
	Node *yaml.Node // the object's mapping node: the document root, or an item of a List
	Item Path       // where Node sits in its document: the zero Path, or items[i]

	APIVersion string // as written
	Kind       string // as written
	GVK        schema.GroupVersionKind

	Namespace     string // as written, or defaulted; "" for cluster-scoped kinds
	ClusterScoped bool
	Name          string // metadata.name, or metadata.generateName when the name is unset
	Labels        map[string]string
	Annotations   map[string]string
	// Meta is the object's metadata as written: no defaults filled in.
	Meta metav1.Object

	// Typed is the k8s.io/api value (*appsv1.Deployment, ...), nil for kinds
	// k8s.io/api does not know (CRDs) and for objects that did not decode.
	Typed runtime.Object
	// JSON is the object as kubectl would send it to the API server.
	JSON []byte
	// Rejected is set when Typed is not the whole object: strict decoding
	// failed, and failed again once the loader had repaired what its schema
	// check found (an unknown field left out, an unquoted yes where a string
	// is wanted read as "yes", another ill-typed value left zero), so Typed
	// may lack fields the decoder never reached. An object whose only
	// problems were repaired is not Rejected: its schema and ambiguous-scalar
	// findings stand, and every rule runs on it. Rules about relations
	// between fields or objects skip a Rejected object, whose missing parts
	// would read as absent.
	Rejected bool
	// Repaired lists the fields the loader left out or rewrote to decode
	// the object (see Rejected): their schema findings stand, and rules
	// that judge values skip what is at or below them, which reads as unset.
	Repaired []Path
	// Workload describes the Pod template of a custom resource that stamps
	// out Pods (an Argo Rollout, say); nil for other kinds.
	Workload *CustomWorkload
	// Checks are the IDs of the rules of the lint that apply to the object
	// (Rule.Applies), sorted, for the reports that list the checks an
	// object passed (JUnit). lint fills them in when asked, before it
	// drops what Applies reads; objects with the same checks share one
	// slice, which is read-only.
	Checks []string
}

// A CustomWorkload is the Pod template and selector of a custom resource
// kind that creates Pods, as decoded by the loader from configured paths.
type CustomWorkload struct {
	Template     *corev1.PodTemplateSpec
	TemplatePath Path
	Selector     *metav1.LabelSelector // nil when the kind has no selector
	SelectorPath Path
}

// Resolve returns the position of path p within the object.
func (o *Object) Resolve(p Path) Position { return o.Doc.Resolve(o.YAML(), p) }

// YAML returns the object's mapping node.
func (o *Object) YAML() *yaml.Node { return o.Node }

// NodeAt returns the value node at path p below n, or nil when the path is
// not in the tree. Aliases are not followed: a caller that edits the text
// must not reach into an anchored node that has other uses.
func NodeAt(n *yaml.Node, p Path) *yaml.Node {
	for _, e := range p.elems {
		switch {
		case n == nil:
			return nil
		case e.IsIndex && n.Kind == yaml.SequenceNode && e.Index < len(n.Content):
			n = n.Content[e.Index]
		case !e.IsIndex && n.Kind == yaml.MappingNode:
			_, n = lookupKey(n, e.Key)
		default:
			return nil
		}
	}
	return n
}

// BuiltinKind reports whether k8s.io/api knows the object's kind and the
// object decoded (Typed is set).
func (o *Object) BuiltinKind() bool { return o.Typed != nil }

// String names the object the way kubectl does: Kind namespace/name.
func (o *Object) String() string {
	if o.Namespace == "" {
		return fmt.Sprintf("%s %s", o.Kind, o.Name)
	}
	return fmt.Sprintf("%s %s/%s", o.Kind, o.Namespace, o.Name)
}
