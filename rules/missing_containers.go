package rules

import (
	"github.com/podlint/podlint/analyzer"
)

// MissingContainers reports a Pod spec without containers.
var MissingContainers = &analyzer.Rule{
	ID:       "missing-containers",
	Severity: analyzer.Error,
	Doc: analyzer.Doc{
		Title: "Pod spec has no containers",
		Why:   "A Pod needs at least one container in spec.containers (init and ephemeral containers do not count); the API server rejects a Pod spec without one.",
		Bad:   "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n",
		Good:  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n",
	},
	Check: checkMissingContainers,
}

func checkMissingContainers(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok || len(spec.PodSpec.Containers) > 0 || pass.Object.IsPatch() {
		return nil
	}
	pass.Reportf(spec.Path.Field("containers"), "the Pod spec has no containers; a Pod needs at least one in spec.containers")
	return nil
}
