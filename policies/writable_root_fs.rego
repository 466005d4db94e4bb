# METADATA
# title: container can write to its root file system
# description: >-
#   With a writable root file system an attacker can drop tools and modify
#   binaries, and state written there silently vanishes on restart. Set
#   readOnlyRootFilesystem: true and mount an emptyDir where the process must
#   write.
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
#                 allowPrivilegeEscalation: false
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
package podlint.policies["writable-root-fs"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	not pods.windows
	some x in pods.containers
	x.kind != "ephemeral"
	object.get(x.container, ["securityContext", "readOnlyRootFilesystem"], null) != true
	path := concat("", [x.path, ".securityContext.readOnlyRootFilesystem"])
	msg := sprintf("%s %q can write to its root file system: set readOnlyRootFilesystem: true", [pods.kind_names[x.kind], x.container.name])
}
