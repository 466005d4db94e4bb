# METADATA
# title: container mounts /proc without the runtime's masks
# description: >-
#   The runtime masks and makes read-only the parts of /proc that expose the
#   kernel and the node: procMount: Unmasked removes that, so the container can
#   read and write kernel settings and see other workloads' information. Only
#   nested container runtimes in a user namespace need it. Leave procMount
#   unset, or Default.
# custom:
#   severity: error
#   family: security
#   bad: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           securityContext:
#             procMount: Unmasked
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           securityContext:
#             procMount: Default
package podlint.policies["unmasked-proc-mount"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	mount := x.container.securityContext.procMount
	mount != "Default"
	path := concat("", [x.path, ".securityContext.procMount"])
	msg := sprintf("%s %q sets procMount: %v: /proc is mounted without the runtime's masked and read-only paths; leave it unset or Default", [pods.kind_names[x.kind], x.container.name, mount])
}
