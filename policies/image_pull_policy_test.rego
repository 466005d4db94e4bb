package podlint.policies["image-pull-policy_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["image-pull-policy"] as policy

lint(c) := d if {
	d := policy.deny with podlint.workload as fixtures.in_template with input as fixtures.with_container(c)
}

test_tagged_default_reported if {
	findings := lint({"name": "c", "image": "registry:5000/team/app:1.2"})
	fixtures.paths(findings) == {"spec.template.spec.containers[0].imagePullPolicy"}
	some f in findings
	contains(f.msg, "IfNotPresent")
}

test_explicit_never_reported if {
	count(lint({"name": "c", "image": "app", "imagePullPolicy": "Never"})) == 1
}

test_always_latest_untagged_or_digest_clean if {
	count(lint({"name": "c", "image": "app:1.2", "imagePullPolicy": "Always"})) == 0
	count(lint({"name": "c", "image": "registry:5000/app"})) == 0
	count(lint({"name": "c", "image": "app:latest"})) == 0
	count(lint({"name": "c", "image": "app@sha256:0123", "imagePullPolicy": "IfNotPresent"})) == 0
}
