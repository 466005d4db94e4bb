package rules

import (
	"encoding/json"

	appsv1 "k8s.io/api/apps/v1"
	appsv1beta1 "k8s.io/api/apps/v1beta1"
	appsv1beta2 "k8s.io/api/apps/v1beta2"
	batchv1 "k8s.io/api/batch/v1"
	batchv1beta1 "k8s.io/api/batch/v1beta1"
	corev1 "k8s.io/api/core/v1"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	policyv1 "k8s.io/api/policy/v1"
	policyv1beta1 "k8s.io/api/policy/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"

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
// (a database cluster, a Prometheus) that shows no Pod template. A custom
// resource with a template, and a known custom workload (an Argo Rollout,
// an OpenShift DeploymentConfig), show the Pods they start.
func hiddenPods(objs []*analyzer.Object) bool {
	for _, o := range objs {
		if o.BuiltinKind() || podlessGroups[o.GVK.Group] || podlessKinds[o.Kind] || o.Workload != nil {
			continue
		}
		if _, ok := customTemplate(o); ok {
			continue // its Pods are the ones its template shows
		}
		return true
	}
	return false
}

// customTemplate returns the Pod template labels of a custom resource that
// carries one (spec.template with spec.containers) but whose kind podlint
// does not know as a workload: it is a Pod source with known labels.
func customTemplate(o *analyzer.Object) (analyzer.PodSource, bool) {
	if o.BuiltinKind() || o.Workload != nil || len(o.JSON) == 0 || o.GVK.GroupKind() == crdKind {
		// A CRD defines a kind and stamps out nothing; its JSON, the
		// largest of most repositories, is not read for a template.
		return analyzer.PodSource{}, false
	}
	var body struct {
		Spec struct {
			Template struct {
				Metadata struct {
					Labels map[string]string `json:"labels"`
				} `json:"metadata"`
				Spec struct {
					Containers []json.RawMessage `json:"containers"`
				} `json:"spec"`
			} `json:"template"`
		} `json:"spec"`
	}
	if json.Unmarshal(o.JSON, &body) != nil || len(body.Spec.Template.Spec.Containers) == 0 {
		return analyzer.PodSource{}, false
	}
	at := analyzer.Path{}.Field("spec").Field("template").Field("metadata").Field("labels")
	return analyzer.PodSource{Object: o, Labels: body.Spec.Template.Metadata.Labels, LabelsPath: at}, true
}

// customTemplatePods returns the Pod sources among objs that the label
// index does not hold: custom resources that carry a Pod template.
func customTemplatePods(objs []*analyzer.Object) []analyzer.PodSource {
	var out []analyzer.PodSource
	for _, o := range objs {
		if p, ok := customTemplate(o); ok {
			out = append(out, p)
		}
	}
	return out
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

// An applyView tells which objects of a namespace group are applied
// together. Two files that both define one object (kind, namespace, name)
// cannot both be applied as they stand: whichever goes second replaces the
// other's object. They are alternatives (two variants of one example, a
// manifest and its edited copy), so cross-object rules never relate an
// object of one to an object of the other. Every cross-object rule takes
// the objects it relates through a view.
type applyView struct {
	alt        *analyzer.Alternatives
	configMaps map[string]*corev1.ConfigMap
	cmObjects  []*analyzer.Object // the ConfigMaps, for a view from one object
	objects    []*analyzer.Object
}

// newApplyView returns the view of the objects of pass's namespace group,
// with the alternatives the engine found for the whole apply set.
func newApplyView(pass *analyzer.SetPass) applyView {
	alt := pass.Alternatives
	if alt == nil {
		alt = analyzer.FindAlternatives(pass.Objects)
	}
	v := applyView{alt: alt, objects: pass.Objects, configMaps: configMapsByName(pass.Objects)}
	for _, o := range pass.Objects {
		if _, ok := o.Typed.(*corev1.ConfigMap); ok {
			v.cmObjects = append(v.cmObjects, o)
		}
	}
	return v
}

// related reports whether a and b are applied together.
func (v applyView) related(a, b *analyzer.Object) bool { return v.alt.Related(a, b) }

// hasAlternatives reports whether some other file is an alternative to o's.
func (v applyView) hasAlternatives(o *analyzer.Object) bool { return v.alt.Has(o) }

// pods returns the Pod sources among ps that are applied with o.
func (v applyView) pods(o *analyzer.Object, ps []analyzer.PodSource) []analyzer.PodSource {
	if !v.hasAlternatives(o) {
		return ps
	}
	var out []analyzer.PodSource
	for _, p := range ps {
		if v.related(o, p.Object) {
			out = append(out, p)
		}
	}
	return out
}

// objectsWith returns the objects of the group applied with o.
func (v applyView) objectsWith(o *analyzer.Object) []*analyzer.Object {
	if !v.hasAlternatives(o) {
		return v.objects
	}
	var out []*analyzer.Object
	for _, x := range v.objects {
		if v.related(o, x) {
			out = append(out, x)
		}
	}
	return out
}

// configMapsFor returns the ConfigMaps, by name, applied with o.
func (v applyView) configMapsFor(o *analyzer.Object) map[string]*corev1.ConfigMap {
	if !v.hasAlternatives(o) {
		return v.configMaps
	}
	// Only the ConfigMaps: filtering every object for each object that
	// has an alternative would cost the square of the set.
	var related []*analyzer.Object
	for _, cm := range v.cmObjects {
		if v.related(o, cm) {
			related = append(related, cm)
		}
	}
	return configMapsByName(related)
}

// The helpers below serve the rules about references between objects (an
// Ingress naming a Service, an HPA its target, a PDB its Pods).

// An objectKey names an object of a namespace group by kind and name.
type objectKey struct{ kind, name string }

// byKindName indexes objs by kind and name, once per set pass, so that a
// reference is looked up rather than searched for.
func byKindName(objs []*analyzer.Object) map[objectKey][]*analyzer.Object {
	out := map[objectKey][]*analyzer.Object{}
	for _, o := range objs {
		if o.Name != "" {
			k := objectKey{o.Kind, o.Name}
			out[k] = append(out[k], o)
		}
	}
	return out
}

// relatedOf returns the objects of cands applied with o.
func (v applyView) relatedOf(o *analyzer.Object, cands []*analyzer.Object) []*analyzer.Object {
	if !v.hasAlternatives(o) {
		return cands
	}
	var out []*analyzer.Object
	for _, c := range cands {
		if v.related(o, c) {
			out = append(out, c)
		}
	}
	return out
}

// closestName returns the name among names one or two edits away from
// name (the likely typo), or "".
func closestName(name string, names []string) string {
	best, hint := 3, ""
	for _, n := range names {
		if n == name {
			continue
		}
		if d := analyzer.EditDistance(n, name); d < best {
			best, hint = d, n
		}
	}
	return hint
}

// releaseLabels name the Helm release or kustomize instance an object
// belongs to.
var releaseLabels = []string{"app.kubernetes.io/instance", "release"}

// sameRelease reports whether a selector names the release label of one
// of the Pods: it is meant for Pods of this release, whatever else it asks.
func sameRelease(selector map[string]string, pods []analyzer.PodSource) bool {
	for _, k := range releaseLabels {
		v, ok := selector[k]
		if !ok {
			continue
		}
		for _, p := range pods {
			if p.Labels[k] == v {
				return true
			}
		}
	}
	return false
}

// labelSelector converts a written label selector into one to match
// with; false when it is missing, empty (it would select everything) or
// invalid.
func labelSelector(ls *metav1.LabelSelector) (labels.Selector, bool) {
	if ls == nil || (len(ls.MatchLabels) == 0 && len(ls.MatchExpressions) == 0) {
		return nil, false
	}
	s, err := metav1.LabelSelectorAsSelector(ls)
	if err != nil {
		return nil, false
	}
	return s, true
}

// A dangling decision is what a selector-based reference rule concluded:
// whether to speak, and the likely typo to name.
type dangling struct {
	key, hint string // the selector key that holds a typo, and the label meant
}

// place points a finding on the selector at path at the key that holds
// the typo, naming the label meant, when there is one.
func (d dangling) place(at analyzer.Path, msg string) (analyzer.Path, string) {
	if d.hint == "" {
		return at, msg
	}
	return at.Field("matchLabels").Key(d.key), msg + " (did you mean " + d.hint + "?)"
}

// judgeDangling decides whether sel, the Pod selector of o, selects no Pod
// that it should: the group holds Pods applied with o, none matches, no
// custom resource may start Pods the manifests do not show, and something
// ties o to the Pods in view (a label one typo away, a release label of
// theirs, or, when byFile is set, a workload in o's file or of o's name).
// It is service-selects-nothing's discipline for every selector.
func judgeDangling(pass *analyzer.SetPass, view applyView, custom []analyzer.PodSource, o *analyzer.Object, sel labels.Selector, written map[string]string, byFile bool) (dangling, bool) {
	if len(view.pods(o, pass.Index.Select(sel))) > 0 || selectsAny(sel, view.pods(o, custom)) {
		return dangling{}, false
	}
	pods := append(view.pods(o, pass.Index.Pods()), view.pods(o, custom)...)
	if len(pods) == 0 || hiddenPods(view.objectsWith(o)) {
		return dangling{}, false
	}
	k, hint := closestLabel(written, labelValues(pods))
	if hint == "" && !sameRelease(written, pods) && (!byFile || !meantForHere(o, pods)) {
		return dangling{}, false
	}
	return dangling{key: k, hint: hint}, true
}

// An hpaRef is what a HorizontalPodAutoscaler scales, in any autoscaling
// version (v2beta1 and v2beta2 are no longer in k8s.io/api, so it is read
// from the object's JSON).
type hpaRef struct {
	hpa                    *analyzer.Object
	apiVersion, kind, name string
	minReplicas            int32 // 1 when unset, as the API server defaults it
	minSet                 bool
}

// hpaPath is where an HPA names its target.
var hpaPath = analyzer.Path{}.Field("spec").Field("scaleTargetRef")

func hpaOf(o *analyzer.Object) (hpaRef, bool) {
	if o.Kind != "HorizontalPodAutoscaler" || o.GVK.Group != "autoscaling" || o.Rejected || len(o.JSON) == 0 {
		return hpaRef{}, false
	}
	var body struct {
		Spec struct {
			ScaleTargetRef struct {
				APIVersion string `json:"apiVersion"`
				Kind       string `json:"kind"`
				Name       string `json:"name"`
			} `json:"scaleTargetRef"`
			MinReplicas *int32 `json:"minReplicas"`
		} `json:"spec"`
	}
	if json.Unmarshal(o.JSON, &body) != nil || body.Spec.ScaleTargetRef.Name == "" || body.Spec.ScaleTargetRef.Kind == "" {
		return hpaRef{}, false
	}
	t := body.Spec.ScaleTargetRef
	r := hpaRef{hpa: o, apiVersion: t.APIVersion, kind: t.Kind, name: t.Name, minReplicas: 1}
	if body.Spec.MinReplicas != nil {
		r.minReplicas, r.minSet = *body.Spec.MinReplicas, true
	}
	return r, true
}

// hpasByTarget indexes the HPAs of a group by the kind and name they scale.
func hpasByTarget(objs []*analyzer.Object) map[objectKey][]hpaRef {
	out := map[objectKey][]hpaRef{}
	for _, o := range objs {
		if r, ok := hpaOf(o); ok {
			k := objectKey{r.kind, r.name}
			out[k] = append(out[k], r)
		}
	}
	return out
}

// hpaFor returns the HPA applied with workload w that scales it.
func (v applyView) hpaFor(hpas map[objectKey][]hpaRef, w *analyzer.Object) (hpaRef, bool) {
	for _, r := range hpas[objectKey{w.Kind, w.Name}] {
		if v.related(w, r.hpa) {
			return r, true
		}
	}
	return hpaRef{}, false
}

// replicasPath is where a scalable workload asks for its replicas.
var replicasPath = analyzer.Path{}.Field("spec").Field("replicas")

// scaleOf returns the replicas a scalable workload asks for, nil when
// unset (one, unless an HPA scales it); false for kinds without
// spec.replicas (a DaemonSet, a Job, a Pod).
func scaleOf(o *analyzer.Object) (*int32, bool) {
	switch t := o.Typed.(type) {
	case *appsv1.Deployment:
		return t.Spec.Replicas, true
	case *appsv1.StatefulSet:
		return t.Spec.Replicas, true
	case *appsv1.ReplicaSet:
		return t.Spec.Replicas, true
	case *corev1.ReplicationController:
		return t.Spec.Replicas, true
	case *appsv1beta1.Deployment:
		return t.Spec.Replicas, true
	case *appsv1beta1.StatefulSet:
		return t.Spec.Replicas, true
	case *appsv1beta2.Deployment:
		return t.Spec.Replicas, true
	case *appsv1beta2.StatefulSet:
		return t.Spec.Replicas, true
	case *appsv1beta2.ReplicaSet:
		return t.Spec.Replicas, true
	case *extensionsv1beta1.Deployment:
		return t.Spec.Replicas, true
	case *extensionsv1beta1.ReplicaSet:
		return t.Spec.Replicas, true
	}
	if o.Workload != nil && len(o.JSON) > 0 {
		var body struct {
			Spec struct {
				Replicas *int32 `json:"replicas"`
			} `json:"spec"`
		}
		if json.Unmarshal(o.JSON, &body) == nil {
			return body.Spec.Replicas, true
		}
	}
	return nil, false
}

// isDeployment reports whether o is a Deployment of any apps version.
func isDeployment(o *analyzer.Object) bool {
	switch o.Typed.(type) {
	case *appsv1.Deployment, *appsv1beta1.Deployment, *appsv1beta2.Deployment, *extensionsv1beta1.Deployment:
		return true
	}
	return false
}

// isStatefulSet reports whether o is a StatefulSet of any apps version.
func isStatefulSet(o *analyzer.Object) bool {
	switch o.Typed.(type) {
	case *appsv1.StatefulSet, *appsv1beta1.StatefulSet, *appsv1beta2.StatefulSet:
		return true
	}
	return false
}

// A pdbRef is a PodDisruptionBudget of policy/v1 or v1beta1.
type pdbRef struct {
	selector       *metav1.LabelSelector
	minAvailable   *intstr.IntOrString
	maxUnavailable *intstr.IntOrString
}

func pdbOf(o *analyzer.Object) (pdbRef, bool) {
	switch t := o.Typed.(type) {
	case *policyv1.PodDisruptionBudget:
		return pdbRef{t.Spec.Selector, t.Spec.MinAvailable, t.Spec.MaxUnavailable}, true
	case *policyv1beta1.PodDisruptionBudget:
		return pdbRef{t.Spec.Selector, t.Spec.MinAvailable, t.Spec.MaxUnavailable}, true
	}
	return pdbRef{}, false
}
