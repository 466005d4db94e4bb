package rules

import (
	"reflect"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	psapolicy "k8s.io/pod-security-admission/policy"

	"github.com/podlint/podlint/analyzer"
)

// locate returns the fields a failed Pod Security check objects to: what
// each check_*.go of k8s.io/pod-security-admission reads. Where the
// allowed values vary with the policy version (capabilities, sysctls,
// volume types, SELinux options), each candidate is put to the check
// alone, so the library still decides. When nothing is found the Pod spec
// itself is the place.
func locate(id psapolicy.CheckID, ps analyzer.PodSpec, fn psapolicy.CheckPodFn) []analyzer.Path {
	s, at := ps.PodSpec, ps.Path
	sc := at.Field("securityContext")
	psc := s.SecurityContext
	if psc == nil {
		psc = &corev1.PodSecurityContext{}
	}
	fails := func(spec *corev1.PodSpec) bool { return !fn(ps.Meta, spec).Allowed }
	var out []analyzer.Path
	add := func(p analyzer.Path) { out = append(out, p) }
	eachContainer := func(f func(c analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path)) {
		for c := range ps.Containers() {
			csc := c.SecurityContext
			if csc == nil {
				csc = &corev1.SecurityContext{}
			}
			f(c, csc, c.Path.Field("securityContext"))
		}
	}
	// alone is the Pod spec with one container and no volumes, for probes.
	alone := func(c *corev1.Container, podSC *corev1.PodSecurityContext) *corev1.PodSpec {
		return &corev1.PodSpec{Containers: []corev1.Container{*c}, SecurityContext: podSC, OS: s.OS, HostUsers: s.HostUsers}
	}
	switch id {
	case "hostNamespaces":
		for f, on := range map[string]bool{"hostNetwork": s.HostNetwork, "hostPID": s.HostPID, "hostIPC": s.HostIPC} {
			if on {
				add(at.Field(f))
			}
		}
	case "privileged":
		eachContainer(func(_ analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			if csc.Privileged != nil && *csc.Privileged {
				add(cp.Field("privileged"))
			}
		})
	case "capabilities_baseline", "capabilities_restricted":
		eachContainer(func(c analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			caps := csc.Capabilities
			if caps == nil {
				caps = &corev1.Capabilities{}
			}
			if id == "capabilities_restricted" && !hasCap(caps.Drop, "ALL") {
				add(cp.Field("capabilities").Field("drop"))
			}
			for i, cap := range caps.Add {
				probe := *c.Container
				probe.SecurityContext = &corev1.SecurityContext{Capabilities: &corev1.Capabilities{Add: []corev1.Capability{cap}, Drop: []corev1.Capability{"ALL"}}}
				if fails(alone(&probe, nil)) {
					add(cp.Field("capabilities").Field("add").Index(i))
				}
			}
		})
	case "hostPathVolumes":
		for i, v := range s.Volumes {
			if v.HostPath != nil {
				add(at.Field("volumes").Index(i).Field("hostPath"))
			}
		}
	case "restrictedVolumes":
		for i, v := range s.Volumes {
			if fails(&corev1.PodSpec{Volumes: []corev1.Volume{v}}) {
				p := at.Field("volumes").Index(i)
				if set := setFields(reflect.ValueOf(v.VolumeSource)); len(set) > 0 {
					p = p.Field(set[0])
				}
				add(p)
			}
		}
	case "hostPorts":
		for c := range ps.Containers() {
			for j, p := range c.Ports {
				if p.HostPort != 0 {
					add(c.Path.Field("ports").Index(j).Field("hostPort"))
				}
			}
		}
	case "procMount", "procMount_restricted":
		eachContainer(func(_ analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			if csc.ProcMount != nil && *csc.ProcMount != corev1.DefaultProcMount {
				add(cp.Field("procMount"))
			}
		})
	case "seccompProfile_baseline":
		for _, k := range sortedKeys(ps.Meta.Annotations) {
			if (k == corev1.SeccompPodAnnotationKey || strings.HasPrefix(k, corev1.SeccompContainerAnnotationKeyPrefix)) &&
				ps.Meta.Annotations[k] == corev1.SeccompProfileNameUnconfined {
				add(ps.MetaPath.Field("annotations").Key(k))
			}
		}
		if p := psc.SeccompProfile; p != nil && p.Type == corev1.SeccompProfileTypeUnconfined {
			add(sc.Field("seccompProfile").Field("type"))
		}
		eachContainer(func(_ analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			if p := csc.SeccompProfile; p != nil && p.Type == corev1.SeccompProfileTypeUnconfined {
				add(cp.Field("seccompProfile").Field("type"))
			}
		})
	case "seccompProfile_restricted":
		good := func(p *corev1.SeccompProfile) bool {
			return p.Type == corev1.SeccompProfileTypeRuntimeDefault || p.Type == corev1.SeccompProfileTypeLocalhost
		}
		podSet := psc.SeccompProfile != nil
		if podSet && !good(psc.SeccompProfile) {
			add(sc.Field("seccompProfile").Field("type"))
		}
		unset := false
		eachContainer(func(_ analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			switch p := csc.SeccompProfile; {
			case p != nil && !good(p):
				add(cp.Field("seccompProfile").Field("type"))
			case p == nil && !podSet:
				unset = true
			}
		})
		if unset {
			add(sc.Field("seccompProfile")) // one profile for the Pod covers every container
		}
	case "runAsNonRoot":
		podSet := psc.RunAsNonRoot != nil
		if podSet && !*psc.RunAsNonRoot {
			add(sc.Field("runAsNonRoot"))
		}
		unset := false
		eachContainer(func(_ analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			switch {
			case csc.RunAsNonRoot != nil && !*csc.RunAsNonRoot:
				add(cp.Field("runAsNonRoot"))
			case csc.RunAsNonRoot == nil && (!podSet || !*psc.RunAsNonRoot):
				unset = true
			}
		})
		if unset && !podSet {
			add(sc.Field("runAsNonRoot"))
		}
	case "runAsUser":
		if psc.RunAsUser != nil && *psc.RunAsUser == 0 {
			add(sc.Field("runAsUser"))
		}
		eachContainer(func(_ analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			if csc.RunAsUser != nil && *csc.RunAsUser == 0 {
				add(cp.Field("runAsUser"))
			}
		})
	case "allowPrivilegeEscalation":
		eachContainer(func(_ analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			if csc.AllowPrivilegeEscalation == nil || *csc.AllowPrivilegeEscalation {
				add(cp.Field("allowPrivilegeEscalation"))
			}
		})
	case "seLinuxOptions":
		if psc.SELinuxOptions != nil && fails(&corev1.PodSpec{SecurityContext: &corev1.PodSecurityContext{SELinuxOptions: psc.SELinuxOptions}}) {
			add(sc.Field("seLinuxOptions"))
		}
		eachContainer(func(c analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			if csc.SELinuxOptions != nil {
				probe := *c.Container
				probe.SecurityContext = &corev1.SecurityContext{SELinuxOptions: csc.SELinuxOptions}
				if fails(alone(&probe, nil)) {
					add(cp.Field("seLinuxOptions"))
				}
			}
		})
	case "sysctls":
		for i, sy := range psc.Sysctls {
			if fails(&corev1.PodSpec{SecurityContext: &corev1.PodSecurityContext{Sysctls: []corev1.Sysctl{sy}}}) {
				add(sc.Field("sysctls").Index(i).Field("name"))
			}
		}
	case "windowsHostProcess":
		if w := psc.WindowsOptions; w != nil && w.HostProcess != nil && *w.HostProcess {
			add(sc.Field("windowsOptions").Field("hostProcess"))
		}
		eachContainer(func(_ analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			if w := csc.WindowsOptions; w != nil && w.HostProcess != nil && *w.HostProcess {
				add(cp.Field("windowsOptions").Field("hostProcess"))
			}
		})
	case "appArmorProfile":
		if p := psc.AppArmorProfile; p != nil && p.Type == corev1.AppArmorProfileTypeUnconfined {
			add(sc.Field("appArmorProfile").Field("type"))
		}
		eachContainer(func(_ analyzer.Container, csc *corev1.SecurityContext, cp analyzer.Path) {
			if p := csc.AppArmorProfile; p != nil && p.Type == corev1.AppArmorProfileTypeUnconfined {
				add(cp.Field("appArmorProfile").Field("type"))
			}
		})
		for _, k := range sortedKeys(ps.Meta.Annotations) {
			v := ps.Meta.Annotations[k]
			if strings.HasPrefix(k, corev1.DeprecatedAppArmorBetaContainerAnnotationKeyPrefix) &&
				v != corev1.DeprecatedAppArmorBetaProfileRuntimeDefault && !strings.HasPrefix(v, corev1.DeprecatedAppArmorBetaProfileNamePrefix) {
				add(ps.MetaPath.Field("annotations").Key(k))
			}
		}
	case "hostProbesAndHostLifecycle":
		eachContainer(func(c analyzer.Container, _ *corev1.SecurityContext, _ analyzer.Path) {
			for f, p := range map[string]*corev1.Probe{"livenessProbe": c.LivenessProbe, "readinessProbe": c.ReadinessProbe, "startupProbe": c.StartupProbe} {
				if p != nil {
					hostFields(c.Path.Field(f), p.HTTPGet, p.TCPSocket, add)
				}
			}
			if l := c.Lifecycle; l != nil {
				for f, h := range map[string]*corev1.LifecycleHandler{"postStart": l.PostStart, "preStop": l.PreStop} {
					if h != nil {
						hostFields(c.Path.Field("lifecycle").Field(f), h.HTTPGet, h.TCPSocket, add)
					}
				}
			}
		})
	}
	if len(out) == 0 {
		return []analyzer.Path{at}
	}
	sortPaths(out)
	return out
}

func hostFields(at analyzer.Path, h *corev1.HTTPGetAction, t *corev1.TCPSocketAction, add func(analyzer.Path)) {
	if h != nil && h.Host != "" {
		add(at.Field("httpGet").Field("host"))
	}
	if t != nil && t.Host != "" {
		add(at.Field("tcpSocket").Field("host"))
	}
}

func hasCap(caps []corev1.Capability, want corev1.Capability) bool {
	for _, c := range caps {
		if c == want {
			return true
		}
	}
	return false
}

// sortPaths orders paths by their text, so findings come out the same on
// every run whatever map order found them.
func sortPaths(ps []analyzer.Path) {
	slices.SortFunc(ps, func(a, b analyzer.Path) int { return strings.Compare(a.String(), b.String()) })
}
