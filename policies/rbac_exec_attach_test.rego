package podlint.policies["rbac-exec-attach_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["rbac-exec-attach"] as policy

cr(rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": rules}

test_exec_and_attach_reported if {
	findings := policy.deny with input as cr([
		{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["get"]},
		{"apiGroups": ["*"], "resources": ["*"], "verbs": ["create"]},
	])
	{[f.path, contains(f.msg, "(pods/exec, pods/attach)")] | some f in findings} == {["rules[0]", false], ["rules[1]", true]}
}

test_other_verbs_and_default_roles_clean if {
	count(policy.deny) == 0 with input as cr([{"apiGroups": [""], "resources": ["pods/exec", "pods/attach"], "verbs": ["list", "watch"]}])
	count(policy.deny) == 0 with input as object.union(cr([{"apiGroups": [""], "resources": ["pods/attach"], "verbs": ["create"]}]), {"metadata": {"name": "admin"}})
}
