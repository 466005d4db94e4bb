package analyzer

import (
	"iter"
	"maps"

	appsv1 "k8s.io/api/apps/v1"
	appsv1beta1 "k8s.io/api/apps/v1beta1"
	appsv1beta2 "k8s.io/api/apps/v1beta2"
	batchv1 "k8s.io/api/batch/v1"
	batchv1beta1 "k8s.io/api/batch/v1beta1"
	corev1 "k8s.io/api/core/v1"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// A PodSpec is the Pod spec of any workload kind, with the paths that lead
// to it, so that a Pod rule is written once for every kind.
type PodSpec struct {
	*corev1.PodSpec
	Path     Path               // spec, spec.template.spec, spec.jobTemplate.spec.template.spec, ...
	Meta     *metav1.ObjectMeta // the Pod's metadata: the template's, or the Pod's own
	MetaPath Path               // metadata or spec.template.metadata
}

var (
	specPath         = Path{}.Field("spec")
	templatePath     = specPath.Field("template")
	jobTemplatePath  = specPath.Field("jobTemplate").Field("spec").Field("template")
	metadataPath     = Path{}.Field("metadata")
	selectorPath     = specPath.Field("selector")
	jobSelectorPath  = specPath.Field("jobTemplate").Field("spec").Field("selector")
	podTemplateField = Path{}.Field("template")
)

// PodSpec returns the Pod spec of a Pod, PodTemplate, Deployment,
// ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController or
// a configured custom workload. It reports false for every other object.
// It is the one answer to where a Pod spec is: the Rego policies receive
// it too (package policies), so Go rules and policies apply to the same
// objects.
func (o *Object) PodSpec() (PodSpec, bool) {
	if t, p, ok := o.PodTemplate(); ok {
		return PodSpec{PodSpec: &t.Spec, Path: p.Field("spec"), Meta: &t.ObjectMeta, MetaPath: p.Field("metadata")}, true
	}
	if pod, ok := o.Typed.(*corev1.Pod); ok {
		return PodSpec{PodSpec: &pod.Spec, Path: specPath, Meta: &pod.ObjectMeta, MetaPath: metadataPath}, true
	}
	return PodSpec{}, false
}

// PodTemplate returns the Pod template of a controller and its path. The
// API versions that Kubernetes no longer serves (apps/v1beta1,
// apps/v1beta2, extensions/v1beta1, batch/v1beta1) count too: deprecated-api
// reports the version, and the Pod rules still see what the Pods would run.
func (o *Object) PodTemplate() (*corev1.PodTemplateSpec, Path, bool) {
	switch t := o.Typed.(type) {
	case *appsv1.Deployment:
		return &t.Spec.Template, templatePath, true
	case *appsv1.ReplicaSet:
		return &t.Spec.Template, templatePath, true
	case *appsv1.StatefulSet:
		return &t.Spec.Template, templatePath, true
	case *appsv1.DaemonSet:
		return &t.Spec.Template, templatePath, true
	case *batchv1.Job:
		return &t.Spec.Template, templatePath, true
	case *batchv1.CronJob:
		return &t.Spec.JobTemplate.Spec.Template, jobTemplatePath, true
	case *corev1.ReplicationController:
		if t.Spec.Template == nil {
			return nil, Path{}, false
		}
		return t.Spec.Template, templatePath, true
	case *corev1.PodTemplate:
		return &t.Template, podTemplateField, true
	case *appsv1beta1.Deployment:
		return &t.Spec.Template, templatePath, true
	case *appsv1beta1.StatefulSet:
		return &t.Spec.Template, templatePath, true
	case *appsv1beta2.Deployment:
		return &t.Spec.Template, templatePath, true
	case *appsv1beta2.ReplicaSet:
		return &t.Spec.Template, templatePath, true
	case *appsv1beta2.StatefulSet:
		return &t.Spec.Template, templatePath, true
	case *appsv1beta2.DaemonSet:
		return &t.Spec.Template, templatePath, true
	case *extensionsv1beta1.Deployment:
		return &t.Spec.Template, templatePath, true
	case *extensionsv1beta1.ReplicaSet:
		return &t.Spec.Template, templatePath, true
	case *extensionsv1beta1.DaemonSet:
		return &t.Spec.Template, templatePath, true
	case *batchv1beta1.CronJob:
		return &t.Spec.JobTemplate.Spec.Template, jobTemplatePath, true
	}
	if o.Workload != nil && o.Workload.Template != nil {
		return o.Workload.Template, o.Workload.TemplatePath, true
	}
	return nil, Path{}, false
}

// A Selector is the Pod selector of a controller. Exactly one of Label
// (apps, extensions, batch and custom kinds) and Map (ReplicationController)
// is meaningful; Map selectors are equality-only.
type Selector struct {
	Label *metav1.LabelSelector
	Map   map[string]string
	IsMap bool
	Path  Path
	// Defaulted is set when the selector is not written and the API
	// version fills it in from the Pod template's labels, as
	// extensions/v1beta1 and apps/v1beta1 did: Label holds those labels,
	// and Path, where the selector would be, is not in the manifest.
	Defaulted bool
}

// Selector returns the Pod selector of a controller. For a Job it reports
// false unless manualSelector is set: the Job controller generates its own.
// The API versions Kubernetes no longer serves count too (see PodTemplate).
func (o *Object) Selector() (Selector, bool) {
	switch t := o.Typed.(type) {
	case *appsv1.Deployment:
		return Selector{Label: t.Spec.Selector, Path: selectorPath}, true
	case *appsv1.ReplicaSet:
		return Selector{Label: t.Spec.Selector, Path: selectorPath}, true
	case *appsv1.StatefulSet:
		return Selector{Label: t.Spec.Selector, Path: selectorPath}, true
	case *appsv1.DaemonSet:
		return Selector{Label: t.Spec.Selector, Path: selectorPath}, true
	case *batchv1.Job:
		return jobSelector(t.Spec.ManualSelector, t.Spec.Selector, selectorPath)
	case *batchv1.CronJob:
		s := t.Spec.JobTemplate.Spec
		return jobSelector(s.ManualSelector, s.Selector, jobSelectorPath)
	case *batchv1beta1.CronJob:
		s := t.Spec.JobTemplate.Spec
		return jobSelector(s.ManualSelector, s.Selector, jobSelectorPath)
	case *corev1.ReplicationController:
		return Selector{Map: t.Spec.Selector, IsMap: true, Path: selectorPath}, true
	// apps/v1beta2 requires the selector, as apps/v1 does.
	case *appsv1beta2.Deployment:
		return Selector{Label: t.Spec.Selector, Path: selectorPath}, true
	case *appsv1beta2.ReplicaSet:
		return Selector{Label: t.Spec.Selector, Path: selectorPath}, true
	case *appsv1beta2.StatefulSet:
		return Selector{Label: t.Spec.Selector, Path: selectorPath}, true
	case *appsv1beta2.DaemonSet:
		return Selector{Label: t.Spec.Selector, Path: selectorPath}, true
	// apps/v1beta1 and extensions/v1beta1 default a missing selector.
	case *appsv1beta1.Deployment:
		return defaultedSelector(t.Spec.Selector, &t.Spec.Template), true
	case *appsv1beta1.StatefulSet:
		return defaultedSelector(t.Spec.Selector, &t.Spec.Template), true
	case *extensionsv1beta1.Deployment:
		return defaultedSelector(t.Spec.Selector, &t.Spec.Template), true
	case *extensionsv1beta1.ReplicaSet:
		return defaultedSelector(t.Spec.Selector, &t.Spec.Template), true
	case *extensionsv1beta1.DaemonSet:
		return defaultedSelector(t.Spec.Selector, &t.Spec.Template), true
	}
	if o.Workload != nil && o.Workload.Template != nil && !o.Workload.SelectorPath.IsZero() {
		return Selector{Label: o.Workload.Selector, Path: o.Workload.SelectorPath}, true
	}
	return Selector{}, false
}

func jobSelector(manual *bool, sel *metav1.LabelSelector, p Path) (Selector, bool) {
	if manual == nil || !*manual {
		return Selector{}, false
	}
	return Selector{Label: sel, Path: p}, true
}

// defaultedSelector is the selector of a kind whose API version sets a
// missing one to the Pod template's labels (when it has any: a template
// without labels leaves it missing, and the API server rejects that).
func defaultedSelector(sel *metav1.LabelSelector, t *corev1.PodTemplateSpec) Selector {
	if sel != nil || len(t.Labels) == 0 {
		return Selector{Label: sel, Path: selectorPath}
	}
	return Selector{Label: &metav1.LabelSelector{MatchLabels: maps.Clone(t.Labels)}, Path: selectorPath, Defaulted: true}
}

// ContainerKind tells where in a Pod spec a container is declared.
type ContainerKind int

// The kinds of containers in a Pod spec.
const (
	AppContainer       ContainerKind = iota // spec.containers
	InitContainer                           // spec.initContainers that run to completion first
	SidecarContainer                        // spec.initContainers with restartPolicy: Always
	EphemeralContainer                      // spec.ephemeralContainers
)

// String returns the kind as messages name it.
func (k ContainerKind) String() string {
	return [...]string{"container", "init container", "sidecar container", "ephemeral container"}[k]
}

// A Container is one container of a Pod spec with its path.
type Container struct {
	*corev1.Container
	Path Path
	Kind ContainerKind
}

// Containers yields every container of the Pod spec: init containers
// (ordinary and sidecars), then app containers, then ephemeral containers.
func (s PodSpec) Containers() iter.Seq[Container] {
	return func(yield func(Container) bool) {
		if !s.initContainers(yield) || !s.appContainers(yield) {
			return
		}
		for i := range s.EphemeralContainers {
			c := corev1.Container(s.EphemeralContainers[i].EphemeralContainerCommon)
			if !yield(Container{Container: &c, Path: s.Path.Field("ephemeralContainers").Index(i), Kind: EphemeralContainer}) {
				return
			}
		}
	}
}

// AppContainers yields the containers that run side by side for the life
// of the Pod: spec.containers and native sidecars (init containers with
// restartPolicy: Always), the sidecars first as they start first.
func (s PodSpec) AppContainers() iter.Seq[Container] {
	return func(yield func(Container) bool) {
		sidecars := func(c Container) bool {
			if c.Kind != SidecarContainer {
				return true
			}
			return yield(c)
		}
		if s.initContainers(sidecars) {
			s.appContainers(yield)
		}
	}
}

func (s PodSpec) initContainers(yield func(Container) bool) bool {
	for i := range s.InitContainers {
		c := &s.InitContainers[i]
		kind := InitContainer
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			kind = SidecarContainer
		}
		if !yield(Container{Container: c, Path: s.Path.Field("initContainers").Index(i), Kind: kind}) {
			return false
		}
	}
	return true
}

func (s PodSpec) appContainers(yield func(Container) bool) bool {
	for i := range s.PodSpec.Containers {
		if !yield(Container{Container: &s.PodSpec.Containers[i], Path: s.Path.Field("containers").Index(i), Kind: AppContainer}) {
			return false
		}
	}
	return true
}

// IsPatch reports whether the object looks like a fragment meant to be
// merged into a full manifest (a kustomize strategic-merge patch) rather
// than applied on its own: a controller that lacks a field its API requires
// (the selector of apps/v1, the restartPolicy of a Job) and whose template
// has no containers, or containers without images. Rules that report
// something missing skip such objects.
func (o *Object) IsPatch() bool {
	spec, ok := o.PodSpec()
	if !ok {
		return false
	}
	incomplete := false
	switch o.Typed.(type) {
	case *batchv1.Job, *batchv1.CronJob, *batchv1beta1.CronJob:
		incomplete = spec.RestartPolicy == ""
	default:
		sel, ok := o.Selector()
		incomplete = ok && !sel.IsMap && sel.Label == nil
	}
	if !incomplete {
		return false
	}
	if len(spec.PodSpec.Containers) == 0 {
		return true
	}
	for c := range spec.Containers() {
		if c.Image == "" {
			return true
		}
	}
	return false
}
