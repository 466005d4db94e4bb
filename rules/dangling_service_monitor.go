package rules

import (
	"encoding/json"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podlint/podlint/analyzer"
)

// DanglingServiceMonitor reports a Prometheus Operator ServiceMonitor whose
// selector selects no Service of the linted set.
var DanglingServiceMonitor = &analyzer.Rule{
	ID:       "dangling-service-monitor",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "ServiceMonitor selector matches no Service",
		Why: "A ServiceMonitor tells the Prometheus Operator to scrape the endpoints of the Services its selector " +
			"matches. When no Service carries those labels, nothing is scraped and the dashboards and alerts built " +
			"on those metrics go quiet without an error. Only ServiceMonitors that look in their own namespace are " +
			"judged (no namespaceSelector, or one naming just that namespace), when the linted files hold Services " +
			"there and something ties the monitor to them (a label one typo away, their release label, a Service in " +
			"the same file or of the monitor's name).",
		Bad:  danglingServiceMonitorBad,
		Good: danglingServiceMonitorGood,
	},
	Applies:  isServiceMonitor,
	CheckSet: checkDanglingServiceMonitor,
}

// A serviceIndex finds the Services of a group by label, as the label
// index finds Pods.
type serviceIndex struct {
	services []*analyzer.Object
	byPair   map[[2]string][]int
}

func newServiceIndex(objs []*analyzer.Object) serviceIndex {
	ix := serviceIndex{byPair: map[[2]string][]int{}}
	for _, o := range objs {
		if _, ok := o.Typed.(*corev1.Service); !ok || o.Rejected {
			continue
		}
		i := len(ix.services)
		ix.services = append(ix.services, o)
		for k, v := range o.Labels {
			ix.byPair[[2]string{k, v}] = append(ix.byPair[[2]string{k, v}], i)
		}
	}
	return ix
}

// selectAny reports whether sel selects one of the Services applied with o.
func (ix serviceIndex) selectAny(view applyView, o *analyzer.Object, sel labels.Selector, written map[string]string) bool {
	cands := -1
	var list []int
	for k, v := range written {
		if l := ix.byPair[[2]string{k, v}]; cands < 0 || len(l) < cands {
			cands, list = len(l), l
		}
	}
	visit := func(i int) bool {
		s := ix.services[i]
		return sel.Matches(labels.Set(s.Labels)) && view.related(o, s)
	}
	if cands < 0 {
		for i := range ix.services {
			if visit(i) {
				return true
			}
		}
		return false
	}
	for _, i := range list {
		if visit(i) {
			return true
		}
	}
	return false
}

type serviceMonitorSpec struct {
	Spec struct {
		Selector          *metav1.LabelSelector `json:"selector"`
		NamespaceSelector struct {
			Any        bool     `json:"any"`
			MatchNames []string `json:"matchNames"`
		} `json:"namespaceSelector"`
	} `json:"spec"`
}

func checkDanglingServiceMonitor(pass *analyzer.SetPass) error {
	ix := newServiceIndex(pass.Objects)
	if len(ix.services) == 0 {
		return nil // the Services live elsewhere: nothing to judge by
	}
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		if o.Kind != "ServiceMonitor" || o.GVK.Group != "monitoring.coreos.com" || len(o.JSON) == 0 {
			continue
		}
		var sm serviceMonitorSpec
		if json.Unmarshal(o.JSON, &sm) != nil || !ownNamespaceOnly(sm, o.Namespace) {
			continue
		}
		sel, ok := labelSelector(sm.Spec.Selector)
		if !ok || ix.selectAny(view, o, sel, sm.Spec.Selector.MatchLabels) {
			continue
		}
		services := view.relatedOf(o, ix.services)
		if hiddenPods(view.objectsWith(o)) {
			continue // an operator may create the Services
		}
		tied := false
		var as []analyzer.PodSource // the Services' labels, to look for a typo or a release label as in Pods
		for _, s := range services {
			as = append(as, analyzer.PodSource{Object: s, Labels: s.Labels})
			tied = tied || s.Doc.File == o.Doc.File || s.Name == o.Name
		}
		k, hint := closestLabel(sm.Spec.Selector.MatchLabels, labelValues(as))
		if hint == "" && !tied && !sameRelease(sm.Spec.Selector.MatchLabels, as) {
			continue
		}
		at := analyzer.Path{}.Field("spec").Field("selector")
		msg := fmt.Sprintf("selector of ServiceMonitor %q matches no Service in namespace %q; nothing is scraped", o.Name, o.Namespace)
		if hint != "" {
			at = at.Field("matchLabels").Key(k)
			msg += " (did you mean " + hint + "?)"
		}
		pass.Report(analyzer.Diagnostic{Object: o, Path: at, Message: msg})
	}
	return nil
}

// ownNamespaceOnly reports whether a ServiceMonitor looks for Services in
// its own namespace only, the one podlint sees.
func ownNamespaceOnly(sm serviceMonitorSpec, ns string) bool {
	n := sm.Spec.NamespaceSelector
	if n.Any {
		return false
	}
	for _, m := range n.MatchNames {
		if m != ns {
			return false
		}
	}
	return true
}

const danglingServiceMonitorBad = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    app: web
  ports:
    - name: metrics
      port: 9090
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: wbe
  endpoints:
    - port: metrics
`

const danglingServiceMonitorGood = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app: web
spec:
  selector:
    app: web
  ports:
    - name: metrics
      port: 9090
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  endpoints:
    - port: metrics
`
