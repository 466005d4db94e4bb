package podlint.policies["host-process_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["host-process"] as policy

test_pod_and_container_reported if {
	c := fixtures.container({"securityContext": {"windowsOptions": {"hostProcess": true}}})
	spec := {"securityContext": {"windowsOptions": {"hostProcess": true}}, "containers": [c, fixtures.hardened]}
	fixtures.paths(policy.deny) == {
		"spec.securityContext.windowsOptions.hostProcess",
		"spec.containers[0].securityContext.windowsOptions.hostProcess",
	} with podlint.workload as fixtures.in_pod with input as fixtures.pod(spec)
}

test_false_clean if {
	c := fixtures.container({"securityContext": {"windowsOptions": {"hostProcess": false}}})
	spec := {"securityContext": {"windowsOptions": {"hostProcess": false}}, "containers": [c]}
	count(policy.deny) == 0 with podlint.workload as fixtures.in_pod with input as fixtures.pod(spec)
}
