package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/lsp"
	"github.com/podlint/podlint/policies"
	"github.com/podlint/podlint/rules"
)

const nvimManifest = `apiVersion: apps/v1
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
          image: nginx
`

// nvimClient is the editor side: Neovim 0.7's built-in client (the 0.7
// API, vim.lsp.start_client, so it runs on Debian's neovim), with the
// debounce set to 0. It reports, as JSON: the diagnostics after opening;
// after pinning the image tag in the buffer (didChange); and after applying the
// server's preferred code action for selector-mismatch and writing the file
// (didSave).
const nvimClient = `
local dir, bin, out = os.getenv('PODLINT_DIR'), os.getenv('PODLINT_BIN'), os.getenv('PODLINT_OUT')
local result = {}
local function finish(err)
  result.error = err
  local f = io.open(out, 'w'); f:write(vim.fn.json_encode(result)); f:close()
  vim.cmd('qa!')
end
local function snapshot(buf)
  local got = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(got, {code = d.code, lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
                       severity = d.severity, source = d.source})
  end
  return got
end
local function has(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do if d.code == code then return true end end
  return false
end

local id = vim.lsp.start_client({cmd = {bin, 'lsp'}, name = 'podlint', root_dir = dir,
                                 flags = {debounce_text_changes = 0}})
if not id then return finish('start_client failed') end
vim.cmd('edit ' .. dir .. '/web.yaml')
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, id)
if not vim.wait(10000, function() return has(buf, 'image-tag') and has(buf, 'selector-mismatch') end, 10) then
  return finish('no image-tag and selector-mismatch diagnostics after open: ' .. vim.fn.json_encode(snapshot(buf)))
end
result.opened = snapshot(buf)

vim.api.nvim_buf_set_lines(buf, 16, 17, false, {'          image: nginx:1.27'})
if not vim.wait(10000, function() return not has(buf, 'image-tag') end, 10) then
  return finish('image-tag diagnostic still there after the edit')
end
result.edited = snapshot(buf)

local params = vim.lsp.util.make_range_params()
params.range = {start = {line = 5, character = 2}, ['end'] = {line = 5, character = 2}}
params.context = {diagnostics = {}}
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
result.actions = {}
local preferred
for _, r in pairs(responses or {}) do
  for _, a in ipairs(r.result or {}) do
    table.insert(result.actions, a.title)
    if a.isPreferred then preferred = a end
  end
end
if not preferred then return finish('no preferred code action: ' .. vim.fn.json_encode(result.actions)) end
vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
vim.cmd('write')
if not vim.wait(10000, function() return not has(buf, 'selector-mismatch') end, 10) then
  return finish('selector-mismatch still there after the code action and save')
end
result.saved = snapshot(buf)
result.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
vim.lsp.stop_client(id)
finish(nil)
`

type nvimDiag struct {
	Code     string `json:"code"`
	Lnum     int    `json:"lnum"`
	Col      int    `json:"col"`
	EndLnum  int    `json:"end_lnum"`
	EndCol   int    `json:"end_col"`
	Severity int    `json:"severity"`
	Source   string `json:"source"`
}

// TestLSPNeovim runs a real editor against podlint lsp: headless Neovim
// opens a manifest, and the test reads back the diagnostics Neovim
// received. .ci/run installs Neovim, so this runs in CI.
func TestLSPNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nvim is not installed, and .ci/run installs it")
		}
		t.Skip("nvim is not installed (apt-get install neovim)")
	}
	if testing.Short() {
		t.Skip("builds podlint and starts Neovim")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "podlint")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "manifests")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "web.yaml"), []byte(nvimManifest), 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(tmp, "client.lua")
	if err := os.WriteFile(script, []byte(nvimClient), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "result.json")

	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", "NONE", "-c", "luafile "+script)
	cmd.Env = append(os.Environ(), "PODLINT_DIR="+dir, "PODLINT_BIN="+bin, "PODLINT_OUT="+out, "HOME="+tmp, "XDG_STATE_HOME="+tmp)
	start := time.Now()
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, msg)
	}
	t.Logf("Neovim session took %v", time.Since(start))
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote no result: %v", err)
	}
	var res struct {
		Error   any        `json:"error"`
		Opened  []nvimDiag `json:"opened"`
		Edited  []nvimDiag `json:"edited"`
		Saved   []nvimDiag `json:"saved"`
		Actions []string   `json:"actions"`
		Text    string     `json:"text"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("result %s: %v", data, err)
	}
	if s, ok := res.Error.(string); ok {
		t.Fatalf("client: %s", s)
	}
	find := func(ds []nvimDiag, code string) (nvimDiag, bool) {
		i := slices.IndexFunc(ds, func(d nvimDiag) bool { return d.Code == code })
		if i < 0 {
			return nvimDiag{}, false
		}
		return ds[i], true
	}
	// podlint lint says web.yaml:6:3 to 9:18 (selector-mismatch) and
	// 17:11 to 17:23 (image-tag), 1-based with an exclusive end.
	want := map[string]nvimDiag{
		"selector-mismatch": {Code: "selector-mismatch", Lnum: 5, Col: 2, EndLnum: 8, EndCol: 17, Severity: 1, Source: "podlint"},
		"image-tag":         {Code: "image-tag", Lnum: 16, Col: 10, EndLnum: 16, EndCol: 22, Severity: 2, Source: "podlint"},
	}
	for code, w := range want {
		if got, ok := find(res.Opened, code); !ok || got != w {
			t.Errorf("after open, %s = %+v, want %+v", code, got, w)
		}
	}
	if _, ok := find(res.Edited, "selector-mismatch"); !ok {
		t.Errorf("after the edit, selector-mismatch is gone too: %+v", res.Edited)
	}
	if _, ok := find(res.Saved, "selector-mismatch"); ok {
		t.Errorf("after the code action and save: %+v", res.Saved)
	}
	if !strings.Contains(res.Text, "      labels:\n        app: web\n        tier: front\n") {
		t.Errorf("buffer after the code action:\n%s", res.Text)
	}
	disk, err := os.ReadFile(filepath.Join(dir, "web.yaml"))
	if err != nil || string(disk) != res.Text+"\n" {
		t.Errorf("saved file differs from the buffer: %v\n%s", err, disk)
	}
	t.Logf("code actions offered: %q", res.Actions)
}

// manifest200 returns a Deployment of about 200 lines with findings for
// several rules and policies, and a Service that selects it.
func manifest200() string {
	var b strings.Builder
	b.WriteString("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n  labels:\n    app: shop\nspec:\n  replicas: 3\n" +
		"  selector:\n    matchLabels:\n      app: shop\n  template:\n    metadata:\n      labels:\n        app: shop\n    spec:\n      containers:\n")
	for i := range 7 {
		fmt.Fprintf(&b, "        - name: c%d\n          image: registry.example.com/shop/c%d:1.%d\n          ports:\n            - containerPort: %d\n              name: http%d\n", i, i, i, 8080+i, i)
		b.WriteString("          env:\n")
		for j := range 8 {
			fmt.Fprintf(&b, "            - name: VAR_%d\n              value: \"v%d\"\n", j, j)
		}
		b.WriteString("          resources:\n            requests: {cpu: 100m, memory: 64Mi}\n")
	}
	b.WriteString("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  selector:\n    app: shop\n  ports:\n    - port: 80\n      targetPort: http0\n")
	return b.String()
}

// TestLSPLatency measures the time from didChange to publishDiagnostics
// for a 200-line manifest with every rule and built-in policy enabled, as
// podlint lsp runs them (debounce 0). It logs the figures; run with -v.
func TestLSPLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	text := manifest200()
	if n := strings.Count(text, "\n"); n < 190 || n > 210 {
		t.Fatalf("manifest has %d lines, want about 200", n)
	}
	ruleSet := lintRules(rules.DefaultKubeVersion(), policies.Builtin())
	srv, cli := net.Pipe()
	ctx := t.Context()
	done := make(chan error, 1)
	go func() {
		done <- lsp.Serve(ctx, srv, lsp.Config{Lint: lint.Options{Rules: ruleSet, Load: load.Options{Namespace: "default"}}, Catalogue: catalogue()})
	}()
	published := make(chan protocol.PublishDiagnosticsParams, 10)
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(cli))
	conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == protocol.MethodTextDocumentPublishDiagnostics {
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err == nil {
				published <- p
			}
		}
		return reply(ctx, nil, nil)
	})
	defer conn.Close()
	if _, err := conn.Call(ctx, protocol.MethodInitialize, map[string]any{"capabilities": map[string]any{}}, nil); err != nil {
		t.Fatal(err)
	}
	u := uri.File(filepath.Join(t.TempDir(), "shop.yaml"))
	wait := func(version uint32) protocol.PublishDiagnosticsParams {
		for {
			select {
			case p := <-published:
				if p.Version == version {
					return p
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("no diagnostics for version %d", version)
			}
		}
	}
	if err := conn.Notify(ctx, protocol.MethodTextDocumentDidOpen, protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: "yaml", Version: 1, Text: text}}); err != nil {
		t.Fatal(err)
	}
	first := wait(1)
	if len(first.Diagnostics) == 0 {
		t.Fatal("the manifest has no findings; the measure would not exercise the rules")
	}
	const runs = 50
	var times []time.Duration
	for i := range runs {
		version := int32(i + 2)
		start := time.Now()
		if err := conn.Notify(ctx, protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: version},
			ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: strings.Replace(text, "replicas: 3", fmt.Sprintf("replicas: %d", i+3), 1)}},
		}); err != nil {
			t.Fatal(err)
		}
		wait(uint32(version))
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	t.Logf("didChange -> publishDiagnostics, %d-line manifest, %d rules, %d findings, %d runs: min %v, median %v, p90 %v, max %v",
		strings.Count(text, "\n"), len(ruleSet), len(first.Diagnostics), runs, times[0], times[runs/2], times[runs*9/10], times[runs-1])
	if _, err := conn.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := conn.Notify(ctx, protocol.MethodExit, nil); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// TestStdinFilenameMatchesFile checks the editor contract of the plain CLI:
// linting a buffer on standard input under the file's name prints exactly
// what linting the file on disk prints.
func TestStdinFilenameMatchesFile(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "examples", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var disk, stdin, stderr strings.Builder
		code := run([]string{"lint", "--color", "never", "--format", "json", f}, strings.NewReader(""), &disk, &stderr)
		code2 := run([]string{"lint", "--color", "never", "--format", "json", "--stdin-filename", f, "-"}, strings.NewReader(string(data)), &stdin, &stderr)
		if code != code2 || disk.String() != stdin.String() {
			t.Errorf("%s: exit %d on disk, %d on stdin; output differs:\n%s\n---\n%s", f, code, code2, disk.String(), stdin.String())
		}
	}
}
