package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newRulesCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its ID, default severity, source and title",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSEVERITY\tSOURCE\tTITLE")
			for _, r := range catalogue() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.SourceName(), r.Doc.Title)
			}
			return tw.Flush()
		},
	}
}
