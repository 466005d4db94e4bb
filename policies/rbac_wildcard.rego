# METADATA
# title: role grants a wildcard of verbs or resources
# description: >-
#   A "*" in a rule's verbs or resources grants everything there is, and
#   everything added later: new verbs such as escalate, bind and impersonate,
#   and the resources of every CRD installed after. List the verbs and resources
#   the subjects need.
# custom:
#   severity: warning
#   family: security
#   kinds: [Role, ClusterRole]
#   default: off
#   bad: |
#     apiVersion: rbac.authorization.k8s.io/v1
#     kind: ClusterRole
#     metadata:
#       name: reader
#     rules:
#       - apiGroups: [""]
#         resources: [pods]
#         verbs: ["*"]
#   good: |
#     apiVersion: rbac.authorization.k8s.io/v1
#     kind: ClusterRole
#     metadata:
#       name: reader
#     rules:
#       - apiGroups: [""]
#         resources: [pods]
#         verbs: [get, list, watch]
package podlint.policies["rbac-wildcard"]

import data.podlint.lib.rbac

deny contains {"msg": msg, "path": path} if {
	some rule_path, r in rbac.rules
	some field in ["verbs", "resources"]
	some i, v in r[field]
	v == "*"
	path := sprintf("%s.%s[%d]", [rule_path, field, i])
	msg := sprintf("%s %q grants every one of the %s in %s, now and as more are added; list the %s its subjects need", [input.kind, input.metadata.name, field, rbac.scope, field])
}
