package main

import (
	"context"
	"errors"
	"io"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/lsp"
	"github.com/podlint/podlint/policies"
	"github.com/podlint/podlint/rules"
)

type lspOptions struct {
	kubeVersion string
	namespace   string
	debounce    time.Duration
	noSiblings  bool
}

func newLSPCmd(g *globalOptions) *cobra.Command {
	o := &lspOptions{}
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server over standard input and output, for editors",
		Long: `Run a Language Server Protocol server over standard input and output. Editors
send it the buffers of YAML and JSON files; it publishes podlint's findings as
diagnostics as you type, explains a rule on hover, and offers code actions for
the fixes that are certain. See the README, section Editors.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			restoreGC() // a long-lived server keeps the usual target
			return runLSP(cmd.Context(), g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.kubeVersion, "kube-version", rules.DefaultKubeVersion().String(), "Kubernetes version the manifests target, for deprecated-api")
	f.StringVarP(&o.namespace, "namespace", "n", "default", "namespace of objects that name none")
	f.DurationVar(&o.debounce, "debounce", lsp.DefaultDebounce, "wait this long after an edit before linting")
	f.BoolVar(&o.noSiblings, "no-siblings", false, "do not read the manifests beside a document as context for cross-object rules")
	return cmd
}

func runLSP(ctx context.Context, g *globalOptions, o *lspOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	kube, err := rules.ParseKubeVersion(o.kubeVersion)
	if err != nil {
		return usageError("--kube-version: %v", err)
	}
	// The rule set, compiled policies included, is built once here and
	// reused for every lint of every buffer.
	ruleSet := lintRules(kube, policies.Builtin())
	if err := analyzer.Validate(ruleSet); err != nil {
		return &exitCodeError{code: exitError, err: err}
	}
	defaults := lint.Options{Rules: ruleSet, Load: load.Options{Namespace: o.namespace}, Catalogue: catalogue()}
	configs := &lspConfigs{ctx: ctx, defaults: defaults, kube: kube, namespace: o.namespace, built: map[string]lintOrErr{}}
	cfg := lsp.Config{
		Lint:       defaults,
		Options:    configs.options,
		Catalogue:  catalogue(),
		Debounce:   o.debounce,
		NoSiblings: o.noSiblings,
		Version:    buildVersion(),
		Log:        g.stderr,
	}
	err = lsp.Serve(ctx, stdio{g.stdin, g.stdout}, cfg)
	if errors.Is(err, lsp.ErrExitWithoutShutdown) {
		return &exitCodeError{code: 1, err: err}
	}
	return err
}

// stdio joins standard input and output into the stream the server reads
// and writes; closing it closes neither.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }

// buildVersion is the module version podlint was built at, for serverInfo.
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
