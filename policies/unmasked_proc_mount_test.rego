package podlint.policies["unmasked-proc-mount_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["unmasked-proc-mount"] as policy

with_mount(m) := fixtures.with_container(fixtures.container({"securityContext": {"procMount": m}}))

test_unmasked_reported if {
	fixtures.paths(policy.deny) == {"spec.template.spec.containers[0].securityContext.procMount"} with podlint.workload as fixtures.in_template with input as with_mount("Unmasked")
	count(policy.deny) == 1 with podlint.workload as fixtures.in_template with input as with_mount("Other")
}

test_default_or_unset_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_mount("Default")
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.hardened)
}
