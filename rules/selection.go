package rules

import (
	batchv1 "k8s.io/api/batch/v1"
	batchv1beta1 "k8s.io/api/batch/v1beta1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/podlint/podlint/analyzer"
)

// controllerSelector returns the usable label selector of a controller:
// false when the object has none, or an empty or invalid one (those are
// selector-mismatch findings, not something to match with).
func controllerSelector(o *analyzer.Object) (labels.Selector, analyzer.Selector, bool) {
	sel, ok := o.Selector()
	if !ok {
		return nil, sel, false
	}
	if sel.IsMap {
		if len(sel.Map) == 0 {
			return nil, sel, false
		}
		return labels.SelectorFromSet(sel.Map), sel, true
	}
	if sel.Label == nil || (len(sel.Label.MatchLabels) == 0 && len(sel.Label.MatchExpressions) == 0) {
		return nil, sel, false
	}
	s, err := metav1.LabelSelectorAsSelector(sel.Label)
	if err != nil {
		return nil, sel, false
	}
	return s, sel, true
}

// adoptable reports whether a controller could take the Pods of a Pod
// source as its own: a bare Pod, or the template of another controller
// whose Pods carry no controller of their own kind (Jobs and CronJobs stamp
// a unique controller-uid on theirs, and PodTemplates create nothing).
func adoptable(p analyzer.PodSource) bool {
	switch t := p.Object.Typed.(type) {
	case *corev1.Pod:
		for _, ref := range t.OwnerReferences {
			if ref.Controller != nil && *ref.Controller {
				return false
			}
		}
		return true
	case *batchv1.Job, *batchv1.CronJob, *batchv1beta1.CronJob, *corev1.PodTemplate:
		return false
	}
	return true
}

// generatedLabels are set on Pods by their controllers, not written in
// templates; a selector may use them (one Service per StatefulSet Pod, a
// headless Service for a Job), so matching against templates ignores them.
var generatedLabels = map[string]bool{
	"pod-template-hash":                        true,
	"controller-revision-hash":                 true,
	"pod-template-generation":                  true,
	"statefulset.kubernetes.io/pod-name":       true,
	"apps.kubernetes.io/pod-index":             true,
	"controller-uid":                           true,
	"job-name":                                 true,
	"batch.kubernetes.io/controller-uid":       true,
	"batch.kubernetes.io/job-name":             true,
	"batch.kubernetes.io/job-completion-index": true,
}

// serviceSelector returns the selector of a Service that routes to Pods,
// without the labels controllers generate; false when nothing is left to
// judge by.
func serviceSelector(o *analyzer.Object) (*corev1.Service, labels.Selector, bool) {
	svc, ok := o.Typed.(*corev1.Service)
	if !ok || len(svc.Spec.Selector) == 0 || svc.Spec.Type == corev1.ServiceTypeExternalName {
		return nil, nil, false
	}
	written := labels.Set{}
	for k, v := range svc.Spec.Selector {
		if !generatedLabels[k] {
			written[k] = v
		}
	}
	if len(written) == 0 {
		return nil, nil, false
	}
	return svc, labels.SelectorFromSet(written), true
}

// podlessGroups are API groups of custom resources known not to create
// Pods: routing, policy, certificates, monitoring configuration.
var podlessGroups = map[string]bool{
	"networking.istio.io": true, "security.istio.io": true, "telemetry.istio.io": true, "extensions.istio.io": true,
	"gateway.networking.k8s.io": true, "cert-manager.io": true, "networking.gke.io": true, "cloud.google.com": true,
	"snapshot.storage.k8s.io": true, "autoscaling.k8s.io": true, "policy.linkerd.io": true, "traefik.io": true,
	"traefik.containo.us": true, "kustomize.config.k8s.io": true, "apiextensions.k8s.io": true,
	"apiregistration.k8s.io": true, "monitoring.googleapis.com": true,
}

var podlessKinds = map[string]bool{
	"ServiceMonitor": true, "PodMonitor": true, "PrometheusRule": true, "Probe": true,
	"AlertmanagerConfig": true, "ScrapeConfig": true,
}

// hiddenPods reports whether some object of the group may create Pods that
// cannot be seen in the manifests: a custom resource run by an operator
// (a database cluster, a Prometheus), or an Argo Rollout, whose experiments
// start Pods with labels of their own.
func hiddenPods(objs []*analyzer.Object) bool {
	for _, o := range objs {
		if o.BuiltinKind() || podlessGroups[o.GVK.Group] || podlessKinds[o.Kind] {
			continue
		}
		return true
	}
	return false
}

// configMapsByName indexes the ConfigMaps of a namespace group by name.
func configMapsByName(objs []*analyzer.Object) map[string]*corev1.ConfigMap {
	out := map[string]*corev1.ConfigMap{}
	for _, o := range objs {
		if cm, ok := o.Typed.(*corev1.ConfigMap); ok {
			out[cm.Name] = cm
		}
	}
	return out
}

// mountedConfigData returns the data of the ConfigMaps container c mounts
// (directly or through a projected volume), in key order: what it reads
// as configuration, where it may name a port or a localhost address.
func mountedConfigData(c analyzer.Container, spec analyzer.PodSpec, configMaps map[string]*corev1.ConfigMap) []string {
	mounted := map[string]bool{}
	for _, m := range c.VolumeMounts {
		mounted[m.Name] = true
	}
	var out []string
	add := func(name string) {
		if cm := configMaps[name]; cm != nil {
			for _, k := range sortedKeys(cm.Data) {
				out = append(out, cm.Data[k])
			}
		}
	}
	for _, v := range spec.Volumes {
		if !mounted[v.Name] {
			continue
		}
		if v.ConfigMap != nil {
			add(v.ConfigMap.Name)
		}
		if v.Projected != nil {
			for _, src := range v.Projected.Sources {
				if src.ConfigMap != nil {
					add(src.ConfigMap.Name)
				}
			}
		}
	}
	return out
}
