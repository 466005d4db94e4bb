package podlint.policies["service-account-token_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["service-account-token"] as policy

test_unset_or_true_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.deployment({"serviceAccountName": "api", "containers": [fixtures.hardened]})
	fixtures.paths(findings) == {"spec.template.spec.automountServiceAccountToken"}
	some f in findings
	contains(f.msg, `"api"`)
	count(policy.deny) == 1 with podlint.workload as fixtures.in_pod with input as fixtures.pod({"automountServiceAccountToken": true, "containers": [fixtures.hardened]})
}

test_false_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_pod with input as fixtures.pod({"automountServiceAccountToken": false, "containers": [fixtures.hardened]})
}
