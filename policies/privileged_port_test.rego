package podlint.policies["privileged-port_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["privileged-port"] as policy

with_ports(ports) := fixtures.with_container(fixtures.container({"ports": ports}))

test_low_port_reported if {
	fixtures.paths(policy.deny) == {"spec.template.spec.containers[0].ports[0].containerPort"} with podlint.workload as fixtures.in_template with input as with_ports([{"containerPort": 443}, {"containerPort": 1024}])
}

test_high_ports_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_ports([{"containerPort": 8080}, {"containerPort": 1024}])
}
