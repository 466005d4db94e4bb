package rules

import (
	"fmt"

	"github.com/podlint/podlint/analyzer"
)

// MissingPDB reports a Deployment or StatefulSet that no
// PodDisruptionBudget of the linted set protects.
var MissingPDB = &analyzer.Rule{
	ID:         "missing-pdb",
	Severity:   analyzer.Warning,
	Family:     "reliability",
	DefaultOff: true,
	Doc: analyzer.Doc{
		Title: "workload has no PodDisruptionBudget",
		Why: "Without a PodDisruptionBudget selecting its Pods, a node drain or cluster upgrade may evict every " +
			"replica of a Deployment or StatefulSet at once, and it is down until they are scheduled again. A " +
			"budget with maxUnavailable: 1 lets drains proceed one Pod at a time. Workloads that ask for one " +
			"replica (or none) and are not scaled by an HPA are not reported: no budget keeps a single Pod up " +
			"through a drain.",
		Bad:  missingPDBBad,
		Good: missingPDBGood,
	},
	Applies:  isReplicated,
	CheckSet: checkMissingPDB,
}

func checkMissingPDB(pass *analyzer.SetPass) error {
	view := newApplyView(pass)
	covered := map[*analyzer.Object]bool{}
	for _, o := range pass.Objects {
		pdb, ok := pdbOf(o)
		if !ok || o.Rejected {
			continue
		}
		sel, ok := labelSelector(pdb.selector)
		if !ok {
			continue
		}
		for _, p := range view.pods(o, pass.Index.Select(sel)) {
			covered[p.Object] = true
		}
	}
	var hpas map[objectKey][]hpaRef
	for _, o := range pass.Objects {
		if !isDeployment(o) && !isStatefulSet(o) || o.Rejected || o.IsPatch() || covered[o] {
			continue
		}
		if replicas, _ := scaleOf(o); replicas != nil && *replicas < 2 {
			if hpas == nil {
				hpas = hpasByTarget(pass.Objects)
			}
			if _, ok := view.hpaFor(hpas, o); !ok {
				continue
			}
		}
		spec, _ := o.PodSpec()
		pass.Report(analyzer.Diagnostic{Object: o, Path: spec.MetaPath.Field("labels"), Message: fmt.Sprintf(
			"no PodDisruptionBudget of namespace %q selects the Pods of %s (labels %s): a node drain may evict all of them at once; add one with maxUnavailable: 1",
			o.Namespace, o, formatLabels(spec.Meta.Labels))})
	}
	return nil
}

const missingPDBBad = `apiVersion: apps/v1
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

const missingPDBGood = `apiVersion: apps/v1
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
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
`
