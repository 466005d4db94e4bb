package podlint.policies["host-port_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["host-port"] as policy

test_host_port_reported_at_field if {
	c := fixtures.container({"ports": [{"containerPort": 80}, {"containerPort": 443, "hostPort": 8443}]})
	fixtures.paths(policy.deny) == {"spec.template.spec.containers[0].ports[1].hostPort"} with podlint.workload as fixtures.in_template with input as fixtures.with_container(c)
}

test_zero_or_none_clean if {
	c := fixtures.container({"ports": [{"containerPort": 80, "hostPort": 0}, {"containerPort": 81}]})
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container(c)
}
