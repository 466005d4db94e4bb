package rules

import (
	corev1 "k8s.io/api/core/v1"

	"github.com/podlint/podlint/analyzer"
)

// nodeFacts are node labels every kubelet sets, one value per node (the
// beta labels carry the same value as the GA ones): Pods constrained to
// different values of one of them never share a node.
var nodeFacts = map[string]string{
	"kubernetes.io/arch": "arch", "beta.kubernetes.io/arch": "arch",
	"kubernetes.io/os": "os", "beta.kubernetes.io/os": "os",
}

// A valueSet is what a Pod accepts for one node fact: one of in (nil for
// any value), and none of notIn.
type valueSet struct{ in, notIn map[string]bool }

func setOf(values ...string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
}

func (s valueSet) and(t valueSet) valueSet {
	out := valueSet{in: s.in, notIn: map[string]bool{}}
	if t.in != nil {
		if out.in == nil {
			out.in = t.in
		} else {
			both := map[string]bool{}
			for v := range s.in {
				if t.in[v] {
					both[v] = true
				}
			}
			out.in = both
		}
	}
	for v := range s.notIn {
		out.notIn[v] = true
	}
	for v := range t.notIn {
		out.notIn[v] = true
	}
	return out
}

// or widens s to admit what t admits, or reports false when the union has
// no simple form (then the fact no longer constrains the Pod).
func (s valueSet) or(t valueSet) (valueSet, bool) {
	switch {
	case s.in != nil && t.in != nil:
		out := valueSet{in: map[string]bool{}}
		for _, x := range []valueSet{s, t} {
			for v := range x.in {
				if !x.notIn[v] {
					out.in[v] = true
				}
			}
		}
		return out, true
	case s.in == nil && t.in == nil:
		out := valueSet{notIn: map[string]bool{}}
		for v := range s.notIn {
			if t.notIn[v] {
				out.notIn[v] = true
			}
		}
		return out, true
	}
	return valueSet{}, false
}

// meets reports whether some value passes both s and t.
func (s valueSet) meets(t valueSet) bool {
	switch {
	case s.in != nil:
		for v := range s.in {
			if !s.notIn[v] && (t.in == nil || t.in[v]) && !t.notIn[v] {
				return true
			}
		}
		return false
	case t.in != nil:
		return t.meets(s)
	}
	return true // both exclude a few values: some other value passes both
}

// A placement is what a Pod spec demands of its node's facts: the
// nodeSelector and the required node affinity, by fact ("arch", "os").
// A fact left out admits any node.
type placement map[string]valueSet

func placementOf(spec analyzer.PodSpec) placement {
	base := placement{}
	for k, v := range spec.NodeSelector {
		if f, ok := nodeFacts[k]; ok {
			base.and(f, valueSet{in: setOf(v)})
		}
	}
	a := spec.Affinity
	if a == nil || a.NodeAffinity == nil || a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return base
	}
	terms := a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
	if len(terms) == 0 {
		return base
	}
	// Terms are ORed, the expressions of one term ANDed, and the whole
	// ANDed with the nodeSelector.
	var union placement
	for i, t := range terms {
		p := base.clone()
		for _, e := range t.MatchExpressions {
			f, ok := nodeFacts[e.Key]
			if !ok {
				continue
			}
			switch e.Operator {
			case corev1.NodeSelectorOpIn:
				p.and(f, valueSet{in: setOf(e.Values...)})
			case corev1.NodeSelectorOpNotIn:
				p.and(f, valueSet{notIn: setOf(e.Values...)})
			}
		}
		if i == 0 {
			union = p
			continue
		}
		for f, s := range union {
			t, ok := p[f]
			if !ok {
				delete(union, f)
				continue
			}
			if w, ok := s.or(t); ok {
				union[f] = w
			} else {
				delete(union, f)
			}
		}
	}
	return union
}

func (p placement) and(fact string, s valueSet) {
	if cur, ok := p[fact]; ok {
		s = cur.and(s)
	}
	p[fact] = s
}

func (p placement) clone() placement {
	out := make(placement, len(p))
	for f, s := range p {
		out[f] = s
	}
	return out
}

// apart reports whether no node can run Pods of both specs: they demand
// different architectures or operating systems, say (a DaemonSet per
// architecture).
func apart(a, b analyzer.PodSpec) bool {
	pa, pb := placementOf(a), placementOf(b)
	for f, s := range pa {
		if t, ok := pb[f]; ok && !s.meets(t) {
			return true
		}
	}
	return false
}
