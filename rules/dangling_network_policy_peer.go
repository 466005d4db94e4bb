package rules

import (
	"fmt"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/podlint/podlint/analyzer"
)

// DanglingNetworkPolicyPeer reports a NetworkPolicy peer whose podSelector
// selects no Pod of its namespace in the linted set.
var DanglingNetworkPolicyPeer = &analyzer.Rule{
	ID:       "dangling-network-policy-peer",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "NetworkPolicy peer podSelector matches no Pod",
		Why: "A from or to peer with a podSelector and no namespaceSelector allows traffic with the Pods of the " +
			"policy's own namespace that carry those labels. When none does, the rule allows nothing, and the " +
			"traffic it was written for is dropped. Reported when the linted files hold workloads in that namespace " +
			"and the selector is tied to them (a label one typo away, their release label): a peer may well be a " +
			"Pod deployed by other means, such as a monitoring agent. Peers with a namespaceSelector select Pods of " +
			"other namespaces and are not judged.",
		Bad:  danglingNetworkPolicyPeerBad,
		Good: danglingNetworkPolicyPeerGood,
	},
	Applies:  isNetworkPolicy,
	CheckSet: checkDanglingNetworkPolicyPeer,
}

func checkDanglingNetworkPolicyPeer(pass *analyzer.SetPass) error {
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
		spec := analyzer.Path{}.Field("spec")
		check := func(peers []networkingv1.NetworkPolicyPeer, at analyzer.Path, dir string) {
			for k, peer := range peers {
				if peer.PodSelector == nil || peer.NamespaceSelector != nil {
					continue
				}
				sel, ok := labelSelector(peer.PodSelector)
				if !ok {
					continue
				}
				d, bad := judgeDangling(pass, view, custom, o, sel, peer.PodSelector.MatchLabels, false)
				if !bad {
					continue
				}
				p := at.Index(k).Field("podSelector")
				msg := fmt.Sprintf("%s peer of NetworkPolicy %q selects Pods labelled %s, but no Pod or Pod template in namespace %q has them; the rule allows no traffic",
					dir, np.Name, formatLabels(peer.PodSelector.MatchLabels), o.Namespace)
				p, msg = d.place(p, msg)
				pass.Report(analyzer.Diagnostic{Object: o, Path: p, Message: msg})
			}
		}
		for i, r := range np.Spec.Ingress {
			check(r.From, spec.Field("ingress").Index(i).Field("from"), "ingress")
		}
		for i, r := range np.Spec.Egress {
			check(r.To, spec.Field("egress").Index(i).Field("to"), "egress")
		}
	}
	return nil
}

const danglingNetworkPolicyPeerBad = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1.0.0
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
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector:
    matchLabels:
      app: api
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: wbe
`

const danglingNetworkPolicyPeerGood = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1.0.0
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
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
spec:
  podSelector:
    matchLabels:
      app: api
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: web
`
