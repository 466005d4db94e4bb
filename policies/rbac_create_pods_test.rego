package podlint.policies["rbac-create-pods_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["rbac-create-pods"] as policy

cr(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": rules}

test_create_reported if {
	fixtures.paths(policy.deny) == {"rules[1]"} with input as cr([
		{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]},
		{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["*"]},
	])
}

test_other_resources_clean if {
	count(policy.deny) == 0 with input as cr([{"apiGroups": [""], "resources": ["pods/log", "services"], "verbs": ["create"]}])
	count(policy.deny) == 0 with input as cr([{"apiGroups": ["apps"], "resources": ["pods"], "verbs": ["create"]}])
}
