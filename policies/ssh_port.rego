# METADATA
# title: container exposes the SSH port
# description: >-
#   A container that listens on port 22 runs an SSH server: a way into the
#   workload that goes around the cluster's authentication, RBAC and audit log,
#   with keys or passwords of its own to leak. Use kubectl exec or an ephemeral
#   debug container.
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
#             - containerPort: 22
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
package podlint.policies["ssh-port"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	some i, p in x.container.ports
	p.containerPort == 22
	object.get(p, "protocol", "TCP") == "TCP"
	path := sprintf("%s.ports[%d].containerPort", [x.path, i])
	msg := sprintf("%s %q exposes port 22 (SSH), a way in around the cluster's access control and audit; use kubectl exec or a debug container", [pods.kind_names[x.kind], x.container.name])
}
