package rules

import (
	"fmt"

	"github.com/podlint/podlint/analyzer"
)

// SingleReplica reports a Deployment that runs one Pod.
var SingleReplica = &analyzer.Rule{
	ID:         "single-replica",
	Severity:   analyzer.Warning,
	Family:     "reliability",
	DefaultOff: true,
	Doc: analyzer.Doc{
		Title: "Deployment runs a single replica",
		Why: "A Deployment of one replica is down whenever its one Pod is: on every node drain, eviction, crash " +
			"or failed probe. Two replicas or more (with a PodDisruptionBudget and anti-affinity) keep it serving. " +
			"replicas unset means one. Not reported when an HPA of the linted files scales the Deployment, or when " +
			"replicas is 0 (scaled down on purpose).",
		Bad:  singleReplicaBad,
		Good: singleReplicaGood,
	},
	Applies:  isDeployment,
	CheckSet: checkSingleReplica,
}

func checkSingleReplica(pass *analyzer.SetPass) error {
	var hpas map[objectKey][]hpaRef
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		if !isDeployment(o) || o.Rejected || o.IsPatch() {
			continue
		}
		replicas, _ := scaleOf(o)
		if replicas != nil && *replicas != 1 {
			continue
		}
		if hpas == nil {
			hpas = hpasByTarget(pass.Objects)
		}
		if _, ok := view.hpaFor(hpas, o); ok {
			continue
		}
		what := "sets replicas: 1"
		if replicas == nil {
			what = "sets no replicas, so runs one Pod"
		}
		pass.Report(analyzer.Diagnostic{Object: o, Path: replicasPath, Message: fmt.Sprintf(
			"%s %s: it is down whenever that Pod is (a node drain, an eviction, a crash); run 2 or more replicas", o, what)})
	}
	return nil
}

const singleReplicaBad = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
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

const singleReplicaGood = `apiVersion: apps/v1
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
