package podlint.policies["host-namespaces_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["host-namespaces"] as policy

test_each_namespace_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.deployment({"hostNetwork": true, "hostPID": true, "hostIPC": true, "containers": [fixtures.hardened]})
	fixtures.paths(findings) == {
		"spec.template.spec.hostNetwork",
		"spec.template.spec.hostPID",
		"spec.template.spec.hostIPC",
	}
}

test_pod_host_network if {
	findings := policy.deny with podlint.workload as fixtures.in_pod with input as fixtures.pod({"hostNetwork": true, "containers": [fixtures.hardened]})
	fixtures.paths(findings) == {"spec.hostNetwork"}
}

test_false_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment({"hostNetwork": false, "containers": [fixtures.hardened]})
}
