package podlint.policies.missing_resources_test

import data.podlint.lib.fixtures
import data.podlint.policies.missing_resources as policy

test_nothing_set_reported_once if {
	findings := policy.deny with input as fixtures.with_container({"name": "web"})
	fixtures.paths(findings) == {"spec.template.spec.containers[0].resources"}
	count(findings) == 1
}

test_limits_alone_are_enough if {
	count(policy.deny) == 0 with input as fixtures.with_container({"name": "web", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}})
}

test_missing_memory_limit_reported if {
	count(policy.deny) == 1 with input as fixtures.with_container({"name": "web", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}})
}

test_pod_level_resources_clean if {
	count(policy.deny) == 0 with input as fixtures.deployment({"resources": {"limits": {"cpu": "1", "memory": "1Gi"}}, "containers": [{"name": "a"}]})
}

test_init_containers_skipped_sidecars_checked if {
	findings := policy.deny with input as fixtures.deployment({
		"initContainers": [{"name": "setup"}, {"name": "proxy", "restartPolicy": "Always"}],
		"containers": [fixtures.hardened],
	})
	fixtures.paths(findings) == {"spec.template.spec.initContainers[1].resources"}
}
