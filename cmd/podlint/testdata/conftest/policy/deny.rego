package main

import data.kubernetes

deny contains msg if {
	some c in kubernetes.containers
	not c.securityContext.runAsNonRoot
	msg := sprintf("Containers must not run as root in Deployment %s", [kubernetes.name])
}

deny contains msg if {
	kubernetes.is_deployment
	not input.spec.selector.matchLabels.app
	msg := "Deployments must provide app labels for pod selectors"
}
