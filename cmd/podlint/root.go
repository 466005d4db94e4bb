package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// exitError carries an exit code up to run.
type exitCodeError struct {
	code int
	err  error
}

func (e *exitCodeError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitCodeError) Unwrap() error { return e.err }

// globalOptions are shared by every command.
type globalOptions struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run executes podlint with args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	defer startProfiles(stderr)()
	g := &globalOptions{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRootCmd(g)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ec *exitCodeError
	if errors.As(err, &ec) {
		if ec.err != nil {
			fmt.Fprintf(stderr, "podlint: %v\n", ec.err)
		}
		return ec.code
	}
	fmt.Fprintf(stderr, "podlint: %v\n", err)
	return exitError
}

func newRootCmd(g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:   "podlint",
		Short: "Lint Kubernetes manifests for the mistakes the cluster would only reveal later",
		Long: `podlint reads Pod, Deployment and other workload manifests, decodes them as the
API server would, and reports mistakes with their exact file:line:column.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newLintCmd(g), newRulesCmd(g), newExplainCmd(g), newVersionCmd(g), newLSPCmd(g), newTestCmd(g), newMigrateCmd(g), newCacheCmd(g))
	root.Version = buildVersion()
	root.SetVersionTemplate(versionLine())
	return root
}

// useColor decides on colour for w: only on a terminal, and never when
// NO_COLOR is set or TERM is dumb.
func useColor(mode string, w io.Writer) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
			return false, nil
		}
		f, ok := w.(*os.File)
		return ok && term.IsTerminal(int(f.Fd())), nil
	}
	return false, fmt.Errorf("--color %q: want auto, always or never", mode)
}
