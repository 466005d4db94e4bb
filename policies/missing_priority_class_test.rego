package podlint.policies["missing-priority-class_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["missing-priority-class"] as policy

test_unset_reported if {
	fixtures.paths(policy.deny) == {"spec.jobTemplate.spec.template.spec.priorityClassName"} with podlint.workload as fixtures.in_cronjob with input as fixtures.cronjob({"containers": [fixtures.hardened]})
}

test_set_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_pod with input as fixtures.pod({"priorityClassName": "high", "containers": [fixtures.hardened]})
}
