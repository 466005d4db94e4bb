package rules

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/version"

	"github.com/podlint/podlint/analyzer"
)

// A KubeVersion is a Kubernetes minor release such as 1.37.
type KubeVersion struct{ Major, Minor int }

func (v KubeVersion) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

func (v KubeVersion) atLeast(major, minor int) bool {
	return v.Major > major || (v.Major == major && v.Minor >= minor)
}

// ParseKubeVersion reads "1.29", "v1.29" or "1.29.3".
func ParseKubeVersion(s string) (KubeVersion, error) {
	parts := strings.Split(strings.TrimPrefix(s, "v"), ".")
	if len(parts) < 2 {
		return KubeVersion{}, fmt.Errorf("kubernetes version %q: want MAJOR.MINOR, such as 1.31", s)
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || major < 1 {
		return KubeVersion{}, fmt.Errorf("kubernetes version %q: want MAJOR.MINOR, such as 1.31", s)
	}
	return KubeVersion{major, minor}, nil
}

// fallbackKubeVersion matches the k8s.io/api version in go.mod (v0.37 is
// Kubernetes 1.37); a test keeps the two in step.
var fallbackKubeVersion = KubeVersion{1, 37}

// DefaultKubeVersion is the Kubernetes release of the k8s.io/api module
// podlint was built with.
func DefaultKubeVersion() KubeVersion {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == "k8s.io/api" {
				if v, err := ParseKubeVersion(strings.Replace(dep.Version, "v0.", "1.", 1)); err == nil {
					return v
				}
			}
		}
	}
	return fallbackKubeVersion
}

// DeprecatedAPI reports apiVersions deprecated or removed at the default
// Kubernetes version; NewDeprecatedAPI targets another.
var DeprecatedAPI = NewDeprecatedAPI(DefaultKubeVersion())

// NewDeprecatedAPI returns the deprecated-api rule for a target version.
func NewDeprecatedAPI(target KubeVersion) *analyzer.Rule {
	return &analyzer.Rule{
		ID:       "deprecated-api",
		Severity: analyzer.Warning,
		Family:   "correctness",
		Doc: analyzer.Doc{
			Title: "apiVersion is deprecated or removed",
			Why: "Kubernetes removes beta APIs a few releases after their replacement ships. A manifest using a " +
				"removed apiVersion fails to apply after a cluster upgrade (error), and one using a deprecated " +
				"apiVersion will (warning). The target version is --kube-version. The replacement is the one k8s.io/api names, or else " +
				"the newest version of the same group and kind that the target version serves.",
			Bad:  deprecatedAPIBad,
			Good: deprecatedAPIGood,
		},
		Applies: analyzer.AnyObject,
		Check:   func(pass *analyzer.Pass) error { return checkDeprecatedAPI(pass, target) },
	}
}

type lifecycle struct {
	deprecated, removed [2]int // major, minor; zero when not set
	replacement         schema.GroupVersionKind
}

// The lifecycle methods that k8s.io/api generates for beta and alpha types.
type (
	deprecatedIn interface {
		APILifecycleDeprecated() (major, minor int)
	}
	removedIn interface {
		APILifecycleRemoved() (major, minor int)
	}
	replacedBy interface {
		APILifecycleReplacement() schema.GroupVersionKind
	}
)

func lifecycleOf(o *analyzer.Object) (lifecycle, bool) {
	if o.Typed == nil {
		l, ok := removedKinds[o.GVK]
		return l, ok
	}
	var l lifecycle
	d, ok := o.Typed.(deprecatedIn)
	if !ok {
		return l, false
	}
	l.deprecated[0], l.deprecated[1] = d.APILifecycleDeprecated()
	if r, ok := o.Typed.(removedIn); ok {
		l.removed[0], l.removed[1] = r.APILifecycleRemoved()
	}
	if r, ok := o.Typed.(replacedBy); ok {
		l.replacement = r.APILifecycleReplacement()
	}
	return l, l.deprecated[0] != 0
}

func checkDeprecatedAPI(pass *analyzer.Pass, target KubeVersion) error {
	o := pass.Object
	l, ok := lifecycleOf(o)
	if !ok {
		return nil
	}
	instead := "; it has no direct replacement"
	if !l.replacement.Empty() {
		instead = fmt.Sprintf("; use %s %s", l.replacement.GroupVersion(), l.replacement.Kind)
	} else if v, ok := servedVersion(o, target); ok {
		instead = fmt.Sprintf("; use %s %s, the newest version Kubernetes %s serves", schema.GroupVersion{Group: o.GVK.Group, Version: v}, o.Kind, target)
	}
	at := analyzer.Path{}.Field("apiVersion")
	switch {
	case l.removed[0] != 0 && target.atLeast(l.removed[0], l.removed[1]):
		pass.Report(analyzer.Diagnostic{Path: at, Severity: analyzer.Error, Message: fmt.Sprintf(
			"%s %s was removed in Kubernetes %d.%d, so a %s cluster rejects it%s",
			o.APIVersion, o.Kind, l.removed[0], l.removed[1], target, instead)})
	case target.atLeast(l.deprecated[0], l.deprecated[1]):
		when := ""
		if l.removed[0] != 0 {
			when = fmt.Sprintf(" and is removed in %d.%d", l.removed[0], l.removed[1])
		}
		pass.Reportf(at, "%s %s is deprecated since Kubernetes %d.%d%s%s",
			o.APIVersion, o.Kind, l.deprecated[0], l.deprecated[1], when, instead)
	}
	return nil
}

// kindVersions returns a new zero value of the k8s.io/api type of kind in
// each version of group that defines it, by version.
func kindVersions(group, kind string) map[string]runtime.Object {
	out := map[string]runtime.Object{}
	for _, g := range analyzer.GroupVersions {
		if g.GV.Group != group {
			continue
		}
		s := runtime.NewScheme()
		if g.Add(s) != nil {
			continue
		}
		if obj, err := s.New(g.GV.WithKind(kind)); err == nil {
			out[g.GV.Version] = obj
		}
	}
	return out
}

// introducedIn is generated for prerelease types alongside the others.
type introducedIn interface {
	APILifecycleIntroduced() (major, minor int)
}

// servedVersion returns the newest version of the object's group that
// defines its kind, is newer than its own and is served at target: what to
// offer when the generated lifecycle names no replacement (the lifecycle of
// resource.k8s.io/v1beta1 ResourceClaimTemplate names none; v1 serves it).
func servedVersion(o *analyzer.Object, target KubeVersion) (string, bool) {
	best := ""
	for v, obj := range kindVersions(o.GVK.Group, o.Kind) {
		if version.CompareKubeAwareVersionStrings(v, o.GVK.Version) <= 0 || !servedAt(obj, target) {
			continue
		}
		if best == "" || version.CompareKubeAwareVersionStrings(v, best) > 0 {
			best = v
		}
	}
	return best, best != ""
}

// servedAt reports whether a k8s.io/api type is served at target: GA
// types always, prerelease ones from their introduction until removal.
func servedAt(obj runtime.Object, target KubeVersion) bool {
	if i, ok := obj.(introducedIn); ok {
		if major, minor := i.APILifecycleIntroduced(); major != 0 && !target.atLeast(major, minor) {
			return false
		}
	}
	if r, ok := obj.(removedIn); ok {
		if major, minor := r.APILifecycleRemoved(); major != 0 && target.atLeast(major, minor) {
			return false
		}
	}
	return true
}

func gvk(group, ver, kind string) schema.GroupVersionKind {
	return schema.GroupVersionKind{Group: group, Version: ver, Kind: kind}
}

// removedKinds are removed APIs that k8s.io/api no longer carries, so no
// generated lifecycle method can tell about them.
var removedKinds = map[schema.GroupVersionKind]lifecycle{
	gvk("extensions", "v1beta1", "PodSecurityPolicy"):                             {[2]int{1, 11}, [2]int{1, 16}, gvk("policy", "v1beta1", "PodSecurityPolicy")},
	gvk("policy", "v1beta1", "PodSecurityPolicy"):                                 {[2]int{1, 21}, [2]int{1, 25}, schema.GroupVersionKind{}},
	gvk("batch", "v2alpha1", "CronJob"):                                           {[2]int{1, 8}, [2]int{1, 21}, gvk("batch", "v1", "CronJob")},
	gvk("autoscaling", "v2beta1", "HorizontalPodAutoscaler"):                      {[2]int{1, 22}, [2]int{1, 25}, gvk("autoscaling", "v2", "HorizontalPodAutoscaler")},
	gvk("autoscaling", "v2beta2", "HorizontalPodAutoscaler"):                      {[2]int{1, 23}, [2]int{1, 26}, gvk("autoscaling", "v2", "HorizontalPodAutoscaler")},
	gvk("apiextensions.k8s.io", "v1beta1", "CustomResourceDefinition"):            {[2]int{1, 16}, [2]int{1, 22}, gvk("apiextensions.k8s.io", "v1", "CustomResourceDefinition")},
	gvk("apiregistration.k8s.io", "v1beta1", "APIService"):                        {[2]int{1, 19}, [2]int{1, 22}, gvk("apiregistration.k8s.io", "v1", "APIService")},
	gvk("flowcontrol.apiserver.k8s.io", "v1alpha1", "FlowSchema"):                 {[2]int{1, 20}, [2]int{1, 21}, gvk("flowcontrol.apiserver.k8s.io", "v1", "FlowSchema")},
	gvk("flowcontrol.apiserver.k8s.io", "v1alpha1", "PriorityLevelConfiguration"): {[2]int{1, 20}, [2]int{1, 21}, gvk("flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration")},
}

const deprecatedAPIBad = `apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`

const deprecatedAPIGood = `apiVersion: apps/v1
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
