# METADATA
# title: long-running container has no readiness or liveness probe
# description: >-
#   Without a readiness probe a Service sends traffic to the Pod before it can
#   answer and during a rollout; without a liveness probe a hung process is
#   never restarted. Jobs, CronJobs and init containers run to completion and
#   are not checked.
# custom:
#   severity: warning
#   family: reliability
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
#               resources:
#                 requests: {cpu: 100m, memory: 128Mi}
#                 limits: {memory: 128Mi}
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
package podlint.policies["missing-probes"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": x.path} if {
	pods.long_running
	some x in pods.containers
	x.kind == "app"
	object.get(x.container, "readinessProbe", false) == false
	object.get(x.container, "livenessProbe", false) == false
	msg := sprintf("%s %q has neither a readinessProbe nor a livenessProbe: traffic reaches it before it is ready, and a hung process is never restarted", [pods.kind_names[x.kind], x.container.name])
}
