package lint

import "slices"

// The peers whose checks PeerChecks maps: the linters users move to
// podlint from.
const (
	KubeLinter = "kube-linter"
	KubeScore  = "kube-score"
	Polaris    = "polaris"
)

// Peers lists the peers in the order docs/migrating.md gives them.
var Peers = []string{KubeLinter, KubeScore, Polaris}

// A PeerCheck is one check of a peer and what podlint has for it. The
// table is the one source of docs/migrating.md, of the peers' suppression
// annotations (which silence the rules a check maps to), of podlint migrate
// and of the test that runs Polaris's own fixtures.
type PeerCheck struct {
	Peer    string
	Check   string // the peer's name for it
	Default bool   // the peer runs it unless configured otherwise
	// Rules are the podlint rules that cover the check; a test fails when
	// one is not in the catalogue.
	Rules []string
	// Pending are the rules of issue 17 that will cover the check and have
	// not landed yet; a test fails once one is in the catalogue, so it moves
	// to Rules. They silence nothing.
	Pending []string
	// Note says why podlint has no rule for the check, or where it judges
	// differently from the peer.
	Note string
	// Fixtures, for a Polaris check, explain each fixture of Polaris's own
	// (../shared/peer-fixtures/polaris/<check>/) on which podlint's verdict
	// differs from Polaris's, by file name.
	Fixtures map[string]string
}

// PeerCheckFor returns the row of peer's check, if the table has one.
func PeerCheckFor(peer, check string) (PeerCheck, bool) {
	i := slices.IndexFunc(PeerChecks, func(c PeerCheck) bool { return c.Peer == peer && c.Check == check })
	if i < 0 {
		return PeerCheck{}, false
	}
	return PeerChecks[i], true
}

// PeerRules returns every podlint rule the checks of peer map to, for the
// peers' annotations that silence all of their checks.
func PeerRules(peer string) []string {
	var out []string
	for _, c := range PeerChecks {
		if c.Peer == peer {
			for _, r := range c.Rules {
				if !slices.Contains(out, r) {
					out = append(out, r)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// Notes shared by several rows.
const (
	noteCustomExample = "a custom-check example of the peer's docs: an organisation's own convention, which a policy of yours (--policy) states better"
	noteQoS           = "requests equal to limits (the Guaranteed QoS class) is a choice made per workload, not a defect; podlint asks only that requests and a memory limit be set"
	noteProbes        = "podlint reports a container with neither a readiness nor a liveness probe; one of them is enough for it, since a Job-like or a sidecar may rightly lack the other"
	noteCPULimit      = "podlint asks for CPU and memory requests and a memory limit, never a CPU limit: a CPU limit throttles a container even when the node has idle CPU"
	noteOneRule       = "podlint's missing-resources covers cpuRequestsMissing, memoryRequestsMissing and memoryLimitsMissing at once: "
	noteNoName        = "the fixture's container has no name, which the API server requires: podlint reports that (invalid-value) and its policies do not judge the nameless container"
	noteOpenShift     = "an OpenShift SecurityContextConstraints object, which podlint does not decode"
)

// The reasons several fixtures share, as the table gives them.
const (
	whyVendorAdminRole      = "the role grants every verb on every resource, pods/exec among them: podlint exempts the cluster's own roles (system:*, cluster-admin, admin, edit, view), not a vendor's name prefix"
	whyBindsOwnAdminRole    = "the binding names a role of the file's own that grants every verb on every resource: cluster-admin-binding judges a binding alone and reports the bindings to the cluster-admin ClusterRole by name; the role itself is reported by rbac-wildcard (off by default) and rbac-exec-attach"
	whyBindsSystemRole      = "the role it binds is named system:*, which podlint takes for the cluster's own and does not judge; cluster-admin-binding reports the bindings to cluster-admin by name"
	whyBindsMissingRole     = "the binding names a role the file does not hold: nothing here grants exec, and the role may be applied from elsewhere; podlint judges roles, not bindings"
	whySystemExecRole       = "the role that grants exec is named system:*, which podlint takes for the cluster's own and does not judge"
	whySystemBindingOwnRole = "the binding is named system:*, but the role it binds is not and grants exec: podlint judges the role, which grants exec to whoever binds it"
	whyRoleNotBinding       = "podlint reports the Role or ClusterRole that grants pods/exec or pods/attach, not each binding to it"
	whyPDBv1                = "the fixture writes apiVersion: v1 for a PodDisruptionBudget, which the API server rejects: podlint reports schema and judges nothing else of the object; with policy/v1 pdb-zero-disruptions reports it"
	whyUntaggedPullsAlways  = "the image has no tag, so the API server defaults imagePullPolicy to Always: the Pod does pull every time (image-tag reports the missing tag)"
)

// PeerChecks is every check of kube-linter (its generated list of
// built-in checks and those added to its repository since), kube-score
// (its README table of tests) and Polaris (default.yaml and the checks of
// its docs), default or not.
var PeerChecks = []PeerCheck{
	// kube-linter
	{Peer: KubeLinter, Check: "access-to-create-pods", Rules: []string{"rbac-create-pods"}},
	{Peer: KubeLinter, Check: "access-to-secrets", Rules: []string{"rbac-secrets-access"}},
	{Peer: KubeLinter, Check: "cluster-admin-role-binding", Rules: []string{"cluster-admin-binding"}},
	{Peer: KubeLinter, Check: "dangling-horizontalpodautoscaler", Rules: []string{"dangling-hpa"}},
	{Peer: KubeLinter, Check: "dangling-ingress", Rules: []string{"dangling-ingress"}},
	{Peer: KubeLinter, Check: "dangling-networkpolicy", Rules: []string{"dangling-network-policy"}},
	{Peer: KubeLinter, Check: "dangling-networkpolicypeer-podselector", Rules: []string{"dangling-network-policy-peer"}},
	{Peer: KubeLinter, Check: "dangling-service", Default: true, Rules: []string{"service-selects-nothing"},
		Note: "podlint speaks only when the linted set holds the workloads the Service could select; a Service whose Pods come from elsewhere is not reported"},
	{Peer: KubeLinter, Check: "dangling-servicemonitor", Rules: []string{"dangling-service-monitor"}},
	{Peer: KubeLinter, Check: "default-service-account", Rules: []string{"default-service-account"}},
	{Peer: KubeLinter, Check: "deprecated-service-account-field", Default: true, Rules: []string{"deprecated-service-account"}},
	{Peer: KubeLinter, Check: "dnsconfig-options", Note: "a DNS tuning (ndots) some clusters want and others do not; not a defect of the manifest"},
	{Peer: KubeLinter, Check: "docker-sock", Default: true, Rules: []string{"sensitive-host-path"}},
	{Peer: KubeLinter, Check: "drop-net-raw-capability", Default: true, Rules: []string{"net-raw-not-dropped"}},
	{Peer: KubeLinter, Check: "duplicate-env-var", Default: true, Rules: []string{"duplicate-env"}},
	{Peer: KubeLinter, Check: "env-value-from", Rules: []string{"missing-config-reference"}},
	{Peer: KubeLinter, Check: "env-var-secret", Default: true, Rules: []string{"secret-in-env"}},
	{Peer: KubeLinter, Check: "exposed-services", Rules: []string{"node-port-service"},
		Note: "podlint reports NodePort only: a LoadBalancer is how a Service is meant to be exposed"},
	{Peer: KubeLinter, Check: "host-ipc", Default: true, Rules: []string{"host-namespaces"}},
	{Peer: KubeLinter, Check: "host-network", Default: true, Rules: []string{"host-namespaces"}},
	{Peer: KubeLinter, Check: "host-pid", Default: true, Rules: []string{"host-namespaces"}},
	{Peer: KubeLinter, Check: "hpa-maximum-replicas", Note: "a ceiling on maxReplicas is each cluster's capacity decision; podlint reports an HPA that cannot scale at all (Polaris's hpaMaxAvailability)"},
	{Peer: KubeLinter, Check: "hpa-minimum-three-replicas", Rules: []string{"hpa-min-replicas"}},
	{Peer: KubeLinter, Check: "image-sha", Note: "pinning every image by digest is a supply-chain policy, not a defect; image-tag reports the tags that move (none, latest)"},
	{Peer: KubeLinter, Check: "invalid-target-ports", Default: true, Rules: []string{"service-port-mismatch", "invalid-value"},
		Note: "invalid-value reports a port name the API server rejects; service-port-mismatch a targetPort no selected Pod declares"},
	{Peer: KubeLinter, Check: "job-ttl-seconds-after-finished", Default: true, Rules: []string{"job-ttl"}},
	{Peer: KubeLinter, Check: "latest-tag", Default: true, Rules: []string{"image-tag"}},
	{Peer: KubeLinter, Check: "liveness-port", Default: true, Rules: []string{"probe-port"}},
	{Peer: KubeLinter, Check: "minimum-three-replicas", Rules: []string{"single-replica"},
		Note: "podlint reports one replica, not fewer than three: two replicas already survive the loss of a node"},
	{Peer: KubeLinter, Check: "mismatching-selector", Default: true, Rules: []string{"selector-mismatch"}},
	{Peer: KubeLinter, Check: "no-anti-affinity", Default: true, Rules: []string{"no-anti-affinity"},
		Note: "off by default in podlint: spreading replicas is an opinion (a topology spread constraint or the scheduler's default spreading may do it)"},
	{Peer: KubeLinter, Check: "no-extensions-v1beta", Default: true, Rules: []string{"deprecated-api"},
		Note: "deprecated-api knows every removed API version, at the --kube-version you target"},
	{Peer: KubeLinter, Check: "no-liveness-probe", Rules: []string{"missing-probes"}, Note: noteProbes},
	{Peer: KubeLinter, Check: "no-node-affinity", Note: "node affinity is needed only where nodes differ; podlint reports the opposite defect, a Pod pinned to one node (node-pinned)"},
	{Peer: KubeLinter, Check: "no-read-only-root-fs", Default: true, Rules: []string{"writable-root-fs"}},
	{Peer: KubeLinter, Check: "no-readiness-probe", Rules: []string{"missing-probes"}, Note: noteProbes},
	{Peer: KubeLinter, Check: "no-rolling-update-strategy", Rules: []string{"recreate-strategy"}},
	{Peer: KubeLinter, Check: "no-startup-probe", Note: "only a slow-starting container needs a startup probe, and a manifest does not say which starts slowly"},
	{Peer: KubeLinter, Check: "non-existent-service-account", Default: true, Rules: []string{"missing-service-account"}},
	{Peer: KubeLinter, Check: "non-isolated-pod", Rules: []string{"missing-network-policy"}},
	{Peer: KubeLinter, Check: "pdb-max-unavailable", Default: true, Rules: []string{"pdb-zero-disruptions"}},
	{Peer: KubeLinter, Check: "pdb-min-available", Default: true, Rules: []string{"pdb-blocks-eviction"}},
	{Peer: KubeLinter, Check: "pdb-unhealthy-pod-eviction-policy", Default: true, Rules: []string{"pdb-unhealthy-eviction"}},
	{Peer: KubeLinter, Check: "priority-class-name", Rules: []string{"missing-priority-class"},
		Note: "kube-linter checks the name against a list you give it; podlint asks only that one be set"},
	{Peer: KubeLinter, Check: "privilege-escalation-container", Default: true, Rules: []string{"privilege-escalation"}},
	{Peer: KubeLinter, Check: "privileged-container", Default: true, Rules: []string{"privileged-container"}},
	{Peer: KubeLinter, Check: "privileged-ports", Rules: []string{"privileged-port"}},
	{Peer: KubeLinter, Check: "read-secret-from-env-var", Note: "a secretKeyRef in env is the documented way to pass a Secret; podlint reports a secret value written into env instead (secret-in-env)"},
	{Peer: KubeLinter, Check: "readiness-port", Default: true, Rules: []string{"probe-port"}},
	{Peer: KubeLinter, Check: "required-annotation-email", Note: noteCustomExample},
	{Peer: KubeLinter, Check: "required-label-owner", Note: noteCustomExample},
	{Peer: KubeLinter, Check: "restart-policy", Rules: []string{"invalid-value"},
		Note: "invalid-value reports a restartPolicy the API server rejects for the kind; an unset one defaults to Always, which is right"},
	{Peer: KubeLinter, Check: "run-as-non-root", Default: true, Rules: []string{"run-as-root"}},
	{Peer: KubeLinter, Check: "scc-deny-privileged-container", Note: noteOpenShift},
	{Peer: KubeLinter, Check: "schema-validation", Rules: []string{"schema", "invalid-custom-resource"},
		Note: "schema decodes every built-in kind strictly, as the API server does"},
	{Peer: KubeLinter, Check: "sensitive-host-mounts", Default: true, Rules: []string{"sensitive-host-path"}},
	{Peer: KubeLinter, Check: "sorted-keys", Note: "the order of keys is formatting, which the cluster never sees"},
	{Peer: KubeLinter, Check: "ssh-port", Default: true, Rules: []string{"ssh-port"}},
	{Peer: KubeLinter, Check: "startup-port", Default: true, Rules: []string{"probe-port"}},
	{Peer: KubeLinter, Check: "unsafe-proc-mount", Rules: []string{"unmasked-proc-mount"}},
	{Peer: KubeLinter, Check: "unsafe-sysctls", Default: true, Rules: []string{"unsafe-sysctl"}},
	{Peer: KubeLinter, Check: "unset-cpu-requirements", Default: true, Rules: []string{"missing-resources"}},
	{Peer: KubeLinter, Check: "unset-ephemeral-storage-requirements", Rules: []string{"missing-ephemeral-storage"}},
	{Peer: KubeLinter, Check: "unset-memory-requirements", Default: true, Rules: []string{"missing-resources"}},
	{Peer: KubeLinter, Check: "use-namespace", Note: "the namespace is usually chosen when applying (kubectl -n, Kustomize, Helm), so a manifest without one is not a defect"},
	{Peer: KubeLinter, Check: "wildcard-in-rules", Rules: []string{"rbac-wildcard"}},
	{Peer: KubeLinter, Check: "writable-host-mount", Rules: []string{"writable-host-mount"}},

	// kube-score
	{Peer: KubeScore, Check: "container-cpu-requests-equal-limits", Note: noteQoS},
	{Peer: KubeScore, Check: "container-ephemeral-storage-request-and-limit", Default: true, Rules: []string{"missing-ephemeral-storage"}},
	{Peer: KubeScore, Check: "container-ephemeral-storage-request-equals-limit", Note: noteQoS},
	{Peer: KubeScore, Check: "container-image-pull-policy", Default: true, Rules: []string{"image-pull-policy"}},
	{Peer: KubeScore, Check: "container-image-tag", Default: true, Rules: []string{"image-tag"}},
	{Peer: KubeScore, Check: "container-memory-requests-equal-limits", Note: noteQoS},
	{Peer: KubeScore, Check: "container-ports-check", Rules: []string{"invalid-value", "duplicate-port-name", "duplicate-container-port"}},
	{Peer: KubeScore, Check: "container-resource-requests-equal-limits", Note: noteQoS},
	{Peer: KubeScore, Check: "container-resources", Default: true, Rules: []string{"missing-resources"}, Note: noteCPULimit},
	{Peer: KubeScore, Check: "container-seccomp-profile", Rules: []string{"linux-hardening"}},
	{Peer: KubeScore, Check: "container-security-context-privileged", Default: true, Rules: []string{"privileged-container"}},
	{Peer: KubeScore, Check: "container-security-context-readonlyrootfilesystem", Default: true, Rules: []string{"writable-root-fs"}},
	{Peer: KubeScore, Check: "container-security-context-user-group-id", Default: true, Rules: []string{"low-user-id"}},
	{Peer: KubeScore, Check: "cronjob-has-deadline", Default: true, Rules: []string{"cronjob-deadline"}},
	{Peer: KubeScore, Check: "cronjob-restartpolicy", Default: true, Rules: []string{"invalid-value"}},
	{Peer: KubeScore, Check: "deployment-has-host-podantiaffinity", Default: true, Rules: []string{"no-anti-affinity"}},
	{Peer: KubeScore, Check: "deployment-has-poddisruptionbudget", Default: true, Rules: []string{"missing-pdb"}},
	{Peer: KubeScore, Check: "deployment-pod-selector-labels-match-template-metadata-labels", Default: true, Rules: []string{"selector-mismatch"}},
	{Peer: KubeScore, Check: "deployment-replicas", Default: true, Rules: []string{"single-replica"}},
	{Peer: KubeScore, Check: "deployment-strategy", Default: true, Rules: []string{"recreate-strategy"}},
	{Peer: KubeScore, Check: "deployment-targeted-by-hpa-does-not-have-replicas-configured", Default: true, Rules: []string{"hpa-replicas-conflict"}},
	{Peer: KubeScore, Check: "environment-variable-key-duplication", Default: true, Rules: []string{"duplicate-env"}},
	{Peer: KubeScore, Check: "horizontalpodautoscaler-has-target", Default: true, Rules: []string{"dangling-hpa"}},
	{Peer: KubeScore, Check: "horizontalpodautoscaler-replicas", Default: true, Rules: []string{"hpa-min-replicas"}},
	{Peer: KubeScore, Check: "ingress-targets-service", Default: true, Rules: []string{"dangling-ingress"}},
	{Peer: KubeScore, Check: "label-values", Default: true, Rules: []string{"invalid-metadata"}},
	{Peer: KubeScore, Check: "networkpolicy-targets-pod", Default: true, Rules: []string{"dangling-network-policy"}},
	{Peer: KubeScore, Check: "pod-networkpolicy", Default: true, Rules: []string{"missing-network-policy"}},
	{Peer: KubeScore, Check: "pod-probes", Default: true, Rules: []string{"missing-probes"}, Note: noteProbes},
	{Peer: KubeScore, Check: "pod-probes-identical", Default: true, Rules: []string{"identical-probes"}},
	{Peer: KubeScore, Check: "pod-topology-spread-constraints", Default: true, Rules: []string{"invalid-value"}},
	{Peer: KubeScore, Check: "poddisruptionbudget-has-policy", Default: true, Rules: []string{"pdb-without-policy"}},
	{Peer: KubeScore, Check: "service-targets-pod", Default: true, Rules: []string{"service-selects-nothing"}},
	{Peer: KubeScore, Check: "service-type", Default: true, Rules: []string{"node-port-service"}},
	{Peer: KubeScore, Check: "stable-version", Default: true, Rules: []string{"deprecated-api"}},
	{Peer: KubeScore, Check: "statefulset-has-host-podantiaffinity", Default: true, Rules: []string{"no-anti-affinity"}},
	{Peer: KubeScore, Check: "statefulset-has-poddisruptionbudget", Default: true, Rules: []string{"missing-pdb"}},
	{Peer: KubeScore, Check: "statefulset-has-servicename", Default: true, Rules: []string{"missing-headless-service"}},
	{Peer: KubeScore, Check: "statefulset-pod-selector-labels-match-template-metadata-labels", Default: true, Rules: []string{"selector-mismatch"}},

	// Polaris
	{Peer: Polaris, Check: "automountServiceAccountToken", Default: true, Rules: []string{"service-account-token"}, Fixtures: map[string]string{
		"success.serviceaccount.yaml": "podlint judges the Pod alone: its ServiceAccount, which sets automountServiceAccountToken: false here, is often applied from elsewhere, and the Pod's own field holds whichever account it runs as. Set it false on the Pod to satisfy both.",
	}},
	{Peer: Polaris, Check: "clusterrolePodExecAttach", Default: true, Rules: []string{"rbac-exec-attach"}, Fixtures: map[string]string{
		"success.gce_calico_clusterrole.yaml": whyVendorAdminRole,
	}},
	{Peer: Polaris, Check: "clusterrolebindingClusterAdmin", Default: true, Rules: []string{"cluster-admin-binding"}, Fixtures: map[string]string{
		"failure.all_verbs.yaml":                 whyBindsOwnAdminRole,
		"failure.all_verbs_different_order.yaml": whyBindsOwnAdminRole,
		"failure.binding_to_system_prefix.yaml":  whyBindsSystemRole,
		"failure.wildcards.yaml":                 whyBindsOwnAdminRole,
	}},
	{Peer: Polaris, Check: "clusterrolebindingPodExecAttach", Default: true, Rules: []string{"rbac-exec-attach"}, Fixtures: map[string]string{
		"failure.binding_points_to_missing_ref.yaml": whyBindsMissingRole,
		"failure.binding_to_system_prefix.yaml":      whySystemExecRole,
		"success.gce_calico_binding.yaml":            whyVendorAdminRole,
		"success.system_prefix_binding.yaml":         whySystemBindingOwnRole,
	},
		Note: whyRoleNotBinding},
	{Peer: Polaris, Check: "cpuLimitsMissing", Default: true, Note: noteCPULimit},
	{Peer: Polaris, Check: "cpuRequestsMissing", Default: true, Rules: []string{"missing-resources"}, Fixtures: map[string]string{
		"success.yaml": noteOneRule + "the fixture sets CPU and memory requests but no memory limit, so podlint reports it (Polaris's memoryLimitsMissing fails it too)",
	}},
	{Peer: Polaris, Check: "dangerousCapabilities", Default: true, Rules: []string{"dangerous-capabilities"}},
	{Peer: Polaris, Check: "deploymentMissingReplicas", Default: true, Rules: []string{"single-replica"}, Fixtures: map[string]string{
		"failure.yaml": "the fixture is apiVersion: v1, kind: Deployment, which no API server serves: podlint reports schema and runs no rule on it (with apps/v1 it agrees)",
	}},
	{Peer: Polaris, Check: "hostIPCSet", Default: true, Rules: []string{"host-namespaces"}},
	{Peer: Polaris, Check: "hostNetworkSet", Default: true, Rules: []string{"host-namespaces"}},
	{Peer: Polaris, Check: "hostPIDSet", Default: true, Rules: []string{"host-namespaces"}},
	{Peer: Polaris, Check: "hostPathSet", Default: true, Rules: []string{"host-path"},
		Note: "off by default in podlint: a hostPath is often needed (log shippers, CSI drivers); the sensitive ones are sensitive-host-path, which is on"},
	{Peer: Polaris, Check: "hostPortSet", Default: true, Rules: []string{"host-port"}},
	{Peer: Polaris, Check: "hostProcess", Default: true, Rules: []string{"host-process"}},
	{Peer: Polaris, Check: "hpaMaxAvailability", Default: true, Rules: []string{"hpa-max-replicas"}},
	{Peer: Polaris, Check: "hpaMinAvailability", Default: true, Rules: []string{"hpa-min-replicas"}, Fixtures: map[string]string{
		"success.minReplicaAbsent.yaml": "minReplicas is unset and the API server defaults it to 1: the autoscaler may leave a single replica, as with minReplicas: 1, which Polaris fails",
	}},
	{Peer: Polaris, Check: "imageRegistry", Note: noteCustomExample},
	{Peer: Polaris, Check: "insecureCapabilities", Default: true, Rules: []string{"capabilities-not-dropped"}},
	{Peer: Polaris, Check: "linuxHardening", Default: true, Rules: []string{"linux-hardening"}},
	{Peer: Polaris, Check: "livenessProbeMissing", Default: true, Rules: []string{"missing-probes"}, Note: noteProbes},
	{Peer: Polaris, Check: "memoryLimitsMissing", Default: true, Rules: []string{"missing-resources"}, Fixtures: map[string]string{
		"success.yaml": noteOneRule + "the fixture sets a memory limit (which is also its memory request) but no CPU request, so podlint reports it (Polaris's cpuRequestsMissing fails it too)",
	}},
	{Peer: Polaris, Check: "memoryRequestsMissing", Default: true, Rules: []string{"missing-resources"}, Fixtures: map[string]string{
		"success.yaml": noteOneRule + "the fixture sets a memory request but no CPU request and no memory limit, so podlint reports it (Polaris's cpuRequestsMissing and memoryLimitsMissing fail it too)",
	}},
	{Peer: Polaris, Check: "metadataAndInstanceMismatched", Default: true, Rules: []string{"instance-label-mismatch"}, Fixtures: map[string]string{
		"failure.unspecified.yaml": "the Pod has no app.kubernetes.io/instance label at all: nothing is mismatched, and podlint does not ask for the recommended labels",
	}},
	{Peer: Polaris, Check: "missingNetworkPolicy", Default: true, Rules: []string{"missing-network-policy"}, Fixtures: map[string]string{
		"failure.netpol_missing_egress_rules.yaml":  "a NetworkPolicy that lists Egress in policyTypes with no egress rules denies all egress: the Pods are isolated, the strictest policy there is",
		"failure.netpol_missing_ingress_rules.yaml": "a NetworkPolicy that lists Ingress in policyTypes with no ingress rules denies all ingress: the Pods are isolated, the strictest policy there is",
	}},
	{Peer: Polaris, Check: "missingPodDisruptionBudget", Default: true, Rules: []string{"missing-pdb"}},
	{Peer: Polaris, Check: "nakedPod", Rules: []string{"bare-pod"}, Fixtures: map[string]string{
		"success.yaml": "the fixture is a Pod that names no controller in ownerReferences, as the failure is (they differ in a label only): podlint reports both, since nothing recreates such a Pod when its node fails",
	}},
	{Peer: Polaris, Check: "notReadOnlyRootFilesystem", Default: true, Rules: []string{"writable-root-fs"}, Fixtures: map[string]string{
		"failure.yaml":     noteNoName,
		"failure.pod.yaml": noteNoName + "; readOnlyRootFilesystem under the Pod's securityContext is a field the API server does not know (schema)",
	}},
	{Peer: Polaris, Check: "oneController", Note: noteCustomExample},
	{Peer: Polaris, Check: "pdbDisruptionsIsZero", Default: true, Rules: []string{"pdb-zero-disruptions"}, Fixtures: map[string]string{
		"failure.either.yaml": whyPDBv1,
		"failure.max.yaml":    whyPDBv1,
		"failure.min.yaml":    whyPDBv1,
	}},
	{Peer: Polaris, Check: "pdbMinAvailableGreaterThanHPAMinReplicas", Default: true, Rules: []string{"pdb-blocks-eviction"},
		Note: "podlint also judges the budget against the workload's replicas when no HPA scales it, and reports a budget equal to the HPA's minimum (it allows no disruption there)",
		Fixtures: map[string]string{
			"failure-gt-percent.yaml":      "minAvailable: 150% is a percentage the API server rejects (invalid-value), and 100% is pdb-zero-disruptions' case",
			"success.equals.yaml":          "minAvailable 5 with an HPA minReplicas of 5 allows no disruption at the HPA's minimum, so a drain blocks (kube-linter's pdb-min-available fails it too)",
			"success.no-hpa.yaml":          "the Deployment sets no replicas, so it runs 1 Pod, and minAvailable 5 of 1 blocks every eviction",
			"success.hpa-no-match.yaml":    "no HPA scales the Deployment, which runs 1 Pod (replicas unset), and minAvailable 5 of 1 blocks every eviction",
			"success.no-min-replicas.yaml": "the API server defaults the HPA's minReplicas to 1, so at low load the budget requires 2 of 1 Pod",
		}},
	{Peer: Polaris, Check: "pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas", Default: true, Rules: []string{"pdb-blocks-eviction"},
		Note: "the name later versions of Polaris give pdbMinAvailableGreaterThanHPAMinReplicas"},
	{Peer: Polaris, Check: "priorityClassNotSet", Default: true, Rules: []string{"missing-priority-class"}},
	{Peer: Polaris, Check: "privilegeEscalationAllowed", Default: true, Rules: []string{"privilege-escalation"}},
	{Peer: Polaris, Check: "procMount", Default: true, Rules: []string{"unmasked-proc-mount"}},
	{Peer: Polaris, Check: "pullPolicyNotAlways", Default: true, Rules: []string{"image-pull-policy"}, Fixtures: map[string]string{
		"failure.yaml":          whyUntaggedPullsAlways,
		"failure.cron-job.yaml": whyUntaggedPullsAlways,
	}},
	{Peer: Polaris, Check: "readinessProbeMissing", Default: true, Rules: []string{"missing-probes"}, Note: noteProbes},
	{Peer: Polaris, Check: "resourceRange", Note: noteCustomExample},
	{Peer: Polaris, Check: "rolePodExecAttach", Default: true, Rules: []string{"rbac-exec-attach"}, Fixtures: map[string]string{
		"success.gce_calico_binding.yaml": whyVendorAdminRole,
	}},
	{Peer: Polaris, Check: "rolebindingClusterAdminClusterRole", Default: true, Rules: []string{"cluster-admin-binding"}, Fixtures: map[string]string{
		"failure.all_verbs.yaml":                 whyBindsOwnAdminRole,
		"failure.all_verbs_different_order.yaml": whyBindsOwnAdminRole,
		"failure.binding_to_system_prefix.yaml":  whyBindsSystemRole,
		"failure.wildcards.yaml":                 whyBindsOwnAdminRole,
	}},
	{Peer: Polaris, Check: "rolebindingClusterAdminRole", Default: true, Rules: []string{"cluster-admin-binding"}, Fixtures: map[string]string{
		"failure.all_verbs.yaml":                 whyBindsOwnAdminRole,
		"failure.all_verbs_different_order.yaml": whyBindsOwnAdminRole,
		"failure.binding_to_system_prefix.yaml":  whyBindsSystemRole,
		"failure.wildcards.yaml":                 whyBindsOwnAdminRole,
	}},
	{Peer: Polaris, Check: "rolebindingClusterRolePodExecAttach", Default: true, Rules: []string{"rbac-exec-attach"}, Fixtures: map[string]string{
		"failure.binding_points_to_missing_ref.yaml": whyBindsMissingRole,
		"failure.binding_to_system_prefix.yaml":      whySystemExecRole,
		"success.gce_calico_binding.yaml":            whyVendorAdminRole,
		"success.system_prefix_binding.yaml":         whySystemBindingOwnRole,
	},
		Note: whyRoleNotBinding},
	{Peer: Polaris, Check: "rolebindingRolePodExecAttach", Default: true, Rules: []string{"rbac-exec-attach"}, Fixtures: map[string]string{
		"failure.binding_points_to_missing_ref.yaml":     whyBindsMissingRole,
		"failure.binding_to_system_prefix.yaml":          whySystemExecRole,
		"success.gce_calico_binding.yaml":                whyVendorAdminRole,
		"success.role_binding_cluster_role_binding.yaml": "the role is a ClusterRole, which Polaris judges under rolebindingClusterRolePodExecAttach; podlint's one rule judges the role, whatever binds it",
		"success.system_prefix_binding.yaml":             whySystemBindingOwnRole,
	},
		Note: whyRoleNotBinding},
	{Peer: Polaris, Check: "runAsPrivileged", Default: true, Rules: []string{"privileged-container"}, Fixtures: map[string]string{
		"failure.yaml":                          noteNoName,
		"failure.pod.yaml":                      noteNoName + "; privileged under the Pod's securityContext is a field the API server does not know (schema)",
		"failure.two_cont.yaml":                 noteNoName + "; privileged under the Pod's securityContext is a field the API server does not know (schema)",
		"failure.two_cont_one_unspecified.yaml": noteNoName + "; privileged under the Pod's securityContext is a field the API server does not know (schema)",
	}},
	{Peer: Polaris, Check: "runAsRootAllowed", Default: true, Rules: []string{"run-as-root"}, Fixtures: map[string]string{
		"failure.yaml": "the fixture is apiVersion: v1, kind: Deployment, which no API server serves: podlint reports schema and runs no rule on it",
	}},
	{Peer: Polaris, Check: "sensitiveConfigmapContent", Default: true, Rules: []string{"secret-in-configmap"}},
	{Peer: Polaris, Check: "sensitiveContainerEnvVar", Default: true, Rules: []string{"secret-in-env"}, Fixtures: map[string]string{
		"failure.value_private_key.yaml": "secret-in-env judges a variable by its name (PASSWORD, TOKEN, API_KEY, ...); the_good_stuff, whose value is a private key, names nothing secret",
	}},
	{Peer: Polaris, Check: "tagNotSpecified", Default: true, Rules: []string{"image-tag"}},
	{Peer: Polaris, Check: "tlsSettingsMissing", Default: true, Rules: []string{"ingress-without-tls"}},
	{Peer: Polaris, Check: "topologySpreadConstraint", Default: true, Rules: []string{"missing-topology-spread"}},
}
