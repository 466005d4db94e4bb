package podlint.policies["host-path_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["host-path"] as policy

test_host_path_reported if {
	spec := {"containers": [fixtures.hardened], "volumes": [{"name": "tmp", "emptyDir": {}}, {"name": "logs", "hostPath": {"path": "/var/log"}}]}
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.deployment(spec)
	fixtures.paths(findings) == {"spec.template.spec.volumes[1].hostPath"}
	some f in findings
	contains(f.msg, `"/var/log"`)
}

test_other_volumes_clean if {
	spec := {"containers": [fixtures.hardened], "volumes": [{"name": "tmp", "emptyDir": {}}, {"name": "c", "configMap": {"name": "c"}}]}
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment(spec)
}
