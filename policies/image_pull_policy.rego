# METADATA
# title: container does not always pull its image
# description: >-
#   With imagePullPolicy IfNotPresent (the default for a tagged image) a node
#   runs whatever it pulled under that tag before: a tag pushed again runs in
#   different versions on different nodes, and a Pod may run an image its pull
#   secret no longer grants. Set imagePullPolicy: Always, or pin the image by
#   digest, which needs neither.
# custom:
#   severity: warning
#   family: reliability
#   default: off
#   bad: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           imagePullPolicy: IfNotPresent
#   good: |
#     apiVersion: v1
#     kind: Pod
#     metadata:
#       name: web
#     spec:
#       containers:
#         - name: web
#           image: nginx:1.27
#           imagePullPolicy: Always
package podlint.policies["image-pull-policy"]

import data.podlint.lib.pods

deny contains {"msg": msg, "path": path} if {
	some x in pods.containers
	x.kind != "ephemeral"
	image := object.get(x.container, "image", "")
	not contains(image, "@")
	pull := object.get(x.container, "imagePullPolicy", default_policy(image))
	pull != "Always"
	path := concat("", [x.path, ".imagePullPolicy"])
	msg := sprintf("%s %q pulls %q only when the node lacks it (imagePullPolicy: %s): a tag pushed again runs in different versions on different nodes; set imagePullPolicy: Always, or pin the image by digest", [pods.kind_names[x.kind], x.container.name, image, pull])
}

# The API server defaults the policy to Always for an image without a
# tag or tagged latest, and to IfNotPresent otherwise.
default_policy(image) := "IfNotPresent" if {
	parts := split(image, "/")
	tag := split(parts[count(parts) - 1], ":")
	count(tag) == 2
	tag[1] != "latest"
} else := "Always"
