package podlint.policies["linux-hardening_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["linux-hardening"] as policy

lint(spec) := d if {
	d := policy.deny with podlint.workload as fixtures.in_pod with input as fixtures.pod(spec)
}

bare := {"name": "web", "image": "nginx:1.27"}

test_nothing_reported_at_security_context if {
	fixtures.paths(lint({"containers": [bare]})) == {"spec.containers[0].securityContext"}
}

test_container_unconfined_overrides_pod if {
	c := object.union(bare, {"securityContext": {"seccompProfile": {"type": "Unconfined"}}})
	count(lint({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [c]})) == 1
}

test_empty_settings_reported if {
	count(lint({"securityContext": {"seccompProfile": null, "seLinuxOptions": {}}, "containers": [bare]})) == 1
	c := object.union(bare, {"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["all"]}}})
	count(lint({"containers": [c]})) == 1
}

test_each_confinement_clean if {
	count(lint({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [bare]})) == 0
	count(lint({"containers": [object.union(bare, {"securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}})]})) == 0
	count(lint({"securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}, "containers": [bare]})) == 0
	count(lint({"securityContext": {"seLinuxOptions": {"level": "s0:c1,c2"}}, "containers": [bare]})) == 0
	count(lint({"containers": [object.union(bare, {"securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}}})]})) == 0
}

test_apparmor_annotation_by_container_name if {
	input_pod := object.union(fixtures.pod({"containers": [bare, object.union(bare, {"name": "side"})]}), {"metadata": {"annotations": {
		"container.apparmor.security.beta.kubernetes.io/web": "runtime/default",
		"container.apparmor.security.beta.kubernetes.io/side": "unconfined",
	}}})
	fixtures.paths(policy.deny) == {"spec.containers[1].securityContext"} with podlint.workload as fixtures.in_pod with input as input_pod
}

test_windows_clean if {
	count(lint({"os": {"name": "windows"}, "containers": [bare]})) == 0
}
