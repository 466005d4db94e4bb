package load

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	sigsyaml "sigs.k8s.io/yaml"
)

// finding is a compact view of a diagnostic for table tests.
type finding struct {
	Rule         string
	Line, Column int
}

func findings(r *Result) []finding {
	var out []finding
	for _, d := range r.Diagnostics {
		out = append(out, finding{d.Rule, d.Pos.Line, d.Pos.Column})
	}
	return out
}

const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n"

func TestLoadShapes(t *testing.T) {
	for _, tc := range []struct {
		name     string
		file     string
		data     string
		objects  int
		docs     int
		skipped  int
		findings []finding
	}{
		{name: "one pod", file: "p.yaml", data: pod, objects: 1, docs: 1},
		{name: "json", file: "p.json", data: `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
  "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "imagePullPolcy": "Always"}]}}`,
			objects: 1, docs: 1, findings: []finding{{"schema", 2, 66}}},
		{name: "json list", file: "l.json", data: `{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}},
  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}, "data": {"x": 1}}]}`,
			objects: 2, docs: 1, findings: []finding{{"schema", 3, 86}}},
		{name: "crlf", file: "c.yaml", data: strings.ReplaceAll(pod, "\n", "\r\n") + "---\r\napiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: b\r\nspec:\r\n  containres: []\r\n",
			objects: 2, docs: 2, findings: []finding{{"schema", 15, 3}}},
		{name: "byte order mark", file: "b.yaml", data: "\xef\xbb\xbf" + pod, objects: 1, docs: 1},
		{name: "empty file", file: "e.yaml", data: "", docs: 0},
		{name: "comments only", file: "c.yaml", data: "# nothing here\n# at all\n", docs: 0},
		{name: "empty documents", file: "e.yaml", data: "---\n---\n# c\n---\n" + pod, objects: 1, docs: 3, skipped: 2},
		{name: "null document", file: "n.yaml", data: "~\n", docs: 1, skipped: 1},
		{name: "not a manifest", file: "values.yaml", data: "replicaCount: 2\nimage: nginx\n", docs: 1, skipped: 1},
		{name: "tab indentation", file: "t.yaml", data: "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: web\n", docs: 1, findings: []finding{{"parse-error", 4, 1}}},
		{name: "binary", file: "bin.yaml", data: "\x00\x01\x02kind: Pod", skipped: 1},
		{name: "invalid utf-8", file: "u.yaml", data: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: \xff\xfe\n", docs: 1, findings: []finding{{"parse-error", 6, 6}}},
		{name: "broken then good", file: "m.yaml", data: "apiVersion: v1\nkind: Pod\nmetadata: {name: a\n---\n" + pod, objects: 1, docs: 2, findings: []finding{{"parse-error", 3, 19}}},
		{name: "anchors and merge keys", file: "a.yaml", data: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &l {app: web}\n  annotations:\n    <<: *l\n    note: x\ndata: {}\n", objects: 1, docs: 1},
		{name: "non-string key", file: "k.yaml", data: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  [a, b]: c\n", docs: 1, findings: []finding{{"parse-error", 6, 3}}},
		{name: "not a map", file: "l.yaml", data: "- a\n- b\n", docs: 1, skipped: 1},
		{name: "missing kind", file: "k.yaml", data: "apiVersion: v1\nmetadata:\n  name: a\n", docs: 1, findings: []finding{{"schema", 1, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Bytes(tc.file, []byte(tc.data), Options{})
			if r.Summary.Objects != tc.objects || r.Summary.Documents != tc.docs || r.Summary.Skipped != tc.skipped {
				t.Errorf("objects, documents, skipped = %d, %d, %d; want %d, %d, %d (skips %v)",
					r.Summary.Objects, r.Summary.Documents, r.Summary.Skipped, tc.objects, tc.docs, tc.skipped, r.Summary.Skips)
			}
			if diff := cmp.Diff(tc.findings, findings(r)); diff != "" {
				t.Errorf("findings (-want +got):\n%s\n%v", diff, r.Diagnostics)
			}
		})
	}
}

func TestTypedDecoding(t *testing.T) {
	r := Bytes("d.yaml", []byte(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      volumes:
        - name: conf
          configMap: {name: web, defaultMode: 0644}
      containers:
        - name: web
          image: nginx:1.27
          resources: {limits: {cpu: 500m, memory: 1e3}}
`), Options{Namespace: "team"})
	if len(r.Diagnostics) > 0 {
		t.Fatalf("unexpected findings: %v", r.Diagnostics)
	}
	o := r.Objects[0]
	d, ok := o.Typed.(*appsv1.Deployment)
	if !ok {
		t.Fatalf("typed = %T", o.Typed)
	}
	if *d.Spec.Replicas != 3 || *d.Spec.Template.Spec.Volumes[0].ConfigMap.DefaultMode != 420 {
		t.Errorf("replicas %d, defaultMode %d; want 3 and 420 (0644 is octal in YAML 1.1)", *d.Spec.Replicas, *d.Spec.Template.Spec.Volumes[0].ConfigMap.DefaultMode)
	}
	if got := d.Spec.Template.Spec.Containers[0].Resources.Limits[corev1.ResourceMemory]; got.Value() != 1000 {
		t.Errorf("memory limit = %s, want 1000", got.String())
	}
	if o.Namespace != "team" || o.Name != "web" || o.Labels["app"] != "web" {
		t.Errorf("namespace %q, name %q, labels %v", o.Namespace, o.Name, o.Labels)
	}
}

// TestHostileInput checks that alias bombs and deep nesting are refused
// fast with a parse-error, never by running out of memory.
func TestHostileInput(t *testing.T) {
	var bomb strings.Builder
	bomb.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&bomb, "  a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	deep := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
	for name, data := range map[string]string{"alias bomb": bomb.String(), "deep nesting": deep} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			r := Bytes("h.yaml", []byte(data), Options{})
			if len(r.Diagnostics) != 1 || r.Diagnostics[0].Rule != "parse-error" {
				t.Errorf("findings = %v, want one parse-error", r.Diagnostics)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Logf("took %v", d) // not a timed assertion: a hint when it regresses
			}
		})
	}
}

func TestSplitDocuments(t *testing.T) {
	got := splitDocuments([]byte("a: 1\n---\nb: 2\n--- # c\nc: 3\n----\nd: 4\n---"))
	var lines []int
	for _, c := range got {
		lines = append(lines, c.line)
	}
	if diff := cmp.Diff([]int{1, 2, 4, 8}, lines); diff != "" {
		t.Errorf("chunk lines (-want +got):\n%s", diff)
	}
}

// TestTextReadAgain checks that a document read from a file can drop its
// text and read it back from the file, byte for byte, past a byte order
// mark and several documents; and that text from memory is never dropped.
func TestTextReadAgain(t *testing.T) {
	data := "\xef\xbb\xbfapiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\r\n---\n# c\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}"
	file := filepath.Join(t.TempDir(), "m.yaml")
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Load(t.Context(), []Input{{Name: file, Path: file}}, Options{})
	if err != nil || len(res.Objects) != 3 {
		t.Fatalf("%v, %d objects", err, len(res.Objects))
	}
	for _, o := range res.Objects {
		want := string(o.Doc.Source)
		wantLine := o.Doc.LineText(o.Doc.Line + 2)
		if !o.Doc.DropText() || o.Doc.Source != nil {
			t.Fatalf("%s: text not dropped", o)
		}
		if got := string(o.Doc.Text()); got != want {
			t.Errorf("%s: read again %q, want %q", o, got, want)
		}
		if got := o.Doc.LineText(o.Doc.Line + 2); got != wantLine {
			t.Errorf("%s: line %q, want %q", o, got, wantLine)
		}
	}
	if err := os.WriteFile(file, []byte("short"), 0o644); err != nil {
		t.Fatal(err)
	}
	last := res.Objects[2].Doc
	last.DropText()
	if got := last.Text(); got != nil {
		t.Errorf("after the file shrank, Text() = %q, want nil", got)
	}
	if got := last.LineText(last.Line); got != "" {
		t.Errorf("after the file shrank, LineText = %q, want empty", got)
	}

	mem := Bytes("mem.yaml", []byte(data), Options{})
	if d := mem.Objects[0].Doc; d.DropText() || d.Text() == nil {
		t.Error("text read from memory must not be dropped")
	}
}

// TestLargeMappings checks mappings past the size from which the
// converter indexes their keys: merged keys are overridden without a
// finding, a key written twice is reported once where it is repeated, and
// the JSON holds what sigs.k8s.io/yaml makes of the same text.
func TestLargeMappings(t *testing.T) {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\nbase: &base\n")
	for i := range 20 {
		fmt.Fprintf(&b, "  m%d: merged-%d\n", i, i)
	}
	b.WriteString("data:\n  <<: *base\n")
	for i := range 30 {
		fmt.Fprintf(&b, "  k%d: v%d\n", i, i)
	}
	b.WriteString("  m3: explicit\n  k25: again\n") // line 59: the repeated key
	doc := b.String()

	var n yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	js, issues, ok := toJSON(&n)
	if !ok {
		t.Fatalf("conversion failed: %v", issues)
	}
	if len(issues) != 1 || !strings.Contains(issues[0].msg, `duplicate key "k25"`) || issues[0].node.Line != 59 {
		t.Errorf("issues %+v, want one duplicate key k25 at line 59", issues)
	}
	want, err := sigsyaml.YAMLToJSON([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var got, exp any
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &exp); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(exp, got); diff != "" {
		t.Errorf("JSON differs from sigs.k8s.io/yaml (-want +got):\n%s", diff)
	}
	data := got.(map[string]any)["data"].(map[string]any)
	if len(data) != 50 || data["m3"] != "explicit" || data["k25"] != "again" || data["m4"] != "merged-4" {
		t.Errorf("data has %d keys, m3 %v, k25 %v, m4 %v", len(data), data["m3"], data["k25"], data["m4"])
	}
}
