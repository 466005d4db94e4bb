# METADATA
# title: secrets
# description: >-
#   What looks like a secret written in the clear: the names of variables
#   and keys that hold one, and the values that could be one. secret-in-env
#   and secret-in-configmap judge by the same words.
package podlint.lib.secrets

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
