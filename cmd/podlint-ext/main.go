// Command podlint-ext is podlint's companion: podlint runs it, only when
// an input needs them, for what links Kubernetes' heaviest libraries:
// rendering Helm charts (Helm's SDK) and kustomizations (kustomize's
// API), and validating custom resources against their CRDs
// (k8s.io/apiextensions-apiserver). It speaks package ext's protocol on
// its standard input and output and is not meant to be run by hand;
// install it beside podlint.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"runtime/pprof"

	"github.com/podlint/podlint/analyzer/extserver"
	"github.com/podlint/podlint/cmd/internal/gctune"
)

// version is stamped by release builds (see .goreleaser.yaml).
var version = ""

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "version", "--version":
			fmt.Println("podlint-ext", currentVersion())
			return
		}
		fmt.Fprintln(os.Stderr, "podlint-ext is run by podlint, which speaks to it on standard input; it takes no arguments but version")
		os.Exit(2)
	}
	if path := os.Getenv("PODLINT_EXT_CPUPROFILE"); path != "" { // as PODLINT_CPUPROFILE for podlint
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	// It lives for one lint, as podlint does: its compiles of CRDs are
	// garbage but for what they return.
	gctune.Bound()
	if err := serve(); err != nil {
		fmt.Fprintln(os.Stderr, "podlint-ext:", err)
		os.Exit(1) //nolint:gocritic // the profile of a failed run is not wanted
	}
}

func serve() error {
	return extserver.Serve(os.Stdin, os.Stdout, currentVersion())
}

func currentVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "0.0.0-devel"
}
