package podlint.policies["missing-topology-spread_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["missing-topology-spread"] as policy

lint(obj) := d if {
	d := policy.deny with podlint.workload as fixtures.in_template with input as obj
}

with_replicas(spec, n) := object.union(fixtures.deployment(spec), {"spec": {"replicas": n}})

test_unset_or_empty_reported if {
	fixtures.paths(lint(fixtures.deployment({"containers": [fixtures.hardened]}))) == {"spec.template.spec.topologySpreadConstraints"}
	count(lint(with_replicas({"topologySpreadConstraints": [], "containers": [fixtures.hardened]}, 3))) == 1
}

test_spread_single_or_other_kinds_clean if {
	tsc := [{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "DoNotSchedule"}]
	count(lint(fixtures.deployment({"topologySpreadConstraints": tsc, "containers": [fixtures.hardened]}))) == 0
	count(lint(fixtures.deployment({"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": []}}, "containers": [fixtures.hardened]}))) == 0
	count(lint(with_replicas({"containers": [fixtures.hardened]}, 1))) == 0
	count(lint(fixtures.job({"containers": [fixtures.hardened]}))) == 0
}
