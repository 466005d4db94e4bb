package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/config"
	"github.com/podlint/podlint/lint"
)

func newMigrateCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Print the .podlint.yaml equivalent to another linter's configuration",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "kube-linter [FILE]",
		Short: "Print the .podlint.yaml equivalent to a .kube-linter.yaml",
		Long: `Read a kube-linter configuration (FILE, or .kube-linter.yaml or .kube-linter.yml
in the working directory) and print the equivalent .podlint.yaml: checks.include
and exclude become rules turned on or off, addAllBuiltIn enableAll,
doNotAutoAddDefaults the rules of kube-linter's defaults turned off, and
ignorePaths exclude. A check podlint has no rule for is named in a comment,
with the reason; docs/migrating.md has the whole table.`,
		Example: `  podlint migrate kube-linter > .podlint.yaml
  podlint migrate kube-linter ci/.kube-linter.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			file := ""
			if len(args) == 1 {
				file = args[0]
			} else {
				for _, f := range []string{".kube-linter.yaml", ".kube-linter.yml"} {
					if _, err := os.Stat(f); err == nil {
						file = f
						break
					}
				}
				if file == "" {
					return usageError("no .kube-linter.yaml or .kube-linter.yml here; name the file")
				}
			}
			data, err := analyzer.ReadRegularFile(file, config.MaxFileSize, "a kube-linter configuration")
			if err != nil {
				return &exitCodeError{code: exitError, err: err}
			}
			kl, err := parseKubeLinterConfig(data)
			if err != nil {
				return &exitCodeError{code: exitError, err: fmt.Errorf("%s: %w", file, err)}
			}
			_, err = io.WriteString(g.stdout, migrateKubeLinter(kl, file, catalogue()))
			return err
		},
	})
	return cmd
}

// kubeLinterConfig is the part of a .kube-linter.yaml that podlint can
// carry over: which built-in checks run, and the paths they skip.
type kubeLinterConfig struct {
	AddAllBuiltIn        bool
	DoNotAutoAddDefaults bool
	Include, Exclude     []string
	IgnorePaths          []string
	CustomChecks         []string // names
}

// parseKubeLinterConfig reads the file as kube-linter does, accepting the
// flag-style spellings (add-all-built-in) viper maps onto the same keys.
func parseKubeLinterConfig(data []byte) (kubeLinterConfig, error) {
	var raw struct {
		Checks       map[string]any `yaml:"checks"`
		CustomChecks []struct {
			Name string `yaml:"name"`
		} `yaml:"customChecks"`
	}
	var kl kubeLinterConfig
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return kl, err
	}
	for _, c := range raw.CustomChecks {
		kl.CustomChecks = append(kl.CustomChecks, c.Name)
	}
	var errs []error
	flag := func(v any, key string) bool {
		b, ok := v.(bool)
		if !ok {
			errs = append(errs, fmt.Errorf("checks.%s: want true or false, got %v", key, v))
		}
		return b
	}
	list := func(v any, key string) []string {
		items, ok := v.([]any)
		if !ok && v != nil {
			errs = append(errs, fmt.Errorf("checks.%s: want a list", key))
		}
		var out []string
		for _, it := range items {
			s, ok := it.(string)
			if !ok {
				errs = append(errs, fmt.Errorf("checks.%s: want strings, got %v", key, it))
				continue
			}
			out = append(out, s)
		}
		return out
	}
	for key, v := range raw.Checks {
		switch strings.ToLower(strings.ReplaceAll(key, "-", "")) {
		case "addallbuiltin":
			kl.AddAllBuiltIn = flag(v, key)
		case "donotautoadddefaults":
			kl.DoNotAutoAddDefaults = flag(v, key)
		case "include":
			kl.Include = list(v, key)
		case "exclude":
			kl.Exclude = list(v, key)
		case "ignorepaths":
			kl.IgnorePaths = list(v, key)
		default:
			errs = append(errs, fmt.Errorf("checks.%s: not a key of kube-linter's configuration", key))
		}
	}
	slices.Sort(kl.IgnorePaths) // map order above: keep the output stable
	return kl, errors.Join(errs...)
}

// migrateKubeLinter writes the .podlint.yaml equivalent to kl. kube-linter
// runs its defaults (unless doNotAutoAddDefaults), every check with
// addAllBuiltIn, and the included checks, less the excluded ones. podlint
// then runs a rule that covers a check kube-linter runs, and leaves off a
// rule that covers only checks excluded on purpose, or, with
// doNotAutoAddDefaults, only kube-linter's defaults left out, unless it is
// a correctness rule; its other rules keep their defaults.
func migrateKubeLinter(kl kubeLinterConfig, file string, catalogue []*analyzer.Rule) string {
	byID := map[string]*analyzer.Rule{}
	for _, r := range catalogue {
		byID[r.ID] = r
	}
	runs := map[string]bool{} // kube-linter checks that run
	var unknown []string
	for _, c := range lint.PeerChecks {
		if c.Peer == lint.KubeLinter && ((c.Default && !kl.DoNotAutoAddDefaults) || kl.AddAllBuiltIn) {
			runs[c.Check] = true
		}
	}
	for _, name := range kl.Include {
		if _, ok := lint.PeerCheckFor(lint.KubeLinter, name); !ok && !slices.Contains(kl.CustomChecks, name) {
			unknown = append(unknown, name)
		}
		runs[name] = true
	}
	for _, name := range kl.Exclude {
		if _, ok := lint.PeerCheckFor(lint.KubeLinter, name); !ok && !slices.Contains(kl.CustomChecks, name) {
			unknown = append(unknown, name)
		}
		delete(runs, name) // exclude wins, as in kube-linter
	}
	// Each rule: the checks that run and map to it, and those left out on
	// purpose.
	on, off := map[string][]string{}, map[string][]string{}
	var none []lint.PeerCheck
	for _, c := range lint.PeerChecks {
		if c.Peer != lint.KubeLinter {
			continue
		}
		leftOut := slices.Contains(kl.Exclude, c.Check) || (kl.DoNotAutoAddDefaults && c.Default && !runs[c.Check])
		if runs[c.Check] && len(c.Rules) == 0 {
			none = append(none, c)
		}
		for _, id := range c.Rules {
			switch {
			case runs[c.Check]:
				on[id] = append(on[id], c.Check)
			case leftOut:
				off[id] = append(off[id], c.Check)
			}
		}
	}
	type setting struct{ id, value, why string }
	var settings []setting
	var kept []string // correctness rules left on though kube-linter's defaults are not added
	for _, r := range catalogue {
		excluded := slices.ContainsFunc(off[r.ID], func(check string) bool { return slices.Contains(kl.Exclude, check) })
		switch {
		case len(on[r.ID]) > 0 && r.DefaultOff && !kl.AddAllBuiltIn:
			settings = append(settings, setting{r.ID, "on", strings.Join(on[r.ID], ", ")})
		case len(on[r.ID]) > 0 || len(off[r.ID]) == 0 || (r.DefaultOff && !kl.AddAllBuiltIn):
		case !excluded && r.Family == "correctness":
			// Left out only with kube-linter's defaults: the object is
			// rejected or cannot work, which no one means to allow.
			kept = append(kept, r.ID)
		default:
			settings = append(settings, setting{r.ID, "off", "not run: " + strings.Join(off[r.ID], ", ")})
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "# .podlint.yaml, from %s by podlint migrate kube-linter.\n", file)
	b.WriteString("# docs/migrating.md maps every kube-linter check to podlint's rules.\n")
	if kl.AddAllBuiltIn {
		b.WriteString("enableAll: true  # addAllBuiltIn: every podlint rule, those off by default too\n")
	}
	if len(settings) > 0 {
		b.WriteString("rules:\n")
		for _, s := range settings {
			fmt.Fprintf(&b, "  %s: %s  # %s\n", s.id, s.value, s.why)
		}
	}
	if len(kept) > 0 {
		fmt.Fprintf(&b, "# Left on though doNotAutoAddDefaults leaves out the kube-linter checks they cover:\n# %s (the API server rejects such objects, or they cannot work).\n", strings.Join(kept, ", "))
	}
	if len(kl.IgnorePaths) > 0 {
		b.WriteString("exclude:  # ignorePaths; podlint's globs are relative to this file's folder\n")
		for _, p := range kl.IgnorePaths {
			note := ""
			if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "~") {
				note = "  # absolute in kube-linter: make it relative to this file"
			}
			fmt.Fprintf(&b, "  - %s%s\n", strconv.Quote(p), note)
		}
	}
	if len(none) > 0 {
		b.WriteString("# kube-linter checks you ran that no podlint rule covers:\n")
		for _, c := range none {
			why := c.Note
			if len(c.Pending) > 0 {
				why = "planned as " + strings.Join(c.Pending, ", ")
			}
			fmt.Fprintf(&b, "#   %s: %s\n", c.Check, why)
		}
	}
	if len(kl.CustomChecks) > 0 {
		fmt.Fprintf(&b, "# customChecks (%s) are kube-linter templates: write them as Rego policies\n# and name their folder under policies:.\n", strings.Join(kl.CustomChecks, ", "))
	}
	if len(unknown) > 0 {
		fmt.Fprintf(&b, "# Checks podlint's table does not know (newer than it, or misspelt): %s\n", strings.Join(unknown, ", "))
	}
	return b.String()
}
