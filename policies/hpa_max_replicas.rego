# METADATA
# title: autoscaler's maxReplicas leaves it nothing to scale
# description: >-
#   An autoscaler whose maxReplicas is not above its minReplicas (1 when unset)
#   can never add a replica: under load the application stays at its floor while
#   the autoscaler looks as if it were doing its job. Raise maxReplicas, or drop
#   the autoscaler and set the replicas.
# custom:
#   severity: warning
#   family: reliability
#   kinds: [HorizontalPodAutoscaler]
#   bad: |
#     apiVersion: autoscaling/v2
#     kind: HorizontalPodAutoscaler
#     metadata:
#       name: web
#     spec:
#       scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
#       minReplicas: 3
#       maxReplicas: 3
#   good: |
#     apiVersion: autoscaling/v2
#     kind: HorizontalPodAutoscaler
#     metadata:
#       name: web
#     spec:
#       scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
#       minReplicas: 3
#       maxReplicas: 10
package podlint.policies["hpa-max-replicas"]

deny contains {"msg": msg, "path": "spec.maxReplicas"} if {
	input.kind == "HorizontalPodAutoscaler"
	startswith(input.apiVersion, "autoscaling/")
	max := input.spec.maxReplicas
	min := object.get(input, ["spec", "minReplicas"], 1)
	is_number(max)
	is_number(min)
	max <= min
	msg := sprintf("HorizontalPodAutoscaler %q has maxReplicas %v, not above minReplicas %v: it can never add a replica; raise maxReplicas", [input.metadata.name, max, min])
}
