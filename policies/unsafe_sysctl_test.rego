package podlint.policies["unsafe-sysctl_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["unsafe-sysctl"] as policy

with_sysctls(names) := fixtures.pod({"securityContext": {"sysctls": [{"name": n, "value": "1"} | some n in names]}, "containers": [fixtures.hardened]})

test_unsafe_reported_at_name if {
	findings := policy.deny with podlint.workload as fixtures.in_pod with input as with_sysctls(["net.ipv4.tcp_syncookies", "kernel.msgmax", "net.core.somaxconn"])
	fixtures.paths(findings) == {"spec.securityContext.sysctls[1].name", "spec.securityContext.sysctls[2].name"}
}

test_safe_clean_in_either_spelling if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_pod with input as with_sysctls(["net.ipv4.ip_local_port_range", "net/ipv4/ping_group_range", "kernel.shm_rmid_forced"])
	count(policy.deny) == 0 with podlint.workload as fixtures.in_pod with input as fixtures.pod({"containers": [fixtures.hardened]})
}
