package main

import (
	"context"
	"path/filepath"
	"sync"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/config"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/policies"
	"github.com/podlint/podlint/rules"
)

// lspConfigs gives the language server the options of each document: the
// .podlint.yaml found from the document's folder applied the way podlint
// lint applies it. Options are built once per configuration file, so the
// policies it names are compiled once per server, not per keystroke.
type lspConfigs struct {
	ctx       context.Context
	defaults  lint.Options // no configuration file found
	kube      rules.KubeVersion
	namespace string

	mu    sync.Mutex
	built map[string]lintOrErr // by configuration file
}

type lintOrErr struct {
	opts lint.Options
	err  error
}

func (c *lspConfigs) options(file string) (lint.Options, error) {
	path, err := config.Find(filepath.Dir(file))
	if err != nil {
		return lint.Options{}, err
	}
	if path == "" {
		return c.defaults, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if b, ok := c.built[path]; ok {
		return b.opts, b.err
	}
	opts, err := c.build(path)
	c.built[path] = lintOrErr{opts, err}
	return opts, err
}

func (c *lspConfigs) build(path string) (lint.Options, error) {
	cfg, err := config.Load(path, nil)
	if err != nil {
		return lint.Options{}, err
	}
	kube := c.kube
	if cfg.KubeVersion != "" {
		if kube, err = rules.ParseKubeVersion(cfg.KubeVersion); err != nil {
			return lint.Options{}, err
		}
	}
	ruleSet := configureRules(lintRules(kube, policies.Builtin()), cfg)
	if len(cfg.Policies) > 0 {
		p := &policyOptions{dirs: cfg.Policies}
		if ruleSet, err = p.apply(c.ctx, ruleSet); err != nil {
			return lint.Options{}, err
		}
	}
	if err := checkConfigRules(cfg, ruleSet); err != nil {
		return lint.Options{}, err
	}
	ruleSet = configureRules(ruleSet, cfg)
	opts := lint.Options{Rules: ruleSet, Load: load.Options{Namespace: c.namespace}}
	if cfg.Namespace != "" {
		opts.Load.Namespace = cfg.Namespace
	}
	for _, w := range cfg.Workloads {
		opts.Load.Workloads = append(opts.Load.Workloads, load.WorkloadKind{APIVersion: w.APIVersion, Kind: w.Kind,
			TemplatePath: w.TemplatePath, SelectorPath: w.SelectorPath})
	}
	(&ciOptions{}).lintOptions(&opts, cfg, nil)
	if err := analyzer.Validate(opts.Rules); err != nil {
		return lint.Options{}, err
	}
	return opts, nil
}
