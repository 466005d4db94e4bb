package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/config"
)

// enableOptions are the flags that turn rules on and off by ID or by
// family, over what .podlint.yaml says.
//
// Which rules run is decided in two layers, the file's and then the
// command line's, so the command line wins. Within a layer the more
// specific setting wins: every rule (enableAll, --enable-all), then a
// family (families:, --enable/--disable FAMILY), then a rule (rules:,
// --enable/--disable RULE). Under both layers lies each rule's default:
// on, unless it is Rule.DefaultOff.
type enableOptions struct {
	enable, disable []string
	all             bool
}

func (e *enableOptions) addFlags(f *pflag.FlagSet) {
	f.StringArrayVar(&e.enable, "enable", nil, "turn on a rule, or a family of rules ("+strings.Join(analyzer.Families, ", ")+"),\nthose off by default too; repeatable, over .podlint.yaml")
	f.StringArrayVar(&e.disable, "disable", nil, "turn off a rule or a family of rules; repeatable, over .podlint.yaml")
	f.BoolVar(&e.all, "enable-all", false, "turn on every rule, those off by default too (--disable still turns some off)")
}

// check reports the first name of --enable or --disable that is neither a
// rule of known nor a family, or that both flags name.
func (e *enableOptions) check(known []string) error {
	names := slices.Concat(known, analyzer.Families)
	for _, flag := range []struct {
		name  string
		names []string
	}{{"--enable", e.enable}, {"--disable", e.disable}} {
		for _, n := range flag.names {
			if !slices.Contains(names, n) {
				hint := ""
				if best := analyzer.Closest(n, names); best != "" {
					hint = fmt.Sprintf("; did you mean %q?", best)
				}
				return usageError("%s %q: no such rule or family%s (podlint rules lists them)", flag.name, n, hint)
			}
		}
	}
	for _, n := range e.enable {
		if slices.Contains(e.disable, n) {
			return usageError("--enable and --disable both name %q", n)
		}
	}
	return nil
}

// offRules returns the IDs of the rules of ruleSet that do not run under
// the configuration (nil when none) and these flags. Names the flags give
// that are not in ruleSet are left to check.
func (e *enableOptions) offRules(ruleSet []*analyzer.Rule, cfg *config.Config) map[string]bool {
	on := map[string]bool{}
	for _, r := range ruleSet {
		on[r.ID] = !r.DefaultOff
	}
	layer := func(all bool, families map[string]bool, rules map[string]bool) {
		for _, r := range ruleSet {
			if all {
				on[r.ID] = true
			}
			if v, ok := families[r.Family]; ok && r.Family != "" {
				on[r.ID] = v
			}
			if v, ok := rules[r.ID]; ok {
				on[r.ID] = v
			}
		}
	}
	if cfg != nil {
		rules := map[string]bool{}
		for id, s := range cfg.Rules {
			rules[id] = !s.Off
		}
		layer(cfg.EnableAll, cfg.Families, rules)
	}
	families, rules := map[string]bool{}, map[string]bool{}
	for _, names := range []struct {
		list []string
		on   bool
	}{{e.enable, true}, {e.disable, false}} {
		for _, n := range names.list {
			if slices.Contains(analyzer.Families, n) {
				families[n] = names.on
			} else {
				rules[n] = names.on
			}
		}
	}
	layer(e.all, families, rules)
	var off map[string]bool
	for id, v := range on {
		if !v {
			if off == nil {
				off = map[string]bool{}
			}
			off[id] = true
		}
	}
	return off
}

// builtinOff tells which built-in policies do not run, for compiling only
// those that do before the user's policies are loaded.
func (o *lintOptions) builtinOff(cfg *config.Config) func(id string) bool {
	off := o.enable.offRules(catalogue(), cfg)
	return func(id string) bool { return off[id] }
}
