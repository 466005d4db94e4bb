package main

deny contains msg if {
	input.kind == "Deployment"
	msg := sprintf("%s", [undefined_thing])
}
