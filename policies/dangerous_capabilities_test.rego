package podlint.policies["dangerous-capabilities_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["dangerous-capabilities"] as policy

with_caps(add) := fixtures.with_container(fixtures.container({"securityContext": {"capabilities": {"add": add, "drop": ["ALL"]}}}))

test_dangerous_reported_at_each_entry if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as with_caps(["NET_BIND_SERVICE", "cap_sys_admin", "NET_ADMIN"])
	fixtures.paths(findings) == {
		"spec.template.spec.containers[0].securityContext.capabilities.add[1]",
		"spec.template.spec.containers[0].securityContext.capabilities.add[2]",
	}
}

test_all_reported if {
	count(policy.deny) == 1 with podlint.workload as fixtures.in_template with input as with_caps(["ALL"])
}

test_harmless_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_caps(["NET_BIND_SERVICE", "CHOWN"])
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.hardened)
}
