package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/podlint/podlint/analyzer"
)

// DuplicatePortName reports two ports of one Pod spec with the same name.
var DuplicatePortName = &analyzer.Rule{
	ID:       "duplicate-port-name",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Doc: analyzer.Doc{
		Title: "two ports of one Pod share a name",
		Why: "Services and probes refer to container ports by name (targetPort: http). When two ports of a Pod " +
			"share a name, which one a Service routes to is ambiguous; within one container the API server rejects it.",
		Bad:  duplicatePortNameBad,
		Good: duplicatePortNameGood,
	},
	Applies: analyzer.HasPodSpec,
	Check:   checkDuplicatePortName,
}

func checkDuplicatePortName(pass *analyzer.Pass) error {
	spec, ok := pass.Object.PodSpec()
	if !ok {
		return nil
	}
	seen := map[string]portSeen{}
	taken := map[string]bool{} // every port name of the Pod, and the new names fixes give
	for c := range spec.Containers() {
		for _, p := range c.Ports {
			taken[p.Name] = true
		}
	}
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
				Related: []analyzer.Related{{Path: first.path, Message: "first named here"}},
				Fixes:   renamePort(p.Name, at, taken)})
		}
	}
	return nil
}

// renamePort returns the fix that renames a port named like an earlier
// one to the first of name-2, name-3, ... that no port of the Pod uses and
// that is a valid port name (an IANA service name: at most 15 lowercase
// letters, digits and single hyphens, with a letter). The rename cannot
// break what worked: a Service targeting the name meant the first port, or
// was ambiguous. The new name is marked taken, so two renames in one Pod
// never pick the same.
func renamePort(name string, at analyzer.Path, taken map[string]bool) []analyzer.Fix {
	for i := 2; i < 100; i++ {
		suffix := fmt.Sprintf("-%d", i)
		base := name
		if len(base)+len(suffix) > 15 {
			base = strings.TrimRight(base[:15-len(suffix)], "-")
		}
		candidate := base + suffix
		if taken[candidate] {
			continue
		}
		if !validPortName(candidate) {
			return nil
		}
		taken[candidate] = true
		return []analyzer.Fix{{
			Message: fmt.Sprintf("rename port %q to %q", name, candidate),
			Edits:   []analyzer.Edit{{Path: at, Op: analyzer.SetString, NewText: candidate}},
		}}
	}
	return nil
}

var portName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// validPortName reports whether s is an IANA service name, as the API
// server checks container port names.
func validPortName(s string) bool {
	return len(s) <= 15 && portName.MatchString(s) && !strings.Contains(s, "--") && strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz")
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
