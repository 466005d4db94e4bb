package podlint.policies["missing-resources_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["missing-resources"] as policy

test_nothing_set_reported_once if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "web"})
	fixtures.paths(findings) == {"spec.template.spec.containers[0].resources"}
	count(findings) == 1
}

test_limits_alone_are_enough if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "web", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}})
}

test_missing_memory_limit_reported if {
	count(policy.deny) == 1 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "web", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}})
}

test_pod_level_resources_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment({"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}, "containers": [{"name": "a"}]})
}

test_init_containers_skipped_sidecars_checked if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.deployment({
		"initContainers": [{"name": "setup"}, {"name": "proxy", "restartPolicy": "Always"}],
		"containers": [fixtures.hardened],
	})
	fixtures.paths(findings) == {"spec.template.spec.initContainers[1].resources"}
}

# A field set to false counts as missing, as a reference in a rule body.
test_false_counts_as_missing if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "web", "resources": {"requests": {"cpu": false, "memory": "1Gi"}, "limits": {"memory": "1Gi"}}})
	[f.msg | some f in findings] == ["container \"web\" sets no CPU request"]
}

test_message_lists_what_is_missing_in_order if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "web", "resources": {"requests": {"memory": "1Gi"}}})
	[f.msg | some f in findings] == ["container \"web\" sets no CPU request, memory limit"]
}
