package podlint.policies["secret-in-configmap_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["secret-in-configmap"] as policy

cm(entries) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app"}, "data": entries}

test_secret_keys_reported if {
	findings := policy.deny with input as cm({
		"db_password": "abc12345",
		"AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI",
		"AZURE_BATCH_KEY": "xxxxx",
		"db_user": "postgres",
		"TOKEN_TTL": "3600s",
	})
	fixtures.paths(findings) == {["data", "db_password"], ["data", "AWS_SECRET_ACCESS_KEY"], ["data", "AZURE_BATCH_KEY"]}
}

test_private_key_value_reported if {
	findings := policy.deny with input as cm({"ssh": "-----BEGIN OPENSSH PRIVATE KEY-----\nxx\n-----END OPENSSH PRIVATE KEY-----\n", "ca.crt": "-----BEGIN CERTIFICATE-----\n"})
	fixtures.paths(findings) == {["data", "ssh"]}
}

test_placeholders_and_other_kinds_clean if {
	count(policy.deny) == 0 with input as cm({"PASSWORD": "", "API_KEY": "true", "PASSWORD_FILE": "/etc/app/password"})
	count(policy.deny) == 0 with input as object.union(cm({"PASSWORD": "hunter2!"}), {"kind": "Secret"})
}
