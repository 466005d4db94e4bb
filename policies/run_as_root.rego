# METADATA
# title: container may run as root
# description: >-
#   Without runAsNonRoot: true (on the Pod or the container) the kubelet
#   starts the image's user, which is root for most images; with runAsUser: 0
#   it is root for sure. A root process that escapes the container is root on
#   the node.
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
package podlint.policies["run-as-root"]

import data.podlint.lib.pods

# A container or Pod that says runAsUser: 0 runs as root, whatever
# runAsNonRoot says (the kubelet then refuses to start it).
# The effective settings are read with object.get, whose path walk stops
# where a field is missing or not an object as a reference does: the
# container's own securityContext, else the Pod's (pods.effective without a
# function call).
deny contains {"msg": msg, "path": path} if {
	pod_user := pod_run_as_user # read once, not per container
	some x in pods.containers
	x.kind != "ephemeral"
	object.get(x.container, ["securityContext", "runAsUser"], pod_user) == 0
	path := pods.setting_path(x, "runAsUser")
	msg := sprintf("%s %q runs as root (runAsUser: 0)", [pods.kind_names[x.kind], x.container.name])
}

# A runAsUser that is neither 0 nor above it (unset, null, negative) leaves
# runAsNonRoot to decide: < is the complement of >= over every value.
deny contains {"msg": msg, "path": path} if {
	not pods.windows
	pod_user := pod_run_as_user
	pod_non_root := pod_run_as_non_root
	some x in pods.containers
	x.kind != "ephemeral"
	object.get(x.container, ["securityContext", "runAsNonRoot"], pod_non_root) != true
	object.get(x.container, ["securityContext", "runAsUser"], pod_user) < 0
	path := pods.setting_path(x, "runAsNonRoot")
	msg := sprintf("%s %q may run as root: set runAsNonRoot: true, or runAsUser to a non-zero UID", [pods.kind_names[x.kind], x.container.name])
}

pod_run_as_user := object.get(pods.pod_spec, ["securityContext", "runAsUser"], null)

pod_run_as_non_root := object.get(pods.pod_spec, ["securityContext", "runAsNonRoot"], false)
