package main

import (
	"context"
	"path/filepath"
	"sync"

	"github.com/podlint/podlint/analyzer/config"
	"github.com/podlint/podlint/lint"
)

// lspConfigs gives the language server the options of each document: the
// .podlint.yaml found from the document's folder, applied by the builder
// podlint lint uses (lintOptions.options), over the server's own flags.
// Options are built once per configuration file, so the policies it names
// are compiled once per server, not per keystroke.
type lspConfigs struct {
	ctx   context.Context
	flags lintOptions // the server's flags, as podlint lint would take them

	mu    sync.Mutex
	built map[string]lintOrErr // by configuration file; "" when none is found
}

type lintOrErr struct {
	opts lint.Options
	err  error
}

func newLSPConfigs(ctx context.Context, flags lintOptions) *lspConfigs {
	return &lspConfigs{ctx: ctx, flags: flags, built: map[string]lintOrErr{}}
}

// options returns the options for file, a document's path.
func (c *lspConfigs) options(file string) (lint.Options, error) {
	path, err := config.Find(filepath.Dir(file))
	if err != nil {
		return lint.Options{}, err
	}
	return c.build(path)
}

// build returns the options under the configuration file at path, or
// under none when path is "", building them on first use.
func (c *lspConfigs) build(path string) (lint.Options, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if b, ok := c.built[path]; ok {
		return b.opts, b.err
	}
	o := c.flags // a copy: each configuration starts from the flags
	var cfg *config.Config
	var err error
	if path != "" {
		o.ci.configFile = path
		cfg, err = o.loadConfig()
	}
	var opts lint.Options
	if err == nil {
		o.policy.prepareBuiltin(o.builtinOff(cfg))
		opts, err = o.options(c.ctx, cfg)
	}
	c.built[path] = lintOrErr{opts, err}
	return opts, err
}
