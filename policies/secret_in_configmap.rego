# METADATA
# title: ConfigMap holds what looks like a secret
# description: >-
#   A ConfigMap is stored and shown in the clear, and every user or service
#   account that reads ConfigMaps reads it. A key named like a password, token
#   or access key with a value set, or a private key in PEM form, belongs in a
#   Secret, which RBAC can fence off and the cluster can encrypt at rest.
# custom:
#   severity: warning
#   family: security
#   kinds: [ConfigMap]
#   bad: |
#     apiVersion: v1
#     kind: ConfigMap
#     metadata:
#       name: app
#     data:
#       DB_PASSWORD: hunter2-but-longer
#   good: |
#     apiVersion: v1
#     kind: ConfigMap
#     metadata:
#       name: app
#     data:
#       DB_USER: app
package podlint.policies["secret-in-configmap"]

import data.podlint.lib.secrets

deny contains {"msg": msg, "path": ["data", key]} if {
	input.kind == "ConfigMap"
	input.apiVersion == "v1"
	some key, value in input.data
	secret_key(key)
	secrets.secret_value(value)
	msg := sprintf("ConfigMap %q holds %s, named like a secret: whoever reads ConfigMaps reads it; move it to a Secret", [input.metadata.name, key])
}

deny contains {"msg": msg, "path": ["data", key]} if {
	input.kind == "ConfigMap"
	input.apiVersion == "v1"
	some key, value in input.data
	not secret_key(key)
	is_string(value)
	regex.match(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----`, value)
	msg := sprintf("ConfigMap %q holds a private key in %s: whoever reads ConfigMaps reads it; move it to a Secret", [input.metadata.name, key])
}

secret_key(k) if secrets.secret_name(k)

# Cloud credentials whose names say KEY without the words secret-in-env
# looks for.
secret_key(k) if regex.match(`(?i)(^|_)(KEY_CONTENT|BATCH_KEY|ACCOUNT_KEY|STORAGE_KEY|MASTER_KEY|SIGNING_KEY|ENCRYPTION_KEY)$`, k)
