# METADATA
# title: Ingress serves its hosts without TLS
# description: >-
#   An Ingress without spec.tls serves its hosts over plain HTTP: sessions,
#   passwords and tokens cross the network readable and alterable by anyone on
#   the path. Add a tls entry naming the hosts and the Secret of their
#   certificate. TLS set up by a load balancer annotation (an ALB certificate
#   ARN, a GKE managed certificate) counts.
# custom:
#   severity: warning
#   family: security
#   kinds: [Ingress]
#   default: off
#   bad: |
#     apiVersion: networking.k8s.io/v1
#     kind: Ingress
#     metadata:
#       name: web
#     spec:
#       rules:
#         - host: shop.example.com
#           http:
#             paths:
#               - path: /
#                 pathType: Prefix
#                 backend:
#                   service: {name: web, port: {number: 80}}
#   good: |
#     apiVersion: networking.k8s.io/v1
#     kind: Ingress
#     metadata:
#       name: web
#     spec:
#       rules:
#         - host: shop.example.com
#           http:
#             paths:
#               - path: /
#                 pathType: Prefix
#                 backend:
#                   service: {name: web, port: {number: 80}}
#       tls:
#         - hosts: [shop.example.com]
#           secretName: shop-tls
package podlint.policies["ingress-without-tls"]

deny contains {"msg": msg, "path": "spec.tls"} if {
	input.kind == "Ingress"
	input.apiVersion in {"networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1"}
	count(object.get(input, ["spec", "tls"], [])) == 0
	annotations := object.get(input, ["metadata", "annotations"], {})
	not tls_annotated(annotations)
	msg := sprintf("Ingress %q serves its hosts over plain HTTP (no spec.tls); add a tls entry with the hosts and their certificate's Secret", [input.metadata.name])
}

# Annotations by which load balancer controllers terminate TLS.
tls_annotated(a) if {
	some k in tls_annotations
	a[k]
}

tls_annotations := {
	"alb.ingress.kubernetes.io/certificate-arn",
	"ingress.gcp.kubernetes.io/pre-shared-cert",
	"networking.gke.io/managed-certificates",
	"service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
}
