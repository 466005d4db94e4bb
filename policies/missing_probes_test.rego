package podlint.policies["missing-probes_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["missing-probes"] as policy

test_no_probe_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "web"})
	fixtures.paths(findings) == {"spec.template.spec.containers[0]"}
}

test_either_probe_is_enough if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "web", "livenessProbe": {"tcpSocket": {"port": 80}}})
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.with_container({"name": "web", "readinessProbe": {"tcpSocket": {"port": 80}}})
}

test_run_to_completion_skipped if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.job({"containers": [{"name": "web"}]})
	count(policy.deny) == 0 with podlint.workload as fixtures.in_cronjob with input as fixtures.cronjob({"containers": [{"name": "web"}]})
	count(policy.deny) == 0 with podlint.workload as fixtures.in_pod with input as fixtures.pod({"restartPolicy": "OnFailure", "containers": [{"name": "web"}]})
}

test_init_and_sidecar_containers_skipped if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment({
		"initContainers": [{"name": "setup"}, {"name": "proxy", "restartPolicy": "Always"}],
		"containers": [fixtures.hardened],
	})
}

test_rollout_checked if {
	count(policy.deny) == 1 with podlint.workload as fixtures.in_template with input as fixtures.rollout({"containers": [{"name": "web"}]})
}
