package podlint.policies["rbac-secrets-access_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["rbac-secrets-access"] as policy

role(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r", "namespace": "shop"}, "rules": rules}

test_read_reported if {
	findings := policy.deny with input as role([
		{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]},
		{"apiGroups": [""], "resources": ["secrets"], "verbs": ["watch"]},
		{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
	])
	fixtures.paths(findings) == {"rules[1]", "rules[2]"}
	some f in findings
	contains(f.msg, "namespace shop")
}

test_named_or_write_only_clean if {
	count(policy.deny) == 0 with input as role([{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"], "resourceNames": ["app"]}])
	count(policy.deny) == 0 with input as role([{"apiGroups": [""], "resources": ["secrets"], "verbs": ["create"]}])
}
