# METADATA
# title: app.kubernetes.io/instance label does not match the name
# description: >-
#   The app.kubernetes.io/instance label names the instance of the application
#   an object belongs to; tools and dashboards group by it. A workload whose
#   name is neither that instance nor starts with it (as Helm's
#   <release>-<chart> names do) is labelled as part of another instance: most
#   often a label copied from another manifest.
# custom:
#   severity: warning
#   family: correctness
#   default: off
#   bad: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#       labels:
#         app.kubernetes.io/instance: api
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#       labels:
#         app.kubernetes.io/instance: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
package podlint.policies["instance-label-mismatch"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": ["metadata", "labels", "app.kubernetes.io/instance"]} if {
	pods.workload.spec_path
	instance := input.metadata.labels["app.kubernetes.io/instance"]
	name := input.metadata.name
	name != instance
	not startswith(name, concat("", [instance, "-"]))
	msg := sprintf("label app.kubernetes.io/instance is %q, but the %s is named %q: it is labelled as part of another instance; set the label to the instance it belongs to", [instance, input.kind, name])
}
