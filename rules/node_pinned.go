package rules

import (
	batchv1 "k8s.io/api/batch/v1"
	batchv1beta1 "k8s.io/api/batch/v1beta1"
	corev1 "k8s.io/api/core/v1"

	"github.com/podlint/podlint/analyzer"
)

// NodePinned reports Pods tied to one named node.
var NodePinned = &analyzer.Rule{
	ID:       "node-pinned",
	Severity: analyzer.Warning,
	Family:   "reliability",
	Doc: analyzer.Doc{
		Title: "Pod is pinned to one node",
		Why: "spec.nodeName bypasses the scheduler, and a nodeSelector or required node affinity on " +
			"kubernetes.io/hostname allows exactly one node. If that node fails or is replaced, the Pods cannot " +
			"run anywhere else, so the controller cannot heal them. Jobs and CronJobs are not reported: their Pods run " +
			"to completion, and a per-node task is often pinned on purpose.",
		Bad:  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  nodeName: worker-1\n  containers:\n    - name: web\n      image: nginx:1.27\n",
		Good: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  nodeSelector:\n    disktype: ssd\n  containers:\n    - name: web\n      image: nginx:1.27\n",
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkNodePinned,
}

const hostnameLabel = "kubernetes.io/hostname"

func checkNodePinned(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok || runsToCompletion(pass.Object) {
		return nil
	}
	if spec.NodeName != "" {
		pass.Reportf(spec.Path.Field("nodeName"), "nodeName %q ties the Pods to one node and bypasses the scheduler; if the node fails they cannot run elsewhere", spec.NodeName)
	}
	if host, ok := spec.NodeSelector[hostnameLabel]; ok {
		pass.Reportf(spec.Path.Field("nodeSelector").Key(hostnameLabel), "nodeSelector %s=%s allows only one node; if it fails the Pods cannot run elsewhere", hostnameLabel, host)
	}
	if a := spec.Affinity; a != nil && a.NodeAffinity != nil && a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution != nil {
		terms := a.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms
		at := spec.Path.Field("affinity").Field("nodeAffinity").Field("requiredDuringSchedulingIgnoredDuringExecution").Field("nodeSelectorTerms")
		// Terms are ORed: the Pods are pinned only when every term is.
		pinned := len(terms) > 0
		var first analyzer.Path
		var host string
		for i, t := range terms {
			j, h, ok := pinnedTerm(t)
			if !ok {
				pinned = false
				break
			}
			if i == 0 {
				first, host = at.Index(0).Field("matchExpressions").Index(j), h
			}
		}
		if pinned {
			pass.Reportf(first, "required node affinity allows only node %q; if it fails the Pods cannot run elsewhere", host)
		}
	}
	return nil
}

// runsToCompletion reports whether the object's Pods run to completion
// (a Job, or a CronJob's Jobs): pinning such a Pod to a node is often its
// purpose (a per-node cleanup), and nothing is left to heal once it ends.
func runsToCompletion(o *analyzer.Object) bool {
	switch o.Typed.(type) {
	case *batchv1.Job, *batchv1beta1.CronJob, *batchv1.CronJob:
		return true
	}
	return false
}

// pinnedTerm reports whether a node selector term admits a single host name.
func pinnedTerm(t corev1.NodeSelectorTerm) (int, string, bool) {
	for i, e := range t.MatchExpressions {
		if e.Key == hostnameLabel && e.Operator == corev1.NodeSelectorOpIn && len(e.Values) == 1 {
			return i, e.Values[0], true
		}
	}
	return 0, "", false
}
