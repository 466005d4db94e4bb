package rules

import (
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

	"github.com/podlint/podlint/analyzer"
)

// The Applies of the rules (analyzer.Rule.Applies): each takes in the
// objects its rules can report on, by the same test the check makes before
// it judges an object, so that a report listing the checks an object
// passed lists none that could not have failed. analyzer.HasPodSpec,
// analyzer.OfKinds and analyzer.AnyObject serve the others.

// isHPA takes in HorizontalPodAutoscalers, as hpaOf reads them.
func isHPA(o *analyzer.Object) bool {
	return o.Kind == "HorizontalPodAutoscaler" && o.GVK.Group == "autoscaling"
}

// isIngress takes in the Ingresses ingressBackends reads.
func isIngress(o *analyzer.Object) bool {
	_, ok := ingressBackends(o)
	return ok
}

func isNetworkPolicy(o *analyzer.Object) bool {
	_, ok := o.Typed.(*networkingv1.NetworkPolicy)
	return ok
}

func isPDB(o *analyzer.Object) bool {
	_, ok := pdbOf(o)
	return ok
}

func isService(o *analyzer.Object) bool {
	_, ok := o.Typed.(*corev1.Service)
	return ok
}

// isServiceMonitor takes in the Prometheus operator's ServiceMonitors.
func isServiceMonitor(o *analyzer.Object) bool {
	return o.Kind == "ServiceMonitor" && o.GVK.Group == "monitoring.coreos.com"
}

// isScalable takes in the workloads with spec.replicas (scaleOf), custom
// workloads included.
func isScalable(o *analyzer.Object) bool {
	_, ok := scaleOf(o)
	return ok
}

// isReplicated takes in Deployments and StatefulSets, whose replicas are
// meant to stay up together.
func isReplicated(o *analyzer.Object) bool { return isDeployment(o) || isStatefulSet(o) }

// runsPods takes in the objects with a Pod spec that create Pods: all but
// PodTemplates.
func runsPods(o *analyzer.Object) bool {
	_, template := o.Typed.(*corev1.PodTemplate)
	return analyzer.HasPodSpec(o) && !template
}

// selectsPods takes in the controllers whose selector can be matched
// (controllerSelector).
func selectsPods(o *analyzer.Object) bool {
	_, _, ok := controllerSelector(o)
	return ok
}

// hasSelectorAndTemplate takes in the controllers with both a selector
// and a Pod template, which selector-mismatch compares.
func hasSelectorAndTemplate(o *analyzer.Object) bool {
	_, ok := o.Selector()
	_, _, template := o.PodTemplate()
	return ok && template
}
