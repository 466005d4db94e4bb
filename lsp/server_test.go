package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/lint"
)

// selectorMismatchID is the ID of rules.SelectorMismatch.
const selectorMismatchID = "selector-mismatch"

// testSelectorMismatch stands in for rules.SelectorMismatch, which this
// package must not import: it reports a matchLabels selector that the Pod
// template labels miss, at spec.selector, with the template labels as
// related position and a fix that adds the missing labels, as the real
// rule does.
var testSelectorMismatch = &analyzer.Rule{
	ID:       selectorMismatchID,
	Severity: analyzer.Error,
	Doc: analyzer.Doc{
		Title: "controller selector does not match its Pod template labels",
		Why:   "A controller owns the Pods its selector matches.",
		Bad:   "x", Good: "y",
	},
	Check: func(p *analyzer.Pass) error {
		sel, ok := p.Object.Selector()
		tmpl, tpath, ok2 := p.Object.PodTemplate()
		if !ok || !ok2 || sel.Label == nil {
			return nil
		}
		var missing []analyzer.Entry
		var pairs []string
		for _, k := range slices.Sorted(maps.Keys(sel.Label.MatchLabels)) {
			if v := sel.Label.MatchLabels[k]; tmpl.Labels[k] != v {
				missing = append(missing, analyzer.Entry{Key: k, Value: v})
				pairs = append(pairs, k+"="+v)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		labels := tpath.Field("metadata").Field("labels")
		p.Report(analyzer.Diagnostic{Path: sel.Path, Message: "selector does not match the Pod template",
			Related: []analyzer.Related{{Path: labels, Message: "the Pod template's labels"}},
			Fixes: []analyzer.Fix{{Message: "add label " + strings.Join(pairs, ", ") + " to the Pod template",
				Edits: []analyzer.Edit{{Path: labels, Op: analyzer.AddEntries, Entries: missing}}}}})
		return nil
	},
}

// testDuplicateName is a cross-object rule: two objects of one kind with
// one name in one namespace.
var testDuplicateName = &analyzer.Rule{
	ID:       "duplicate-name",
	Severity: analyzer.Warning,
	Doc:      analyzer.Doc{Title: "two objects share a kind and name", Why: "The second one replaces the first.", Bad: "x", Good: "y"},
	CheckSet: func(p *analyzer.SetPass) error {
		seen := map[string]bool{}
		for _, o := range p.Objects {
			key := o.Kind + "/" + o.Name
			if seen[key] {
				p.Report(analyzer.Diagnostic{Object: o, Path: analyzer.MustParsePath("metadata.name"), Message: "duplicate " + key})
			}
			seen[key] = true
		}
		return nil
	},
}

func testConfig() Config {
	rules := []*analyzer.Rule{testSelectorMismatch, testDuplicateName}
	return Config{Lint: lint.Options{Rules: rules}, Catalogue: rules}
}

const typoManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      contianers:
        - name: web
          image: nginx:1.27
`

const mismatchManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
      tier: front
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`

// client is the editor's end of an in-memory connection to a server.
type client struct {
	t     *testing.T
	conn  jsonrpc2.Conn
	diags chan protocol.PublishDiagnosticsParams
	done  chan error // Serve's result
}

func start(t *testing.T, cfg Config) *client {
	t.Helper()
	srv, cli := net.Pipe()
	c := &client{t: t, diags: make(chan protocol.PublishDiagnosticsParams, 100), done: make(chan error, 1)}
	ctx := t.Context()
	go func() { c.done <- Serve(ctx, srv, cfg) }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(cli))
	c.conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodTextDocumentPublishDiagnostics {
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("publishDiagnostics: %v", err)
			}
			c.diags <- p
		}
		return reply(ctx, nil, nil)
	})
	t.Cleanup(func() {
		_ = c.conn.Close()
		_ = srv.Close()
	})
	return c
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.t.Context(), 10*time.Second)
	defer cancel()
	if _, err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(c.t.Context(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// wait returns the next diagnostics published for u at version or later.
func (c *client) wait(u protocol.DocumentURI, version uint32) protocol.PublishDiagnosticsParams {
	c.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case p := <-c.diags:
			if p.URI == u && p.Version >= version {
				return p
			}
		case <-timeout:
			c.t.Fatalf("no diagnostics for %s version %d", u, version)
		}
	}
}

func (c *client) initialize(root string) protocol.InitializeResult {
	c.t.Helper()
	var res protocol.InitializeResult
	params := map[string]any{"processId": os.Getpid(), "capabilities": map[string]any{}}
	if root != "" {
		params["rootUri"] = uri.File(root)
	}
	c.call(protocol.MethodInitialize, params, &res)
	c.notify(protocol.MethodInitialized, map[string]any{})
	return res
}

func (c *client) open(u protocol.DocumentURI, lang, text string) {
	c.t.Helper()
	c.notify(protocol.MethodTextDocumentDidOpen, protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: protocol.LanguageIdentifier(lang), Version: 1, Text: text}})
}

func (c *client) change(u protocol.DocumentURI, version int32, text string) {
	c.t.Helper()
	c.notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: version},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: text}},
	})
}

func (c *client) shutdown() {
	c.t.Helper()
	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		c.t.Fatal("Serve did not return after exit")
	}
}

// brief is the part of a diagnostic the tests compare.
type brief struct {
	Code                         string
	Line, Char, EndLine, EndChar uint32
}

func briefs(ds []protocol.Diagnostic) []brief {
	out := []brief{}
	for _, d := range ds {
		code, _ := d.Code.(string)
		out = append(out, brief{code, d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character})
	}
	return out
}

// applyEdits applies non-overlapping text edits to text.
func applyEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	offset := func(p protocol.Position) int {
		n := 0
		for i := 0; i < int(p.Line) && i < len(lines); i++ {
			n += len(lines[i])
		}
		return n + int(p.Character) // ASCII in these tests
	}
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b protocol.TextEdit) int { return offset(b.Range.Start) - offset(a.Range.Start) })
	for _, e := range edits {
		text = text[:offset(e.Range.Start)] + e.NewText + text[offset(e.Range.End):]
	}
	return text
}

func TestServer(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "web.yaml")
	// The disk holds the fixed manifest: the server must lint the buffer.
	if err := os.WriteFile(file, []byte(strings.Replace(typoManifest, "contianers", "containers", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	u := uri.File(file)
	c := start(t, testConfig())

	res := c.initialize(dir)
	if res.ServerInfo == nil || res.ServerInfo.Name != "podlint" {
		t.Errorf("serverInfo = %+v, want podlint", res.ServerInfo)
	}

	// didOpen: the typo is reported on the key, 0-based.
	c.open(u, "yaml", typoManifest)
	p := c.wait(u, 1)
	if diff := cmp.Diff([]brief{{"schema", 13, 6, 13, 16}}, briefs(p.Diagnostics)); diff != "" {
		t.Fatalf("didOpen diagnostics (-want +got):\n%s", diff)
	}
	d := p.Diagnostics[0]
	if d.Severity != protocol.DiagnosticSeverityError || d.Source != "podlint" ||
		d.CodeDescription == nil || string(d.CodeDescription.Href) != DefaultDocsURL+"schema" {
		t.Errorf("diagnostic = %+v", d)
	}

	// didChange: fixed, then a selector mismatch.
	c.change(u, 2, strings.Replace(typoManifest, "contianers", "containers", 1))
	if p := c.wait(u, 2); len(p.Diagnostics) != 0 {
		t.Fatalf("after the fix: %v", briefs(p.Diagnostics))
	}
	c.change(u, 3, mismatchManifest)
	p = c.wait(u, 3)
	if diff := cmp.Diff([]brief{{selectorMismatchID, 5, 2, 8, 17}}, briefs(p.Diagnostics)); diff != "" {
		t.Fatalf("selector diagnostics (-want +got):\n%s", diff)
	}
	rel := p.Diagnostics[0].RelatedInformation
	if len(rel) != 1 || rel[0].Location.URI != u || rel[0].Location.Range.Start != (protocol.Position{Line: 11, Character: 6}) {
		t.Errorf("relatedInformation = %+v, want the template labels at 11:6", rel)
	}

	// codeAction: add the missing label, or ignore the finding.
	var actions []protocol.CodeAction
	c.call(protocol.MethodTextDocumentCodeAction, protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Range:        protocol.Range{Start: protocol.Position{Line: 6, Character: 4}, End: protocol.Position{Line: 6, Character: 4}},
		Context:      protocol.CodeActionContext{Diagnostics: p.Diagnostics},
	}, &actions)
	var titles []string
	for _, a := range actions {
		titles = append(titles, a.Title)
	}
	wantTitles := []string{"Add label tier=front to the Pod template", "Ignore selector-mismatch on this line (# podlint:ignore)"}
	if diff := cmp.Diff(wantTitles, titles); diff != "" {
		t.Fatalf("code actions (-want +got):\n%s", diff)
	}
	ignored := applyEdits(t, mismatchManifest, actions[1].Edit.Changes[u])
	if want := "  selector:\n"; !strings.Contains(ignored, "  # podlint:ignore selector-mismatch "+IgnoreReason+"\n"+want) {
		t.Errorf("ignore edit gave:\n%s", ignored)
	}
	fixed := applyEdits(t, mismatchManifest, actions[0].Edit.Changes[u])
	if want := "      labels:\n        app: web\n        tier: front\n    spec:\n"; !strings.Contains(fixed, want) {
		t.Errorf("label edit gave:\n%s", fixed)
	}

	// hover on the selector explains the rule.
	var hover protocol.Hover
	c.call(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 7, Character: 8}}}, &hover)
	if v := hover.Contents.Value; !strings.Contains(v, testSelectorMismatch.Doc.Title) || !strings.Contains(v, testSelectorMismatch.Doc.Why) {
		t.Errorf("hover = %q", v)
	}
	var none *protocol.Hover
	c.call(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Position: protocol.Position{Line: 0, Character: 0}}}, &none)
	if none != nil {
		t.Errorf("hover away from findings = %+v, want null", none)
	}

	// Apply the fix and save: clean.
	c.change(u, 4, fixed)
	if p := c.wait(u, 4); len(p.Diagnostics) != 0 {
		t.Fatalf("after the label fix: %v", briefs(p.Diagnostics))
	}
	if err := os.WriteFile(file, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify(protocol.MethodTextDocumentDidSave, protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	if p := c.wait(u, 4); len(p.Diagnostics) != 0 {
		t.Fatalf("after save: %v", briefs(p.Diagnostics))
	}

	// didClose clears.
	c.change(u, 5, typoManifest)
	if p := c.wait(u, 5); len(p.Diagnostics) != 1 {
		t.Fatalf("version 5: %v", briefs(p.Diagnostics))
	}
	c.notify(protocol.MethodTextDocumentDidClose, protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
	if p := c.wait(u, 0); len(p.Diagnostics) != 0 || p.Diagnostics == nil {
		t.Fatalf("after close: %#v, want an empty list", p.Diagnostics)
	}
	c.shutdown()
}

func TestNotAManifest(t *testing.T) {
	c := start(t, testConfig())
	c.initialize("")
	u := uri.File(filepath.Join(t.TempDir(), "ci.yaml"))
	c.open(u, "yaml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n")
	if p := c.wait(u, 1); p.Diagnostics == nil || len(p.Diagnostics) != 0 {
		t.Errorf("workflow file: %v, want an empty list", p.Diagnostics)
	}
	// A manifest that does not parse yet is still one.
	c.change(u, 2, "apiVersion: v1\nkind: Pod\nmetadata: [\n")
	if p := c.wait(u, 2); len(p.Diagnostics) == 0 || p.Diagnostics[0].Code != "parse-error" {
		t.Errorf("broken manifest: %v, want parse-error", briefs(p.Diagnostics))
	}
	c.shutdown()
}

// TestContext checks that cross-object rules see the manifests beside the
// buffer on disk and the other open buffers, and that only the buffer's
// own findings are published.
func TestContext(t *testing.T) {
	dir := t.TempDir()
	deploy := func(name string) string {
		return strings.Replace(strings.Replace(typoManifest, "contianers", "containers", 1), "name: web\nspec", "name: "+name+"\nspec", 1)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(deploy("web")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a manifest"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := start(t, testConfig())
	c.initialize(dir)
	b := uri.File(filepath.Join(dir, "b.yaml"))
	c.open(b, "yaml", deploy("web"))
	p := c.wait(b, 1)
	if diff := cmp.Diff([]brief{{"duplicate-name", 3, 2, 3, 11}}, briefs(p.Diagnostics)); diff != "" {
		t.Fatalf("b.yaml beside a.yaml (-want +got):\n%s", diff)
	}
	// An open buffer wins over its file: renaming in the buffer of a.yaml
	// clears the duplicate once b.yaml is linted again.
	a := uri.File(filepath.Join(dir, "a.yaml"))
	c.open(a, "yaml", deploy("api"))
	if p := c.wait(a, 1); len(p.Diagnostics) != 0 {
		t.Fatalf("a.yaml: %v", briefs(p.Diagnostics))
	}
	c.change(b, 2, deploy("web"))
	if p := c.wait(b, 2); len(p.Diagnostics) != 0 {
		t.Fatalf("b.yaml beside the renamed buffer a.yaml: %v", briefs(p.Diagnostics))
	}
	c.shutdown()
}

func TestUTF16Range(t *testing.T) {
	c := start(t, testConfig())
	c.initialize("")
	u := uri.File(filepath.Join(t.TempDir(), "pod.yaml"))
	// 😀 is 4 bytes and 2 UTF-16 code units; é is 2 bytes and 1 unit.
	text := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  annotations: {note: \"é😀\", x: 1}\nspec:\n  containers: [{name: a, image: b}]\n  hostnetwork: true\n"
	c.open(u, "yaml", text)
	p := c.wait(u, 1)
	got := briefs(p.Diagnostics)
	// Annotation values are strings: 1 is at byte column 36, UTF-16 column 33.
	want := []brief{{"ambiguous-scalar", 4, 32, 4, 33}, {"schema", 7, 2, 7, 13}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s\n%s", diff, fmt.Sprint(p.Diagnostics))
	}
	c.shutdown()
}

// TestJSON checks a JSON manifest: linted, with the fix the finding
// carries but no ignore action, as JSON has no comments.
func TestJSON(t *testing.T) {
	c := start(t, testConfig())
	c.initialize("")
	u := uri.File(filepath.Join(t.TempDir(), "pod.json"))
	c.open(u, "json", `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"},
 "spec": {"contianers": [{"name": "a", "image": "b"}]}}`)
	p := c.wait(u, 1)
	if diff := cmp.Diff([]brief{{"schema", 1, 10, 1, 22}}, briefs(p.Diagnostics)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	var actions []protocol.CodeAction
	c.call(protocol.MethodTextDocumentCodeAction, protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: p.Diagnostics[0].Range}, &actions)
	if len(actions) != 1 || actions[0].Title != `Rename "contianers" to "containers"` {
		t.Fatalf("code actions for JSON: %+v, want only the rename", actions)
	}
	fixed := applyEdits(t, `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"},
 "spec": {"contianers": [{"name": "a", "image": "b"}]}}`, actions[0].Edit.Changes[u])
	if !strings.Contains(fixed, `"spec": {"containers": [`) {
		t.Errorf("rename gave %s", fixed)
	}
	c.shutdown()
}

func TestExitWithoutShutdown(t *testing.T) {
	c := start(t, testConfig())
	c.initialize("")
	c.notify(protocol.MethodExit, nil)
	select {
	case err := <-c.done:
		if !errors.Is(err, ErrExitWithoutShutdown) {
			t.Errorf("Serve = %v, want %v", err, ErrExitWithoutShutdown)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
}

// TestChartBuffer lints a template of a Helm chart as the chart renders
// it, with the buffer's unsaved text in place of the file, and places the
// finding on the template's line.
func TestChartBuffer(t *testing.T) {
	dir := t.TempDir()
	write := fileWriter(t, dir)
	write("Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n")
	write("values.yaml", "app: web\n")
	tmpl := func(selector string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    matchLabels:\n      app: " +
			selector + "\n  template:\n    metadata:\n      labels:\n        app: {{ .Values.app }}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n"
	}
	write("templates/deployment.yaml", tmpl("{{ .Values.app }}"))
	cfg := testConfig()
	cfg.Lint.Render = &lint.RenderOptions{}
	c := start(t, cfg)
	c.initialize(dir)
	u := uri.File(filepath.Join(dir, "templates", "deployment.yaml"))
	c.open(u, "yaml", tmpl("api")) // unsaved: the selector no longer matches
	p := c.wait(u, 1)
	got := briefs(p.Diagnostics)
	// The selector: line 6 of the template (0-based 5), where the
	// buffer writes it.
	if diff := cmp.Diff([]brief{{"selector-mismatch", 5, 2, 5, 11}}, got); diff != "" {
		t.Fatalf("the buffer's selector, as rendered (-want +got):\n%s", diff)
	}
	c.change(u, 2, tmpl("{{ .Values.app }}"))
	if p := c.wait(u, 2); len(p.Diagnostics) != 0 {
		t.Fatalf("fixed buffer: %v", briefs(p.Diagnostics))
	}
	c.shutdown()
}

// TestKustomizationBuffer: a buffer that a kustomization reads (here an
// overlay's patch) is built with its unsaved text standing in for the
// file, and gets the findings that map to it; a file in the folder that
// the build does not read is linted on its own.
func TestKustomizationBuffer(t *testing.T) {
	dir := t.TempDir()
	write := fileWriter(t, dir)
	write("base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
	write("base/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n"+
		"  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n")
	write("overlay/kustomization.yaml", "resources:\n  - ../base\npatches:\n  - path: patch.yaml\n")
	patch := func(image string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: " + image + "\n"
	}
	write("overlay/patch.yaml", patch("nginx:1.27"))
	notes := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: scratch\nspec:\n  containers:\n    - name: c\n      image: busybox:latest\n"
	write("overlay/notes.yaml", notes)
	latest := &analyzer.Rule{
		ID: "image-tag", Severity: analyzer.Warning,
		Doc: analyzer.Doc{Title: "an image uses the latest tag", Why: "Replicas differ.", Bad: "x", Good: "y"},
		Check: func(p *analyzer.Pass) error {
			if ps, ok := p.Object.PodSpec(); ok {
				for c := range ps.Containers() {
					if strings.HasSuffix(c.Image, ":latest") {
						p.Reportf(c.Path.Field("image"), "latest")
					}
				}
			}
			return nil
		},
	}
	cfg := Config{Lint: lint.Options{Rules: []*analyzer.Rule{latest}}, Catalogue: []*analyzer.Rule{latest}}
	cfg.Lint.Render = &lint.RenderOptions{}
	c := start(t, cfg)
	c.initialize(dir)
	u := uri.File(filepath.Join(dir, "overlay", "patch.yaml"))
	c.open(u, "yaml", patch("nginx:latest")) // unsaved
	p := c.wait(u, 1)
	var rules []string
	for _, b := range briefs(p.Diagnostics) {
		rules = append(rules, b.Code)
		if b.Line != 9 {
			t.Errorf("%s at line %d (0-based), want 9: the patch's image line", b.Code, b.Line)
		}
	}
	if !slices.Contains(rules, "image-tag") {
		t.Fatalf("the patch's unsaved image: %v", briefs(p.Diagnostics))
	}
	c.change(u, 2, patch("nginx:1.27"))
	if p := c.wait(u, 2); slices.ContainsFunc(briefs(p.Diagnostics), func(b brief) bool { return b.Code == "image-tag" }) {
		t.Fatalf("fixed buffer: %v", briefs(p.Diagnostics))
	}
	n := uri.File(filepath.Join(dir, "overlay", "notes.yaml"))
	c.open(n, "yaml", notes)
	if p := c.wait(n, 1); !slices.ContainsFunc(briefs(p.Diagnostics), func(b brief) bool { return b.Code == "image-tag" }) {
		t.Fatalf("a file the build does not read, linted on its own: %v", briefs(p.Diagnostics))
	}
	c.shutdown()
}

// fileWriter returns a function that writes a file below dir, with its
// folders.
func fileWriter(t *testing.T, dir string) func(name, text string) {
	return func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
