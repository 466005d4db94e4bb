package kubernetes

is_deployment if input.kind == "Deployment"

is_service if input.kind == "Service"

name := input.metadata.name

containers contains c if {
	is_deployment
	some c in input.spec.template.spec.containers
}

# indexed yields [i, container] pairs, for paths.
indexed contains [i, c] if {
	is_deployment
	some i, c in input.spec.template.spec.containers
}
