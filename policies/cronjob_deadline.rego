# METADATA
# title: CronJob sets no startingDeadlineSeconds
# description: >-
#   Without startingDeadlineSeconds the CronJob controller counts every start
#   time missed since the last run; past 100 (after the controller was down, or
#   the CronJob suspended, for long enough) it stops starting the CronJob at
#   all. With a deadline only the misses within it count, and a run too late to
#   be useful is skipped.
# custom:
#   severity: warning
#   kinds: [CronJob]
#   family: reliability
#   bad: |
#     apiVersion: batch/v1
#     kind: CronJob
#     metadata:
#       name: report
#     spec:
#       schedule: "0 * * * *"
#       jobTemplate:
#         spec:
#           template:
#             spec:
#               restartPolicy: OnFailure
#               containers:
#                 - name: report
#                   image: example/report:1.0
#   good: |
#     apiVersion: batch/v1
#     kind: CronJob
#     metadata:
#       name: report
#     spec:
#       schedule: "0 * * * *"
#       startingDeadlineSeconds: 300
#       jobTemplate:
#         spec:
#           template:
#             spec:
#               restartPolicy: OnFailure
#               containers:
#                 - name: report
#                   image: example/report:1.0
package podlint.policies["cronjob-deadline"]

deny contains {"msg": msg, "path": "spec.startingDeadlineSeconds"} if {
	input.kind == "CronJob"
	startswith(input.apiVersion, "batch/")
	not has_deadline
	msg := sprintf("CronJob %q sets no startingDeadlineSeconds: after more than 100 missed start times it is never started again; set spec.startingDeadlineSeconds", [object.get(input, ["metadata", "name"], "")])
}

has_deadline if _ = input.spec.startingDeadlineSeconds
