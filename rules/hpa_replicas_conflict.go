package rules

import (
	"fmt"

	"github.com/podlint/podlint/analyzer"
)

// HPAReplicasConflict reports a workload that sets spec.replicas while an
// HPA of the linted set scales it.
var HPAReplicasConflict = &analyzer.Rule{
	ID:       "hpa-replicas-conflict",
	Severity: analyzer.Warning,
	Family:   "reliability",
	Doc: analyzer.Doc{
		Title: "workload scaled by an HPA also sets spec.replicas",
		Why: "Once a HorizontalPodAutoscaler scales a workload, it owns spec.replicas. A manifest that still sets " +
			"it resets the count on every apply (kubectl apply, a GitOps sync): a Deployment the HPA grew to 10 " +
			"replicas under load drops back to the written number, and the HPA has to scale it up again while " +
			"requests fail. Leave spec.replicas out and let the HPA's minReplicas set the floor.",
		Bad:  hpaReplicasConflictBad,
		Good: hpaReplicasConflictGood,
	},
	Applies:  isScalable,
	CheckSet: checkHPAReplicasConflict,
}

func checkHPAReplicasConflict(pass *analyzer.SetPass) error {
	hpas := hpasByTarget(pass.Objects)
	if len(hpas) == 0 {
		return nil
	}
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		replicas, ok := scaleOf(o)
		if !ok || replicas == nil || o.Rejected {
			continue
		}
		ref, ok := view.hpaFor(hpas, o)
		if !ok {
			continue
		}
		pass.Report(analyzer.Diagnostic{Object: o, Path: replicasPath,
			Message: fmt.Sprintf("%s %q sets replicas: %d, but HorizontalPodAutoscaler %q scales it: every apply resets the count the HPA chose; remove spec.replicas",
				o.Kind, o.Name, *replicas, ref.hpa.Name),
			Related: []analyzer.Related{{Object: ref.hpa, Path: hpaPath.Field("name"), Message: fmt.Sprintf("HorizontalPodAutoscaler %q scales it", ref.hpa.Name)}}})
	}
	return nil
}

const hpaReplicasConflictBad = `apiVersion: apps/v1
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 3
  maxReplicas: 10
`

const hpaReplicasConflictGood = `apiVersion: apps/v1
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
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 3
  maxReplicas: 10
`
