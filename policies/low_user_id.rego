# METADATA
# title: container runs with a user or group ID below 10000
# description: >-
#   IDs below 10000 are those a node gives its own users and daemons: a process
#   that escapes the container with such an ID has their rights over the node's
#   files. Run with a runAsUser and runAsGroup of 10000 or more. A user ID of 0
#   is run-as-root's to report.
# custom:
#   severity: warning
#   family: security
#   default: off
#   bad: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           securityContext:
#             runAsUser: 1000
#             runAsGroup: 1000
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           securityContext:
#             runAsUser: 10001
#             runAsGroup: 10001
package podlint.policies["low-user-id"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	not pods.windows
	pod_sc := pods.pod_security_context
	some field in ["runAsUser", "runAsGroup"]
	pod_value := object.get(pod_sc, field, null)
	some x in pods.containers
	x.kind != "ephemeral"
	id := object.get(x.container, ["securityContext", field], pod_value)
	is_number(id)
	id < 10000
	id >= minimum[field]
	path := pods.setting_path(x, field)
	msg := sprintf("%s %q runs with %s: %v, below 10000, an ID the node may give a user of its own; use 10000 or more", [pods.kind_names[x.kind], x.container.name, field, id])
}

# User 0 is root, which run-as-root reports; group 0 is not.
minimum := {"runAsUser": 1, "runAsGroup": 0}
