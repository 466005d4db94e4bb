package podlint.policies["rbac-wildcard_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["rbac-wildcard"] as policy

cr(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "app"}, "rules": rules}

test_wildcards_reported if {
	findings := policy.deny with input as cr([{"apiGroups": ["*"], "resources": ["pods", "*"], "verbs": ["*"]}])
	fixtures.paths(findings) == {"rules[0].resources[1]", "rules[0].verbs[0]"}
}

test_listed_and_system_roles_clean if {
	count(policy.deny) == 0 with input as cr([{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["get"]}])
	count(policy.deny) == 0 with input as object.union(cr([{"resources": ["*"], "verbs": ["*"]}]), {"metadata": {"name": "system:kube-scheduler"}})
}
