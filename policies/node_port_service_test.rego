package podlint.policies["node-port-service_test"]

import data.podlint.lib.fixtures
import data.podlint.policies["node-port-service"] as policy

svc(t) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"type": t, "ports": [{"port": 80}]}}

test_node_port_reported if {
	fixtures.paths(policy.deny) == {"spec.type"} with input as svc("NodePort")
}

test_other_types_clean if {
	count(policy.deny) == 0 with input as svc("ClusterIP")
	count(policy.deny) == 0 with input as svc("LoadBalancer")
	count(policy.deny) == 0 with input as object.union(svc("NodePort"), {"apiVersion": "serving.knative.dev/v1"})
}
