# METADATA
# title: container mounts a directory of the node writable
# description: >-
#   A hostPath volume mounted without readOnly: true lets the container change
#   the node's own files: plant binaries or configuration that the node or later
#   Pods run, or fill the node's disk. Mount it read-only unless the container
#   must write there.
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
#           volumeMounts:
#             - name: logs
#               mountPath: /logs
#       volumes:
#         - name: logs
#           hostPath:
#             path: /var/log
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           volumeMounts:
#             - name: logs
#               mountPath: /logs
#               readOnly: true
#       volumes:
#         - name: logs
#           hostPath:
#             path: /var/log
package podlint.policies["writable-host-mount"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	host := host_paths
	some x in pods.containers
	some i, m in x.container.volumeMounts
	node_path := host[m.name]
	object.get(m, "readOnly", false) != true
	path := sprintf("%s.volumeMounts[%d].readOnly", [x.path, i])
	msg := sprintf("%s %q mounts %q of the node (volume %q) writable; set readOnly: true unless it must write there", [pods.kind_names[x.kind], x.container.name, node_path, m.name])
}

# host_paths maps the name of every hostPath volume to its path.
host_paths[v.volume.name] := object.get(v.volume.hostPath, "path", "") if some v in pods.volumes
