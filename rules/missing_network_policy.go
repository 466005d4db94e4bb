package rules

import (
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podlint/podlint/analyzer"
)

// MissingNetworkPolicy reports Pods that no NetworkPolicy of the linted
// set isolates, for ingress or for egress.
var MissingNetworkPolicy = &analyzer.Rule{
	ID:         "missing-network-policy",
	Severity:   analyzer.Warning,
	Family:     "security",
	DefaultOff: true,
	Doc: analyzer.Doc{
		Title: "Pods are not isolated by a NetworkPolicy",
		Why: "Until a NetworkPolicy selects a Pod for a direction (ingress or egress, by its policyTypes), the Pod " +
			"accepts connections from, and opens them to, anything in the cluster: one compromised Pod reaches " +
			"every other. A policy that lists a direction with no rules for it denies all of that traffic, which " +
			"counts as isolation. Rules under a direction the policyTypes leave out do nothing. Pods on the host " +
			"network are not subject to NetworkPolicies and are not reported.",
		Bad:  missingNetworkPolicyBad,
		Good: missingNetworkPolicyGood,
	},
	Applies:  runsPods,
	CheckSet: checkMissingNetworkPolicy,
}

type isolation struct{ ingress, egress bool }

func checkMissingNetworkPolicy(pass *analyzer.SetPass) error {
	view := newApplyView(pass)
	covered := map[*analyzer.Object]*isolation{}
	for _, o := range pass.Objects {
		np, ok := o.Typed.(*networkingv1.NetworkPolicy)
		if !ok || o.Rejected {
			continue
		}
		sel := labels.Everything()
		if s, ok := labelSelector(&np.Spec.PodSelector); ok {
			sel = s
		} else if len(np.Spec.PodSelector.MatchLabels)+len(np.Spec.PodSelector.MatchExpressions) > 0 {
			continue // an invalid selector isolates nothing podlint can tell
		}
		in, eg := policyDirections(np)
		for _, p := range view.pods(o, pass.Index.Select(sel)) {
			c := covered[p.Object]
			if c == nil {
				c = &isolation{}
				covered[p.Object] = c
			}
			c.ingress = c.ingress || in
			c.egress = c.egress || eg
		}
	}
	for _, p := range pass.Index.Pods() {
		o := p.Object
		spec, _ := o.PodSpec()
		if o.Rejected || o.IsPatch() || spec.HostNetwork {
			continue
		}
		if _, ok := o.Typed.(*corev1.PodTemplate); ok {
			continue // creates no Pods itself
		}
		c := covered[o]
		if c == nil {
			c = &isolation{}
		}
		var open []string
		if !c.ingress {
			open = append(open, "ingress")
		}
		if !c.egress {
			open = append(open, "egress")
		}
		if len(open) == 0 {
			continue
		}
		fix := fmt.Sprintf("add a policy whose podSelector matches %s and lists %s in its policyTypes", formatLabels(p.Labels), strings.Join(open, " and "))
		if len(p.Labels) == 0 {
			fix = fmt.Sprintf("label them and add a policy selecting them that lists %s in its policyTypes (or one with an empty podSelector for the namespace)", strings.Join(open, " and "))
		}
		pass.Report(analyzer.Diagnostic{Object: o, Path: p.LabelsPath, Message: fmt.Sprintf(
			"no NetworkPolicy of namespace %q selects the Pods of %s for %s: they accept and open connections to anything in the cluster; %s",
			o.Namespace, o, strings.Join(open, " or "), fix)})
	}
	return nil
}

// policyDirections returns the directions a NetworkPolicy isolates: its
// policyTypes, or when unset Ingress, and Egress if it has egress rules.
func policyDirections(np *networkingv1.NetworkPolicy) (ingress, egress bool) {
	if len(np.Spec.PolicyTypes) == 0 {
		return true, len(np.Spec.Egress) > 0
	}
	return slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeIngress), slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeEgress)
}

const missingNetworkPolicyBad = `apiVersion: apps/v1
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
  ingress:
    - ports:
        - port: 80
`

const missingNetworkPolicyGood = `apiVersion: apps/v1
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
  policyTypes: [Ingress, Egress]
  ingress:
    - ports:
        - port: 80
  egress:
    - ports:
        - port: 53
          protocol: UDP
`
