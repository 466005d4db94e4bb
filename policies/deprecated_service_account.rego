# METADATA
# title: pod sets the deprecated serviceAccount field
# description: >-
#   spec.serviceAccount is a deprecated alias of serviceAccountName. The API
#   server copies it only when serviceAccountName is empty, so one that differs
#   is ignored, and tools that read serviceAccountName alone miss it. Write
#   serviceAccountName.
# custom:
#   severity: warning
#   family: correctness
#   bad: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#       serviceAccount: web
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#       serviceAccountName: web
package podlint.policies["deprecated-service-account"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	old := pods.pod_spec.serviceAccount
	old != ""
	path := concat("", [pods.spec_path, ".serviceAccount"])
	msg := message(old, object.get(pods.pod_spec, "serviceAccountName", ""))
}

message(old, "") := sprintf("serviceAccount is deprecated; write serviceAccountName: %s instead", [old])

message(old, name) := sprintf("serviceAccount is deprecated; remove it: serviceAccountName already says %s", [name]) if {
	name != ""
	name == old
}

message(old, name) := sprintf("serviceAccount %s is deprecated and ignored: serviceAccountName says %s; remove it", [old, name]) if {
	name != ""
	name != old
}
