# METADATA
# title: pod mounts its service account's API token
# description: >-
#   Unless automountServiceAccountToken is false, every container of the Pod
#   gets a token for the Kubernetes API: a process that is compromised calls the
#   API server as the Pod's service account. Most workloads never call the API;
#   set automountServiceAccountToken: false on the Pod, and mount a projected
#   token only where one is needed.
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
#       automountServiceAccountToken: false
package podlint.policies["service-account-token"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	object.get(pods.pod_spec, "automountServiceAccountToken", null) != false
	path := concat("", [pods.spec_path, ".automountServiceAccountToken"])
	msg := sprintf("the Pod mounts a token for the API server as service account %q (automountServiceAccountToken is not false); set it to false unless the Pod calls the API", [account])
}

account := object.get(pods.pod_spec, "serviceAccountName", object.get(pods.pod_spec, "serviceAccount", "default"))
