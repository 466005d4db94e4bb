package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/podlint/podlint/analyzer"
)

func newExplainCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE-ID",
		Short: "Explain a rule: why it matters, with a bad and a good example",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, prefix string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var ids []string
			for _, r := range catalogue() {
				if strings.HasPrefix(r.ID, prefix) {
					ids = append(ids, r.ID+"\t"+r.Doc.Title)
				}
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			for _, r := range catalogue() {
				if r.ID == args[0] {
					fmt.Fprint(g.stdout, explainText(r))
					return nil
				}
			}
			return usageError("no rule %q; podlint rules lists them", args[0])
		},
	}
}

// explainText renders a rule's documentation for a terminal.
func explainText(r *analyzer.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\nseverity: %s   family: %s   default: %s   source: %s\n", r.ID, r.Doc.Title, r.Severity, r.Family, defaultState(r), r.SourceName())
	if r.DefaultOff {
		fmt.Fprintf(&b, "off by default: turn it on with --enable %s, or %s: on under rules: in .podlint.yaml\n", r.ID, r.ID)
	}
	fmt.Fprintf(&b, "\n%s\n", r.Doc.Why)
	for _, ex := range []struct{ name, text string }{{"Bad", r.Doc.Bad}, {"Good", r.Doc.Good}} {
		if ex.text == "" {
			continue
		}
		fmt.Fprintf(&b, "\n%s:\n", ex.name)
		for line := range strings.Lines(ex.text) {
			b.WriteString("    " + line)
		}
		if !strings.HasSuffix(ex.text, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}
