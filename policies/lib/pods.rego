# METADATA
# title: pods
# description: >-
#   Every Pod spec of any workload kind, and every container in it, with
#   paths in the syntax of analyzer.Path, so that a policy is written once for
#   every kind and its findings land on the exact line of the manifest.
package podlint.lib.pods

# workload is where podlint's Go PodSpec view finds the Pod spec of the
# object in input, for built-in kinds, Argo Rollouts and the kinds
# configured with --workload or workloads:, so Go rules and policies apply
# to the same objects:
#
#   {"spec_path": "spec.template.spec", "spec_keys": ["spec", "template", "spec"]}
#
# It is empty for objects without a Pod spec. A Rego test gives it with
# `with podlint.workload as ...`.
workload := podlint.workload()

# spec_path is the path of the object's Pod spec, in the syntax of
# analyzer.Path; undefined for objects that are not workloads.
spec_path := workload.spec_path

# pod_spec is the Pod spec itself; undefined when the object has none, or
# when its Pod spec is not written (a template without spec).
pod_spec := s if {
	s := object.get(input, workload.spec_keys, null)
	s != null
}

# long_running holds for workloads whose Pods are meant to run until
# replaced: not Jobs, CronJobs, bare Pods that run to completion, or
# PodTemplates (which say nothing of how they are used).
long_running if input.kind in {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController", "Rollout"}

long_running if {
	input.kind == "Pod"
	object.get(pod_spec, "restartPolicy", "Always") == "Always"
}

# windows holds for Pods that run on Windows nodes, where Linux security
# settings do not apply.
windows if pod_spec.os.name == "windows"

# containers maps the path of every container of the Pod spec to
# {"container": c, "path": "spec.template.spec.containers[0]", "kind": k}
# where k is "app", "init", "sidecar" (an init container with
# restartPolicy: Always) or "ephemeral". It is an object keyed by path, not a
# set: set members are hashed whole, and a container is a large value.
# Entries are built inline, with no function calls: every object evaluates
# them, and a call costs more than the rest of the entry.
containers[path] := {"container": c, "path": path, "kind": "app"} if {
	some i, c in pod_spec.containers
	path := sprintf("%s.containers[%d]", [spec_path, i])
}

containers[path] := {"container": c, "path": path, "kind": kind} if {
	some i, c in pod_spec.initContainers
	path := sprintf("%s.initContainers[%d]", [spec_path, i])
	kind := init_kinds[object.get(c, "restartPolicy", "") == "Always"]
}

containers[path] := {"container": c, "path": path, "kind": "ephemeral"} if {
	some i, c in pod_spec.ephemeralContainers
	path := sprintf("%s.ephemeralContainers[%d]", [spec_path, i])
}

init_kinds := {true: "sidecar", false: "init"}

# app_containers are the containers that run for the life of the Pod:
# spec.containers and native sidecars.
app_containers[p] := c if {
	some p, c in containers
	c.kind in {"app", "sidecar"}
}

# runtime_containers are every container but ephemeral (debug) ones.
runtime_containers[p] := c if {
	some p, c in containers
	c.kind != "ephemeral"
}

# volumes yields every volume of the Pod spec with its path.
volumes[path] := {"volume": v, "path": path} if {
	some i, v in pod_spec.volumes
	path := sprintf("%s.volumes[%d]", [spec_path, i])
}

# security_context returns a container's securityContext, or {}.
security_context(c) := object.get(c, "securityContext", {})

# pod_security_context is the Pod's securityContext, or {}.
pod_security_context := object.get(pod_spec, "securityContext", {})

# effective returns a security setting of a container: its own, else the
# Pod's, else def; an else chain, so no rule needs a negated guard. Only runAsUser, runAsGroup, runAsNonRoot, seLinuxOptions,
# seccompProfile and appArmorProfile are inherited from the Pod.
effective(c, field, def) := v if {
	v := c.securityContext[field]
} else := v if {
	v := pod_security_context[field]
} else := def

# has_key holds when object o has key k, whatever its value (false and
# null included); cheaper than building the set of object.keys.
has_key(o, k) if _ = o[k]

# setting_path returns the path where a container's effective setting is
# written: the container's securityContext, else the Pod's, else the
# container's (missing) field, which resolves to the container.
setting_path(x, field) := sprintf("%s.securityContext.%s", [x.path, field]) if {
	_ = x.container.securityContext[field]
} else := sprintf("%s.securityContext.%s", [spec_path, field]) if {
	_ = pod_security_context[field]
} else := sprintf("%s.securityContext.%s", [x.path, field])

# capability normalises a capability name: upper case, without CAP_.
capability(name) := trim_prefix(upper(name), "CAP_")

# added_capabilities yields the capabilities a container adds, normalised.
added_capabilities(c) := {capability(n) | some n in security_context(c).capabilities.add}

# name returns how messages name a container: container "web",
# init container "setup", sidecar container "proxy". The built-in policies
# write the same sprintf inline, in the format of their message, to spare
# a function call per finding.
name(x) := sprintf("%s %q", [kind_names[x.kind], x.container.name])

kind_names := {"app": "container", "init": "init container", "sidecar": "sidecar container", "ephemeral": "ephemeral container"}

# pod_metadata is the metadata of the Pod: the object's own for a Pod, its
# template's for a workload; {} when none is written.
pod_metadata := object.get(input, array.concat(array.slice(workload.spec_keys, 0, count(workload.spec_keys) - 1), ["metadata"]), {})
