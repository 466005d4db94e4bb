package podlint.policies["cronjob-deadline_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["cronjob-deadline"] as policy

test_unset_reported if {
	fixtures.paths(policy.deny) == {"spec.startingDeadlineSeconds"} with input as fixtures.cronjob({"containers": [fixtures.hardened]})
}

test_set_clean if {
	count(policy.deny) == 0 with input as object.union(fixtures.cronjob({"containers": [fixtures.hardened]}), {"spec": {"startingDeadlineSeconds": 120}})
	count(policy.deny) == 0 with input as fixtures.job({"containers": [fixtures.hardened]})
}
