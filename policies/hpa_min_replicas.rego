# METADATA
# title: autoscaler may scale down to a single replica
# description: >-
#   minReplicas defaults to 1: when load is low the autoscaler leaves one Pod,
#   and a node failure, an eviction or a rollout then takes the application down
#   until a new one is ready. Set minReplicas to 2 or more for anything that
#   must stay up.
# custom:
#   severity: warning
#   family: reliability
#   kinds: [HorizontalPodAutoscaler]
#   default: off
#   bad: |
#     apiVersion: autoscaling/v2
#     kind: HorizontalPodAutoscaler
#     metadata:
#       name: web
#     spec:
#       scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
#       maxReplicas: 10
#   good: |
#     apiVersion: autoscaling/v2
#     kind: HorizontalPodAutoscaler
#     metadata:
#       name: web
#     spec:
#       scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
#       minReplicas: 2
#       maxReplicas: 10
package podlint.policies["hpa-min-replicas"]

deny contains {"msg": msg, "path": "spec.minReplicas"} if {
	autoscaler
	min := object.get(input, ["spec", "minReplicas"], 1)
	is_number(min)
	min < 2
	msg := sprintf("HorizontalPodAutoscaler %q may scale %s down to %v replica%s (minReplicas%s): one failure then takes it down; set minReplicas to 2 or more", [input.metadata.name, target, min, plural[min == 1], written[has_min]])
}

autoscaler if {
	input.kind == "HorizontalPodAutoscaler"
	startswith(input.apiVersion, "autoscaling/")
}

target := sprintf("%s %s", [input.spec.scaleTargetRef.kind, input.spec.scaleTargetRef.name]) if input.spec.scaleTargetRef.name

target := "its target" if not input.spec.scaleTargetRef.name

has_min if _ = input.spec.minReplicas

default has_min := false

plural := {true: "", false: "s"}

written := {true: "", false: " unset, which is 1"}
