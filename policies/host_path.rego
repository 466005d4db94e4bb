# METADATA
# title: pod mounts a directory of the node (hostPath)
# description: >-
#   A hostPath volume gives the Pod the files of whatever node it lands on: it
#   reads, and unless mounted read-only writes, the node's own files, and its
#   data stays behind on that node when the Pod moves. Use a
#   PersistentVolumeClaim, a ConfigMap, a Secret or an emptyDir.
#   sensitive-host-path reports the paths that give the node away.
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
#       volumes:
#         - name: logs
#           emptyDir: {}
package podlint.policies["host-path"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some v in pods.volumes
	host := v.volume.hostPath
	path := concat("", [v.path, ".hostPath"])
	msg := sprintf("volume %q mounts %q of the node (hostPath): the Pod reads the node's files and its data stays on that node; use a PersistentVolumeClaim, ConfigMap, Secret or emptyDir", [v.volume.name, object.get(host, "path", "")])
}
