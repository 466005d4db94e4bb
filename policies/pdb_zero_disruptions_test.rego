package podlint.policies["pdb-zero-disruptions_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["pdb-zero-disruptions"] as policy

pdb(spec) := {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"}, "spec": spec}

test_zero_reported if {
	fixtures.paths(policy.deny) == {"spec.maxUnavailable"} with input as pdb({"maxUnavailable": 0})
	fixtures.paths(policy.deny) == {"spec.maxUnavailable"} with input as pdb({"maxUnavailable": "0%"})
	fixtures.paths(policy.deny) == {"spec.minAvailable"} with input as pdb({"minAvailable": "100%"})
}

test_some_disruption_clean if {
	count(policy.deny) == 0 with input as pdb({"maxUnavailable": 1})
	count(policy.deny) == 0 with input as pdb({"minAvailable": "50%"})
	count(policy.deny) == 0 with input as pdb({})
}
