// Package lsp is podlint's language server: editors send it the text of the
// manifests being edited and it publishes podlint's findings as diagnostics,
// with hovers that explain a rule and code actions for the fixes that are
// certain.
//
// The protocol types come from go.lsp.dev/protocol and the JSON-RPC 2.0
// transport from go.lsp.dev/jsonrpc2, pinned at v0.10.0 because protocol
// v0.12.0 does not build against jsonrpc2 v1. They are the Go LSP packages
// with the smallest footprint that carry every type this server needs
// (Diagnostic.CodeDescription, Data, CodeAction.IsPreferred); glsp was the
// alternative, with an older and heavier dependency tree. The handler
// dispatches on the method itself rather than through protocol.Server,
// whose interface has some sixty methods a diagnostics server never serves.
//
// The package knows nothing of the CLI: cmd builds the rule set (Go rules
// and compiled policies) once and passes it in a Config, so every keystroke
// reuses the same rules.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
)

// DefaultDebounce is how long the server waits after an edit before it
// lints, so that typing a word costs one lint, not one per letter.
const DefaultDebounce = 150 * time.Millisecond

// DefaultDocsURL is where a rule's documentation lives; the rule ID is the
// anchor.
const DefaultDocsURL = "https://github.com/podlint/podlint/blob/main/docs/rules.md#"

// Config is everything the server takes from its caller. It is a plain
// struct so that whatever cmd learns to configure (policies, .podlint.yaml)
// reaches the server without changes here.
type Config struct {
	// Lint holds the rules and load options used for every document. Build
	// the rules once: they are reused for every lint.
	Lint lint.Options
	// Options, when set, returns the options for one file instead of Lint,
	// for configuration discovered from the file's folder. It is called on
	// every lint, so it should cache what it builds.
	Options func(file string) (lint.Options, error)
	// Catalogue lists every rule podlint knows, for hovers; the rules of
	// Lint are consulted too.
	Catalogue []*analyzer.Rule
	// DocsURL is prefixed to a rule ID to link its documentation;
	// DefaultDocsURL when empty.
	DocsURL string
	// Debounce delays linting after a change; zero lints at once.
	// cmd uses DefaultDebounce.
	Debounce time.Duration
	// NoSiblings turns off loading the manifests on disk beside a document
	// as context for cross-object rules.
	NoSiblings bool
	// Version is reported to the client in serverInfo.
	Version string
	// Log receives one line per problem the server cannot show as a
	// diagnostic (an unreadable sibling, a malformed message); nil discards.
	Log io.Writer
}

// ErrExitWithoutShutdown is returned by Serve when the client sent exit
// without shutdown first; the protocol asks for exit code 1 then.
var ErrExitWithoutShutdown = errors.New("exit without shutdown")

// Serve runs the server over rwc (stdin and stdout for an editor) until the
// client sends exit, the stream ends or ctx is done. It returns nil after a
// clean shutdown and exit.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, cfg Config) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := newServer(cfg)
	conn := jsonrpc2.NewConn(newStream(rwc))
	s.conn = conn
	conn.Go(ctx, s.handle)
	// On exit the stream is closed but not waited for: a reader blocked on
	// standard input only returns when the process ends.
	select {
	case <-conn.Done():
	case <-s.exited:
		_ = conn.Close()
	case <-ctx.Done():
		_ = conn.Close()
	}
	s.stop()
	s.mu.Lock()
	shutdown, exited := s.shutdown, s.exit
	s.mu.Unlock()
	switch {
	case exited && shutdown:
		return nil
	case exited:
		return ErrExitWithoutShutdown
	case ctx.Err() != nil:
		return ctx.Err()
	}
	if err := conn.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
		return fmt.Errorf("read from client: %w", err)
	}
	return nil
}

// server is the state of one client connection.
type server struct {
	cfg     Config
	docsURL string
	rules   map[string]*analyzer.Rule // for hovers
	conn    jsonrpc2.Conn
	exited  chan struct{}

	mu       sync.Mutex
	docs     map[protocol.DocumentURI]*document
	roots    []string // workspace folders, as file paths
	shutdown bool
	exit     bool
	wg       sync.WaitGroup // lints in flight
}

// A document is one open editor buffer.
type document struct {
	uri     protocol.DocumentURI
	file    string // the name findings carry: a file path, or the URI when it has none
	onDisk  bool   // file is a path, so its folder can give context
	json    bool   // JSON has no comments, so no ignore action
	text    string
	version int32
	gen     uint64      // bumped on every change; a lint publishes only if it is current
	timer   *time.Timer // the pending debounced lint

	lintedGen uint64    // the generation findings belong to
	findings  []finding // of the last lint
	pubMu     sync.Mutex
}

// A finding is one diagnostic as found and as published, with its fixes.
type finding struct {
	diag  analyzer.Diagnostic
	proto protocol.Diagnostic
	fixes []fix
}

func newServer(cfg Config) *server {
	s := &server{
		cfg:     cfg,
		docsURL: cfg.DocsURL,
		rules:   map[string]*analyzer.Rule{},
		docs:    map[protocol.DocumentURI]*document{},
		exited:  make(chan struct{}),
	}
	if s.docsURL == "" {
		s.docsURL = DefaultDocsURL
	}
	for _, r := range slices.Concat(cfg.Lint.Rules, cfg.Catalogue) {
		s.rules[r.ID] = r
	}
	return s
}

// stop cancels pending lints and waits for those running.
func (s *server) stop() {
	s.mu.Lock()
	for _, d := range s.docs {
		if d.timer != nil && d.timer.Stop() {
			s.wg.Done()
		}
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *server) logf(format string, args ...any) {
	if s.cfg.Log != nil {
		fmt.Fprintf(s.cfg.Log, "podlint lsp: "+format+"\n", args...)
	}
}

// handle serves one message. jsonrpc2 calls it from its read loop, one
// message at a time, so notifications are applied in the order sent; lints
// run on other goroutines.
func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	s.mu.Lock()
	shutdown, exited := s.shutdown, s.exit
	s.mu.Unlock()
	if exited {
		return nil // Serve is returning; nothing more is served
	}
	if shutdown && req.Method() != protocol.MethodExit {
		if _, isCall := req.(*jsonrpc2.Call); isCall {
			return reply(ctx, nil, fmt.Errorf("%w: server is shut down", jsonrpc2.ErrInvalidRequest))
		}
		return nil
	}
	switch req.Method() {
	case protocol.MethodInitialize:
		var p initializeParams
		if err := unmarshal(req, &p); err != nil {
			return reply(ctx, nil, err)
		}
		s.setRoots(p)
		return reply(ctx, s.initializeResult(), nil)
	case protocol.MethodInitialized:
		return nil
	case protocol.MethodShutdown:
		s.stop()
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return reply(ctx, nil, nil)
	case protocol.MethodExit:
		s.mu.Lock()
		if !s.exit {
			s.exit = true
			close(s.exited)
		}
		s.mu.Unlock()
		return nil
	case protocol.MethodTextDocumentDidOpen:
		var p protocol.DidOpenTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			s.logf("%v", err)
			return nil
		}
		s.didOpen(p)
		return nil
	case protocol.MethodTextDocumentDidChange:
		var p protocol.DidChangeTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			s.logf("%v", err)
			return nil
		}
		s.didChange(p)
		return nil
	case protocol.MethodTextDocumentDidSave:
		var p protocol.DidSaveTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			s.logf("%v", err)
			return nil
		}
		s.didSave(p)
		return nil
	case protocol.MethodTextDocumentDidClose:
		var p protocol.DidCloseTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			s.logf("%v", err)
			return nil
		}
		s.didClose(ctx, p)
		return nil
	case protocol.MethodTextDocumentCodeAction:
		var p protocol.CodeActionParams
		if err := unmarshal(req, &p); err != nil {
			return reply(ctx, nil, err)
		}
		return reply(ctx, s.codeActions(ctx, p), nil)
	case protocol.MethodTextDocumentHover:
		var p protocol.HoverParams
		if err := unmarshal(req, &p); err != nil {
			return reply(ctx, nil, err)
		}
		h := s.hover(ctx, p)
		if h == nil {
			return reply(ctx, nil, nil) // null: nothing to show
		}
		return reply(ctx, h, nil)
	}
	return jsonrpc2.MethodNotFoundHandler(ctx, reply, req)
}

func unmarshal(req jsonrpc2.Request, v any) error {
	if err := json.Unmarshal(req.Params(), v); err != nil {
		return fmt.Errorf("%w: %s params: %w", jsonrpc2.ErrInvalidParams, req.Method(), err)
	}
	return nil
}

// initializeParams is the part of initialize the server reads. It is not
// protocol.InitializeParams: decoding every client capability strictly
// would make the handshake fail on fields this server ignores anyway.
type initializeParams struct {
	RootURI          string `json:"rootUri"`
	WorkspaceFolders []struct {
		URI string `json:"uri"`
	} `json:"workspaceFolders"`
}

func (s *server) setRoots(p initializeParams) {
	var roots []string
	for _, f := range p.WorkspaceFolders {
		if path, ok := filePath(f.URI); ok {
			roots = append(roots, path)
		}
	}
	if path, ok := filePath(p.RootURI); ok && len(roots) == 0 {
		roots = append(roots, path)
	}
	s.mu.Lock()
	s.roots = roots
	s.mu.Unlock()
}

func (s *server) initializeResult() protocol.InitializeResult {
	return protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindFull,
				Save:      &protocol.SaveOptions{},
			},
			HoverProvider: true,
			CodeActionProvider: protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix},
			},
		},
		ServerInfo: &protocol.ServerInfo{Name: "podlint", Version: s.cfg.Version},
	}
}

// filePath returns the file path of a file: URI.
func filePath(u string) (string, bool) {
	parsed, err := url.Parse(u)
	if err != nil || parsed.Scheme != "file" || parsed.Path == "" {
		return "", false
	}
	return filepath.FromSlash(parsed.Path), true
}

// isManifestDocument reports whether the server lints a document: YAML or
// JSON, by language or by file name. Helm templates (language "helm") are
// not manifests until rendered.
func isManifestDocument(languageID, name string) (ok, isJSON bool) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case languageID == "yaml" || ext == ".yaml" || ext == ".yml":
		return languageID == "" || languageID == "yaml" || ext != ".json", false
	case languageID == "json" || languageID == "jsonc" || ext == ".json":
		return true, true
	}
	return false, false
}

func (s *server) didOpen(p protocol.DidOpenTextDocumentParams) {
	item := p.TextDocument
	file, onDisk := filePath(string(item.URI))
	if !onDisk {
		file = string(item.URI)
	}
	ok, isJSON := isManifestDocument(string(item.LanguageID), file)
	if !ok {
		return
	}
	d := &document{uri: item.URI, file: file, onDisk: onDisk, json: isJSON, text: item.Text, version: item.Version}
	s.mu.Lock()
	if old := s.docs[item.URI]; old != nil {
		s.cancelLocked(old)
		d.gen = old.gen + 1
	}
	s.docs[item.URI] = d
	s.mu.Unlock()
	s.schedule(d, 0)
}

func (s *server) didChange(p protocol.DidChangeTextDocumentParams) {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d == nil || len(p.ContentChanges) == 0 {
		s.mu.Unlock()
		return
	}
	// Full sync: the last change holds the whole text.
	d.text = p.ContentChanges[len(p.ContentChanges)-1].Text
	d.version = p.TextDocument.Version
	d.gen++
	s.mu.Unlock()
	s.schedule(d, s.cfg.Debounce)
}

func (s *server) didSave(p protocol.DidSaveTextDocumentParams) {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		s.mu.Unlock()
		return
	}
	if p.Text != "" {
		d.text = p.Text
		d.gen++
	}
	// The file on disk changed, so open neighbours that read it as
	// context may have new findings too.
	var neighbours []*document
	for _, o := range s.docs {
		if o != d && o.onDisk && d.onDisk && filepath.Dir(o.file) == filepath.Dir(d.file) {
			neighbours = append(neighbours, o)
		}
	}
	s.mu.Unlock()
	s.schedule(d, 0)
	for _, o := range neighbours {
		s.schedule(o, 0)
	}
}

func (s *server) didClose(ctx context.Context, p protocol.DidCloseTextDocumentParams) {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		s.mu.Unlock()
		return
	}
	s.cancelLocked(d)
	d.gen++ // lints in flight for it publish nothing
	delete(s.docs, p.TextDocument.URI)
	s.mu.Unlock()
	d.pubMu.Lock()
	defer d.pubMu.Unlock()
	s.publish(ctx, d.uri, 0, []protocol.Diagnostic{})
}

// cancelLocked stops the pending lint of d; s.mu is held.
func (s *server) cancelLocked(d *document) {
	if d.timer != nil && d.timer.Stop() {
		s.wg.Done()
	}
	d.timer = nil
}

// schedule lints d after delay, replacing a lint not yet started.
func (s *server) schedule(d *document, delay time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs[d.uri] != d {
		return
	}
	s.cancelLocked(d)
	s.wg.Add(1)
	d.timer = time.AfterFunc(delay, func() {
		defer s.wg.Done()
		s.lintAndPublish(context.Background(), d)
	})
}

// lintAndPublish lints the current text of d and publishes the findings,
// unless d changed or closed in the meantime: then a newer lint follows.
func (s *server) lintAndPublish(ctx context.Context, d *document) {
	s.mu.Lock()
	gen, version := d.gen, d.version
	s.mu.Unlock()
	findings := s.lint(ctx, d)
	d.pubMu.Lock()
	defer d.pubMu.Unlock()
	s.mu.Lock()
	current := s.docs[d.uri] == d && d.gen == gen
	if current {
		d.findings, d.lintedGen = findings, gen
	}
	s.mu.Unlock()
	if !current {
		return
	}
	diags := make([]protocol.Diagnostic, len(findings))
	for i, f := range findings {
		diags[i] = f.proto
	}
	s.publish(ctx, d.uri, version, diags)
}

func (s *server) publish(ctx context.Context, u protocol.DocumentURI, version int32, diags []protocol.Diagnostic) {
	p := &protocol.PublishDiagnosticsParams{URI: u, Diagnostics: diags}
	if version > 0 {
		p.Version = uint32(version)
	}
	if err := s.conn.Notify(ctx, protocol.MethodTextDocumentPublishDiagnostics, p); err != nil {
		s.logf("publish diagnostics for %s: %v", u, err)
	}
}

// current returns the findings of d for its current text, linting first
// when the last lint is out of date (a code action right after typing).
func (s *server) current(ctx context.Context, u protocol.DocumentURI) (*document, []finding) {
	s.mu.Lock()
	d := s.docs[u]
	if d == nil {
		s.mu.Unlock()
		return nil, nil
	}
	fresh := d.lintedGen == d.gen && d.findings != nil
	findings := d.findings
	s.mu.Unlock()
	if fresh {
		return d, findings
	}
	return d, s.lint(ctx, d)
}

// lint runs the rules over the text of d, with the other open documents
// and the manifests beside it on disk as context, and returns the findings
// in d only.
func (s *server) lint(ctx context.Context, d *document) []finding {
	s.mu.Lock()
	name, text, onDisk := d.file, d.text, d.onDisk
	open := map[string]string{}
	for _, o := range s.docs {
		if o != d && o.onDisk && s.inWorkspace(o.file, d.file) {
			open[o.file] = o.text
		}
	}
	s.mu.Unlock()

	opts := s.cfg.Lint
	if s.cfg.Options != nil {
		var err error
		if opts, err = s.cfg.Options(name); err != nil {
			s.logf("options for %s: %v", name, err)
			opts = s.cfg.Lint
		}
	}
	opts.Report = func(file string) bool { return file == name }

	var res *lint.Result
	if chart, ok := load.EnclosingChart(name); ok && onDisk && opts.Render != nil {
		// A file of a chart: render the chart with the unsaved text of its
		// open files, and keep the findings that land in this one.
		ro := *opts.Render
		ro.Chart.Overlay = map[string][]byte{name: []byte(text)}
		for f, t := range open {
			if within(chart, f) {
				ro.Chart.Overlay[f] = []byte(t)
			}
		}
		opts.Render = &ro
		var err error
		if res, err = lint.Inputs(ctx, []load.Input{{Name: chart, Path: chart, Root: load.RootChart}}, opts); err != nil {
			s.logf("render %s: %v", chart, err)
		}
		return s.findingsIn(d, name, text, res)
	}
	if root, ok := load.EnclosingKustomization(name); ok && onDisk && opts.Render != nil {
		// A file of a kustomization (a resource, a patch, the
		// kustomization itself): build it with the unsaved text of the
		// open files, and keep the findings that land in this one. The
		// buffer goes in too: a file the build does not read is linted
		// on its own, as the command line lints it.
		ro := *opts.Render
		ro.Overlay = map[string][]byte{name: []byte(text)}
		for f, t := range open {
			ro.Overlay[f] = []byte(t)
		}
		opts.Render = &ro
		var err error
		buf := bufferInput(name, text)
		buf.Path = name // so that the build's consumed files drop it: its text is the overlay's
		inputs := []load.Input{{Name: root, Path: root, Root: load.RootKustomization}, buf}
		if res, err = lint.Inputs(ctx, inputs, opts); err != nil {
			s.logf("build %s: %v", root, err)
		}
		return s.findingsIn(d, name, text, res)
	}
	if !onDisk || (s.cfg.NoSiblings && len(open) == 0) {
		res = lint.Bytes(ctx, name, []byte(text), opts)
	} else {
		inputs := s.contextInputs(name, open)
		var err error
		res, err = lint.Inputs(ctx, append(inputs, bufferInput(name, text)), opts)
		if err != nil {
			s.logf("context for %s: %v", name, err)
		}
	}
	if !isManifest(res, name, text) {
		return []finding{}
	}
	return s.findingsIn(d, name, text, res)
}

// findingsIn returns the findings of res placed in the document d.
func (s *server) findingsIn(d *document, name, text string, res *lint.Result) []finding {
	if res == nil {
		return []finding{}
	}
	lines := splitLines(text)
	findings := make([]finding, 0, len(res.Diagnostics))
	for _, diag := range res.Diagnostics {
		if diag.Pos.File != name || !diag.Pos.IsValid() {
			continue
		}
		findings = append(findings, s.finding(d, lines, diag))
	}
	return findings
}

// inWorkspace reports whether an open document other belongs with doc:
// under the same workspace folder, or anywhere when there is none.
func (s *server) inWorkspace(other, doc string) bool {
	if len(s.roots) == 0 {
		return true
	}
	for _, r := range s.roots {
		if within(r, doc) && within(r, other) {
			return true
		}
	}
	return false
}

func within(dir, file string) bool {
	rel, err := filepath.Rel(dir, file)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// contextInputs returns the open documents other than name, and the
// manifests beside name on disk that are not open (the buffer wins over
// the file).
func (s *server) contextInputs(name string, open map[string]string) []load.Input {
	var inputs []load.Input
	for _, f := range slices.Sorted(maps.Keys(open)) {
		inputs = append(inputs, bufferInput(f, open[f]))
	}
	if s.cfg.NoSiblings {
		return inputs
	}
	dir := filepath.Dir(name)
	entries, err := os.ReadDir(dir)
	if err != nil {
		s.logf("read %s for context: %v", dir, err)
		return inputs
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if !e.Type().IsRegular() || path == name || !load.IsManifestName(path) {
			continue
		}
		if _, isOpen := open[path]; isOpen {
			continue
		}
		inputs = append(inputs, load.Input{Name: path, Path: path})
	}
	return inputs
}

// bufferInput is an editor buffer as a load input: its Data is never nil,
// even when empty, so the loader does not read the file instead.
func bufferInput(name, text string) load.Input {
	return load.Input{Name: name, Data: append([]byte{}, text...)}
}
