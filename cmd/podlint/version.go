package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/podlint/podlint/rules"
)

// Release builds stamp these (see .goreleaser.yaml):
//
//	-ldflags "-X main.version=v1.2.3 -X main.commit=<sha> -X main.date=<RFC 3339>"
var (
	version string
	commit  string
	date    string
)

// A build is what a binary knows of its own making.
type build struct {
	Version, Commit, Date string
	Modified              bool // built from a work tree with changes
}

// currentBuild returns the stamped version, or what the Go toolchain
// recorded: the module version of a go install, and the VCS revision of a
// build in a clone.
func currentBuild() build {
	b := build{Version: version, Commit: known(commit), Date: known(date)}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			b.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				if b.Date == "" {
					b.Date = s.Value
				}
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	return b
}

// known drops the words GoReleaser stamps for what it could not tell.
func known(s string) string {
	if s == "none" || s == "unknown" {
		return ""
	}
	return s
}

// buildVersion is the version reports and the language server name: a
// release's, a module version, or 0.0.0-devel for a build from source
// (with its revision when known), which SARIF readers take for a version.
func buildVersion() string {
	b := currentBuild()
	if b.Version != "" {
		return b.Version
	}
	if b.Commit != "" {
		return "0.0.0-devel+" + b.Commit[:min(len(b.Commit), 12)]
	}
	return "0.0.0-devel"
}

// versionLine is what podlint version and podlint --version print.
func versionLine() string {
	b := currentBuild()
	var parts []string
	if b.Commit != "" {
		c := "commit " + b.Commit[:min(len(b.Commit), 12)]
		if b.Modified {
			c += " (modified)"
		}
		parts = append(parts, c)
	}
	if b.Date != "" {
		parts = append(parts, "built "+b.Date)
	}
	parts = append(parts, fmt.Sprintf("Kubernetes %s API", rules.DefaultKubeVersion()))
	return fmt.Sprintf("podlint %s (%s)\n", buildVersion(), strings.Join(parts, ", "))
}

func newVersionCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print podlint's version, commit and build date, and the Kubernetes version it targets by default",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprint(g.stdout, versionLine())
			return nil
		},
	}
}
