# METADATA
# title: PodDisruptionBudget sets no unhealthyPodEvictionPolicy
# description: >-
#   By default (IfHealthyBudget) a Pod that runs but is not ready may be evicted
#   only while the budget is met: a Pod stuck crash-looping, or not ready for
#   want of a dependency, then blocks node drains and upgrades.
#   unhealthyPodEvictionPolicy: AlwaysAllow lets such Pods go, which is what
#   most applications want.
# custom:
#   severity: warning
#   family: reliability
#   kinds: [PodDisruptionBudget]
#   bad: |
#     apiVersion: policy/v1
#     kind: PodDisruptionBudget
#     metadata:
#       name: web
#     spec:
#       selector:
#         matchLabels: {app: web}
#       maxUnavailable: 1
#   good: |
#     apiVersion: policy/v1
#     kind: PodDisruptionBudget
#     metadata:
#       name: web
#     spec:
#       selector:
#         matchLabels: {app: web}
#       maxUnavailable: 1
#       unhealthyPodEvictionPolicy: AlwaysAllow
package podlint.policies["pdb-unhealthy-eviction"]

deny contains {"msg": msg, "path": "spec.unhealthyPodEvictionPolicy"} if {
	input.kind == "PodDisruptionBudget"
	input.apiVersion == "policy/v1"
	object.get(input, ["spec", "unhealthyPodEvictionPolicy"], null) == null
	msg := sprintf("PodDisruptionBudget %q sets no unhealthyPodEvictionPolicy: a Pod that runs but is never ready can block node drains; set unhealthyPodEvictionPolicy: AlwaysAllow", [input.metadata.name])
}
