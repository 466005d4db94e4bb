# METADATA
# title: container has no seccomp, AppArmor, SELinux or dropped caps
# description: >-
#   A container confined by none of seccomp (RuntimeDefault or Localhost),
#   AppArmor, SELinux options or dropping ALL capabilities can make every system
#   call the kernel offers, the way most kernel exploits out of a container
#   begin. Set seccompProfile.type: RuntimeDefault on the Pod.
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
#         seccompProfile:
#           type: RuntimeDefault
package podlint.policies["linux-hardening"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	not pods.windows
	annotations := object.get(pods.pod_metadata, "annotations", {})
	some x in pods.containers
	x.kind != "ephemeral"
	not confined(x.container, annotations)
	path := concat("", [x.path, ".securityContext"])
	msg := sprintf("%s %q is confined by none of seccomp, AppArmor, SELinux or capabilities.drop: [ALL]; set seccompProfile.type: RuntimeDefault on the Pod or the container", [pods.kind_names[x.kind], x.container.name])
}

confined(c, _) if profile_type(pods.effective(c, "seccompProfile", null)) in {"RuntimeDefault", "Localhost"}

confined(c, _) if profile_type(pods.effective(c, "appArmorProfile", null)) in {"RuntimeDefault", "Localhost"}

# The AppArmor annotation of Kubernetes before 1.30, by container name.
confined(c, annotations) if {
	profile := annotations[concat("", ["container.apparmor.security.beta.kubernetes.io/", c.name])]
	profile != "unconfined"
}

confined(c, _) if {
	options := pods.effective(c, "seLinuxOptions", null)
	is_object(options)
	count(options) > 0
}

confined(c, _) if {
	caps := c.securityContext.capabilities
	"ALL" in {upper(n) | some n in object.get(caps, "drop", [])}
	not "ALL" in {upper(n) | some n in object.get(caps, "add", [])}
}

profile_type(p) := object.get(p, "type", "") if is_object(p)
