#!/usr/bin/env bash
# The lint step of the GitHub Action (action.yml): one podlint run writes
# the chosen format to standard output and, when asked, SARIF beside it,
# so annotations and code scanning come from the same findings.
#
# Environment: PODLINT_PATHS and PODLINT_ARGS (split on spaces, as a
# shell would split them unquoted), PODLINT_FORMAT, PODLINT_FAIL_ON, and
# PODLINT_SARIF (true to write podlint.sarif and name it in the step's
# output "file").
set -euo pipefail

sarif=()
if [[ ${PODLINT_SARIF:-false} == true ]]; then
  sarif=(--format sarif=podlint.sarif)
  echo "file=podlint.sarif" >>"$GITHUB_OUTPUT"
fi
read -r -a paths <<<"${PODLINT_PATHS:-.}"
read -r -a args <<<"${PODLINT_ARGS:-}"
exec podlint lint --format "${PODLINT_FORMAT:-github}" "${sarif[@]}" --fail-on "${PODLINT_FAIL_ON:-error}" "${args[@]}" "${paths[@]}"
