# METADATA
# title: secret written as a literal environment variable
# description: >-
#   A password or token written in the manifest lives in version control and
#   in every copy of the object, readable by anyone who can read the
#   Deployment. Keep it in a Secret and refer to it with
#   valueFrom.secretKeyRef.
# custom:
#   severity: warning
#   family: security
#   bad: |
#     apiVersion: apps/v1
#     kind: Deployment
#     metadata:
#       name: web
#     spec:
#       selector:
#         matchLabels: {app: web}
#       template:
#         metadata:
#           labels: {app: web}
#         spec:
#           securityContext:
#             runAsNonRoot: true
#           containers:
#             - name: web
#               image: nginx:1.27
#               securityContext:
#                 allowPrivilegeEscalation: false
#                 readOnlyRootFilesystem: true
#               resources:
#                 requests: {cpu: 100m, memory: 128Mi}
#                 limits: {memory: 128Mi}
#               env:
#                 - name: DB_PASSWORD
#                   value: hunter2
#               readinessProbe:
#                 httpGet: {path: /, port: 8080}
#   good: |
#     apiVersion: apps/v1
#     kind: Deployment
#     metadata:
#       name: web
#     spec:
#       selector:
#         matchLabels: {app: web}
#       template:
#         metadata:
#           labels: {app: web}
#         spec:
#           securityContext:
#             runAsNonRoot: true
#           containers:
#             - name: web
#               image: nginx:1.27
#               securityContext:
#                 allowPrivilegeEscalation: false
#                 readOnlyRootFilesystem: true
#               resources:
#                 requests: {cpu: 100m, memory: 128Mi}
#                 limits: {memory: 128Mi}
#               env:
#                 - name: DB_PASSWORD
#                   valueFrom:
#                     secretKeyRef: {name: db, key: password}
#               readinessProbe:
#                 httpGet: {path: /, port: 8080}
package podlint.policies["secret-in-env"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	some i, e in x.container.env
	secret_name(e.name)
	secret_value(e.value)
	path := sprintf("%s.env[%d].value", [x.path, i])
	msg := sprintf("%s %q sets %s to a literal value; keep it in a Secret and use valueFrom.secretKeyRef", [pods.kind_names[x.kind], x.container.name, e.name])
}

# Names such as DB_PASSWORD, API_KEY, GITHUB_TOKEN or CLIENT_SECRET, but
# not the names of files, settings about secrets or public keys
# (PASSWORD_FILE, TOKEN_TTL, SECRET_NAME, ACCESS_KEY_ID).
secret_name(n) if {
	regex.match(`(?i)(^|_)(PASS(WORD|WD|PHRASE)?|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH_KEY|SECRET_KEY)($|_)`, n)
	not regex.match(`(?i)_(FILE|PATH|DIR|NAME|REF|URL|URI|ENDPOINT|HOST|PORT|TTL|EXPIRY|EXPIRATION|TIMEOUT|LIFETIME|ENABLED|DISABLED|LENGTH|SIZE|TYPE|MODE|ID|HEADER|KEY_ID|FIELD|PREFIX|SUFFIX|VERSION|ALGORITHM|LOCATION|MOUNT|KEY_NAME|SECRET_NAME|PATTERN|POLICY|REQUIRED|LABEL|ANNOTATION|NAMESPACE|KIND)$`, n)
	not regex.match(`(?i)^(CREATE|USE|ENABLE|DISABLE|SKIP|GENERATE|ROTATE)_`, n)
}

# A value that could be a secret: not empty, not a flag or a number, not a
# file path and not a reference to another variable.
secret_value(v) if {
	is_string(v)
	count(v) >= 4
	not lower(v) in {"true", "false", "yes", "no", "none", "null", "changeme", "<redacted>"}
	not regex.match(`^[0-9.]+[a-z]*$`, v)
	not startswith(v, "/")
	not startswith(v, "$(")
	not regex.match(`^\$\{[A-Za-z_][A-Za-z0-9_]*\}$`, v)
}
