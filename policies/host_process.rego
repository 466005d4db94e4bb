# METADATA
# title: pod or container runs as a Windows host process
# description: >-
#   windowsOptions.hostProcess: true runs the container as a process of the
#   Windows node itself, outside any container isolation, with access to the
#   node's network, file system and devices: the node, in all but name.
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
#       securityContext:
#         windowsOptions:
#           hostProcess: true
#           runAsUserName: "NT AUTHORITY\\SYSTEM"
#       hostNetwork: true
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#       securityContext:
#         windowsOptions:
#           runAsUserName: ContainerUser
package podlint.policies["host-process"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	pods.pod_security_context.windowsOptions.hostProcess == true
	path := concat("", [pods.spec_path, ".securityContext.windowsOptions.hostProcess"])
	msg := "the Pod runs its containers as host processes of the Windows node (windowsOptions.hostProcess: true), outside any isolation"
}

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	x.container.securityContext.windowsOptions.hostProcess == true
	path := concat("", [x.path, ".securityContext.windowsOptions.hostProcess"])
	msg := sprintf("%s %q runs as a host process of the Windows node (windowsOptions.hostProcess: true), outside any isolation", [pods.kind_names[x.kind], x.container.name])
}
