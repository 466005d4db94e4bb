# METADATA
# title: container runs privileged
# description: >-
#   A privileged container has every capability of the node and sees its
#   devices: one compromise of the container owns the host and every Pod on it.
# custom:
#   severity: error
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
#                 privileged: true
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
#                 privileged: false
#                 allowPrivilegeEscalation: false
#                 readOnlyRootFilesystem: true
#               resources:
#                 requests: {cpu: 100m, memory: 128Mi}
#                 limits: {memory: 128Mi}
#               readinessProbe:
#                 httpGet: {path: /, port: 8080}
package podlint.policies["privileged-container"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	x.container.securityContext.privileged == true
	path := concat("", [x.path, ".securityContext.privileged"])
	msg := sprintf("%s %q runs privileged: it has every capability of the node", [pods.kind_names[x.kind], x.container.name])
}

