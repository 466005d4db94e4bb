package podlint.policies["secret-in-env_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["secret-in-env"] as policy

with_env(env) := fixtures.with_container(fixtures.container({"env": env}))

test_literal_secrets_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as with_env([
		{"name": "DB_PASSWORD", "value": "hunter2!"},
		{"name": "LOG_LEVEL", "value": "debug"},
		{"name": "GITHUB_TOKEN", "value": "ghp_abcdef"},
		{"name": "api_key", "value": "abcd1234xyz"},
		{"name": "CLIENT_SECRET", "value": "s3cr3t-value"},
	])
	fixtures.paths(findings) == {
		"spec.template.spec.containers[0].env[0].value",
		"spec.template.spec.containers[0].env[2].value",
		"spec.template.spec.containers[0].env[3].value",
		"spec.template.spec.containers[0].env[4].value",
	}
}

test_references_and_settings_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_env([
		{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
		{"name": "DB_PASSWORD_FILE", "value": "/run/secrets/db"},
		{"name": "TOKEN_TTL", "value": "3600"},
		{"name": "SECRET_NAME", "value": "my-secret"},
		{"name": "AWS_ACCESS_KEY_ID", "value": "AKIAEXAMPLE"},
		{"name": "ENABLE_TOKEN", "value": "true"},
		{"name": "PASSWORD", "value": "$(DB_PASSWORD)"},
		{"name": "PASSWORD", "value": ""},
		{"name": "PASSENGER_COUNT", "value": "12345"},
		{"name": "CREATE_SECRET", "value": "webhook-secret"},
		{"name": "SECRET_LABEL", "value": "ch16"},
	])
}
