package main

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/podlint/podlint/policies"
)

func newTestCmd(g *globalOptions) *cobra.Command {
	o := &policyOptions{}
	cmd := &cobra.Command{
		Use:   "test --policy DIR...",
		Short: "Run the Rego tests (*_test.rego) of your policies",
		Long: `Run the test_ rules of the *_test.rego files in the policy directories, as opa test
and conftest verify do, under the same restricted builtins as podlint lint.

Exit codes: 0 every test passed, 1 a test failed or errored, 2 a policy or test
does not compile, or no test was found.`,
		Example: `  podlint test --policy policy/`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(o.dirs) == 0 {
				return usageError("test needs at least one --policy DIR")
			}
			results, err := policies.RunTests(cmd.Context(), o.dirs, o.loadOptions())
			if err != nil {
				return &exitCodeError{code: exitError, err: err}
			}
			if len(results) == 0 {
				return usageError("no test_ rules in %v", o.dirs)
			}
			slices.SortFunc(results, func(a, b policies.TestResult) int {
				return cmp.Or(cmp.Compare(a.Location, b.Location), cmp.Compare(a.Name, b.Name))
			})
			var passed, failed, skipped int
			for _, r := range results {
				status := "PASS"
				switch {
				case r.Err != nil:
					status = "ERROR"
					failed++
				case r.Fail:
					status = "FAIL"
					failed++
				case r.Skip:
					status = "SKIP"
					skipped++
				default:
					passed++
				}
				fmt.Fprintf(g.stdout, "%s: %s %s.%s (%v)\n", r.Location, status, r.Package, r.Name, r.Duration)
				if r.Err != nil {
					fmt.Fprintf(g.stdout, "    %v\n", r.Err)
				}
			}
			fmt.Fprintf(g.stdout, "%d passed, %d failed, %d skipped\n", passed, failed, skipped)
			if failed > 0 {
				return &exitCodeError{code: exitFindings}
			}
			return nil
		},
	}
	o.addFlags(cmd.Flags(), false)
	return cmd
}
