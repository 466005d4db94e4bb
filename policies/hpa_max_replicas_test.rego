package podlint.policies["hpa-max-replicas_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["hpa-max-replicas"] as policy

hpa(spec) := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"}, "spec": spec}

test_no_room_reported if {
	fixtures.paths(policy.deny) == {"spec.maxReplicas"} with input as hpa({"minReplicas": 5, "maxReplicas": 5})
	count(policy.deny) == 1 with input as hpa({"maxReplicas": 1})
}

test_room_clean if {
	count(policy.deny) == 0 with input as hpa({"minReplicas": 5, "maxReplicas": 10})
	count(policy.deny) == 0 with input as hpa({"maxReplicas": 2})
}
