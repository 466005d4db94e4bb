package rules

import (
	"fmt"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/podlint/podlint/analyzer"
)

// PDBBlocksEviction reports a PodDisruptionBudget whose minAvailable is at
// least the number of Pods it selects, so that no Pod may ever be evicted.
var PDBBlocksEviction = &analyzer.Rule{
	ID:       "pdb-blocks-eviction",
	Severity: analyzer.Warning,
	Family:   "reliability",
	Doc: analyzer.Doc{
		Title: "PodDisruptionBudget minAvailable leaves no Pod evictable",
		Why: "The eviction API lets a Pod go only while the Pods its budget selects stay at or above minAvailable. " +
			"When minAvailable is at least the number of those Pods (the replicas of the workloads it selects, or " +
			"the minReplicas of the HPA that scales them, which is where they stand when load is low), no Pod may " +
			"be evicted: kubectl drain, node upgrades and the cluster autoscaler wait forever on that node. A " +
			"percentage counts against the same number, rounded up. Judged when every Pod source the budget " +
			"selects has a known count (Deployments, StatefulSets, ReplicaSets, bare Pods), not for DaemonSets, " +
			"Jobs or Pods an operator may start. minAvailable: 100% is pdb-zero-disruptions.",
		Bad:  pdbBlocksEvictionBad,
		Good: pdbBlocksEvictionGood,
	},
	Applies:  isPDB,
	CheckSet: checkPDBBlocksEviction,
}

func checkPDBBlocksEviction(pass *analyzer.SetPass) error {
	view := newApplyView(pass)
	var hpas map[objectKey][]hpaRef
	for _, o := range pass.Objects {
		pdb, ok := pdbOf(o)
		if !ok || o.Rejected || pdb.minAvailable == nil {
			continue
		}
		minAvail := *pdb.minAvailable
		if minAvail.Type == intstr.Int && minAvail.IntVal <= 0 {
			continue
		}
		pct, isPct := percent(minAvail)
		if isPct && (pct <= 0 || pct >= 100) {
			continue // 100% is pdb-zero-disruptions; above it, or not a percentage, invalid-value
		}
		sel, ok := labelSelector(pdb.selector)
		if !ok {
			continue
		}
		pods := view.pods(o, pass.Index.Select(sel))
		if len(pods) == 0 || hiddenPods(view.objectsWith(o)) {
			continue
		}
		if hpas == nil {
			hpas = hpasByTarget(pass.Objects)
		}
		n, parts, related, known := expectedPods(view, hpas, pods)
		if !known || n == 0 {
			continue
		}
		required := int(minAvail.IntVal)
		if isPct {
			required = (pct*n + 99) / 100
		}
		if required < n {
			continue
		}
		fix := fmt.Sprintf("lower minAvailable below %d, or use maxUnavailable: 1", n)
		if n == 1 {
			fix = "no budget can keep a single Pod up through a drain: run more replicas, or use maxUnavailable: 1"
		}
		pass.Report(analyzer.Diagnostic{Object: o, Path: analyzer.Path{}.Field("spec").Field("minAvailable"), Related: related,
			Message: fmt.Sprintf("PodDisruptionBudget %q requires minAvailable %s of the %d Pods it selects (%s): no Pod can be evicted, so node drains and upgrades block; %s",
				o.Name, minAvail.String(), n, strings.Join(parts, "; "), fix)})
	}
	return nil
}

// percent returns the percentage a minAvailable such as "50%" gives: -1
// when it is a string but no percentage (invalid-value says so).
func percent(v intstr.IntOrString) (int, bool) {
	if v.Type != intstr.String {
		return 0, false
	}
	s, ok := strings.CutSuffix(v.StrVal, "%")
	n, err := strconv.Atoi(s)
	if !ok || err != nil {
		return -1, true
	}
	return n, true
}

// expectedPods counts the Pods a budget's Pod sources run at their lowest:
// a bare Pod is one, a workload its replicas (one when unset), or the
// minReplicas of the HPA that scales it. known is false when a source's
// count cannot be told (a DaemonSet runs one per node, a Job until done).
func expectedPods(view applyView, hpas map[objectKey][]hpaRef, pods []analyzer.PodSource) (n int, parts []string, related []analyzer.Related, known bool) {
	seen := map[identity]bool{}
	for _, p := range pods {
		o := p.Object
		if seen[identityOf(o)] {
			continue // the same object twice
		}
		seen[identityOf(o)] = true
		if _, ok := o.Typed.(*corev1.PodTemplate); ok {
			continue // creates no Pods itself
		}
		if _, ok := o.Typed.(*corev1.Pod); ok {
			n++
			parts = append(parts, fmt.Sprintf("Pod %q", o.Name))
			continue
		}
		replicas, ok := scaleOf(o)
		if !ok || o.IsPatch() || o.Rejected {
			return 0, nil, nil, false
		}
		if ref, ok := view.hpaFor(hpas, o); ok {
			n += int(ref.minReplicas)
			at := hpaPath
			if ref.minSet {
				at = analyzer.Path{}.Field("spec").Field("minReplicas")
			}
			parts = append(parts, fmt.Sprintf("%s %q, at the minReplicas %d of HorizontalPodAutoscaler %q", o.Kind, o.Name, ref.minReplicas, ref.hpa.Name))
			related = append(related, analyzer.Related{Object: ref.hpa, Path: at, Message: fmt.Sprintf("minReplicas of HorizontalPodAutoscaler %q", ref.hpa.Name)})
			continue
		}
		r := 1
		if replicas != nil {
			r = int(*replicas)
		}
		n += r
		what := "replicas unset, so 1"
		if replicas != nil {
			what = fmt.Sprintf("replicas %d", r)
		}
		parts = append(parts, fmt.Sprintf("%s %q, %s", o.Kind, o.Name, what))
		related = append(related, analyzer.Related{Object: o, Path: replicasPath, Message: fmt.Sprintf("replicas of %s %q", o.Kind, o.Name)})
	}
	return n, parts, related, true
}

const pdbBlocksEvictionBad = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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
  minAvailable: 2
  selector:
    matchLabels:
      app: web
`

const pdbBlocksEvictionGood = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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
  minAvailable: 1
  selector:
    matchLabels:
      app: web
`
