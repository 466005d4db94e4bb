package rules

import (
	"fmt"

	"github.com/podlint/podlint/analyzer"
)

// DuplicatePortName reports two ports of one Pod spec with the same name.
var DuplicatePortName = &analyzer.Rule{
	ID:       "duplicate-port-name",
	Severity: analyzer.Warning,
	Doc: analyzer.Doc{
		Title: "two ports of one Pod share a name",
		Why: "Services and probes refer to container ports by name (targetPort: http). When two ports of a Pod " +
			"share a name, which one a Service routes to is ambiguous; within one container the API server rejects it.",
		Bad:  duplicatePortNameBad,
		Good: duplicatePortNameGood,
	},
	Check: checkDuplicatePortName,
}

func checkDuplicatePortName(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok {
		return nil
	}
	seen := map[string]portSeen{}
	for c := range spec.AppContainers() {
		for i, p := range c.Ports {
			if p.Name == "" {
				continue
			}
			at := c.Path.Field("ports").Index(i).Field("name")
			first, dup := seen[p.Name]
			if !dup {
				seen[p.Name] = portSeen{c.Name, at, p.Name}
				continue
			}
			where := fmt.Sprintf("container %q", first.container)
			if first.container == c.Name {
				where = "the same container"
			}
			pass.Report(analyzer.Diagnostic{Path: at,
				Message: fmt.Sprintf("port name %q of container %q is already used by %s; a Service targetPort %q becomes ambiguous", p.Name, c.Name, where, p.Name),
				Related: []analyzer.Related{{Path: first.path, Message: "first named here"}}})
		}
	}
	return nil
}

const duplicatePortNameBad = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - name: http
          containerPort: 8080
    - name: admin
      image: example/admin:1.0.0
      ports:
        - name: http
          containerPort: 9000
`

const duplicatePortNameGood = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - name: http
          containerPort: 8080
    - name: admin
      image: example/admin:1.0.0
      ports:
        - name: admin-http
          containerPort: 9000
`
