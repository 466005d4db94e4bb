package podlint.policies["privilege-escalation_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["privilege-escalation"] as policy

test_unset_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "web"})
	fixtures.paths(findings) == {"spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation"}
}

test_true_reported_for_init_containers_too if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.deployment({
		"initContainers": [{"name": "i", "securityContext": {"allowPrivilegeEscalation": true}}],
		"containers": [fixtures.hardened],
	})
	fixtures.paths(findings) == {"spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation"}
}

test_false_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.hardened)
}

# privileged-container and dangerous-capabilities report these.
test_privileged_or_sys_admin_left_to_other_policies if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "a", "securityContext": {"privileged": true}})
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "a", "securityContext": {"capabilities": {"add": ["CAP_SYS_ADMIN"]}}})
}

test_false_with_privileged_is_a_conflict if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "a", "securityContext": {"privileged": true, "allowPrivilegeEscalation": false}})
	fixtures.paths(findings) == {"spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation"}
}

test_windows_pods_skipped if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment({"os": {"name": "windows"}, "containers": [{"name": "a"}]})
}
