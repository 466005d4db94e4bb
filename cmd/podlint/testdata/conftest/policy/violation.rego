package main

import data.kubernetes

violation contains {"msg": msg, "path": path, "details": {"image": c.image}} if {
	some [i, c] in kubernetes.indexed
	endswith(c.image, ":latest")
	msg := sprintf("container %s uses the latest tag", [c.name])
	path := sprintf("spec.template.spec.containers[%d].image", [i])
}

violation contains {"msg": "services must not be NodePort"} if {
	kubernetes.is_service
	input.spec.type == "NodePort"
}
