package podlint.policies["writable-host-mount_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["writable-host-mount"] as policy

spec(mounts) := {
	"containers": [fixtures.container({"volumeMounts": mounts})],
	"volumes": [{"name": "logs", "hostPath": {"path": "/var/log"}}, {"name": "tmp", "emptyDir": {}}],
}

test_writable_reported_at_read_only if {
	mounts := [{"name": "tmp", "mountPath": "/tmp"}, {"name": "logs", "mountPath": "/logs"}, {"name": "logs", "mountPath": "/l2", "readOnly": false}]
	fixtures.paths(policy.deny) == {
		"spec.template.spec.containers[0].volumeMounts[1].readOnly",
		"spec.template.spec.containers[0].volumeMounts[2].readOnly",
	} with podlint.workload as fixtures.in_template with input as fixtures.deployment(spec(mounts))
}

test_read_only_clean if {
	mounts := [{"name": "logs", "mountPath": "/logs", "readOnly": true}, {"name": "tmp", "mountPath": "/tmp"}]
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment(spec(mounts))
}
