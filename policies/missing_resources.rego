# METADATA
# title: container has no CPU or memory requests, or no memory limit
# description: >-
#   Without requests the scheduler places the Pod blind and it is the first to
#   be evicted under pressure; without a memory limit one leaking container
#   can starve every Pod on the node. A request that is missing defaults to
#   the limit, so a limit alone is enough for the request.
# custom:
#   id: missing-resources
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
#                 allowPrivilegeEscalation: false
#                 readOnlyRootFilesystem: true
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
package podlint.policies.missing_resources

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.app_containers
	missing := [m | some m in ["CPU request", "memory request", "memory limit"]; not has(x.container, m)]
	count(missing) > 0
	path := sprintf("%s.resources", [x.path])
	msg := sprintf("%s sets no %s", [pods.name(x), concat(", ", missing)])
}

# A request that is not set defaults to the limit; Pod-level resources
# (spec.resources) cover every container.
has(c, "CPU request") if c.resources.requests.cpu

has(c, "CPU request") if c.resources.limits.cpu

has(_, "CPU request") if pods.pod_spec.resources.requests.cpu

has(_, "CPU request") if pods.pod_spec.resources.limits.cpu

has(c, "memory request") if c.resources.requests.memory

has(c, "memory request") if c.resources.limits.memory

has(_, "memory request") if pods.pod_spec.resources.requests.memory

has(_, "memory request") if pods.pod_spec.resources.limits.memory

has(c, "memory limit") if c.resources.limits.memory

has(_, "memory limit") if pods.pod_spec.resources.limits.memory
