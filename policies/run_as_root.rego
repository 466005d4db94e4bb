# METADATA
# title: container may run as root
# description: >-
#   Without runAsNonRoot: true (on the Pod or the container) the kubelet
#   starts the image's user, which is root for most images; with runAsUser: 0
#   it is root for sure. A root process that escapes the container is root on
#   the node.
# custom:
#   id: run-as-root
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
package podlint.policies.run_as_root

import data.podlint.lib.pods

# A container or Pod that says runAsUser: 0 runs as root, whatever
# runAsNonRoot says (the kubelet then refuses to start it).
deny contains {"msg": msg, "path": path} if {
	some x in pods.runtime_containers
	pods.effective(x.container, "runAsUser", null) == 0
	path := pods.setting_path(x, "runAsUser")
	msg := sprintf("%s runs as root (runAsUser: 0)", [pods.name(x)])
}

deny contains {"msg": msg, "path": path} if {
	some x in pods.runtime_containers
	not pods.windows
	not pods.effective(x.container, "runAsUser", null) == 0
	not pods.effective(x.container, "runAsNonRoot", false) == true
	not non_root_user(x.container)
	path := pods.setting_path(x, "runAsNonRoot")
	msg := sprintf("%s may run as root: set runAsNonRoot: true, or runAsUser to a non-zero UID", [pods.name(x)])
}

non_root_user(c) if pods.effective(c, "runAsUser", 0) > 0
