package rules

import (
	"fmt"

	"github.com/podlint/podlint/analyzer"
)

// DanglingPDB reports a PodDisruptionBudget whose selector selects no Pod
// of the linted set.
var DanglingPDB = &analyzer.Rule{
	ID:       "dangling-pdb",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "PodDisruptionBudget selector matches no Pod template",
		Why: "A PodDisruptionBudget protects the Pods its selector matches from voluntary evictions (node drains, " +
			"cluster upgrades). When no Pod in its namespace carries those labels, it protects nothing, and a drain " +
			"may take every replica of the workload it was written for at once. Reported when the linted files hold " +
			"workloads in that namespace and something ties the budget to them (a label one typo away, their " +
			"release label, a workload in the same file or of the budget's name), and no custom resource may start " +
			"Pods the manifests do not show.",
		Bad:  danglingPDBBad,
		Good: danglingPDBGood,
	},
	Applies:  isPDB,
	CheckSet: checkDanglingPDB,
}

func checkDanglingPDB(pass *analyzer.SetPass) error {
	custom := customTemplatePods(pass.Objects)
	if len(pass.Index.Pods()) == 0 && len(custom) == 0 {
		return nil
	}
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		pdb, ok := pdbOf(o)
		if !ok || o.Rejected {
			continue
		}
		sel, ok := labelSelector(pdb.selector)
		if !ok {
			continue
		}
		d, bad := judgeDangling(pass, view, custom, o, sel, pdb.selector.MatchLabels, true)
		if !bad {
			continue
		}
		at := analyzer.Path{}.Field("spec").Field("selector")
		msg := fmt.Sprintf("selector of PodDisruptionBudget %q matches no Pod or Pod template in namespace %q; it protects nothing from evictions",
			o.Name, o.Namespace)
		at, msg = d.place(at, msg)
		pass.Report(analyzer.Diagnostic{Object: o, Path: at, Message: msg})
	}
	return nil
}

const danglingPDBBad = `apiVersion: apps/v1
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
      app: wbe
`

const danglingPDBGood = `apiVersion: apps/v1
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
