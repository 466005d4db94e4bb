package rules

import (
	"fmt"
	"strings"

	"github.com/podlint/podlint/analyzer"
)

// OverlappingSelectors reports controllers that select each other's Pods.
var OverlappingSelectors = &analyzer.Rule{
	ID:       "overlapping-selectors",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "controller selector selects another controller's Pods",
		Why: "A ReplicaSet, ReplicationController, DaemonSet or Job adopts every orphan Pod its selector matches in " +
			"its namespace: a bare Pod whose labels it selects becomes one of its replicas, and it deletes a Pod when it " +
			"then has too many (the seeds' relabel experiment shows it; the API server does not stop you). Pods another " +
			"controller owns are not adopted, but an HPA scaling the controller, and Services and PodDisruptionBudgets " +
			"that select by the same labels, count both sets as one. Pods placed on disjoint nodes (one DaemonSet per " +
			"architecture or OS) and files that are alternatives to each other (both define one object) are not compared. " +
			"Give each controller a label of its own.",
		Bad:  overlappingSelectorsBad,
		Good: overlappingSelectorsGood,
	},
	Applies:  selectsPods,
	CheckSet: checkOverlappingSelectors,
}

type selectingController struct {
	obj      *analyzer.Object
	selector analyzer.Selector
	reqs     int // requirements in the selector: fewer is wider
	selected []analyzer.PodSource
}

func checkOverlappingSelectors(pass *analyzer.SetPass) error {
	view := newApplyView(pass)
	var controllers []*selectingController
	byObject := map[*analyzer.Object]*selectingController{}
	for _, o := range pass.Objects {
		s, sel, ok := controllerSelector(o)
		if !ok || o.Rejected {
			continue
		}
		spec, _ := o.PodSpec()
		reqs, _ := s.Requirements()
		c := &selectingController{obj: o, selector: sel, reqs: len(reqs)}
		for _, p := range view.pods(o, pass.Index.Select(s)) {
			if sameObject(p.Object, o) || !adoptable(p) || helmTestHook(p.Object) {
				continue // a Helm test Pod runs once and is gone before a controller could count it
			}
			if other, ok := p.Object.PodSpec(); ok && spec.PodSpec != nil && apart(spec, other) {
				continue // their Pods never share a node (a DaemonSet per architecture)
			}
			c.selected = append(c.selected, p)
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
				continue // the same manifest twice in one file
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
				Message: fmt.Sprintf("selector of %s also selects %s (labels %s): %s; give each a label of its own",
					c.obj, what, formatLabels(p.Labels), overlapConsequence(c.obj, p.Object, other != nil)),
				Related: []analyzer.Related{{Object: p.Object, Path: p.LabelsPath, Message: fmt.Sprintf("labels of %s", p.Object)}}})
		}
	}
	return nil
}

// overlapConsequence says what follows when the selector of controller c
// matches the Pods of p: adoption, when c takes orphan Pods and p is a bare
// Pod it would take; otherwise the objects that select by those labels
// count the Pods of both.
func overlapConsequence(c, p *analyzer.Object, pIsController bool) string {
	if !pIsController {
		switch c.Kind {
		case "ReplicaSet", "ReplicationController":
			return fmt.Sprintf("the %s adopts the Pod, as it takes every orphan its selector matches, and counts it toward its replicas: "+
				"it starts one Pod fewer of its own, or deletes one when it has more than it wants", c.Kind)
		case "DaemonSet":
			return "the DaemonSet adopts the Pod, as it takes every orphan its selector matches, and deletes it, or its own Pod on that node, " +
				"where it then runs two or should run none"
		case "Job":
			return "the Job adopts the Pod, as it takes every orphan its selector matches, and counts it toward its completions"
		case "CronJob":
			return "the CronJob's Jobs adopt the Pod, as they take every orphan their selector matches, and count it toward their completions"
		case "StatefulSet":
			if statefulSetMember(c, p) {
				return "the StatefulSet adopts the Pod, named as one of its own, and manages it as its replica"
			}
		}
		why := ""
		if c.Kind == "Deployment" {
			why = " (its ReplicaSets also select on pod-template-hash)"
		}
		return fmt.Sprintf("the %s does not adopt the bare Pod%s, but %s count both as one set of Pods", c.Kind, why, countingSelectors(c))
	}
	return fmt.Sprintf("%s owns its Pods, so the %s does not adopt them, but %s count the Pods of both as one set", p, c.Kind, countingSelectors(c))
}

// countingSelectors names what selects Pods by a controller's labels: an
// HPA too when the controller can be scaled.
func countingSelectors(c *analyzer.Object) string {
	switch c.Kind {
	case "Deployment", "ReplicaSet", "StatefulSet", "ReplicationController", "Rollout", "DeploymentConfig":
		return "a HorizontalPodAutoscaler scaling it, and Services and PodDisruptionBudgets that select by these labels,"
	}
	return "Services and PodDisruptionBudgets that select by these labels"
}

// statefulSetMember reports whether a bare Pod is named as a Pod of the
// StatefulSet (name-ordinal): the StatefulSet adopts only those.
func statefulSetMember(set, pod *analyzer.Object) bool {
	ord, ok := strings.CutPrefix(pod.Name, set.Name+"-")
	if !ok || ord == "" {
		return false
	}
	for _, r := range ord {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
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
