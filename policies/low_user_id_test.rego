package podlint.policies["low-user-id_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["low-user-id"] as policy

lint(pod_sc, sc) := d if {
	d := policy.deny with podlint.workload as fixtures.in_pod with input as fixtures.pod({"securityContext": pod_sc, "containers": [{"name": "c", "securityContext": sc}]})
}

test_low_ids_reported_where_written if {
	fixtures.paths(lint({"runAsUser": 1000}, {"runAsGroup": 0})) == {"spec.securityContext.runAsUser", "spec.containers[0].securityContext.runAsGroup"}
}

test_container_overrides_pod if {
	count(lint({"runAsUser": 1000, "runAsGroup": 1000}, {"runAsUser": 10001, "runAsGroup": 20000})) == 0
}

test_root_user_and_unset_clean if {
	count(lint({"runAsUser": 0}, {})) == 0
	count(lint({}, {})) == 0
}
