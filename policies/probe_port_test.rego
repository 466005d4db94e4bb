package podlint.policies["probe-port_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["probe-port"] as policy

lint(containers) := d if {
	d := policy.deny with podlint.workload as fixtures.in_pod with input as fixtures.pod({"containers": containers})
}

web := {"name": "web", "ports": [{"name": "http", "containerPort": 8080}]}

test_undeclared_name_warned if {
	findings := lint([object.union(web, {"livenessProbe": {"httpGet": {"port": "metrics"}}, "readinessProbe": {"tcpSocket": {"port": "http"}}})])
	[f] := [f | some f in findings]
	f.path == "spec.containers[0].livenessProbe.httpGet.port"
	not f.severity
	contains(f.msg, "restarted over and over")
}

test_name_of_another_container_warned if {
	side := {"name": "side", "ports": [{"name": "admin", "containerPort": 9000}]}
	count(lint([object.union(web, {"readinessProbe": {"httpGet": {"port": "admin"}}}), side])) == 1
}

test_undeclared_number_is_info if {
	findings := lint([object.union(web, {"startupProbe": {"grpc": {"port": 9090}}, "readinessProbe": {"httpGet": {"port": "9091"}}})])
	{[f.path, f.severity] | some f in findings} == {
		["spec.containers[0].startupProbe.grpc.port", "info"],
		["spec.containers[0].readinessProbe.httpGet.port", "info"],
	}
}

test_declared_or_nothing_declared_clean if {
	count(lint([object.union(web, {"livenessProbe": {"httpGet": {"port": "http"}}, "readinessProbe": {"httpGet": {"port": 8080}}})])) == 0
	count(lint([object.union(web, {"readinessProbe": {"tcpSocket": {"port": "8080"}}})])) == 0
	count(lint([{"name": "web", "readinessProbe": {"httpGet": {"port": 8080}}}])) == 0
	side := {"name": "side", "ports": [{"containerPort": 9000}]}
	count(lint([object.union(web, {"livenessProbe": {"httpGet": {"port": 9000}}}), side])) == 0
}
