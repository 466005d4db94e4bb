package rules

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/podlint/podlint/analyzer"
)

// DanglingNetworkPolicy reports a NetworkPolicy whose podSelector selects
// no Pod of the linted set.
var DanglingNetworkPolicy = &analyzer.Rule{
	ID:       "dangling-network-policy",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "NetworkPolicy podSelector matches no Pod or Pod template",
		Why: "A NetworkPolicy isolates the Pods its podSelector matches. When no Pod in its namespace carries those " +
			"labels, it protects nothing, and the Pods it was written for accept traffic from anywhere. Reported when " +
			"the linted files hold workloads in that namespace and something ties the policy to them (a label one " +
			"typo away, their release label, a workload in the same file or of the policy's name), and no custom " +
			"resource may start Pods the manifests do not show. An empty podSelector selects every Pod and is not judged.",
		Bad:  danglingNetworkPolicyBad,
		Good: danglingNetworkPolicyGood,
	},
	Applies:  isNetworkPolicy,
	CheckSet: checkDanglingNetworkPolicy,
}

func checkDanglingNetworkPolicy(pass *analyzer.SetPass) error {
	custom := customTemplatePods(pass.Objects)
	if len(pass.Index.Pods()) == 0 && len(custom) == 0 {
		return nil
	}
	view := newApplyView(pass)
	for _, o := range pass.Objects {
		np, ok := o.Typed.(*networkingv1.NetworkPolicy)
		if !ok || o.Rejected {
			continue
		}
		sel, ok := labelSelector(&np.Spec.PodSelector)
		if !ok {
			continue
		}
		d, bad := judgeDangling(pass, view, custom, o, sel, np.Spec.PodSelector.MatchLabels, true)
		if !bad {
			continue
		}
		at := analyzer.Path{}.Field("spec").Field("podSelector")
		msg := fmt.Sprintf("podSelector of NetworkPolicy %q matches no Pod or Pod template in namespace %q; it isolates nothing",
			np.Name, o.Namespace)
		at, msg = d.place(at, msg)
		pass.Report(analyzer.Diagnostic{Object: o, Path: at, Message: msg})
	}
	return nil
}

const danglingNetworkPolicyBad = `apiVersion: apps/v1
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
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels:
      app: wbe
  policyTypes: [Ingress]
  ingress:
    - ports:
        - port: 80
`

const danglingNetworkPolicyGood = `apiVersion: apps/v1
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
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress]
  ingress:
    - ports:
        - port: 80
`
