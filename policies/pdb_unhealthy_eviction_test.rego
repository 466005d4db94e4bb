package podlint.policies["pdb-unhealthy-eviction_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["pdb-unhealthy-eviction"] as policy

pdb(spec) := {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"}, "spec": spec}

test_unset_reported if {
	fixtures.paths(policy.deny) == {"spec.unhealthyPodEvictionPolicy"} with input as pdb({"maxUnavailable": 1})
}

test_set_clean if {
	count(policy.deny) == 0 with input as pdb({"maxUnavailable": 1, "unhealthyPodEvictionPolicy": "AlwaysAllow"})
	count(policy.deny) == 0 with input as pdb({"maxUnavailable": 1, "unhealthyPodEvictionPolicy": "IfHealthyBudget"})
}
