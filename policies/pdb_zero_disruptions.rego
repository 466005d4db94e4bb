# METADATA
# title: PodDisruptionBudget allows no disruption at all
# description: >-
#   maxUnavailable: 0, or minAvailable: 100%, forbids every voluntary eviction
#   of the Pods it selects: a node drain, a cluster upgrade or the autoscaler
#   removing a node waits for ever, until someone deletes the budget by hand.
#   Allow at least one Pod to be disrupted.
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
#       maxUnavailable: 0
#   good: |
#     apiVersion: policy/v1
#     kind: PodDisruptionBudget
#     metadata:
#       name: web
#     spec:
#       selector:
#         matchLabels: {app: web}
#       maxUnavailable: 1
package podlint.policies["pdb-zero-disruptions"]

deny contains {"msg": msg, "path": "spec.maxUnavailable"} if {
	budget
	input.spec.maxUnavailable in {0, "0%"}
	msg := sprintf("PodDisruptionBudget %q sets maxUnavailable: %v, so no Pod may ever be evicted: node drains and upgrades stall; allow at least one", [input.metadata.name, input.spec.maxUnavailable])
}

deny contains {"msg": msg, "path": "spec.minAvailable"} if {
	budget
	input.spec.minAvailable == "100%"
	msg := sprintf("PodDisruptionBudget %q sets minAvailable: 100%%, so no Pod may ever be evicted: node drains and upgrades stall; allow at least one to be disrupted", [input.metadata.name])
}

budget if {
	input.kind == "PodDisruptionBudget"
	startswith(input.apiVersion, "policy/")
}
