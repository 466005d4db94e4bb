# METADATA
# title: Service is of type NodePort
# description: >-
#   A NodePort Service opens its port on the address of every node of the
#   cluster, around the Ingress or Gateway, the load balancer and whatever they
#   enforce, and hands out ports from a small shared range. Use a ClusterIP
#   Service behind an Ingress or Gateway, or a LoadBalancer.
# custom:
#   severity: warning
#   family: security
#   kinds: [Service]
#   default: off
#   bad: |
#     apiVersion: v1
#     kind: Service
#     metadata:
#       name: web
#     spec:
#       type: NodePort
#       selector: {app: web}
#       ports:
#         - port: 80
#           targetPort: 8080
#   good: |
#     apiVersion: v1
#     kind: Service
#     metadata:
#       name: web
#     spec:
#       type: ClusterIP
#       selector: {app: web}
#       ports:
#         - port: 80
#           targetPort: 8080
package podlint.policies["node-port-service"]

deny contains {"msg": msg, "path": "spec.type"} if {
	input.kind == "Service"
	input.apiVersion == "v1"
	input.spec.type == "NodePort"
	msg := sprintf("Service %q is of type NodePort: it opens a port on every node's address, around the cluster's ingress; use ClusterIP behind an Ingress or Gateway, or a LoadBalancer", [input.metadata.name])
}
