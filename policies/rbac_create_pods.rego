# METADATA
# title: role lets its subjects create Pods
# description: >-
#   Whoever can create a Pod can run it as any service account of the namespace
#   and mount any of its Secrets: the right to create Pods is the right to
#   everything those hold. Grant it to the controllers that need it, not to
#   people or to workloads that only read.
# custom:
#   severity: warning
#   family: security
#   kinds: [Role, ClusterRole]
#   default: off
#   bad: |
#     apiVersion: rbac.authorization.k8s.io/v1
#     kind: Role
#     metadata:
#       name: runner
#     rules:
#       - apiGroups: [""]
#         resources: [pods]
#         verbs: [create]
#   good: |
#     apiVersion: rbac.authorization.k8s.io/v1
#     kind: Role
#     metadata:
#       name: runner
#     rules:
#       - apiGroups: [""]
#         resources: [pods]
#         verbs: [get, list]
package podlint.policies["rbac-create-pods"]

import data.podlint.lib.rbac

deny contains {"msg": msg, "path": path} if {
	some path, r in rbac.rules
	rbac.grants(r, "pods", {"create", "*"})
	msg := sprintf("%s %q lets its subjects create Pods in %s, and so run as any of its service accounts and mount any of its Secrets; grant it only to controllers that need it", [input.kind, input.metadata.name, rbac.scope])
}
