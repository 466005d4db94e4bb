package podlint.lib.pods_test

import data.podlint.lib.fixtures
import data.podlint.lib.pods

spec := {
	"initContainers": [{"name": "setup"}, {"name": "proxy", "restartPolicy": "Always"}],
	"containers": [{"name": "a"}, {"name": "b"}],
	"ephemeralContainers": [{"name": "debug"}],
}

test_deployment_paths if {
	got := {[x.path, x.kind] | some x in pods.containers} with podlint.workload as fixtures.in_template with input as fixtures.deployment(spec)
	got == {
		["spec.template.spec.initContainers[0]", "init"],
		["spec.template.spec.initContainers[1]", "sidecar"],
		["spec.template.spec.containers[0]", "app"],
		["spec.template.spec.containers[1]", "app"],
		["spec.template.spec.ephemeralContainers[0]", "ephemeral"],
	}
}

test_app_containers_are_containers_and_sidecars if {
	got := {x.container.name | some x in pods.app_containers} with podlint.workload as fixtures.in_template with input as fixtures.deployment(spec)
	got == {"a", "b", "proxy"}
}

# The Pod spec is where podlint.workload() says, whatever the kind: the
# keys may cross a list (a custom kind's spec.versions[1].template).
test_pod_spec_is_where_podlint_says if {
	custom := {"apiVersion": "example.com/v1", "kind": "Widget", "spec": {"versions": [{}, {"template": {"spec": spec}}]}}
	where := {"spec_path": "spec.versions[1].template.spec", "spec_keys": ["spec", "versions", 1, "template", "spec"]}
	got := {p | some p, _ in pods.containers} with podlint.workload as where with input as custom
	"spec.versions[1].template.spec.containers[0]" in got
	count(got) == 5
	count(pods.containers) == 5 with podlint.workload as fixtures.in_cronjob with input as fixtures.cronjob(spec)
	pods.spec_path == "template.spec" with podlint.workload as fixtures.in_pod_template with input as fixtures.pod_template(spec)
}

# Without a Pod spec from podlint there are no containers, whatever the
# object holds; a template without a spec has none either.
test_no_pod_spec_no_containers if {
	count(pods.containers) == 0 with podlint.workload as {} with input as fixtures.deployment(spec)
	count(pods.containers) == 0 with input as fixtures.deployment(spec)
	not pods.pod_spec with podlint.workload as fixtures.in_template with input as {"kind": "Deployment", "spec": {"template": {}}}
}

test_long_running if {
	pods.long_running with podlint.workload as fixtures.in_template with input as fixtures.deployment(spec)
	pods.long_running with podlint.workload as fixtures.in_pod with input as fixtures.pod(spec)
	not pods.long_running with podlint.workload as fixtures.in_pod with input as fixtures.pod(object.union(spec, {"restartPolicy": "Never"}))
	not pods.long_running with podlint.workload as fixtures.in_template with input as fixtures.job(spec)
	not pods.long_running with podlint.workload as fixtures.in_cronjob with input as fixtures.cronjob(spec)
}

test_effective_security_settings if {
	obj := fixtures.deployment({"securityContext": {"runAsUser": 1000}, "containers": [{"name": "a"}, {"name": "b", "securityContext": {"runAsUser": 0}}]})
	xs := pods.containers with podlint.workload as fixtures.in_template with input as obj
	got := {[x.container.name, pods.effective(x.container, "runAsUser", null), pods.setting_path(x, "runAsUser")] | some x in xs} with podlint.workload as fixtures.in_template with input as obj
	got == {
		["a", 1000, "spec.template.spec.securityContext.runAsUser"],
		["b", 0, "spec.template.spec.containers[1].securityContext.runAsUser"],
	}
}

test_effective_keeps_false_and_null_of_the_container if {
	obj := fixtures.deployment({"securityContext": {"runAsNonRoot": true, "runAsUser": 1000}, "containers": [{"name": "a", "securityContext": {"runAsNonRoot": false, "runAsUser": null}}]})
	x := pods.containers["spec.template.spec.containers[0]"] with podlint.workload as fixtures.in_template with input as obj
	pods.effective(x.container, "runAsNonRoot", true) == false with podlint.workload as fixtures.in_template with input as obj
	pods.effective(x.container, "runAsUser", 0) == null with podlint.workload as fixtures.in_template with input as obj
	pods.setting_path(x, "runAsUser") == "spec.template.spec.containers[0].securityContext.runAsUser" with podlint.workload as fixtures.in_template with input as obj
}

test_effective_falls_back_to_def if {
	obj := fixtures.deployment({"securityContext": null, "containers": [{"name": "a", "securityContext": null}]})
	x := pods.containers["spec.template.spec.containers[0]"] with podlint.workload as fixtures.in_template with input as obj
	pods.effective(x.container, "runAsUser", 7) == 7 with podlint.workload as fixtures.in_template with input as obj
	pods.setting_path(x, "runAsUser") == "spec.template.spec.containers[0].securityContext.runAsUser" with podlint.workload as fixtures.in_template with input as obj
}

test_init_kinds if {
	obj := fixtures.deployment({"initContainers": [{"name": "a", "restartPolicy": "Always"}, {"name": "b", "restartPolicy": "Never"}], "containers": []})
	got := {[p, x.kind] | some p, x in pods.containers} with podlint.workload as fixtures.in_template with input as obj
	got == {["spec.template.spec.initContainers[0]", "sidecar"], ["spec.template.spec.initContainers[1]", "init"]}
}

test_pod_metadata_of_pod_and_template if {
	pods.pod_metadata == {"name": "web"} with podlint.workload as fixtures.in_pod with input as fixtures.pod({"containers": []})
	pods.pod_metadata == {"labels": {"app": "web"}} with podlint.workload as fixtures.in_template with input as fixtures.deployment({"containers": []})
	pods.pod_metadata == {} with podlint.workload as fixtures.in_cronjob with input as fixtures.cronjob({"containers": []})
}
