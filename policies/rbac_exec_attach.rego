# METADATA
# title: role lets its subjects exec or attach into Pods
# description: >-
#   create or get on pods/exec or pods/attach opens a shell in any running
#   container within reach: its files, its Secrets and its service account
#   token, around every control of the Pod's own. Grant it to people who debug,
#   in the namespaces they own, not to workloads.
# custom:
#   severity: warning
#   family: security
#   kinds: [Role, ClusterRole]
#   bad: |
#     apiVersion: rbac.authorization.k8s.io/v1
#     kind: Role
#     metadata:
#       name: debug
#     rules:
#       - apiGroups: [""]
#         resources: [pods/exec]
#         verbs: [create]
#   good: |
#     apiVersion: rbac.authorization.k8s.io/v1
#     kind: Role
#     metadata:
#       name: debug
#     rules:
#       - apiGroups: [""]
#         resources: [pods/log]
#         verbs: [get]
package podlint.policies["rbac-exec-attach"]

import data.podlint.lib.rbac

# Exec and attach need create, or get over WebSockets.
deny contains {"msg": msg, "path": path} if {
	some path, r in rbac.rules
	granted := [res | some res in ["pods/exec", "pods/attach"]; rbac.grants(r, res, {"create", "get", "*"})]
	count(granted) > 0
	msg := sprintf("%s %q lets its subjects into the running containers of %s (%s); grant it to people who debug, not to workloads", [input.kind, input.metadata.name, rbac.scope, concat(", ", granted)])
}
