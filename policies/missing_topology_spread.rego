# METADATA
# title: replicated workload does not spread its Pods
# description: >-
#   Without topologySpreadConstraints (or a pod anti-affinity) the scheduler may
#   put every replica on one node or in one zone, and one failure then takes
#   them all down together. Spread them over kubernetes.io/hostname or
#   topology.kubernetes.io/zone. A workload of one replica, a DaemonSet, a Job
#   or a bare Pod is not checked.
# custom:
#   severity: warning
#   family: reliability
#   default: off
#   bad: |
#     apiVersion: apps/v1
#     kind: Deployment
#     metadata:
#       name: web
#     spec:
#       replicas: 3
#       selector:
#         matchLabels: {app: web}
#       template:
#         metadata:
#           labels: {app: web}
#         spec:
#           containers:
#             - name: web
#               image: nginx:1.27
#   good: |
#     apiVersion: apps/v1
#     kind: Deployment
#     metadata:
#       name: web
#     spec:
#       replicas: 3
#       selector:
#         matchLabels: {app: web}
#       template:
#         metadata:
#           labels: {app: web}
#         spec:
#           topologySpreadConstraints:
#             - maxSkew: 1
#               topologyKey: kubernetes.io/hostname
#               whenUnsatisfiable: ScheduleAnyway
#               labelSelector:
#                 matchLabels: {app: web}
#           containers:
#             - name: web
#               image: nginx:1.27
package podlint.policies["missing-topology-spread"]

import data.podlint.lib.pods

# Replicas left unset count as several: an autoscaler may manage them.
deny contains {"msg": msg, "path": path} if {
	input.kind in {"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Rollout"}
	object.get(input, ["spec", "replicas"], 2) > 1
	count(object.get(pods.pod_spec, "topologySpreadConstraints", [])) == 0
	not pods.pod_spec.affinity.podAntiAffinity
	path := concat("", [pods.spec_path, ".topologySpreadConstraints"])
	msg := sprintf("the %s's Pods set no topologySpreadConstraints: every replica may land on one node or zone and fail together; spread them over kubernetes.io/hostname or topology.kubernetes.io/zone", [input.kind])
}
