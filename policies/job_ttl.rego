# METADATA
# title: Job is never cleaned up after it finishes
# description: >-
#   A finished Job and its Pods stay in the cluster until someone deletes them:
#   they fill the API server and etcd, and a Job applied again under the same
#   name is refused as immutable. Set spec.ttlSecondsAfterFinished. Jobs a
#   CronJob owns (its history limits clean them) and Helm or Argo CD hooks
#   (their delete policies do) are not checked.
# custom:
#   severity: warning
#   kinds: [Job]
#   family: efficiency
#   bad: |
#     apiVersion: batch/v1
#     kind: Job
#     metadata:
#       name: migrate
#     spec:
#       template:
#         spec:
#           restartPolicy: Never
#           containers:
#             - name: migrate
#               image: example/migrate:1.0
#   good: |
#     apiVersion: batch/v1
#     kind: Job
#     metadata:
#       name: migrate
#     spec:
#       ttlSecondsAfterFinished: 3600
#       template:
#         spec:
#           restartPolicy: Never
#           containers:
#             - name: migrate
#               image: example/migrate:1.0
package podlint.policies["job-ttl"]

deny contains {"msg": msg, "path": "spec.ttlSecondsAfterFinished"} if {
	input.kind == "Job"
	startswith(input.apiVersion, "batch/")
	not has_ttl
	not owned_by_cronjob
	not hook
	msg := sprintf("Job %q sets no ttlSecondsAfterFinished: once finished it and its Pods stay until someone deletes them; set spec.ttlSecondsAfterFinished", [object.get(input, ["metadata", "name"], "")])
}

# Zero counts: the Job is deleted as soon as it finishes.
has_ttl if _ = input.spec.ttlSecondsAfterFinished

owned_by_cronjob if {
	some ref in input.metadata.ownerReferences
	ref.kind == "CronJob"
}

hook if input.metadata.annotations["helm.sh/hook"]

hook if input.metadata.annotations["argocd.argoproj.io/hook"]
