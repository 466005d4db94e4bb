package main

import data.kubernetes

warn contains {"msg": msg, "path": ["metadata", "labels"]} if {
	kubernetes.is_deployment
	not input.metadata.labels["app.kubernetes.io/name"]
	msg := sprintf("Deployment %s has no app.kubernetes.io/name label", [kubernetes.name])
}
