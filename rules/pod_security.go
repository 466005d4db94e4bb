package rules

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	psaapi "k8s.io/pod-security-admission/api"
	psapolicy "k8s.io/pod-security-admission/policy"

	"github.com/podlint/podlint/analyzer"
)

// PodSecurity is pod-security with no level named: only Namespaces in the
// linted set that carry Pod Security labels bring it into play.
var PodSecurity = NewPodSecurity(PrivilegedPolicy())

// PrivilegedPolicy is the cluster's default when no level is named: every
// mode privileged, so nothing is checked but what Namespace labels ask.
func PrivilegedPolicy() psaapi.Policy {
	lv := psaapi.LevelVersion{Level: psaapi.LevelPrivileged, Version: psaapi.LatestVersion()}
	return psaapi.Policy{Enforce: lv, Audit: lv, Warn: lv}
}

// ParsePodSecurity reads --pod-security LEVEL[:VERSION] (restricted,
// baseline:v1.30, privileged:latest) as the cluster's default enforce
// level; warn and audit then follow Namespace labels, or warn inherits
// the stricter enforce as the admission plugin does.
func ParsePodSecurity(s string) (psaapi.Policy, error) {
	p := PrivilegedPolicy()
	if s == "" {
		return p, nil
	}
	level, version, _ := strings.Cut(s, ":")
	l, err := psaapi.ParseLevel(level)
	if err != nil {
		return p, fmt.Errorf("%q: want privileged, baseline or restricted, optionally :VERSION (v1.30, latest)", s)
	}
	v := psaapi.LatestVersion()
	if version != "" {
		if v, err = psaapi.ParseVersion(version); err != nil {
			return p, fmt.Errorf("%q: version %q: want latest or v1.N", s, version)
		}
	}
	p.Enforce = psaapi.LevelVersion{Level: l, Version: v}
	p.Warn = p.Enforce
	return p, nil
}

var namespaceKind = schema.GroupKind{Kind: "Namespace"}

// NewPodSecurity returns pod-security with defaults as the cluster's
// default policy (the admission plugin's configuration).
func NewPodSecurity(defaults psaapi.Policy) *analyzer.Rule {
	checks := psapolicy.DefaultChecks()
	return &analyzer.Rule{
		ID:           "pod-security",
		Severity:     analyzer.Error,
		Family:       "security",
		ClusterKinds: []schema.GroupKind{namespaceKind},
		Doc: analyzer.Doc{
			Title: "Pod Security Admission rejects or warns about the Pods",
			Why: "A Namespace labelled pod-security.kubernetes.io/enforce: restricted (or baseline) makes the API server " +
				"refuse Pods that run as root, keep capabilities, lack a seccomp profile, share the host's namespaces ...; " +
				"the warn and audit labels make it warn and log. These findings are the cluster's own verdicts: each check " +
				"of k8s.io/pod-security-admission, the code the API server runs, at the level and version the Namespace " +
				"labels (or --pod-security) name, reported at the field it reads. Enforce is an error, warn and audit a " +
				"warning. For a workload the server enforces on the Pods only: it accepts the Deployment, whose Pods are then " +
				"rejected one by one (the ReplicaSet reports FailedCreate), which is worse than a refusal at apply. " +
				"Without a labelled Namespace in the linted set nor --pod-security, nothing is reported. The security " +
				"policies (run-as-root, privileged-container, ...) stay podlint's own advice beside them.",
			Bad:  podSecurityBad,
			Good: podSecurityGood,
		},
		Applies: analyzer.HasPodSpec,
		Check:   func(pass *analyzer.Pass) error { return checkPodSecurity(pass, checks, defaults) },
	}
}

// A psaMode is one of the admission modes a level applies in.
type psaMode struct {
	name string
	lv   psaapi.LevelVersion
}

func checkPodSecurity(pass *analyzer.Pass, checks []psapolicy.Check, defaults psaapi.Policy) error {
	o := pass.Object
	ps, ok := o.PodSpec()
	if !ok || o.Rejected || o.IsPatch() {
		return nil
	}
	policy, source := defaults, "--pod-security"
	for _, ns := range pass.Cluster.Objects(namespaceKind) {
		if ns.Name == o.Namespace && hasPSALabels(ns.Labels) {
			policy, _ = psaapi.PolicyToEvaluate(ns.Labels, defaults) // bad labels fall back as in the server
			source = "the labels of Namespace " + ns.Name
			break
		}
	}
	if policy.FullyPrivileged() {
		return nil
	}
	ps = defaultedForAdmission(ps)
	type failure struct {
		id     psapolicy.CheckID
		res    psapolicy.CheckResult
		modes  []psaMode
		at     []analyzer.Path
		strong bool // enforce
	}
	var failures []*failure
	byID := map[psapolicy.CheckID]*failure{}
	for _, m := range []psaMode{{"enforce", policy.Enforce}, {"warn", policy.Warn}, {"audit", policy.Audit}} {
		for _, c := range checksAt(checks, m.lv) {
			res := c.fn(ps.Meta, ps.PodSpec)
			if res.Allowed {
				continue
			}
			f := byID[c.id]
			if f == nil {
				f = &failure{id: c.id, res: res, at: locate(c.id, ps, c.fn)}
				byID[c.id] = f
				failures = append(failures, f)
			}
			f.modes = append(f.modes, m)
			f.strong = f.strong || m.name == "enforce"
		}
	}
	_, isPod := o.Typed.(*corev1.Pod)
	rejected := map[string]bool{}
	for _, f := range failures {
		for _, at := range f.at {
			rejected[at.String()] = rejected[at.String()] || f.strong
		}
	}
	for _, f := range failures {
		var modes []string
		for _, m := range f.modes {
			modes = append(modes, fmt.Sprintf("%s %s", m.name, m.lv.String()))
		}
		var verdicts []string
		for _, m := range f.modes {
			switch m.name {
			case "warn":
				verdicts = append(verdicts, "kubectl apply prints a warning")
			case "audit":
				verdicts = append(verdicts, "the audit log records it")
			}
		}
		verdict := strings.Join(slices.Compact(verdicts), " and ")
		sev := analyzer.Warning
		if f.strong {
			sev = analyzer.Error
			verdict = "the API server rejects the Pod"
			if !isPod {
				verdict = fmt.Sprintf("the API server accepts the %s and then rejects each of its Pods", o.Kind)
			}
		}
		msg := fmt.Sprintf("Pod Security %s (%s, from %s): %s: %s; %s",
			f.id, strings.Join(modes, ", "), source, f.res.ForbiddenReason, f.res.ForbiddenDetail, verdict)
		for _, at := range f.at {
			if sev == analyzer.Warning && rejected[at.String()] {
				continue // the field is refused already; a warning about it adds nothing
			}
			pass.Report(analyzer.Diagnostic{Path: at, Severity: sev, Message: msg})
		}
	}
	return nil
}

func hasPSALabels(labels map[string]string) bool {
	for k := range labels {
		if strings.HasPrefix(k, "pod-security.kubernetes.io/") {
			return true
		}
	}
	return false
}

type psaCheck struct {
	id psapolicy.CheckID
	fn psapolicy.CheckPodFn
}

// checksAt returns the checks the admission plugin runs at lv, as
// policy.NewEvaluator builds them: each check's newest version not newer
// than lv; at restricted, the restricted checks and the baseline ones no
// restricted check overrides. Calling them one by one names the check
// that fails, which EvaluatePod's results do not.
func checksAt(checks []psapolicy.Check, lv psaapi.LevelVersion) []psaCheck {
	if lv.Level == psaapi.LevelPrivileged {
		return nil
	}
	pick := func(c psapolicy.Check) (psapolicy.VersionedCheck, bool) {
		var best psapolicy.VersionedCheck
		found := false
		target := lv.Version
		for _, v := range c.Versions {
			if target.Latest() || !target.Older(v.MinimumVersion) {
				best, found = v, true
			}
		}
		return best, found
	}
	overridden := map[psapolicy.CheckID]bool{}
	var out []psaCheck
	if lv.Level == psaapi.LevelRestricted {
		for _, c := range checks {
			if v, ok := pick(c); ok && c.Level == psaapi.LevelRestricted {
				for _, id := range v.OverrideCheckIDs {
					overridden[id] = true
				}
				out = append(out, psaCheck{c.ID, v.CheckPod})
			}
		}
	}
	for _, c := range checks {
		if v, ok := pick(c); ok && c.Level == psaapi.LevelBaseline && !overridden[c.ID] {
			out = append(out, psaCheck{c.ID, v.CheckPod})
		}
	}
	return out
}

const podSecurityBad = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  hostNetwork: true
  containers:
    - name: web
      image: nginx:1.27
`

const podSecurityGood = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: baseline
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: web
      image: nginx:1.27
`

// defaultedForAdmission returns the Pod spec as admission sees it, after
// the server's defaulting: a volume with no source is an emptyDir
// (SetDefaults_Volume). The object itself is left as it is.
func defaultedForAdmission(ps analyzer.PodSpec) analyzer.PodSpec {
	for i, v := range ps.Volumes {
		if len(setFields(reflect.ValueOf(v.VolumeSource))) > 0 {
			continue
		}
		spec := *ps.PodSpec
		spec.Volumes = slices.Clone(ps.Volumes)
		for j := i; j < len(spec.Volumes); j++ {
			if len(setFields(reflect.ValueOf(spec.Volumes[j].VolumeSource))) == 0 {
				spec.Volumes[j].EmptyDir = &corev1.EmptyDirVolumeSource{}
			}
		}
		ps.PodSpec = &spec
		return ps
	}
	return ps
}
