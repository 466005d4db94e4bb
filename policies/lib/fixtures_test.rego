# Inputs for the Rego tests of the built-in policies.
package podlint.lib.fixtures

# hardened is a container every policy accepts.
hardened := {
	"name": "web",
	"image": "nginx:1.27",
	"securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsNonRoot": true},
	"resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "128Mi"}},
	"readinessProbe": {"httpGet": {"path": "/", "port": 8080}},
}

# container returns hardened with fields replaced.
container(fields) := object.union(hardened, fields)

# deployment returns a Deployment whose Pod spec is spec.
deployment(spec) := {
	"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
	"spec": {"template": {"metadata": {"labels": {"app": "web"}}, "spec": spec}},
}

# with_container returns a Deployment with one container.
with_container(c) := deployment({"containers": [c]})

pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": spec}

cronjob(spec) := {
	"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "web"},
	"spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": spec}}}},
}

job(spec) := {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "web"}, "spec": {"template": {"spec": spec}}}

rollout(spec) := {
	"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"},
	"spec": {"template": {"spec": spec}},
}

pod_template(spec) := {"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": "web"}, "template": {"spec": spec}}

# paths returns the set of paths of findings.
paths(findings) := {f.path | some f in findings}

# Where podlint's Go PodSpec view finds the Pod spec of each kind of
# fixture; tests give it as podlint does, through podlint.workload():
# with podlint.workload as fixtures.in_template.
in_template := {"spec_path": "spec.template.spec", "spec_keys": ["spec", "template", "spec"]}

in_pod := {"spec_path": "spec", "spec_keys": ["spec"]}

in_cronjob := {
	"spec_path": "spec.jobTemplate.spec.template.spec",
	"spec_keys": ["spec", "jobTemplate", "spec", "template", "spec"],
}

in_pod_template := {"spec_path": "template.spec", "spec_keys": ["template", "spec"]}
