package main

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/podlint/podlint/cmd/internal/gctune"

	"github.com/spf13/cobra"

	"github.com/podlint/podlint/lsp"
	"github.com/podlint/podlint/rules"
)

type lspOptions struct {
	kubeVersion string
	namespace   string
	debounce    time.Duration
	noSiblings  bool
	enable      enableOptions
	changed     func(flag string) bool // flags set on the command line win over .podlint.yaml
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
			gctune.EndStartup() // a long-lived server keeps the usual target
			return runLSP(cmd.Context(), g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.kubeVersion, "kube-version", rules.DefaultKubeVersion().String(), "Kubernetes version the manifests target, for deprecated-api")
	f.StringVarP(&o.namespace, "namespace", "n", "default", "namespace of objects that name none")
	f.DurationVar(&o.debounce, "debounce", lsp.DefaultDebounce, "wait this long after an edit before linting")
	f.BoolVar(&o.noSiblings, "no-siblings", false, "do not read the manifests beside a document as context for cross-object rules")
	o.enable.addFlags(f)
	o.changed = f.Changed
	return cmd
}

func runLSP(ctx context.Context, g *globalOptions, o *lspOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// The server lints as podlint lint would with its flags: the options,
	// compiled policies included, are built once here for the files no
	// configuration covers, and once per .podlint.yaml for the others.
	configs := newLSPConfigs(ctx, lintOptions{kubeVersion: o.kubeVersion, namespace: o.namespace,
		ci: ciOptions{reportUnused: true, changed: o.changed}, enable: o.enable})
	defaults, err := configs.build("")
	if err != nil {
		return err
	}
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
