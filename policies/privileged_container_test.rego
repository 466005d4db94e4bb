package podlint.policies["privileged-container_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["privileged-container"] as policy

test_privileged_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.container({"securityContext": {"privileged": true}}))
	fixtures.paths(findings) == {"spec.template.spec.containers[0].securityContext.privileged"}
}

test_privileged_init_container_in_cronjob if {
	findings := policy.deny with podlint.workload as fixtures.in_cronjob with input as fixtures.cronjob({"initContainers": [{"name": "i", "securityContext": {"privileged": true}}], "containers": [fixtures.hardened]})
	fixtures.paths(findings) == {"spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.privileged"}
}

test_not_privileged_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.container({"securityContext": {"privileged": false}}))
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.hardened)
}

# A container without a name is named by no message, so it has no finding,
# as with pods.name.
test_nameless_container_not_reported if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"securityContext": {"privileged": true}})
}
