package podlint.policies["instance-label-mismatch_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["instance-label-mismatch"] as policy

labelled(name, instance) := object.union(fixtures.deployment({"containers": [fixtures.hardened]}), {"metadata": {"name": name, "labels": {"app.kubernetes.io/instance": instance}}})

test_mismatch_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as labelled("web", "api")
	[f] := [f | some f in findings]
	f.path == ["metadata", "labels", "app.kubernetes.io/instance"]
}

test_same_or_helm_prefix_or_unlabelled_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as labelled("web", "web")
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as labelled("demo-basic-demo", "demo")
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment({"containers": [fixtures.hardened]})
}

test_non_workloads_not_checked if {
	cm := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "labels": {"app.kubernetes.io/instance": "y"}}}
	count(policy.deny) == 0 with podlint.workload as {} with input as cm
}
