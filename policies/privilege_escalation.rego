# METADATA
# title: container may gain more privileges than it starts with
# description: >-
#   Unless allowPrivilegeEscalation is false, a process in the container can
#   gain privileges through setuid binaries or file capabilities, the first
#   step of most container escapes. Privileged containers and containers with
#   CAP_SYS_ADMIN can always escalate; privileged-container and
#   dangerous-capabilities report those.
# custom:
#   severity: warning
#   family: security
#   bad: |
#     apiVersion: apps/v1
#     kind: Deployment
#     metadata:
#       name: web
#     spec:
#       selector:
#         matchLabels: {app: web}
#       template:
#         metadata:
#           labels: {app: web}
#         spec:
#           securityContext:
#             runAsNonRoot: true
#           containers:
#             - name: web
#               image: nginx:1.27
#               securityContext:
#                 readOnlyRootFilesystem: true
#               resources:
#                 requests: {cpu: 100m, memory: 128Mi}
#                 limits: {memory: 128Mi}
#               readinessProbe:
#                 httpGet: {path: /, port: 8080}
#   good: |
#     apiVersion: apps/v1
#     kind: Deployment
#     metadata:
#       name: web
#     spec:
#       selector:
#         matchLabels: {app: web}
#       template:
#         metadata:
#           labels: {app: web}
#         spec:
#           securityContext:
#             runAsNonRoot: true
#           containers:
#             - name: web
#               image: nginx:1.27
#               securityContext:
#                 allowPrivilegeEscalation: false
#                 readOnlyRootFilesystem: true
#               resources:
#                 requests: {cpu: 100m, memory: 128Mi}
#                 limits: {memory: 128Mi}
#               readinessProbe:
#                 httpGet: {path: /, port: 8080}
package podlint.policies["privilege-escalation"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	not pods.windows
	escalating := always_escalates # read once, not per container
	some x in pods.containers
	x.kind != "ephemeral"
	object.get(x.container, ["securityContext", "allowPrivilegeEscalation"], null) != false
	not x.path in escalating
	path := concat("", [x.path, ".securityContext.allowPrivilegeEscalation"])
	msg := sprintf("%s %q may gain privileges: set securityContext.allowPrivilegeEscalation to false", [pods.kind_names[x.kind], x.container.name])
}

# A privileged container, or one with CAP_SYS_ADMIN, always escalates, and
# the API server rejects allowPrivilegeEscalation: false beside them.
deny contains {"msg": msg, "path": path} if {
	some p in always_escalates
	x := pods.containers[p]
	x.kind != "ephemeral"
	x.container.securityContext.allowPrivilegeEscalation == false
	path := concat("", [p, ".securityContext.allowPrivilegeEscalation"])
	msg := sprintf("%s %q sets allowPrivilegeEscalation to false but is privileged or adds SYS_ADMIN, which always escalate; the API server rejects this combination", [pods.kind_names[x.kind], x.container.name])
}

# always_escalates holds the paths of the containers that are privileged
# or add SYS_ADMIN or ALL; a set built once and read whole (x.path in
# always_escalates), so that no function is called per container.
always_escalates contains x.path if {
	some x in pods.containers
	x.container.securityContext.privileged == true
}

always_escalates contains x.path if {
	some x in pods.containers
	some n in x.container.securityContext.capabilities.add
	pods.capability(n) in {"SYS_ADMIN", "ALL"}
}
