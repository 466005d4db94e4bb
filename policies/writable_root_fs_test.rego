package podlint.policies["writable-root-fs_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["writable-root-fs"] as policy

test_unset_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.deployment({"containers": [fixtures.hardened, {"name": "b"}]})
	fixtures.paths(findings) == {"spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem"}
}

test_false_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.container({"securityContext": {"readOnlyRootFilesystem": false}}))
	count(findings) == 1
}

test_read_only_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.hardened)
}

test_null_security_context_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "a", "securityContext": null})
	fixtures.paths(findings) == {"spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem"}
}
