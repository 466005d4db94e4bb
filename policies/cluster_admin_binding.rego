# METADATA
# title: binding grants the cluster-admin role
# description: >-
#   cluster-admin allows every verb on every resource. Bound cluster-wide it is
#   full control of the cluster; bound in a namespace, of that namespace, its
#   Secrets and the service accounts of its Pods. A subject that is compromised,
#   or a mistake made with it, has no limit. Bind a role with the permissions
#   the subject needs.
# custom:
#   severity: warning
#   family: security
#   kinds: [RoleBinding, ClusterRoleBinding]
#   bad: |
#     apiVersion: rbac.authorization.k8s.io/v1
#     kind: ClusterRoleBinding
#     metadata:
#       name: deployer
#     roleRef:
#       apiGroup: rbac.authorization.k8s.io
#       kind: ClusterRole
#       name: cluster-admin
#     subjects:
#       - kind: ServiceAccount
#         name: deployer
#         namespace: ci
#   good: |
#     apiVersion: rbac.authorization.k8s.io/v1
#     kind: ClusterRoleBinding
#     metadata:
#       name: deployer
#     roleRef:
#       apiGroup: rbac.authorization.k8s.io
#       kind: ClusterRole
#       name: deployer
#     subjects:
#       - kind: ServiceAccount
#         name: deployer
#         namespace: ci
package podlint.policies["cluster-admin-binding"]

import data.podlint.lib.rbac

# The cluster's own bindings name only system: groups and users.
deny contains {"msg": msg, "path": "roleRef.name"} if {
	rbac.binding
	input.roleRef.kind == "ClusterRole"
	input.roleRef.name == "cluster-admin"
	names := [sprintf("%s %s", [s.kind, s.name]) | some s in object.get(input, "subjects", [])]
	some s in object.get(input, "subjects", [])
	not startswith(s.name, "system:")
	msg := sprintf("%s %q gives %s cluster-admin, full control of %s; bind a role with only the permissions needed", [input.kind, input.metadata.name, concat(", ", names), reach[input.kind]])
}

reach := {"ClusterRoleBinding": "the cluster", "RoleBinding": "its namespace"}
