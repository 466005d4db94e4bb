# METADATA
# title: PodDisruptionBudget sets no minAvailable or maxUnavailable
# description: >-
#   A PodDisruptionBudget is its minAvailable or its maxUnavailable: one that
#   sets neither does not say how many of its Pods must stay up, and does not
#   protect them as its author meant. Set one of the two.
# custom:
#   severity: warning
#   family: correctness
#   kinds: [PodDisruptionBudget]
#   bad: |
#     apiVersion: policy/v1
#     kind: PodDisruptionBudget
#     metadata:
#       name: web
#     spec:
#       selector:
#         matchLabels: {app: web}
#   good: |
#     apiVersion: policy/v1
#     kind: PodDisruptionBudget
#     metadata:
#       name: web
#     spec:
#       selector:
#         matchLabels: {app: web}
#       maxUnavailable: 1
package podlint.policies["pdb-without-policy"]

deny contains {"msg": msg, "path": "spec"} if {
	input.kind == "PodDisruptionBudget"
	startswith(input.apiVersion, "policy/")
	not has(object.get(input, "spec", {}), "minAvailable")
	not has(object.get(input, "spec", {}), "maxUnavailable")
	msg := sprintf("PodDisruptionBudget %q sets neither minAvailable nor maxUnavailable, so it does not say how many Pods must stay up; set one", [input.metadata.name])
}

has(o, k) if _ = o[k]
