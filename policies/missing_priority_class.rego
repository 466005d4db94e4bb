# METADATA
# title: pod sets no priorityClassName
# description: >-
#   Without a priority class the Pod gets the cluster's default priority,
#   usually zero: when the cluster is full the scheduler preempts it for any Pod
#   that has one, and it cannot preempt less important Pods itself. Give it a
#   PriorityClass that says how much it matters.
# custom:
#   severity: warning
#   family: reliability
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
#       priorityClassName: business-critical
package podlint.policies["missing-priority-class"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	object.get(pods.pod_spec, "priorityClassName", "") == ""
	path := concat("", [pods.spec_path, ".priorityClassName"])
	msg := "the Pod sets no priorityClassName: when the cluster is full it is preempted before any Pod with a higher priority; give it a PriorityClass"
}
