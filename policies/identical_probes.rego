# METADATA
# title: liveness probe is the same as the readiness probe
# description: >-
#   A readiness probe that fails takes the Pod out of its Services until it
#   recovers; a liveness probe that fails restarts it. When both are the same
#   check, a slow dependency or a burst of load that should only shed traffic
#   restarts every replica at once. Make the liveness probe ask only whether the
#   process is alive, or give it a higher failureThreshold.
# custom:
#   severity: warning
#   family: reliability
#   bad: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           readinessProbe:
#             httpGet: {path: /healthz, port: 8080}
#           livenessProbe:
#             httpGet: {path: /healthz, port: 8080}
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           readinessProbe:
#             httpGet: {path: /ready, port: 8080}
#           livenessProbe:
#             httpGet: {path: /healthz, port: 8080}
package podlint.policies["identical-probes"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	x.kind in {"app", "sidecar"}
	x.container.livenessProbe == x.container.readinessProbe
	path := concat("", [x.path, ".livenessProbe"])
	msg := sprintf("%s %q has a livenessProbe identical to its readinessProbe: what should only take it out of its Services restarts it; make the liveness check ask only whether the process is alive, or give it a higher failureThreshold", [pods.kind_names[x.kind], x.container.name])
}
