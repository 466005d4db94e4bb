package podlint.policies["sensitive-host-path_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["sensitive-host-path"] as policy

with_paths(ps) := fixtures.deployment({
	"containers": [fixtures.hardened],
	"volumes": [{"name": sprintf("v%d", [i]), "hostPath": {"path": p}} | some i, p in ps],
})

test_sensitive_paths_reported if {
	findings := policy.deny with podlint.workload as fixtures.in_template with input as with_paths(["/", "/etc", "/proc/", "/var/run/docker.sock", "/run/containerd/containerd.sock", "/var/lib/kubelet/pki", "/tmp/data"])
	count(findings) == 6
	"spec.template.spec.volumes[1].hostPath.path" in fixtures.paths(findings)
	not "spec.template.spec.volumes[6].hostPath.path" in fixtures.paths(findings)
}

test_harmless_paths_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as with_paths(["/etc/localtime", "/etc/ssl/certs", "/var/log", "/data", "/var/lib/app", "/mnt/disks/ssd0"])
}

test_other_volumes_clean if {
	count(policy.deny) == 0 with podlint.workload as fixtures.in_template with input as fixtures.deployment({"containers": [fixtures.hardened], "volumes": [{"name": "x", "emptyDir": {}}]})
}
