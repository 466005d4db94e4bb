package config

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary text to the configuration parser: it must never
// panic, and every error it reports must name a line.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"rules:\n  image-tag: off\n  bare-pod: error\nexclude: ['**/charts/**']\nkubeVersion: \"1.30\"\n",
		"imageRoles:\n  datastore: [mydb]\n  helper: ['*-sidecar']\nworkloads:\n  - {apiVersion: x/v1, kind: W, templatePath: spec.template}\n",
		"rules: [a, b]\n", "namespace: {a: 1}\n", "unknown: 1\n", "a: &a [*a]\n", "policies: ~\n", "\t- bad\n",
	} {
		f.Add(seed)
	}
	known := []string{"image-tag", "bare-pod", "selector-mismatch"}
	f.Fuzz(func(t *testing.T, text string) {
		_, err := Parse(".podlint.yaml", []byte(text), known)
		var ce *Error
		if err != nil && errors.As(err, &ce) && ce.Line < 0 {
			t.Errorf("error with a negative line: %v", err)
		}
	})
}
