package podlint.policies["deprecated-service-account_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["deprecated-service-account"] as policy

lint(spec) := d if {
	d := policy.deny with podlint.workload as fixtures.in_pod with input as fixtures.pod(object.union({"containers": [fixtures.hardened]}, spec))
}

test_deprecated_reported if {
	findings := lint({"serviceAccount": "web"})
	fixtures.paths(findings) == {"spec.serviceAccount"}
	some f in findings
	contains(f.msg, "write serviceAccountName: web")
}

test_conflict_named if {
	some f in lint({"serviceAccount": "old", "serviceAccountName": "new"})
	contains(f.msg, "ignored")
}

test_name_only_clean if {
	count(lint({"serviceAccountName": "web"})) == 0
	count(lint({"serviceAccount": ""})) == 0
}
