// Command podlint lints Kubernetes manifests: see podlint --help.
package main

import (
	"os"

	"github.com/podlint/podlint/cmd/internal/gctune"

	"github.com/podlint/podlint/analyzer/ext"
)

func main() {
	gctune.RaiseForStartup()
	code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	ext.Default().Close() // podlint-ext, when an input needed it
	os.Exit(code)
}
