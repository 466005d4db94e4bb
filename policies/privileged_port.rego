# METADATA
# title: container listens on a port below 1024
# description: >-
#   Binding a port below 1024 needs root or the NET_BIND_SERVICE capability in
#   many runtimes, so the container cannot drop ALL capabilities or run as a
#   non-root user. Listen on a higher port and map the port users know in the
#   Service (port: 80, targetPort: 8080).
# custom:
#   severity: warning
#   family: security
#   default: off
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
#             - containerPort: 80
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
package podlint.policies["privileged-port"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	some i, p in x.container.ports
	p.containerPort > 0
	p.containerPort < 1024
	path := sprintf("%s.ports[%d].containerPort", [x.path, i])
	msg := sprintf("%s %q listens on port %v, below 1024, which needs root or NET_BIND_SERVICE; listen above 1023 and map the port in the Service's targetPort", [pods.kind_names[x.kind], x.container.name, p.containerPort])
}
