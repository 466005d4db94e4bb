package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/podlint/podlint/cmd/internal/gctune"

	"github.com/spf13/pflag"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/policies"
)

// policyOptions are the flags of lint and test that choose Rego policies.
type policyOptions struct {
	dirs       []string
	regoV0     bool
	namespaces []string
	noBuiltin  bool
	debug      bool
	// timeout is the longest one policy may evaluate on one object; 0
	// means policies.DefaultTimeout (a language server's options).
	timeout time.Duration

	user    *policies.Set
	builtin *policies.Set // nil with --no-builtin-policies
}

func (o *policyOptions) addFlags(f *pflag.FlagSet, lint bool) {
	f.StringArrayVar(&o.dirs, "policy", nil, "directory of Rego policies written for conftest (repeatable)")
	f.BoolVar(&o.regoV0, "rego-v0", false, "parse policies in the Rego v0 syntax of OPA before 1.0")
	f.StringArrayVar(&o.namespaces, "rego-namespace", []string{"main"}, "package whose deny, violation and warn rules are policies (repeatable)")
	if lint {
		f.BoolVar(&o.noBuiltin, "no-builtin-policies", false, "do not run podlint's built-in Rego policies")
		f.BoolVar(&o.debug, "debug", false, "print the cost of the Rego policies to standard error")
		f.DurationVar(&o.timeout, "policy-timeout", policies.DefaultTimeout, "the longest one Rego policy may evaluate on one object; one that takes longer\nis stopped and reported there as policy-error, and the rest is linted")
	}
}

func (o *policyOptions) loadOptions() policies.LoadOptions {
	return policies.LoadOptions{RegoV0: o.regoV0, Namespaces: o.namespaces}
}

// prepareBuiltin chooses the built-in policies that are on (off tells
// those that are not: they are not even compiled) and compiles them in the
// background, so the compilation overlaps flag checks and loading the
// manifests.
func (o *policyOptions) prepareBuiltin(off func(id string) bool) {
	if o.noBuiltin {
		gctune.EndStartup()
		return
	}
	o.builtin = policies.BuiltinWithout(off)
	go func() {
		_ = o.builtin.Prepare()
		gctune.EndStartup() // start-up is over
	}()
}

// builtinRules returns the check that runs the built-in policies left on,
// which reports under each policy's ID.
func (o *policyOptions) builtinRules() []*analyzer.Rule {
	if o.builtin == nil {
		return nil
	}
	return o.builtin.RulesWithin(o.timeout)
}

// apply adds the check that runs the user's policies. Their findings are
// named by policy, so the configuration turns one off as it does any rule.
// A user policy that does not load, or whose ID is taken, is an error:
// podlint never lints with fewer rules than asked.
func (o *policyOptions) apply(ctx context.Context, ruleSet []*analyzer.Rule) ([]*analyzer.Rule, error) {
	if len(o.dirs) == 0 {
		return ruleSet, nil
	}
	set, err := policies.LoadSet(ctx, o.dirs, o.loadOptions())
	if err != nil {
		return nil, err
	}
	o.user = set
	known := map[string]bool{}
	for _, r := range catalogue() {
		known[r.ID] = true
	}
	for _, r := range set.Policies() {
		if known[r.ID] {
			return nil, fmt.Errorf("policy %s: the ID is taken by a built-in rule; set METADATA custom.id", r.ID)
		}
	}
	return append(ruleSet, set.RulesWithin(o.timeout)...), nil
}

// userPolicies returns the rules of the user's policies, once apply has
// loaded them.
func (o *policyOptions) userPolicies() []*analyzer.Rule {
	if o.user == nil {
		return nil
	}
	return o.user.Policies()
}

// printStats prints the cost of the policies with --debug.
func (o *policyOptions) printStats(w io.Writer) {
	if !o.debug {
		return
	}
	if o.builtin != nil {
		fmt.Fprintf(w, "podlint: built-in policies: %s\n", o.builtin.Stats())
	}
	if o.user != nil {
		fmt.Fprintf(w, "podlint: user policies: %s\n", o.user.Stats())
	}
}
