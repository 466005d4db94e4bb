# METADATA
# title: secret written as a literal environment variable
# description: >-
#   A password or token written in the manifest lives in version control and
#   in every copy of the object, readable by anyone who can read the
#   Deployment. Keep it in a Secret and refer to it with
#   valueFrom.secretKeyRef.
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
#                 readOnlyRootFilesystem: true
#               resources:
#                 requests: {cpu: 100m, memory: 128Mi}
#                 limits: {memory: 128Mi}
#               env:
#                 - name: DB_PASSWORD
#                   value: hunter2
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
#               env:
#                 - name: DB_PASSWORD
#                   valueFrom:
#                     secretKeyRef: {name: db, key: password}
#               readinessProbe:
#                 httpGet: {path: /, port: 8080}
package podlint.policies["secret-in-env"]

import data.podlint.lib.pods
import data.podlint.lib.secrets

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	some i, e in x.container.env
	secrets.secret_name(e.name)
	secrets.secret_value(e.value)
	path := sprintf("%s.env[%d].value", [x.path, i])
	msg := sprintf("%s %q sets %s to a literal value; keep it in a Secret and use valueFrom.secretKeyRef", [pods.kind_names[x.kind], x.container.name, e.name])
}
