package rules

import (
	"fmt"

	"github.com/podlint/podlint/analyzer"
)

// DuplicateEnv reports a container that sets one environment variable twice.
var DuplicateEnv = &analyzer.Rule{
	ID:       "duplicate-env",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "container sets the same environment variable twice",
		Why:   "Only the last entry takes effect; the first is dead configuration, usually a bad merge, and readers trust the wrong value.",
		Bad: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n" +
			"      env:\n        - name: LOG_LEVEL\n          value: info\n        - name: LOG_LEVEL\n          value: debug\n",
		Good: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n" +
			"      env:\n        - name: LOG_LEVEL\n          value: debug\n",
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkDuplicateEnv,
}

func checkDuplicateEnv(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok {
		return nil
	}
	for c := range spec.Containers() {
		seen := map[string]int{} // name -> index of first entry
		for i, e := range c.Env {
			first, dup := seen[e.Name]
			if !dup {
				seen[e.Name] = i
				continue
			}
			env := c.Path.Field("env")
			pass.Report(analyzer.Diagnostic{
				Path:    env.Index(i).Field("name"),
				Message: fmt.Sprintf("%s %q sets %s again; only this last value is used", c.Kind, c.Name, e.Name),
				Related: []analyzer.Related{{Path: env.Index(first).Field("name"), Message: "first set here"}},
			})
		}
	}
	return nil
}
