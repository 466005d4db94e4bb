package podlint.policies["missing-ephemeral-storage_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["missing-ephemeral-storage"] as policy

lint(spec) := d if {
	d := policy.deny with podlint.workload as fixtures.in_pod with input as fixtures.pod(spec)
}

test_missing_reported_at_resources if {
	spec := {"initContainers": [{"name": "setup"}], "containers": [fixtures.hardened, fixtures.container({"name": "ok", "resources": {"limits": {"ephemeral-storage": "1Gi"}}})]}
	fixtures.paths(lint(spec)) == {"spec.containers[0].resources"}
}

test_request_alone_reported if {
	count(lint({"containers": [fixtures.container({"resources": {"requests": {"ephemeral-storage": "1Gi"}}})]})) == 1
}

test_pod_level_limit_clean if {
	count(lint({"resources": {"limits": {"ephemeral-storage": "2Gi"}}, "containers": [fixtures.hardened]})) == 0
}
