package podlint.policies["net-raw-not-dropped_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["net-raw-not-dropped"] as policy

with_drop(drop) := fixtures.with_container(fixtures.container({"securityContext": {"capabilities": {"drop": drop}}}))

test_not_dropped_reported_at_drop if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as with_drop(["CHOWN"])
	fixtures.paths(findings) == {"spec.template.spec.containers[0].securityContext.capabilities.drop"}
}

test_no_security_context_reported if {
	count(policy.deny) == 1 with podlint.workload as fixtures.in_pod with input as fixtures.pod({"containers": [{"name": "c", "image": "nginx:1.27"}]})
}

test_init_container_reported_ephemeral_not if {
	spec := {"containers": [fixtures.container({"securityContext": {"capabilities": {"drop": ["ALL"]}}})], "initContainers": [{"name": "i"}], "ephemeralContainers": [{"name": "e"}]}
	fixtures.paths(policy.deny) == {"spec.initContainers[0].securityContext.capabilities.drop"} with podlint.workload as fixtures.in_pod with input as fixtures.pod(spec)
}

test_dropped_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_drop(["ALL"])
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_drop(["all"])
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_drop(["CAP_NET_RAW"])
}

test_privileged_and_windows_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.container({"securityContext": {"privileged": true}}))
	count(policy.deny) == 0 with podlint.workload as fixtures.in_pod with input as fixtures.pod({"os": {"name": "windows"}, "containers": [{"name": "c"}]})
}
