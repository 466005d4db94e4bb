# METADATA
# title: container has no CPU or memory requests, or no memory limit
# description: >-
#   Without requests the scheduler places the Pod blind and it is the first to
#   be evicted under pressure; without a memory limit one leaking container
#   can starve every Pod on the node. A request that is missing defaults to
#   the limit, so a limit alone is enough for the request.
# custom:
#   severity: warning
#   family: efficiency
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
package podlint.policies["missing-resources"]

import data.podlint.lib.pods

# Rules of this package are read into local variables before the loop over
# containers: a reference to a rule costs more than one to a variable.
deny contains {"msg": msg, "path": path} if {
	pod := pod_resources
	names := missing_names
	some x in pods.containers
	x.kind in {"app", "sidecar"}
	cpu_request := object.get(x.container, ["resources", "requests", "cpu"], false)
	cpu_limit := object.get(x.container, ["resources", "limits", "cpu"], false)
	memory_request := object.get(x.container, ["resources", "requests", "memory"], false)
	memory_limit := object.get(x.container, ["resources", "limits", "memory"], false)
	missing := names[[
		[cpu_request, cpu_limit, pod.cpu_request, pod.cpu_limit] == [false, false, false, false],
		[memory_request, memory_limit, pod.memory_request, pod.memory_limit] == [false, false, false, false],
		[memory_limit, pod.memory_limit] == [false, false],
	]]
	path := concat("", [x.path, ".resources"])
	msg := sprintf("%s %q sets no %s", [pods.kind_names[x.kind], x.container.name, missing])
}

# A field counts when it is there and not false, as a reference in a rule
# body does, so each is read as false when missing. A request that is not
# set defaults to the limit; Pod-level resources (spec.resources) cover
# every container.
pod_resources := {
	"cpu_request": object.get(pods.pod_spec, ["resources", "requests", "cpu"], false),
	"cpu_limit": object.get(pods.pod_spec, ["resources", "limits", "cpu"], false),
	"memory_request": object.get(pods.pod_spec, ["resources", "requests", "memory"], false),
	"memory_limit": object.get(pods.pod_spec, ["resources", "limits", "memory"], false),
}

# missing_names lists what is missing, in a fixed order, keyed by whether
# [CPU request, memory request, memory limit] are missing; all set is no
# key.
missing_names := {
	[true, true, true]: "CPU request, memory request, memory limit",
	[true, true, false]: "CPU request, memory request",
	[true, false, true]: "CPU request, memory limit",
	[true, false, false]: "CPU request",
	[false, true, true]: "memory request, memory limit",
	[false, true, false]: "memory request",
	[false, false, true]: "memory limit",
}
