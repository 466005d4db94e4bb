# METADATA
# title: container may gain more privileges than it starts with
# description: >-
#   Unless allowPrivilegeEscalation is false, a process in the container can
#   gain privileges through setuid binaries or file capabilities, the first
#   step of most container escapes. Privileged containers and containers with
#   CAP_SYS_ADMIN can always escalate; privileged-container and dangerous-
#   capabilities report those.
# custom:
#   id: privilege-escalation
#   severity: warning
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
package podlint.policies.privilege_escalation

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.runtime_containers
	not pods.windows
	not always_escalates(x.container)
	sc := pods.security_context(x.container)
	not sc.allowPrivilegeEscalation == false
	path := sprintf("%s.securityContext.allowPrivilegeEscalation", [x.path])
	msg := sprintf("%s may gain privileges: set securityContext.allowPrivilegeEscalation to false", [pods.name(x)])
}

# A privileged container, or one with CAP_SYS_ADMIN, always escalates, and
# the API server rejects allowPrivilegeEscalation: false beside them.
deny contains {"msg": msg, "path": path} if {
	some x in pods.runtime_containers
	always_escalates(x.container)
	pods.security_context(x.container).allowPrivilegeEscalation == false
	path := sprintf("%s.securityContext.allowPrivilegeEscalation", [x.path])
	msg := sprintf("%s sets allowPrivilegeEscalation to false but is privileged or adds SYS_ADMIN, which always escalate; the API server rejects this combination", [pods.name(x)])
}

always_escalates(c) if pods.security_context(c).privileged == true

always_escalates(c) if "SYS_ADMIN" in pods.added_capabilities(c)

always_escalates(c) if "ALL" in pods.added_capabilities(c)
