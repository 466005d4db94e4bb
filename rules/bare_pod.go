package rules

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/podlint/podlint/analyzer"
)

// BarePod reports a Pod that no controller owns.
var BarePod = &analyzer.Rule{
	ID:       "bare-pod",
	Severity: analyzer.Warning,
	Family:   "reliability",
	Doc: analyzer.Doc{
		Title: "Pod is not managed by a controller",
		Why: "A Pod created on its own is bound to one node for life. When the node fails, is drained or the Pod " +
			"is evicted, nothing creates it again. A Deployment (or a Job for run-to-completion work) keeps the " +
			"desired number of Pods running and replaces them on healthy nodes.",
		Bad:  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n",
		Good: barePodGood,
	},
	Applies: analyzer.OfKinds("Pod"),
	Check:   checkBarePod,
}

func checkBarePod(pass *analyzer.Pass) error {
	pod, ok := pass.Object.Typed.(*corev1.Pod)
	if !ok || helmTestHook(pass.Object) {
		return nil // a Helm test runs once, by design
	}
	for _, ref := range pod.OwnerReferences {
		if ref.Controller != nil && *ref.Controller {
			return nil
		}
	}
	pass.Report(analyzer.Diagnostic{Path: analyzer.Path{}.Field("kind"), Message: fmt.Sprintf(
		"Pod %q is not managed by a controller: if its node fails, nothing recreates it; run it from a Deployment, or a Job for one-off work", pod.Name)})
	return nil
}

const barePodGood = `apiVersion: apps/v1
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
`
