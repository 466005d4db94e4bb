package analyzer

import (
	"sync"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// A Cluster holds the objects of a whole lint that take effect
// cluster-wide whatever directory they come from, for the rules that
// declare them in Rule.ClusterKinds: a CustomResourceDefinition installs
// its kind for every custom resource, and a Namespace's labels set the Pod
// Security levels of everything in it. It also tallies, for the summary,
// the custom resources nothing could validate (NoSchema). Apply sets (see package lint) keep
// cross-object rules within one directory; a CRD in manifests/setup still
// defines the ServiceMonitors in manifests/. Package lint gathers these
// objects before any set runs, from the inputs and from files given only
// as definitions (--crd). They are read-only, and live for the whole lint.
type Cluster struct {
	byKind map[schema.GroupKind][]*Object

	mu         sync.Mutex
	unverified []unverified // see NoSchema
}

type unverified struct {
	kind, file string
}

// NoSchema records that custom resource o is of a kind no CRD or schema
// of the lint defines, so nothing validated it: the summary counts them,
// as kubeconform's does, since that is no error of the input.
func (c *Cluster) NoSchema(o *Object) {
	if c == nil {
		return
	}
	u := unverified{kind: o.GVK.GroupVersion().String() + " " + o.Kind}
	if o.Doc != nil {
		u.file = o.Doc.File
	}
	c.mu.Lock()
	c.unverified = append(c.unverified, u)
	c.mu.Unlock()
}

// WithoutSchema counts, by "group/version Kind", the custom resources
// NoSchema recorded in the files report accepts (all when nil).
func (c *Cluster) WithoutSchema(report func(file string) bool) map[string]int {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var out map[string]int
	for _, u := range c.unverified {
		if report == nil || report(u.file) {
			if out == nil {
				out = map[string]int{}
			}
			out[u.kind]++
		}
	}
	return out
}

// NewCluster returns the cluster-wide view of objs.
func NewCluster(objs []*Object) *Cluster {
	c := &Cluster{byKind: map[schema.GroupKind][]*Object{}}
	for _, o := range objs {
		gk := o.GVK.GroupKind()
		c.byKind[gk] = append(c.byKind[gk], o)
	}
	return c
}

// Objects returns the objects of kind gk, in input order; nil for a nil
// Cluster, which a rule sees when it runs outside a lint.
func (c *Cluster) Objects(gk schema.GroupKind) []*Object {
	if c == nil {
		return nil
	}
	return c.byKind[gk]
}

// ClusterKinds returns every kind the rules read through Pass.Cluster.
func ClusterKinds(rules []*Rule) []schema.GroupKind {
	seen := map[schema.GroupKind]bool{}
	var out []schema.GroupKind
	for _, r := range rules {
		for _, gk := range r.ClusterKinds {
			if !seen[gk] {
				seen[gk] = true
				out = append(out, gk)
			}
		}
	}
	return out
}
