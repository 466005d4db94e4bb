# METADATA
# title: rbac
# description: >-
#   The Roles, ClusterRoles and bindings a manifest writes, each rule with
#   its path, and what a rule grants as the API server's authorizer matches
#   it: a wildcard verb, resource or API group matches everything.
package podlint.lib.rbac

# role holds for a Role or ClusterRole of the user's: the cluster's own
# (system:*, and the default user-facing roles) are not judged.
role if {
	input.kind in {"Role", "ClusterRole"}
	startswith(input.apiVersion, "rbac.authorization.k8s.io/")
	not provided(input.metadata.name)
}

# binding holds for a RoleBinding or ClusterRoleBinding of the user's.
binding if {
	input.kind in {"RoleBinding", "ClusterRoleBinding"}
	startswith(input.apiVersion, "rbac.authorization.k8s.io/")
	not startswith(input.metadata.name, "system:")
}

provided(name) if startswith(name, "system:")

provided(name) if name in {"cluster-admin", "admin", "edit", "view"}

# rules maps the path of every rule of the role in input to the rule.
rules[path] := r if {
	role
	some i, r in input.rules
	path := sprintf("rules[%d]", [i])
}

# grants holds when rule r allows one of verbs (each given, or "*") on
# resource of the core API group, such as "secrets" or "pods/exec".
grants(r, resource, verbs) if {
	some g in r.apiGroups
	g in {"", "*"}
	some res in r.resources
	matches(res, resource)
	some v in r.verbs
	v in verbs
}

matches(res, _) if res == "*"

matches(res, want) if res == want

# "*/exec" matches the exec subresource of every resource.
matches(res, want) if {
	[_, sub] := split(want, "/")
	res == concat("", ["*/", sub])
}

# scope names where a role's grants reach, for messages.
scope := "every namespace" if input.kind == "ClusterRole"

scope := sprintf("namespace %s", [input.metadata.namespace]) if {
	input.kind == "Role"
	input.metadata.namespace
}

scope := "its namespace" if {
	input.kind == "Role"
	not input.metadata.namespace
}
