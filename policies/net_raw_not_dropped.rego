# METADATA
# title: container does not drop the NET_RAW capability
# description: >-
#   Container runtimes grant NET_RAW by default. With it a process can open raw
#   sockets and forge packets on the Pod network: spoof ARP or DNS answers to
#   its neighbours on the node. Few programs need it; drop it, or drop ALL.
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
#           securityContext:
#             capabilities:
#               drop: [CHOWN]
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
#             capabilities:
#               drop: [ALL]
package podlint.policies["net-raw-not-dropped"]

import data.podlint.lib.pods

# A privileged container has every capability whatever it drops:
# privileged-container reports it. Windows has no Linux capabilities.
deny contains {"msg": msg, "path": path} if {
	not pods.windows
	some x in pods.containers
	x.kind != "ephemeral"
	object.get(x.container, ["securityContext", "privileged"], false) != true
	dropped := {trim_prefix(upper(n), "CAP_") | some n in object.get(x.container, ["securityContext", "capabilities", "drop"], [])}
	not "ALL" in dropped
	not "NET_RAW" in dropped
	path := concat("", [x.path, ".securityContext.capabilities.drop"])
	msg := sprintf("%s %q keeps NET_RAW, which lets it forge packets on the Pod network; add NET_RAW, or ALL, to securityContext.capabilities.drop", [pods.kind_names[x.kind], x.container.name])
}
