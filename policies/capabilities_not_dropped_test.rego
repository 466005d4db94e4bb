package podlint.policies["capabilities-not-dropped_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["capabilities-not-dropped"] as policy

with_drop(drop) := fixtures.with_container(fixtures.container({"securityContext": {"capabilities": {"drop": drop}}}))

test_partial_drop_names_what_is_kept if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as with_drop(["net_raw", "CAP_CHOWN"])
	[f] := [f | some f in findings]
	f.path == "spec.template.spec.containers[0].securityContext.capabilities.drop"
	contains(f.msg, "capabilities AUDIT_WRITE, DAC_OVERRIDE, FOWNER,")
	not contains(f.msg, "NET_RAW")
}

test_nothing_dropped_reported if {
	count(policy.deny) == 1 with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.hardened)
}

test_all_or_every_default_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_drop(["All"])
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_drop([c | some c in policy.defaults])
}

test_privileged_and_ephemeral_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container(fixtures.container({"securityContext": {"privileged": true}}))
	spec := {"containers": [fixtures.container({"securityContext": {"capabilities": {"drop": ["ALL"]}}})], "ephemeralContainers": [{"name": "debug"}]}
	count(policy.deny) == 0 with podlint.workload as fixtures.in_pod with input as fixtures.pod(spec)
}
