# METADATA
# title: container has no ephemeral-storage limit
# description: >-
#   Logs, emptyDir volumes and the container's writable layer use the node's
#   disk. Without an ephemeral-storage limit one container can fill it, and the
#   kubelet then evicts Pods that did nothing wrong; without a request the
#   scheduler does not count the disk at all. A request that is missing defaults
#   to the limit.
# custom:
#   severity: warning
#   family: efficiency
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
#           resources:
#             limits: {memory: 128Mi}
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           resources:
#             limits: {memory: 128Mi, ephemeral-storage: 1Gi}
package podlint.policies["missing-ephemeral-storage"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	not pods.pod_spec.resources.limits["ephemeral-storage"]
	some x in pods.containers
	x.kind in {"app", "sidecar"}
	not x.container.resources.limits["ephemeral-storage"]
	path := concat("", [x.path, ".resources"])
	msg := sprintf("%s %q sets no ephemeral-storage limit: it can fill the node's disk until the kubelet evicts other Pods; set resources.limits.ephemeral-storage", [pods.kind_names[x.kind], x.container.name])
}
