package podlint.policies["hpa-min-replicas_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["hpa-min-replicas"] as policy

hpa(spec) := {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"}, "spec": object.union({"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "maxReplicas": 5}, spec)}

test_one_or_unset_reported if {
	fixtures.paths(policy.deny) == {"spec.minReplicas"} with input as hpa({"minReplicas": 1})
	some f in policy.deny with input as hpa({})
	contains(f.msg, "Deployment web down to 1 replica (minReplicas unset, which is 1)")
}

test_two_clean if {
	count(policy.deny) == 0 with input as hpa({"minReplicas": 2})
}
