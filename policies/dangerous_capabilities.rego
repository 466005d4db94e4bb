# METADATA
# title: container adds a dangerous Linux capability
# description: >-
#   Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE or ALL
#   let a process mount file systems, reconfigure the node's network, read
#   other processes' memory or load kernel modules: most of root on the node.
#   Add only what the process needs, and drop ALL first.
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
#                 capabilities:
#                   add: [NET_ADMIN]
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
package podlint.policies["dangerous-capabilities"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	some i, name in x.container.securityContext.capabilities.add
	cap := trim_prefix(upper(name), "CAP_") # pods.capability, inlined
	reason := dangerous[cap]
	path := sprintf("%s.securityContext.capabilities.add[%d]", [x.path, i])
	msg := sprintf("%s %q adds capability %s: %s", [pods.kind_names[x.kind], x.container.name, cap, reason])
}

dangerous := {
	"ALL": "every capability, root on the node in all but name",
	"SYS_ADMIN": "mounts, namespaces and most of root",
	"NET_ADMIN": "reconfigures the network of the Pod or node",
	"SYS_PTRACE": "reads and alters other processes' memory",
	"SYS_MODULE": "loads kernel modules",
	"SYS_RAWIO": "raw access to devices and I/O ports",
	"SYS_BOOT": "reboots the node",
	"SYS_TIME": "sets the node's clock",
	"DAC_READ_SEARCH": "reads any file, bypassing permissions",
	"BPF": "loads BPF programs into the kernel",
	"PERFMON": "observes every process of the node",
	"MAC_ADMIN": "changes the mandatory access control policy",
	"MAC_OVERRIDE": "bypasses the mandatory access control policy",
}
