# An example of a policy of your own, written the way conftest expects:
# package main, rules deny / violation / warn yielding messages. Returning
# {"msg": ..., "path": ...} lets podlint point at the exact line.
package main

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}

deny contains {"msg": msg, "path": "metadata.labels"} if {
	input.kind in workload_kinds
	not input.metadata.labels.team
	msg := sprintf("%s %q has no team label: who gets paged when it breaks?", [input.kind, input.metadata.name])
}

warn contains msg if {
	input.kind == "Service"
	input.spec.type == "LoadBalancer"
	msg := sprintf("Service %q is exposed through a cloud load balancer", [input.metadata.name])
}
