package extserver

import (
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"helm.sh/helm/v4/pkg/chart/common"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/podlint/podlint/analyzer"
)

// capabilities returns what .Capabilities tells a chart about a cluster of
// the target version: that version, and the group-versions (and
// group/version/Kind) it serves. Helm's own default lists every version
// ever compiled into client-go, removed ones too, so a chart that picks
// policy/v1beta1 when the cluster has it would pick a removed API.
func capabilities(version string) (*common.Capabilities, error) {
	if version == "" {
		version = defaultKubeVersion()
	}
	v := version
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	if strings.Count(v, ".") == 1 {
		v += ".0"
	}
	kv, err := common.ParseKubeVersion(v)
	if err != nil {
		return nil, fmt.Errorf("--kube-version %s: %w", version, err)
	}
	caps := common.DefaultCapabilities.Copy()
	caps.KubeVersion = *kv
	var major, minor int
	if _, err := fmt.Sscanf(kv.Major+"."+kv.Minor, "%d.%d", &major, &minor); err != nil {
		return nil, fmt.Errorf("--kube-version %s: %w", version, err)
	}
	caps.APIVersions = servedVersions(major, minor)
	return caps, nil
}

// defaultKubeVersion is the Kubernetes release of the k8s.io/api module
// the companion was built with (v0.37.2 is 1.37), for a request that names
// none (podlint always names one).
func defaultKubeVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == "k8s.io/api" && strings.HasPrefix(dep.Version, "v0.") {
				if parts := strings.SplitN(strings.TrimPrefix(dep.Version, "v0."), ".", 2); len(parts) == 2 {
					return "1." + parts[0]
				}
			}
		}
	}
	return common.DefaultCapabilities.KubeVersion.Major + "." + common.DefaultCapabilities.KubeVersion.Minor
}

var scheme = sync.OnceValue(func() *runtime.Scheme {
	s := runtime.NewScheme()
	for _, gv := range analyzer.GroupVersions {
		_ = gv.Add(s)
	}
	return s
})

type (
	introducedIn interface{ APILifecycleIntroduced() (major, minor int) }
	removedIn    interface{ APILifecycleRemoved() (major, minor int) }
)

// servedVersions lists the group-versions and group/version/Kinds of
// k8s.io/api that Kubernetes major.minor serves, with the API server's
// own groups that k8s.io/api does not hold.
func servedVersions(major, minor int) common.VersionSet {
	atLeast := func(ma, mi int) bool { return major > ma || (major == ma && minor >= mi) }
	seen := map[string]bool{}
	var out common.VersionSet
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	s := scheme()
	for gvk, t := range s.AllKnownTypes() {
		if strings.HasSuffix(gvk.Kind, "List") || gvk.Kind == "WatchEvent" || strings.HasSuffix(gvk.Kind, "Options") {
			continue
		}
		obj, err := s.New(gvk)
		if err != nil {
			continue
		}
		_ = t
		if i, ok := obj.(introducedIn); ok {
			if ma, mi := i.APILifecycleIntroduced(); ma != 0 && !atLeast(ma, mi) {
				continue
			}
		}
		if r, ok := obj.(removedIn); ok {
			if ma, mi := r.APILifecycleRemoved(); ma != 0 && atLeast(ma, mi) {
				continue
			}
		}
		gv := gvk.GroupVersion().String()
		add(gv)
		add(gv + "/" + gvk.Kind)
	}
	for _, extra := range []string{
		"apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1/CustomResourceDefinition",
		"apiregistration.k8s.io/v1", "apiregistration.k8s.io/v1/APIService",
	} {
		add(extra)
	}
	return out
}
