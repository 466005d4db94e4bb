package rules

import (
	"fmt"

	"github.com/podlint/podlint/analyzer"
)

// OverlappingSelectors reports controllers that select each other's Pods.
var OverlappingSelectors = &analyzer.Rule{
	ID:       "overlapping-selectors",
	Severity: analyzer.Warning,
	Doc: analyzer.Doc{
		Title: "controller selector selects another controller's Pods",
		Why: "A controller counts and adopts every Pod its selector matches in its namespace. When the selector " +
			"of one controller matches the Pod template of another, or a bare Pod, the two fight over the same Pods: " +
			"one scales down what the other created, and rollouts stall. The API server does not stop you " +
			"(the seeds' relabel experiment shows it). Give each controller a label of its own.",
		Bad:  overlappingSelectorsBad,
		Good: overlappingSelectorsGood,
	},
	CheckSet: checkOverlappingSelectors,
}

type selectingController struct {
	obj      *analyzer.Object
	selector analyzer.Selector
	reqs     int // requirements in the selector: fewer is wider
	selected []analyzer.PodSource
}

func checkOverlappingSelectors(pass *analyzer.SetPass) error {
	var controllers []*selectingController
	byObject := map[*analyzer.Object]*selectingController{}
	for _, o := range pass.Objects {
		s, sel, ok := controllerSelector(o)
		if !ok || o.Rejected {
			continue
		}
		reqs, _ := s.Requirements()
		c := &selectingController{obj: o, selector: sel, reqs: len(reqs)}
		for _, p := range pass.Index.Select(s) {
			if !sameObject(p.Object, o) && adoptable(p) {
				c.selected = append(c.selected, p)
			}
		}
		controllers = append(controllers, c)
		byObject[o] = c
	}
	type pair struct{ a, b identity }
	reported := map[pair]bool{}
	for _, c := range controllers {
		for _, p := range c.selected {
			k := pair{identityOf(c.obj), identityOf(p.Object)}
			if reported[k] {
				continue // the same manifest in two files
			}
			other := byObject[p.Object]
			if other != nil && selects(other, c.obj) && !wider(c, other) {
				continue // both select each other: reported once, on the wider one
			}
			reported[k] = true
			what := fmt.Sprintf("the Pod template of %s", p.Object)
			if other == nil {
				what = fmt.Sprintf("the bare %s", p.Object)
			}
			pass.Report(analyzer.Diagnostic{Object: c.obj, Path: c.selector.Path,
				Message: fmt.Sprintf("selector of %s also selects %s (labels %s): the controllers fight over the same Pods; give each a label of its own",
					c.obj, what, formatLabels(p.Labels)),
				Related: []analyzer.Related{{Object: p.Object, Path: p.LabelsPath, Message: fmt.Sprintf("labels of %s", p.Object)}}})
		}
	}
	return nil
}

// An identity names one cluster object, whichever file describes it.
type identity struct{ group, kind, namespace, name string }

func identityOf(o *analyzer.Object) identity {
	return identity{o.GVK.Group, o.Kind, o.Namespace, o.Name}
}

// sameObject reports whether two documents describe one cluster object
// (two versions of one manifest), which cannot fight with itself.
func sameObject(a, b *analyzer.Object) bool {
	return a == b || identityOf(a) == identityOf(b)
}

func selects(c *selectingController, o *analyzer.Object) bool {
	for _, p := range c.selected {
		if p.Object == o {
			return true
		}
	}
	return false
}

// wider decides which of two controllers that select each other carries
// the finding: the one with fewer requirements, then the one selecting
// more Pods, then the first in input order.
func wider(a, b *selectingController) bool {
	switch {
	case a.reqs != b.reqs:
		return a.reqs < b.reqs
	case len(a.selected) != len(b.selected):
		return len(a.selected) > len(b.selected)
	}
	ap, bp := a.obj.Resolve(analyzer.Path{}), b.obj.Resolve(analyzer.Path{})
	if ap.File != bp.File {
		return ap.File < bp.File
	}
	return ap.Line < bp.Line
}

const overlappingSelectorsBad = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-canary
spec:
  selector:
    matchLabels:
      app: web
      track: canary
  template:
    metadata:
      labels:
        app: web
        track: canary
    spec:
      containers:
        - name: web
          image: nginx:1.27
`

const overlappingSelectorsGood = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
      track: stable
  template:
    metadata:
      labels:
        app: web
        track: stable
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-canary
spec:
  selector:
    matchLabels:
      app: web
      track: canary
  template:
    metadata:
      labels:
        app: web
        track: canary
    spec:
      containers:
        - name: web
          image: nginx:1.27
`
