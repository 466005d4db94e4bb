package podlint.policies["ssh-port_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["ssh-port"] as policy

with_ports(ports) := fixtures.with_container(fixtures.container({"ports": ports}))

test_ssh_reported if {
	fixtures.paths(policy.deny) == {"spec.template.spec.containers[0].ports[1].containerPort"} with podlint.workload as fixtures.in_template with input as with_ports([{"containerPort": 80}, {"containerPort": 22, "name": "ssh"}])
}

test_udp_and_other_ports_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_ports([{"containerPort": 22, "protocol": "UDP"}, {"containerPort": 2222}])
}
