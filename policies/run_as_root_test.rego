package podlint.policies["run-as-root_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["run-as-root"] as policy

test_nothing_set_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "web"})
	fixtures.paths(findings) == {"spec.template.spec.containers[0].securityContext.runAsNonRoot"}
}

test_pod_level_non_root_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a"}, {"name": "b"}]})
}

test_non_zero_uid_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment({"securityContext": {"runAsUser": 1000}, "containers": [{"name": "a"}]})
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "a", "securityContext": {"runAsUser": 101}})
}

test_container_overrides_pod if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.deployment({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a", "securityContext": {"runAsNonRoot": false}}]})
	fixtures.paths(findings) == {"spec.template.spec.containers[0].securityContext.runAsNonRoot"}
}

test_uid_zero_reported_where_set if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.deployment({"securityContext": {"runAsUser": 0}, "containers": [{"name": "a"}, {"name": "b", "securityContext": {"runAsUser": 1000}}]})
	fixtures.paths(findings) == {"spec.template.spec.securityContext.runAsUser"}
	count(findings) == 1
}

test_uid_zero_reported_even_with_run_as_non_root if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "a", "securityContext": {"runAsNonRoot": true, "runAsUser": 0}})
	fixtures.paths(findings) == {"spec.template.spec.containers[0].securityContext.runAsUser"}
}

test_ephemeral_containers_skipped if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment({"containers": [fixtures.hardened], "ephemeralContainers": [{"name": "debug"}]})
}

test_pod_level_run_as_non_root_reported_at_the_pod if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.deployment({"securityContext": {"runAsNonRoot": false}, "containers": [{"name": "a"}, {"name": "b", "securityContext": {"runAsNonRoot": true}}]})
	fixtures.paths(findings) == {"spec.template.spec.securityContext.runAsNonRoot"}
}

test_negative_or_null_uid_leaves_run_as_non_root_to_decide if {
	count(policy.deny) == 1 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "a", "securityContext": {"runAsUser": -1}})
	count(policy.deny) == 1 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "a", "securityContext": {"runAsUser": null}})
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "a", "securityContext": {"runAsUser": -1, "runAsNonRoot": true}})
}
