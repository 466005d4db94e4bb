package rules

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/podlint/podlint/analyzer"
)

// MissingContainers reports a Pod spec without containers.
var MissingContainers = &analyzer.Rule{
	ID:       "missing-containers",
	Severity: analyzer.Error,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "Pod spec has no containers",
		Why:   "A Pod needs at least one container in spec.containers (init and ephemeral containers do not count); the API server rejects a Pod spec without one. A misspelled containers key is left to the schema finding.",
		Bad:   "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n",
		Good:  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n",
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkMissingContainers,
}

func checkMissingContainers(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok || len(spec.PodSpec.Containers) > 0 || pass.Object.IsPatch() {
		return nil
	}
	if misspelledContainers(pass.Object, spec.Path) != "" {
		return nil // schema reports the unknown field and suggests containers: one mistake, one finding
	}
	pass.Reportf(spec.Path.Field("containers"), "the Pod spec has no containers; a Pod needs at least one in spec.containers")
	return nil
}

// misspelledContainers returns a key of the Pod spec at path that is
// "containers" misspelled (contianers, container), or "".
func misspelledContainers(o *analyzer.Object, at analyzer.Path) string {
	n := analyzer.NodeAt(o.YAML(), at)
	if n == nil || n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if k != "containers" && k != "initContainers" && k != "ephemeralContainers" && analyzer.EditDistance(strings.ToLower(k), "containers") <= 2 {
			return k
		}
	}
	return ""
}
