package load

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

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
		name         string
		file         string
		data         string
		objects      int
		docs         int
		skipped      int
		skippedFiles int
		findings     []finding
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
		{name: "binary", file: "bin.yaml", data: "\x00\x01\x02kind: Pod", skippedFiles: 1},
		{name: "invalid utf-8", file: "u.yaml", data: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: \xff\xfe\n", docs: 1, findings: []finding{{"parse-error", 6, 6}}},
		{name: "broken then good", file: "m.yaml", data: "apiVersion: v1\nkind: Pod\nmetadata: {name: a\n---\n" + pod, objects: 1, docs: 2, findings: []finding{{"parse-error", 3, 19}}},
		{name: "anchors and merge keys", file: "a.yaml", data: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &l {app: web}\n  annotations:\n    <<: *l\n    note: x\ndata: {}\n", objects: 1, docs: 1},
		{name: "non-string key", file: "k.yaml", data: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  [a, b]: c\n", docs: 1, findings: []finding{{"parse-error", 6, 3}}},
		{name: "not a map", file: "l.yaml", data: "- a\n- b\n", docs: 1, skipped: 1},
		{name: "missing kind", file: "k.yaml", data: "apiVersion: v1\nmetadata:\n  name: a\n", docs: 1, findings: []finding{{"schema", 1, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Bytes(tc.file, []byte(tc.data), Options{})
			if r.Summary.Objects != tc.objects || r.Summary.Documents != tc.docs || r.Summary.Skipped != tc.skipped || r.Summary.SkippedFiles != tc.skippedFiles {
				t.Errorf("objects, documents, skipped, files skipped = %d, %d, %d, %d; want %d, %d, %d, %d (skips %v)",
					r.Summary.Objects, r.Summary.Documents, r.Summary.Skipped, r.Summary.SkippedFiles, tc.objects, tc.docs, tc.skipped, tc.skippedFiles, r.Summary.Skips)
			}
			if err := r.Summary.Check(); err != nil {
				t.Error(err)
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
	// A 64 KiB string, aliased 9 times over 5 levels: few nodes, 3.8 GB of text.
	var strings64 strings.Builder
	strings64.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  s0: &s0 " + strings.Repeat("x", 64<<10) + "\n")
	strings64.WriteString("  l0: &l0 [*s0, *s0, *s0, *s0, *s0, *s0, *s0, *s0, *s0]\n")
	for i := 1; i < 5; i++ {
		fmt.Fprintf(&strings64, "  l%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	// Merge keys nine deep at each of eight levels: 43 million entries.
	var merges strings.Builder
	merges.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  m0: &m0 {z0: 0}\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&merges, "  m%d: &m%d {<<: [%s], z%d: %d}\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*m%d, ", i-1), 9), ", "), i, i)
	}
	const next = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: after}\n"
	for name, data := range map[string]string{"alias bomb": bomb.String(), "deep nesting": deep,
		"string alias bomb": strings64.String(), "merge-key bomb": merges.String()} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			r := Bytes("h.yaml", []byte(data+next), Options{})
			runtime.ReadMemStats(&after)
			if len(r.Diagnostics) != 1 || r.Diagnostics[0].Rule != "parse-error" || r.Diagnostics[0].Pos.Line < 4 {
				t.Errorf("findings = %v, want one positioned parse-error", r.Diagnostics)
			}
			if len(r.Objects) != 1 || r.Objects[0].Name != "after" {
				t.Errorf("the document after the bomb was not loaded: %d objects", len(r.Objects))
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 256<<20 {
				t.Errorf("allocated %d MiB refusing it", n>>20)
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

// TestDocumentOffsets checks that each document knows where its text
// starts in its file, past a byte order mark and several documents, so
// that edits land on the right bytes.
func TestDocumentOffsets(t *testing.T) {
	data := "\xef\xbb\xbfapiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\r\n---\n# c\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}"
	res := Bytes("m.yaml", []byte(data), Options{})
	if len(res.Objects) != 3 {
		t.Fatalf("%d objects, want 3", len(res.Objects))
	}
	for _, o := range res.Objects {
		d := o.Doc
		if got := data[d.Offset : d.Offset+len(d.Source)]; got != string(d.Source) {
			t.Errorf("%s: text at offset %d is %q, want %q", o, d.Offset, got, d.Source)
		}
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

// TestOddButReadable checks inputs kubectl reads that look odd: a NUL byte
// in one document (a positioned parse-error there, the others loaded), text
// in UTF-16 with a byte order mark (read, with the lines of the file), and
// JSON objects one after another (each one an object).
func TestOddButReadable(t *testing.T) {
	cm := func(name string) string { return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n" }
	utf16Of := func(s string, big bool) []byte {
		out := []byte{0xff, 0xfe}
		if big {
			out = []byte{0xfe, 0xff}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if big {
				out = append(out, byte(u>>8), byte(u))
			} else {
				out = append(out, byte(u), byte(u>>8))
			}
		}
		return out
	}
	tests := []struct {
		name    string
		data    []byte
		objects []string
		errLine int // of the one parse-error, 0 for none
	}{
		{"NUL in a value", []byte(cm("a") + "data: {k: \"x\x00y\"}\n---\n" + cm("b")), []string{"b"}, 5},
		{"UTF-16LE", utf16Of(cm("a")+"---\n"+cm("b"), false), []string{"a", "b"}, 0},
		{"UTF-16BE", utf16Of(cm("a")+"---\n"+cm("é"), true), []string{"a", "é"}, 0},
		{"JSON stream", []byte(`{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}` + "\n" +
			`{"apiVersion": "v1", "kind": "ConfigMap",` + "\n" + ` "metadata": {"name": "b"}}{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}`),
			[]string{"a", "b", "c"}, 0},
		{"JSON stream that breaks", []byte(`{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}` + "\n\n" + `{"apiVersion": "v1", "kind": `),
			[]string{"a"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Bytes("odd.yaml", tt.data, Options{})
			var names []string
			for _, o := range r.Objects {
				names = append(names, o.Name)
			}
			if diff := cmp.Diff(tt.objects, names); diff != "" {
				t.Errorf("objects (-want +got):\n%s", diff)
			}
			var errLine int
			for _, d := range r.Diagnostics {
				if d.Rule == ParseError.ID {
					errLine = d.Pos.Line
				}
			}
			if errLine != tt.errLine || len(r.Summary.Skips) > 0 && r.Summary.Skips[0].Reason == "binary file" {
				t.Errorf("parse-error at line %d, want %d; findings %v, skips %v", errLine, tt.errLine, r.Diagnostics, r.Summary.Skips)
			}
		})
	}
	if r := Bytes("b.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"), Options{}); len(r.Summary.Skips) != 1 || r.Summary.Skips[0].Reason != "binary file" {
		t.Errorf("a PNG is not skipped as binary: %+v", r.Summary)
	}
}

// TestTaggedMergeKey checks that "!!merge <<" merges as in kubectl's
// YAMLToJSON (yaml.v2): the JSON sent is what the rules read.
func TestTaggedMergeKey(t *testing.T) {
	data := "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  base: &v {served: true}\n  v1:\n    !!merge <<: *v\n    name: x\n"
	want, err := sigsyaml.YAMLToJSON([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	r := Bytes("w.yaml", []byte(data), Options{})
	if len(r.Objects) != 1 {
		t.Fatalf("objects %d, findings %v", len(r.Objects), r.Diagnostics)
	}
	var got, wantV any
	if err := json.Unmarshal(r.Objects[0].JSON, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want, &wantV); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantV, got); diff != "" {
		t.Errorf("JSON (-YAMLToJSON +podlint):\n%s", diff)
	}
}
