// Command podlint lints Kubernetes manifests: see podlint --help.
package main

import "os"

func main() {
	raiseStartupGC()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
