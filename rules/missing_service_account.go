package rules

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"

	"github.com/podlint/podlint/analyzer"
)

// MissingServiceAccount reports a Pod spec whose service account is not in
// the linted set.
var MissingServiceAccount = &analyzer.Rule{
	ID:       "missing-service-account",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "Pod spec names a ServiceAccount that is not there",
		Why: "The API server refuses to create a Pod whose ServiceAccount does not exist: the Deployment's " +
			"ReplicaSet reports FailedCreate and no Pod starts. Reported when the linted files hold ServiceAccounts " +
			"in that namespace and something ties the Pod to them (a name one typo away, or a ServiceAccount of " +
			"the workload's release), since a ServiceAccount is often made by another chart, by hand, or by the " +
			"folder this one builds on. The default ServiceAccount always exists.",
		Bad:  missingServiceAccountBad,
		Good: missingServiceAccountGood,
	},
	Applies:  analyzer.HasPodSpec,
	CheckSet: checkMissingServiceAccount,
}

func checkMissingServiceAccount(pass *analyzer.SetPass) error {
	var accounts []*analyzer.Object
	for _, o := range pass.Objects {
		if _, ok := o.Typed.(*corev1.ServiceAccount); ok {
			accounts = append(accounts, o)
		}
	}
	if len(accounts) == 0 {
		return nil // the ServiceAccounts live elsewhere: nothing to judge by
	}
	byName := byKindName(accounts)
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		spec, ok := o.PodSpec()
		if !ok || o.Rejected || o.IsPatch() {
			continue
		}
		name, at := spec.ServiceAccountName, spec.Path.Field("serviceAccountName")
		if name == "" {
			name, at = spec.DeprecatedServiceAccount, spec.Path.Field("serviceAccount")
		}
		if name == "" || name == "default" || len(view.relatedOf(o, byName[objectKey{"ServiceAccount", name}])) > 0 {
			continue
		}
		near := view.relatedOf(o, accounts)
		var names []string
		tied := false
		for _, a := range near {
			names = append(names, a.Name)
			tied = tied || sameReleaseObject(a, o)
		}
		slices.Sort(names)
		hint := closestName(name, names)
		if hint == "" && !tied {
			continue // most likely made by other means
		}
		msg := fmt.Sprintf("%s runs its Pods as ServiceAccount %q, which is not in namespace %q of the linted files; the API server refuses to create the Pods until it exists",
			o, name, o.Namespace)
		if hint != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", hint)
		}
		pass.Report(analyzer.Diagnostic{Object: o, Path: at, Message: msg})
	}
	return nil
}

// sameReleaseObject reports whether two objects carry one release label
// with one value.
func sameReleaseObject(a, b *analyzer.Object) bool {
	for _, k := range releaseLabels {
		if v, ok := a.Labels[k]; ok && v != "" && b.Labels[k] == v {
			return true
		}
	}
	return false
}

const missingServiceAccountBad = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
apiVersion: apps/v1
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
      serviceAccountName: wbe
      containers:
        - name: web
          image: nginx:1.27
`

const missingServiceAccountGood = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
apiVersion: apps/v1
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
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27
`
