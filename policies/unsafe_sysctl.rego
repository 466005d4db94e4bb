# METADATA
# title: pod sets a sysctl outside Kubernetes' safe set
# description: >-
#   The kubelet runs only the sysctls Kubernetes knows to be isolated between
#   Pods; a Pod that sets any other is rejected (SysctlForbidden) unless the
#   node allows it with --allowed-unsafe-sysctls, and where it is allowed it can
#   change the kernel's behaviour for the node's other Pods.
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
#         sysctls:
#           - name: net.core.somaxconn
#             value: "1024"
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
#         sysctls:
#           - name: net.ipv4.ip_local_port_range
#             value: "1024 65535"
package podlint.policies["unsafe-sysctl"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some i, s in pods.pod_security_context.sysctls
	not replace(s.name, "/", ".") in safe
	path := sprintf("%s.securityContext.sysctls[%d].name", [pods.spec_path, i])
	msg := sprintf("the Pod sets sysctl %s, which is not in Kubernetes' safe set: the kubelet rejects the Pod unless the node allows it (--allowed-unsafe-sysctls), and it may reach past the Pod", [s.name])
}

# safe are the sysctls the kubelet allows by default (Kubernetes 1.29 and
# later), as the Pod Security Standards' baseline lists them.
safe := {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.ping_group_range",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
}
