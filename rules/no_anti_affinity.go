package rules

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podlint/podlint/analyzer"
)

// NoAntiAffinity reports a workload of several replicas that does nothing
// to keep them off one node.
var NoAntiAffinity = &analyzer.Rule{
	ID:         "no-anti-affinity",
	Severity:   analyzer.Warning,
	Family:     "reliability",
	DefaultOff: true,
	Doc: analyzer.Doc{
		Title: "replicas may all land on one node",
		Why: "The scheduler may put every replica of a Deployment or StatefulSet on the same node, and then one node " +
			"failure or drain takes them all. A podAntiAffinity term on kubernetes.io/hostname whose selector " +
			"matches the workload's own Pods (preferred is enough), or a topologySpreadConstraint on that key, " +
			"spreads them. Reported for workloads that ask for two replicas or more.",
		Bad:  noAntiAffinityBad,
		Good: noAntiAffinityGood,
	},
	Applies: isReplicated,
	Check:   checkNoAntiAffinity,
}

const hostnameKey = "kubernetes.io/hostname"

func checkNoAntiAffinity(pass *analyzer.Pass) error {
	o := pass.Object
	if !isDeployment(o) && !isStatefulSet(o) || o.Rejected || o.IsPatch() {
		return nil
	}
	replicas, _ := scaleOf(o)
	if replicas == nil || *replicas < 2 {
		return nil
	}
	spec, _ := o.PodSpec()
	own := labels.Set(spec.Meta.Labels)
	if spreadsByHost(spec.PodSpec, own) {
		return nil
	}
	pass.Report(analyzer.Diagnostic{Path: spec.Path.Field("affinity"), Message: fmt.Sprintf(
		"the %d replicas of %s may all be scheduled on one node, and one node failure takes them all; add a podAntiAffinity on %s (preferred is enough) or a topologySpreadConstraint selecting its own Pods",
		*replicas, o, hostnameKey)})
	return nil
}

// spreadsByHost reports whether a Pod spec keeps Pods with labels own
// apart by node: an anti-affinity term or spread constraint on the
// hostname key whose selector matches them.
func spreadsByHost(spec *corev1.PodSpec, own labels.Set) bool {
	matches := func(t corev1.PodAffinityTerm) bool {
		if t.TopologyKey != hostnameKey {
			return false
		}
		s, ok := labelSelector(t.LabelSelector)
		return ok && s.Matches(own)
	}
	if a := spec.Affinity; a != nil && a.PodAntiAffinity != nil {
		for _, t := range a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution {
			if matches(t) {
				return true
			}
		}
		for _, w := range a.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution {
			if matches(w.PodAffinityTerm) {
				return true
			}
		}
	}
	for _, c := range spec.TopologySpreadConstraints {
		if c.TopologyKey != hostnameKey {
			continue
		}
		if s, ok := labelSelector(c.LabelSelector); ok && s.Matches(own) {
			return true
		}
	}
	return false
}

const noAntiAffinityBad = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
`

const noAntiAffinityGood = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    app: web
      containers:
        - name: web
          image: nginx:1.27
`
