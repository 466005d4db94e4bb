package main_test

import data.main

test_root_denied if {
	count(main.deny) == 1 with input as {"kind": "Deployment", "metadata": {"name": "x"}, "spec": {
		"selector": {"matchLabels": {"app": "x"}},
		"template": {"spec": {"containers": [{"name": "a"}]}},
	}}
}

test_latest_violation_path if {
	vs := main.violation with input as {"kind": "Deployment", "metadata": {"name": "x"}, "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "nginx:latest"}]}}}}
	{v.path | some v in vs} == {"spec.template.spec.containers[0].image"}
}
