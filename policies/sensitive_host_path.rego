# METADATA
# title: pod mounts a sensitive path of the node
# description: >-
#   A hostPath volume of /, /etc, /proc, /sys, the kubelet's or the container
#   runtime's directories, or a container runtime socket gives the Pod the
#   node's credentials or control of every container on it.
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
#               volumeMounts:
#                 - name: docker
#                   mountPath: /var/run/docker.sock
#           volumes:
#             - name: docker
#               hostPath:
#                 path: /var/run/docker.sock
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
package podlint.policies["sensitive-host-path"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some v in pods.volumes
	host := normalise(v.volume.hostPath.path)
	sensitive(host)
	path := concat("", [v.path, ".hostPath.path"])
	msg := sprintf("volume %q mounts %q of the node: it exposes the node's secrets or its container runtime", [v.volume.name, v.volume.hostPath.path])
}

# exact are sensitive as a whole but their sub-directories are not all.
exact := {"/", "/var", "/run", "/var/lib", "/home", "/usr", "/opt"}

# trees are sensitive with everything below them.
trees := {
	"/etc", "/proc", "/sys", "/dev", "/boot", "/root",
	"/var/run", "/run/containerd", "/run/crio", "/run/docker", "/run/podman",
	"/var/lib/kubelet", "/var/lib/docker", "/var/lib/containerd", "/var/lib/etcd",
	"/etc/kubernetes", "/var/run/docker.sock", "/run/docker.sock",
}

# harmless are read by many agents and give nothing away.
harmless := {"/etc/localtime", "/etc/timezone", "/etc/ssl/certs", "/etc/pki/tls/certs", "/etc/ca-certificates", "/etc/machine-id", "/dev/shm"}

sensitive(p) if p in exact

sensitive(p) if {
	some t in trees
	under(p, t)
	not harmless_path(p)
}

harmless_path(p) if {
	some h in harmless
	under(p, h)
}

under(p, t) if p == t

under(p, t) if startswith(p, concat("", [t, "/"]))

normalise(p) := "/" if p == "/"

normalise(p) := trim_right(p, "/") if p != "/"
