package podlint.policies["cluster-admin-binding_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["cluster-admin-binding"] as policy

binding(kind, ref, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": {"name": "b"},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": ref},
	"subjects": subjects,
}

sa := {"kind": "ServiceAccount", "name": "ci", "namespace": "ci"}

test_cluster_admin_reported_once if {
	findings := policy.deny with input as binding("ClusterRoleBinding", "cluster-admin", [sa, {"kind": "User", "name": "alice"}])
	[f] := [f | some f in findings]
	f.path == "roleRef.name"
	contains(f.msg, "ServiceAccount ci, User alice")
	count(policy.deny) == 1 with input as binding("RoleBinding", "cluster-admin", [sa])
}

test_other_roles_and_system_subjects_clean if {
	count(policy.deny) == 0 with input as binding("ClusterRoleBinding", "view", [sa])
	count(policy.deny) == 0 with input as binding("ClusterRoleBinding", "cluster-admin", [{"kind": "Group", "name": "system:masters"}])
}
