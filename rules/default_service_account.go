package rules

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/podlint/podlint/analyzer"
)

// DefaultServiceAccount reports a Pod spec that runs as the namespace's
// default ServiceAccount with its token mounted.
var DefaultServiceAccount = &analyzer.Rule{
	ID:         "default-service-account",
	Severity:   analyzer.Warning,
	Family:     "security",
	DefaultOff: true,
	Doc: analyzer.Doc{
		Title: "Pod runs as the default ServiceAccount",
		Why: "Every Pod of a namespace that names no ServiceAccount runs as default, and so shares its API " +
			"permissions: a RoleBinding granted to default for one workload is granted to all of them, and a " +
			"compromised Pod holds a token for it. Give each workload its own ServiceAccount, or set " +
			"automountServiceAccountToken: false when it needs no API access (such a Pod is not reported).",
		Bad:  defaultServiceAccountBad,
		Good: defaultServiceAccountGood,
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkDefaultServiceAccount,
}

func checkDefaultServiceAccount(pass *analyzer.Pass) error {
	o := pass.Object
	spec, ok := o.PodSpec()
	if !ok || o.Rejected || o.IsPatch() {
		return nil
	}
	if spec.AutomountServiceAccountToken != nil && !*spec.AutomountServiceAccountToken {
		return nil // no token: the account grants nothing
	}
	name, at := spec.ServiceAccountName, spec.Path.Field("serviceAccountName")
	if name == "" {
		name = spec.DeprecatedServiceAccount
		if name != "" {
			at = spec.Path.Field("serviceAccount")
		}
	}
	if name != "" && name != "default" {
		return nil
	}
	who := fmt.Sprintf("%s runs its Pods", o)
	if _, ok := o.Typed.(*corev1.Pod); ok {
		who = fmt.Sprintf("%s runs", o)
	}
	pass.Report(analyzer.Diagnostic{Path: at, Message: fmt.Sprintf(
		"%s as the default ServiceAccount of namespace %q, with its token mounted: it shares whatever that account is granted; set a ServiceAccount of its own, or automountServiceAccountToken: false",
		who, o.Namespace)})
	return nil
}

const defaultServiceAccountBad = `apiVersion: apps/v1
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

const defaultServiceAccountGood = `apiVersion: apps/v1
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
