package podlint.policies["ingress-without-tls_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["ingress-without-tls"] as policy

ingress(spec, annotations) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "annotations": annotations}, "spec": spec}

rules := [{"host": "a.example.com"}]

test_no_tls_reported if {
	fixtures.paths(policy.deny) == {"spec.tls"} with input as ingress({"rules": rules}, {})
	count(policy.deny) == 1 with input as ingress({"rules": rules, "tls": []}, {})
}

test_tls_or_annotation_clean if {
	count(policy.deny) == 0 with input as ingress({"rules": rules, "tls": [{"hosts": ["a.example.com"], "secretName": "a"}]}, {})
	count(policy.deny) == 0 with input as ingress({"rules": rules}, {"networking.gke.io/managed-certificates": "a"})
}
