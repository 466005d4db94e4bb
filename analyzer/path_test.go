package analyzer

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

func TestPathString(t *testing.T) {
	p := Path{}.Field("spec").Field("template").Field("metadata").Field("labels").Key("app.kubernetes.io/name")
	if got, want := p.String(), `spec.template.metadata.labels["app.kubernetes.io/name"]`; got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
	q := Path{}.Field("spec").Field("containers").Index(1).Field("ports").Index(0).Field("containerPort")
	if got, want := q.String(), "spec.containers[1].ports[0].containerPort"; got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
	for _, s := range []string{
		"", "spec", "spec.containers[1].ports[0].containerPort",
		`metadata.labels["app.kubernetes.io/name"]`, `metadata.annotations["a\"b"]`, "items[3].spec", `data["1"]`,
	} {
		p, err := ParsePath(s)
		if err != nil {
			t.Errorf("ParsePath(%q): %v", s, err)
			continue
		}
		if p.String() != s {
			t.Errorf("ParsePath(%q).String() = %q", s, p.String())
		}
	}
	for _, bad := range []string{".spec", "spec.", "spec..a", "a[", "a[x]", "a[-1]", `a["x`, "a[0]b"} {
		if _, err := ParsePath(bad); err == nil {
			t.Errorf("ParsePath(%q) accepted a malformed path", bad)
		}
	}
}

func TestPathsDoNotAlias(t *testing.T) {
	base := Path{}.Field("spec").Field("containers")
	a := base.Index(0)
	b := base.Index(1)
	if a.String() != "spec.containers[0]" || b.String() != "spec.containers[1]" {
		t.Errorf("extending one prefix twice gave %s and %s", a, b)
	}
}

const resolveDoc = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, "tier": front}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "nginx:1.27"
          ports:
            - containerPort: 8080
        - name: café
          env: [{name: A, value: b}]
`

// TestResolve pins how paths become positions: the key of the last element,
// to the end of its value; a missing path resolves to its nearest parent.
func TestResolve(t *testing.T) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(resolveDoc), &n); err != nil {
		t.Fatal(err)
	}
	d := &Document{File: "f.yaml", Line: 1, Root: n.Content[0], Source: []byte(resolveDoc)}
	for _, tc := range []struct {
		path string
		want Position
	}{
		{"", Position{File: "f.yaml", Line: 1, Column: 1, EndLine: 15, EndColumn: 37}},
		{"metadata.name", Position{File: "f.yaml", Line: 4, Column: 3, EndLine: 4, EndColumn: 12}},
		{"metadata.labels.tier", Position{File: "f.yaml", Line: 5, Column: 22, EndLine: 5, EndColumn: 35}},
		{"spec.template.spec.containers[0].image", Position{File: "f.yaml", Line: 11, Column: 11, EndLine: 11, EndColumn: 30}},
		{"spec.template.spec.containers[0].ports[0].containerPort", Position{File: "f.yaml", Line: 13, Column: 15, EndLine: 13, EndColumn: 34}},
		{"spec.template.spec.containers[1]", Position{File: "f.yaml", Line: 14, Column: 11, EndLine: 15, EndColumn: 37}},
		{"spec.template.spec.containers[1].env[0].value", Position{File: "f.yaml", Line: 15, Column: 27, EndLine: 15, EndColumn: 35}},
		// Missing: the nearest existing parent.
		{"spec.template.spec.containers[0].resources.limits", Position{File: "f.yaml", Line: 10, Column: 11, EndLine: 13, EndColumn: 34}},
		{"spec.template.spec.containers[7]", Position{File: "f.yaml", Line: 9, Column: 7, EndLine: 15, EndColumn: 37}},
		{"spec.replicas", Position{File: "f.yaml", Line: 6, Column: 1, EndLine: 15, EndColumn: 37}},
	} {
		got := d.Resolve(d.Root, MustParsePath(tc.path))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Resolve(%q) (-want +got):\n%s", tc.path, diff)
		}
	}
}

func TestUTF16Column(t *testing.T) {
	line := "  - name: café 😀 x"
	// byte column of "x": 2+"- name: "(8)+"café "(6 bytes)+"😀 "(5 bytes)+1
	bc := len("  - name: café 😀 ") + 1
	if got := UTF16Column(line, bc); got != 19 {
		t.Errorf("UTF16Column = %d, want 19", got)
	}
}
