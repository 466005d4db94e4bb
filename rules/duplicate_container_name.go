package rules

import (
	"strings"

	"github.com/podlint/podlint/analyzer"
)

// DuplicateContainerName reports two containers of one Pod with one name.
var DuplicateContainerName = &analyzer.Rule{
	ID:       "duplicate-container-name",
	Severity: analyzer.Error,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "two containers of one Pod share a name",
		Why: "Container names identify containers for logs, exec, restarts and status; the API server rejects a " +
			"Pod spec in which two containers, of any kind (app, init, ephemeral), share a name.",
		Bad: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n    - name: web\n      image: busybox:1.36\n" +
			"  containers:\n    - name: web\n      image: nginx:1.27\n",
		Good: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n" +
			"  containers:\n    - name: web\n      image: nginx:1.27\n",
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkDuplicateContainerName,
}

func checkDuplicateContainerName(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok {
		return nil
	}
	seen := map[string]analyzer.Container{}
	for c := range spec.Containers() {
		if c.Name == "" {
			continue
		}
		first, dup := seen[c.Name]
		if !dup {
			seen[c.Name] = c
			continue
		}
		pass.Report(analyzer.Diagnostic{Path: c.Path.Field("name"),
			Message: "container name \"" + c.Name + "\" is used twice in this Pod spec (first by " + withArticle(first.Kind.String()) + ")",
			Related: []analyzer.Related{{Path: first.Path.Field("name"), Message: "first used here"}}})
	}
	return nil
}

// withArticle puts "a" or "an" before a noun phrase.
func withArticle(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}
