package rules

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	appsv1beta1 "k8s.io/api/apps/v1beta1"
	appsv1beta2 "k8s.io/api/apps/v1beta2"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"

	"github.com/podlint/podlint/analyzer"
)

// RecreateStrategy reports a Deployment behind a Service that rolls out by
// stopping every Pod first.
var RecreateStrategy = &analyzer.Rule{
	ID:         "recreate-strategy",
	Severity:   analyzer.Warning,
	Family:     "reliability",
	DefaultOff: true,
	Doc: analyzer.Doc{
		Title: "Deployment behind a Service rolls out with Recreate",
		Why: "The Recreate strategy stops every old Pod before it starts a new one, so each rollout leaves the " +
			"Service that selects them without endpoints until the new Pods are ready. RollingUpdate replaces them " +
			"a few at a time. Recreate is right when two versions must never run together (a single writer on a " +
			"ReadWriteOnce volume); reported only for Deployments a Service of the linted files selects.",
		Bad:  recreateStrategyBad,
		Good: recreateStrategyGood,
	},
	Applies:  isDeployment,
	CheckSet: checkRecreateStrategy,
}

func recreates(o *analyzer.Object) bool {
	switch t := o.Typed.(type) {
	case *appsv1.Deployment:
		return t.Spec.Strategy.Type == appsv1.RecreateDeploymentStrategyType
	case *appsv1beta1.Deployment:
		return t.Spec.Strategy.Type == appsv1beta1.RecreateDeploymentStrategyType
	case *appsv1beta2.Deployment:
		return t.Spec.Strategy.Type == appsv1beta2.RecreateDeploymentStrategyType
	case *extensionsv1beta1.Deployment:
		return t.Spec.Strategy.Type == extensionsv1beta1.RecreateDeploymentStrategyType
	}
	return false
}

func checkRecreateStrategy(pass *analyzer.SetPass) error {
	view := newApplyView(pass)
	reported := map[*analyzer.Object]bool{}
	for _, s := range pass.Objects {
		svc, sel, ok := serviceSelector(s)
		if !ok || s.Rejected {
			continue
		}
		for _, p := range view.pods(s, pass.Index.Select(sel)) {
			d := p.Object
			if reported[d] || d.Rejected || !recreates(d) {
				continue
			}
			reported[d] = true
			pass.Report(analyzer.Diagnostic{Object: d, Path: analyzer.Path{}.Field("spec").Field("strategy").Field("type"),
				Message: fmt.Sprintf("%s rolls out with Recreate, so Service %q has no endpoints from the moment its old Pods stop until the new ones are ready; use RollingUpdate unless two versions must never run together",
					d, svc.Name),
				Related: []analyzer.Related{{Object: s, Path: analyzer.Path{}.Field("spec").Field("selector"), Message: fmt.Sprintf("Service %q selects its Pods", svc.Name)}}})
		}
	}
	return nil
}

const recreateStrategyBad = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  strategy:
    type: Recreate
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
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`

const recreateStrategyGood = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  strategy:
    type: RollingUpdate
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
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`
