package analyzer

import (
	"slices"

	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"
)

// A PodSource is an object that carries Pod labels: a Pod, or a controller
// (through its Pod template).
type PodSource struct {
	Object     *Object
	Labels     map[string]string
	LabelsPath Path // metadata.labels or spec.template.metadata.labels
}

// A LabelIndex finds the Pods and Pod templates of one namespace that a
// selector selects, at a cost that follows the size of the answer rather than
// the number of objects. The engine builds one per namespace.
type LabelIndex struct {
	pods   []PodSource
	byPair map[[2]string][]int // label key and value -> positions in pods
	byKey  map[string][]int    // label key -> positions in pods
}

// NewLabelIndex indexes the Pod labels of objs.
func NewLabelIndex(objs []*Object) *LabelIndex {
	ix := &LabelIndex{byPair: map[[2]string][]int{}, byKey: map[string][]int{}}
	for _, o := range objs {
		spec, ok := o.PodSpec()
		if !ok {
			continue
		}
		i := len(ix.pods)
		ix.pods = append(ix.pods, PodSource{Object: o, Labels: spec.Meta.Labels, LabelsPath: spec.MetaPath.Field("labels")})
		for k, v := range spec.Meta.Labels {
			ix.byPair[[2]string{k, v}] = append(ix.byPair[[2]string{k, v}], i)
			ix.byKey[k] = append(ix.byKey[k], i)
		}
	}
	return ix
}

// Keys returns the label keys of the indexed Pods, sorted.
func (ix *LabelIndex) Keys() []string {
	keys := make([]string, 0, len(ix.byKey))
	for k := range ix.byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Values returns the values the indexed Pods give label key k, sorted.
func (ix *LabelIndex) Values(k string) []string {
	seen := map[string]bool{}
	var out []string
	for _, i := range ix.byKey[k] {
		if v := ix.pods[i].Labels[k]; !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// Pods returns every indexed Pod source, in input order.
func (ix *LabelIndex) Pods() []PodSource { return ix.pods }

// Select returns the Pod sources whose labels sel matches, in input order.
// An empty selector matches everything, and labels.Nothing() nothing.
func (ix *LabelIndex) Select(sel labels.Selector) []PodSource {
	reqs, selectable := sel.Requirements()
	if !selectable {
		return nil
	}
	candidates := ix.candidates(reqs)
	var out []PodSource
	visit := func(i int) {
		if sel.Matches(labels.Set(ix.pods[i].Labels)) {
			out = append(out, ix.pods[i])
		}
	}
	if candidates == nil {
		for i := range ix.pods {
			visit(i)
		}
		return out
	}
	for _, i := range candidates {
		visit(i)
	}
	return out
}

// candidates returns the shortest posting list among the requirements that
// can only match labelled Pods, or nil when every Pod must be checked.
func (ix *LabelIndex) candidates(reqs labels.Requirements) []int {
	var best []int
	found := false
	consider := func(list []int) {
		if !found || len(list) < len(best) {
			best, found = list, true
		}
	}
	for _, r := range reqs {
		switch r.Operator() {
		case selection.Equals, selection.DoubleEquals, selection.In:
			var list []int
			if r.Values().Len() == 1 {
				list = ix.byPair[[2]string{r.Key(), r.Values().List()[0]}]
			} else {
				list = ix.byKey[r.Key()]
			}
			consider(list)
		case selection.Exists, selection.GreaterThan, selection.LessThan:
			consider(ix.byKey[r.Key()])
		}
	}
	if !found {
		return nil
	}
	if best == nil {
		return []int{}
	}
	return best
}
