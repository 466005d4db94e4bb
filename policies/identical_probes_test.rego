package podlint.policies["identical-probes_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["identical-probes"] as policy

probe := {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 10}

lint(c) := d if {
	d := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container(c)
}

test_identical_reported if {
	fixtures.paths(lint(fixtures.container({"readinessProbe": probe, "livenessProbe": probe}))) == {"spec.template.spec.containers[0].livenessProbe"}
}

test_different_or_single_clean if {
	count(lint(fixtures.container({"readinessProbe": probe, "livenessProbe": object.union(probe, {"failureThreshold": 6})}))) == 0
	count(lint(fixtures.container({"livenessProbe": probe}))) == 0
	count(lint(fixtures.hardened)) == 0
}
