# METADATA
# title: pod shares the node's network, PID or IPC namespace
# description: >-
#   hostNetwork, hostPID and hostIPC put the Pod in the node's own namespaces:
#   it can sniff and bind the node's network, see and signal every process of
#   the node, or read other workloads' shared memory.
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
#           hostNetwork: true
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
package podlint.policies["host-namespaces"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some field in ["hostNetwork", "hostPID", "hostIPC"]
	pods.pod_spec[field] == true
	path := concat(".", [pods.spec_path, field])
	msg := concat("", ["the Pod shares the node's ", namespaces[field], " namespace (", field, ": true)"])
}

namespaces := {"hostNetwork": "network", "hostPID": "process", "hostIPC": "IPC"}
