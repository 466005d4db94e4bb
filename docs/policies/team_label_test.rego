package main

test_workload_without_team_denied if {
	count(deny) == 1 with input as {"kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}}}
}

test_workload_with_team_allowed if {
	count(deny) == 0 with input as {"kind": "Deployment", "metadata": {"name": "web", "labels": {"team": "shop"}}}
}

test_load_balancer_warned if {
	count(warn) == 1 with input as {"kind": "Service", "metadata": {"name": "web"}, "spec": {"type": "LoadBalancer"}}
}
