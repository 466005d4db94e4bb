# METADATA
# title: role lets its subjects read Secrets
# description: >-
#   get, list or watch on secrets reads every Secret in reach: service account
#   tokens, passwords, TLS keys, registry credentials, and with them the rights
#   of every workload they belong to. Name the Secrets a subject needs in
#   resourceNames.
# custom:
#   severity: warning
#   family: security
#   kinds: [Role, ClusterRole]
#   default: off
#   bad: |
#     apiVersion: rbac.authorization.k8s.io/v1
#     kind: Role
#     metadata:
#       name: reader
#     rules:
#       - apiGroups: [""]
#         resources: [secrets]
#         verbs: [get, list]
#   good: |
#     apiVersion: rbac.authorization.k8s.io/v1
#     kind: Role
#     metadata:
#       name: reader
#     rules:
#       - apiGroups: [""]
#         resources: [secrets]
#         verbs: [get]
#         resourceNames: [app-config]
package podlint.policies["rbac-secrets-access"]

import data.podlint.lib.rbac

deny contains {"msg": msg, "path": path} if {
	some path, r in rbac.rules
	count(object.get(r, "resourceNames", [])) == 0
	rbac.grants(r, "secrets", {"get", "list", "watch", "*"})
	msg := sprintf("%s %q lets its subjects read every Secret in %s (%s); name the Secrets it needs in resourceNames", [input.kind, input.metadata.name, rbac.scope, concat(", ", r.verbs)])
}
