package podlint.policies["job-ttl_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["job-ttl"] as policy

job(spec, metadata) := object.union(fixtures.job({"containers": [fixtures.hardened]}), {"spec": spec, "metadata": metadata})

test_unset_reported if {
	fixtures.paths(policy.deny) == {"spec.ttlSecondsAfterFinished"} with input as job({}, {})
}

test_set_owned_or_hook_clean if {
	count(policy.deny) == 0 with input as job({"ttlSecondsAfterFinished": 600}, {})
	count(policy.deny) == 0 with input as job({"ttlSecondsAfterFinished": 0}, {})
	count(policy.deny) == 0 with input as job({}, {"ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "c", "uid": "u"}]})
	count(policy.deny) == 0 with input as job({}, {"annotations": {"helm.sh/hook": "pre-upgrade"}})
	count(policy.deny) == 0 with input as fixtures.cronjob({"containers": [fixtures.hardened]})
}
