# METADATA
# title: container does not drop ALL capabilities
# description: >-
#   A container keeps the runtime's default capabilities unless it drops them:
#   changing file ownership, setting user IDs, killing processes, raw sockets
#   and more. A process that is compromised uses them to escape or attack its
#   neighbours. Drop ALL and add back only what the process needs.
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
#           securityContext:
#             capabilities:
#               drop: [NET_RAW]
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
#               add: [NET_BIND_SERVICE]
package podlint.policies["capabilities-not-dropped"]

import data.podlint.lib.pods

# A container passes when it drops ALL, or each of the runtime's default
# capabilities (the set Polaris calls insecure).
deny contains {"msg": msg, "path": path} if {
	not pods.windows
	some x in pods.containers
	x.kind != "ephemeral"
	object.get(x.container, ["securityContext", "privileged"], false) != true
	dropped := {trim_prefix(upper(n), "CAP_") | some n in object.get(x.container, ["securityContext", "capabilities", "drop"], [])}
	not "ALL" in dropped
	kept := defaults - dropped
	count(kept) > 0
	path := concat("", [x.path, ".securityContext.capabilities.drop"])
	msg := sprintf("%s %q keeps the runtime's default capabilities %s; drop ALL in securityContext.capabilities.drop and add back only what it needs", [pods.kind_names[x.kind], x.container.name, concat(", ", sort(kept))])
}

# defaults are the capabilities container runtimes grant (with
# NET_ADMIN, which some grant too).
defaults := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_ADMIN",
	"NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}
