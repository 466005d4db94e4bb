package podlint.lib.rbac_test

import data.podlint.lib.rbac

role(kind, name, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": name}, "rules": rules}

test_rules_of_the_users_roles if {
	got := rbac.rules with input as role("ClusterRole", "app", [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}])
	object.keys(got) == {"rules[0]"}
	count(rbac.rules) == 0 with input as role("ClusterRole", "system:controller", [{"verbs": ["*"]}])
	count(rbac.rules) == 0 with input as role("ClusterRole", "edit", [{"verbs": ["*"]}])
	count(rbac.rules) == 0 with input as object.union(role("Role", "x", [{"verbs": ["*"]}]), {"apiVersion": "example.com/v1"})
}

test_grants_matches_wildcards_and_subresources if {
	rbac.grants({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}, "pods/exec", {"create", "*"})
	rbac.grants({"apiGroups": [""], "resources": ["*/exec"], "verbs": ["create"]}, "pods/exec", {"create", "*"})
	rbac.grants({"apiGroups": [""], "resources": ["secrets"], "verbs": ["list"]}, "secrets", {"get", "list", "watch", "*"})
	not rbac.grants({"apiGroups": ["apps"], "resources": ["secrets"], "verbs": ["list"]}, "secrets", {"list"})
	not rbac.grants({"apiGroups": [""], "resources": ["pods"], "verbs": ["create"]}, "pods/exec", {"create"})
	not rbac.grants({"apiGroups": [""], "resources": ["pods/*"], "verbs": ["create"]}, "pods/exec", {"create"})
}

test_scope if {
	rbac.scope == "every namespace" with input as role("ClusterRole", "a", [])
	rbac.scope == "namespace shop" with input as object.union(role("Role", "a", []), {"metadata": {"namespace": "shop"}})
	rbac.scope == "its namespace" with input as role("Role", "a", [])
}
