package main

import (
	"github.com/spf13/pflag"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/config"
	"github.com/podlint/podlint/rules"
)

// validationOptions are the flags of the API server's own verdicts:
// Pod Security Admission's default level.
type validationOptions struct {
	podSecurity string
}

func (o *validationOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.podSecurity, "pod-security", "", "the cluster's default Pod Security level, LEVEL[:VERSION] (restricted, baseline:v1.30),\nfor pod-security; Namespaces in the linted set with pod-security.kubernetes.io labels override it")
}

// applyConfig takes the file's settings the flags did not set.
func (o *validationOptions) applyConfig(cfg *config.Config, changed func(string) bool) {
	if cfg.PodSecurity != "" && !changed("pod-security") {
		o.podSecurity = cfg.PodSecurity
	}
}

// configure rebuilds pod-security with the level named. A level from the
// file is blamed on its line.
func (o *validationOptions) configure(ruleSet []*analyzer.Rule, cfg *config.Config, changed func(string) bool) ([]*analyzer.Rule, error) {
	policy, err := rules.ParsePodSecurity(o.podSecurity)
	if err != nil {
		if cfg != nil && !changed("pod-security") && cfg.PodSecurity == o.podSecurity {
			return nil, &exitCodeError{code: exitError, err: cfg.Errorf("podSecurity", "podSecurity %v", err)}
		}
		return nil, usageError("--pod-security %v", err)
	}
	out := make([]*analyzer.Rule, len(ruleSet))
	for i, r := range ruleSet {
		if r.ID == rules.PodSecurity.ID {
			r = rules.NewPodSecurity(policy)
		}
		out[i] = r
	}
	return out, nil
}
