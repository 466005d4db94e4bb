# METADATA
# title: container binds a port of the node (hostPort)
# description: >-
#   A hostPort opens the port on the address of the node the Pod runs on: the
#   scheduler can then place only one such Pod per node, a rollout can stall for
#   want of a free node, and the port is reachable by anything that reaches the
#   node. Expose the Pod through a Service instead.
# custom:
#   severity: warning
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
#           ports:
#             - containerPort: 8080
#               hostPort: 8080
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           ports:
#             - containerPort: 8080
package podlint.policies["host-port"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	some i, p in x.container.ports
	object.get(p, "hostPort", 0) != 0
	path := sprintf("%s.ports[%d].hostPort", [x.path, i])
	msg := sprintf("%s %q binds port %v of the node (hostPort): one such Pod per node, open on the node's address; expose it through a Service", [pods.kind_names[x.kind], x.container.name, p.hostPort])
}
