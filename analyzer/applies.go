package analyzer

import "slices"

// HasPodSpec is the Applies of the rules about Pod specs: it takes in every
// object the PodSpec view finds a Pod spec in (Pods, PodTemplates, the
// workload kinds and custom workloads).
func HasPodSpec(o *Object) bool {
	_, ok := o.PodSpec()
	return ok
}

// AnyObject is the Applies of the rules that judge every object, such as
// its metadata or its API version.
func AnyObject(*Object) bool { return true }

// OfKinds returns an Applies that takes in the objects of the k8s.io/api
// kinds named, in whatever group and version the object is written
// (an Ingress of networking.k8s.io and of extensions alike), once decoded.
func OfKinds(kinds ...string) func(*Object) bool {
	return func(o *Object) bool { return o.BuiltinKind() && slices.Contains(kinds, o.Kind) }
}

// Checks returns the IDs of the rules findings may name (see Catalogue)
// that apply to o by their Applies, sorted, leaving out those skip names.
// It reads the object's typed value, so it must run before the object's
// trees are dropped.
func Checks(o *Object, rules []*Rule, skip map[string]bool) []string {
	var ids []string
	for _, r := range Catalogue(rules) {
		if r.Applies != nil && !skip[r.ID] && r.Applies(o) {
			ids = append(ids, r.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}
