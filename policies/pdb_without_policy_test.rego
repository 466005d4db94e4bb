package podlint.policies["pdb-without-policy_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["pdb-without-policy"] as policy

pdb(spec) := {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"}, "spec": spec}

test_neither_reported if {
	fixtures.paths(policy.deny) == {"spec"} with input as pdb({"selector": {"matchLabels": {"app": "web"}}})
}

test_either_clean if {
	count(policy.deny) == 0 with input as pdb({"minAvailable": 0})
	count(policy.deny) == 0 with input as pdb({"maxUnavailable": "25%"})
}
