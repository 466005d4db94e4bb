# METADATA
# title: probe checks a port the container does not declare
# description: >-
#   The kubelet resolves a probe's named port among the ports of the container
#   itself: a name it lacks fails the probe every time, so the container never
#   becomes ready, or is restarted over and over. A port number that no
#   container of the Pod declares is reported as info: nothing may listen there.
# custom:
#   severity: warning
#   family: correctness
#   bad: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           ports:
#             - {name: http, containerPort: 8080}
#           readinessProbe:
#             httpGet: {path: /, port: web}
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           ports:
#             - {name: http, containerPort: 8080}
#           readinessProbe:
#             httpGet: {path: /, port: http}
package podlint.policies["probe-port"]

import data.podlint.lib.pods

# A name, not a number written as a string: the kubelet reads "8080" as
# the number when no port has that name.
deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	some probe in probes
	some handler in ["httpGet", "tcpSocket"]
	port := x.container[probe][handler].port
	is_string(port)
	not regex.match(`^[0-9]+$`, port)
	not port in {p.name | some p in x.container.ports}
	path := sprintf("%s.%s.%s.port", [x.path, probe, handler])
	msg := sprintf("%s %q's %s checks port %q, which it does not declare: the probe always fails and the container %s; name one of its ports", [pods.kind_names[x.kind], x.container.name, probe, port, consequence[probe]])
}

deny contains {"msg": msg, "path": path, "severity": "info"} if {
	declared := declared_ports
	count(declared) > 0
	some x in pods.containers
	some probe in probes
	some handler in ["httpGet", "tcpSocket", "grpc"]
	port := number(x.container[probe][handler].port)
	not port in declared
	path := sprintf("%s.%s.%s.port", [x.path, probe, handler])
	msg := sprintf("%s %q's %s checks port %v, which no container of the Pod declares (%s): if nothing listens there the probe fails", [pods.kind_names[x.kind], x.container.name, probe, port, concat(", ", [sprintf("%v", [p]) | some p in sort(declared)])])
}

probes := ["livenessProbe", "readinessProbe", "startupProbe"]

consequence := {"livenessProbe": "is restarted over and over", "readinessProbe": "never becomes ready", "startupProbe": "is restarted over and over"}

# declared_ports are the port numbers of every container of the Pod: they
# share its network, so a probe may check a sidecar's port.
declared_ports := {p.containerPort |
	some x in pods.containers
	some p in x.container.ports
}

number(p) := p if is_number(p)

number(p) := to_number(p) if {
	is_string(p)
	regex.match(`^[0-9]+$`, p)
}
