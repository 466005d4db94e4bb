// Package load turns files into documents and documents into objects: it
// expands paths, splits streams, parses YAML and JSON into node trees with
// positions, decodes each object strictly into its k8s.io/api type as the
// API server would, and reports what does not load as parse-error, schema
// and ambiguous-scalar findings. Nothing is dropped silently: every document
// is either an object, a finding or a counted skip.
package load

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/podlint/podlint/analyzer"
)

// DefaultMaxFileSize is the size above which a file is skipped unread.
const DefaultMaxFileSize = 10 << 20

// Options tunes loading.
type Options struct {
	Namespace   string // namespace of objects that name none; "default" when empty
	Workers     int    // files parsed at once; GOMAXPROCS when zero
	MaxFileSize int64  // DefaultMaxFileSize when zero
	// Workloads are custom kinds whose objects stamp out Pods.
	Workloads []WorkloadKind
}

// An Input is one file to load. Data is set for standard input; files are
// read from Path.
type Input struct {
	Name string // shown in findings
	Path string // read from, when Data is nil
	Data []byte
	// Skip, when set, says why a file found by a directory walk is not read
	// (a FIFO or device would block or never end); it is counted, not read.
	Skip string
	// Rendering, when set, marks Data as text podlint rendered from a
	// chart or a kustomization; every document of it carries it.
	Rendering *analyzer.Rendering
	// Root, set by a directory walk, says that Path is a chart ("chart")
	// or a kustomization ("kustomization") to render, not a file to read.
	Root string
	// Set names the apply set the input belongs to when it is not its
	// directory's: each rendering of a chart or kustomization is its own.
	Set string
}

// A Skip is a document or file that was read but not linted, and why.
type Skip struct {
	File   string
	Line   int
	Reason string
}

// Summary accounts for everything read. Every document read is loaded,
// skipped or failed: Documents = Loaded + Skipped + Failed (see Check).
// Objects are counted apart, since one List document holds many. A file
// skipped whole (binary, too large, not a regular file) holds no document
// read, and is counted in SkippedFiles.
type Summary struct {
	Files     int `json:"files"`
	Documents int `json:"documents"`
	// Loaded counts documents that became objects (a List with all its
	// items, an empty List included).
	Loaded  int `json:"loaded"`
	Skipped int `json:"skipped"` // documents that are no Kubernetes object: empty, or no apiVersion and kind
	// Failed counts documents that yielded no object: they did not parse,
	// or lack what makes them an object (a kind).
	Failed       int    `json:"failed"`
	Objects      int    `json:"objects"`
	SkippedFiles int    `json:"skippedFiles"`
	Skips        []Skip `json:"-"` // the skipped documents (Line > 0) and files (Line 0)
}

// Check reports whether the counts add up: every document loaded, skipped
// or failed, and every skip listed.
func (s Summary) Check() error {
	if s.Documents != s.Loaded+s.Skipped+s.Failed {
		return fmt.Errorf("summary: %d documents but %d loaded + %d skipped + %d failed", s.Documents, s.Loaded, s.Skipped, s.Failed)
	}
	if len(s.Skips) != s.Skipped+s.SkippedFiles {
		return fmt.Errorf("summary: %d skips listed, but %d documents and %d files skipped", len(s.Skips), s.Skipped, s.SkippedFiles)
	}
	return nil
}

// Result is what a load produced.
type Result struct {
	Objects     []*analyzer.Object
	Diagnostics []analyzer.Diagnostic
	Summary     Summary
}

// fileResult is the part of a Result that one file produced.
type fileResult struct {
	objects   []*analyzer.Object
	diags     []analyzer.Diagnostic
	documents int
	failed    int
	skips     []Skip
	err       error
}

// Each loads inputs on a bounded pool of workers (GOMAXPROCS unless
// opts.Workers says otherwise) and hands every file's result, or the error
// that kept it from being read, to fn in the worker that loaded it, so the
// caller can check and shrink it before the next file: fn must be safe for
// concurrent use. Files not yet started when ctx ends are not loaded.
func Each(ctx context.Context, inputs []Input, opts Options, fn func(i int, res *Result, err error)) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(inputs), 1)) {
		wg.Go(func() {
			for i := range next {
				fr := loadInput(inputs[i], opts)
				fn(i, fr.result(), fr.err)
			}
		})
	}
	for _, i := range largestFirst(inputs, workers) {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}

// largestFirst orders the inputs for the pool by size, largest first, so
// that a large file met last does not leave the other workers idle at the
// end of a run. Order is irrelevant to results, which stay in input order.
func largestFirst(inputs []Input, workers int) []int {
	order := make([]int, len(inputs))
	for i := range order {
		order[i] = i
	}
	if workers < 2 || len(inputs) < 2 {
		return order
	}
	size := make([]int64, len(inputs))
	for i, in := range inputs {
		switch {
		case in.Data != nil:
			size[i] = int64(len(in.Data))
		case in.Skip == "":
			size[i], _ = FileSize(in.Path)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(size[b], size[a]) })
	return order
}

// FileSize returns the size of a regular file, for scheduling work.
func FileSize(path string) (int64, bool) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return 0, false
	}
	return st.Size(), true
}

// Load reads and decodes inputs in parallel; the result keeps input order.
// Unreadable files are returned as errors (and counted), while everything
// else is still loaded.
func Load(ctx context.Context, inputs []Input, opts Options) (*Result, error) {
	results := make([]*Result, len(inputs))
	errs := make([]error, len(inputs))
	Each(ctx, inputs, opts, func(i int, r *Result, err error) { results[i], errs[i] = r, err })
	return Merge(results, errs)
}

// Merge joins per-file results in order into one; the error lists the
// files that could not be read, which count as files read.
func Merge(results []*Result, errs []error) (*Result, error) {
	res := &Result{}
	var objects, diags int
	for _, r := range results {
		if r != nil {
			objects, diags = objects+len(r.Objects), diags+len(r.Diagnostics)
		}
	}
	// Sized once: a large run holds these to the end.
	res.Objects = make([]*analyzer.Object, 0, objects)
	res.Diagnostics = make([]analyzer.Diagnostic, 0, diags)
	var failed []error
	for i, r := range results {
		if errs[i] != nil {
			res.Summary.Files++
			failed = append(failed, errs[i])
			continue
		}
		if r == nil {
			continue // not started: the run was cancelled
		}
		res.Objects = append(res.Objects, r.Objects...)
		res.Diagnostics = append(res.Diagnostics, r.Diagnostics...)
		res.Summary.Add(r.Summary)
	}
	return res, joinErrors(failed)
}

// Bytes loads one file held in memory, such as an editor's buffer.
func Bytes(name string, data []byte, opts Options) *Result {
	return loadData(name, data, opts).result()
}

func (fr fileResult) result() *Result {
	res := &Result{Objects: fr.objects, Diagnostics: fr.diags, Summary: Summary{
		Files: 1, Documents: fr.documents, Objects: len(fr.objects), Failed: fr.failed, Skips: fr.skips,
	}}
	for _, s := range fr.skips {
		if s.Line > 0 {
			res.Summary.Skipped++
		} else {
			res.Summary.SkippedFiles++
		}
	}
	res.Summary.Loaded = fr.documents - res.Summary.Skipped - fr.failed
	return res
}

// Add adds the counts of another result's summary to s.
func (s *Summary) Add(o Summary) {
	s.Files += o.Files
	s.Documents += o.Documents
	s.Objects += o.Objects
	s.Loaded += o.Loaded
	s.Skipped += o.Skipped
	s.Failed += o.Failed
	s.SkippedFiles += o.SkippedFiles
	s.Skips = append(s.Skips, o.Skips...)
}

func loadInput(in Input, opts Options) fileResult {
	if in.Skip != "" {
		return fileResult{skips: []Skip{{File: in.Name, Reason: in.Skip}}}
	}
	if in.Data != nil {
		fr := loadData(in.Name, in.Data, opts)
		if in.Rendering != nil {
			for _, o := range fr.objects {
				o.Doc.Rendering = in.Rendering
			}
			for i := range fr.diags {
				if fr.diags[i].Doc != nil {
					fr.diags[i].Doc.Rendering = in.Rendering
				}
				if o := fr.diags[i].Object; o != nil {
					o.Doc.Rendering = in.Rendering
				}
			}
		}
		return fr
	}
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	f, err := os.Open(in.Path)
	if err != nil {
		return fileResult{err: fmt.Errorf("read %s: %w", in.Name, unwrapPathError(err))}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fileResult{err: fmt.Errorf("read %s: %w", in.Name, unwrapPathError(err))}
	}
	if !st.Mode().IsRegular() && st.Mode()&fs.ModeNamedPipe == 0 && st.Mode()&fs.ModeCharDevice == 0 {
		return fileResult{skips: []Skip{{File: in.Name, Reason: "not a regular file"}}}
	}
	if st.Mode().IsRegular() && st.Size() > limit {
		return fileResult{skips: []Skip{{File: in.Name, Reason: fmt.Sprintf("larger than %d bytes", limit)}}}
	}
	data, err := readAll(f, st, limit)
	if err != nil {
		return fileResult{err: fmt.Errorf("read %s: %w", in.Name, unwrapPathError(err))}
	}
	if int64(len(data)) > limit {
		return fileResult{skips: []Skip{{File: in.Name, Reason: fmt.Sprintf("larger than %d bytes", limit)}}}
	}
	return loadData(in.Name, data, opts)
}

// readAll reads up to limit+1 bytes of f. A regular file is read into a
// buffer of its size, where io.ReadAll would grow one in steps and
// allocate twice as much.
func readAll(f *os.File, st fs.FileInfo, limit int64) ([]byte, error) {
	if !st.Mode().IsRegular() || st.Size() == 0 {
		return io.ReadAll(io.LimitReader(f, limit+1))
	}
	data := make([]byte, st.Size()+1) // one more byte tells a file that grew
	n, err := io.ReadFull(f, data)
	if err == nil {
		// Still more: the file grew since Stat. Read the rest, up to the limit.
		rest, err := io.ReadAll(io.LimitReader(f, limit+1-int64(n)))
		return append(data, rest...), err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		err = nil // the usual end: the file is its size (or shrank)
	}
	return data[:n], err
}

func unwrapPathError(err error) error {
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// loadData splits, parses and decodes the documents of one file.
func loadData(name string, data []byte, opts Options) fileResult {
	var fr fileResult
	base, encoding := 0, ""
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")): // a UTF-8 byte order mark
		data, base = data[3:], 3
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		// UTF-16, as Windows editors save it; kubectl reads it too.
		data, encoding = fromUTF16(data)
	case isBinary(data):
		fr.skips = append(fr.skips, Skip{File: name, Reason: "binary file"})
		return fr
	}
	d := &decoder{opts: opts}
	index := 0
	chunks, ok := splitJSON(data)
	if !ok {
		chunks = splitDocuments(data)
	}
	for _, c := range chunks {
		nodes, err := parseChunk(c)
		for part, n := range nodes {
			doc := &analyzer.Document{File: name, Index: index, Line: c.line, Root: n, Source: c.text, Offset: base + c.offset, Part: part, Encoding: encoding}
			index++
			d.document(doc, &fr)
		}
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				se = &SyntaxError{Line: c.line, Column: 1, Msg: err.Error()}
			}
			doc := &analyzer.Document{File: name, Index: index, Line: c.line, Source: c.text, Offset: base + c.offset, Encoding: encoding}
			index++
			fr.documents++
			if !looksLikeManifest(c.text) {
				// A tsconfig.json with comments, a values file of a chart
				// rendered raw: YAML or JSON of another tool.
				fr.skips = append(fr.skips, Skip{File: name, Line: c.line,
					Reason: "not valid YAML or JSON, and no apiVersion or kind key: not a manifest (" + se.Msg + ")"})
				continue
			}
			fr.failed++
			msg := se.Msg
			if bytes.Contains(c.text, []byte("{{")) {
				msg += helmHint
			}
			fr.diags = append(fr.diags, analyzer.Diagnostic{Rule: ParseError.ID, Severity: ParseError.Severity, Doc: doc,
				Message: msg, Pos: doc.Pos(se.Line, se.Column)})
		}
	}
	return fr
}

// manifestKey finds an apiVersion or kind key, in YAML or JSON.
var manifestKey = regexp.MustCompile(`(?m)(^|[{,\s])"?(apiVersion|kind)"?\s*:`)

// looksLikeManifest reports whether text that does not parse shows a sign
// of being a Kubernetes object, so that its parse error is worth a finding.
func looksLikeManifest(text []byte) bool { return manifestKey.Match(text) }

// isBinary reports whether data is not text: a file of manifests may hold
// a stray NUL or a byte that is not UTF-8 (the parser then reports where),
// but in the first 8 KB of an image, an archive or a compiled file such
// bytes are common.
func isBinary(data []byte) bool {
	sample := data[:min(len(data), 8000)]
	odd := 0
	for i := 0; i < len(sample); {
		r, n := utf8.DecodeRune(sample[i:])
		if r == 0 || r == utf8.RuneError && n == 1 && i+4 < len(sample) || r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' {
			odd++
		}
		i += n
	}
	return odd*10 > len(sample)
}

// fromUTF16 converts text in UTF-16 with a byte order mark to UTF-8, and
// names the encoding. An odd last byte is dropped: it cannot be a
// character.
func fromUTF16(data []byte) ([]byte, string) {
	order, name := binary.ByteOrder(binary.LittleEndian), "UTF-16LE"
	if data[0] == 0xfe {
		order, name = binary.BigEndian, "UTF-16BE"
	}
	units := make([]uint16, 0, len(data)/2-1)
	for i := 2; i+1 < len(data); i += 2 {
		units = append(units, order.Uint16(data[i:]))
	}
	return []byte(string(utf16.Decode(units))), name
}

const helmHint = "; the document holds {{ ... }}, so it looks like an unrendered Helm template: render it first (helm template CHART | podlint lint -)"

// Expand turns command-line paths into inputs: files as given, directories
// walked for *.yaml, *.yml and *.json (skipping hidden folders and
// node_modules), and "-" for standard input, named stdinName.
func Expand(paths []string, stdin io.Reader, stdinName string) ([]Input, error) {
	return ExpandLimit(paths, stdin, stdinName, DefaultMaxFileSize)
}

// ExpandLimit is Expand reading at most limit bytes of standard input: past
// that, standard input is skipped as too large, as a file would be, and
// no more of it is read.
func ExpandLimit(paths []string, stdin io.Reader, stdinName string, limit int64) ([]Input, error) {
	return ExpandRoots(paths, stdin, stdinName, limit, false)
}

// ExpandRoots is ExpandLimit that, with roots, gives each Helm chart and
// kustomization a directory walk meets as one input to render (Root set):
// a chart's folder is not walked further.
func ExpandRoots(paths []string, stdin io.Reader, stdinName string, limit int64, roots bool) ([]Input, error) {
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	var inputs []Input
	var errs []error
	for _, p := range paths {
		if p == "-" {
			name := cmpOr(stdinName, "<stdin>")
			data, err := io.ReadAll(io.LimitReader(stdin, limit+1))
			if err != nil {
				return nil, fmt.Errorf("read standard input: %w", err)
			}
			if int64(len(data)) > limit {
				inputs = append(inputs, Input{Name: name, Skip: fmt.Sprintf("larger than %d bytes", limit)})
				continue
			}
			if data == nil {
				data = []byte{}
			}
			inputs = append(inputs, Input{Name: name, Data: data})
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, unwrapPathError(err)))
			continue
		}
		if !st.IsDir() {
			inputs = append(inputs, Input{Name: p, Path: p})
			continue
		}
		w := walker{visited: map[string]bool{}, roots: roots}
		w.walk(p)
		errs = append(errs, w.errs...)
		found := w.found
		sort.Slice(found, func(i, j int) bool { return found[i].Name < found[j].Name })
		inputs = append(inputs, found...)
	}
	return inputs, joinErrors(errs)
}

// walker walks directories for manifests, following symbolic links to
// directories but never into a directory it has seen (a link loop).
type walker struct {
	roots   bool            // give charts and kustomizations as inputs to render
	visited map[string]bool // real paths of directories walked
	found   []Input
	errs    []error
}

func (w *walker) walk(dir string) {
	resolved, err := filepath.EvalSymlinks(dir)
	if err != nil {
		w.errs = append(w.errs, fmt.Errorf("%s: %w", dir, unwrapPathError(err)))
		return
	}
	if w.visited[resolved] {
		return // a symbolic link loop, or a second way to one folder
	}
	w.visited[resolved] = true
	if w.roots && isChart(dir) {
		w.found = append(w.found, Input{Name: dir, Path: dir, Root: RootChart})
		return // templates, values and subcharts are the chart's, not manifests
	}
	if w.roots && IsKustomization(dir) {
		// Its files are walked too: lint drops those a build consumes.
		w.found = append(w.found, Input{Name: dir, Path: dir, Root: RootKustomization})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.errs = append(w.errs, fmt.Errorf("%s: %w", dir, unwrapPathError(err)))
		return
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			st, err := os.Stat(path)
			if err != nil {
				if IsManifestName(path) {
					w.errs = append(w.errs, fmt.Errorf("%s: %w", path, unwrapPathError(err)))
				}
				continue // a dangling link that names no manifest
			}
			mode = st.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if strings.HasPrefix(e.Name(), ".") || e.Name() == "node_modules" {
				continue
			}
			w.walk(path)
		case !IsManifestName(path):
		case mode.IsRegular():
			w.found = append(w.found, Input{Name: path, Path: path})
		default:
			w.found = append(w.found, Input{Name: path, Path: path, Skip: "not a regular file (" + mode.String() + ")"})
		}
	}
}

// The kinds of Input.Root.
const (
	RootChart         = "chart"
	RootKustomization = "kustomization"
)

func isChart(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "Chart.yaml"))
	return err == nil && st.Mode().IsRegular()
}

// IsKustomization reports whether dir holds a kustomization file.
func IsKustomization(dir string) bool {
	_, ok := KustomizationFile(dir)
	return ok
}

// KustomizationFile returns the kustomization file of dir, the first of
// the names kustomize recognises.
func KustomizationFile(dir string) (string, bool) {
	for _, name := range analyzer.KustomizationFileNames {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// EnclosingChart returns the chart a file belongs to: the nearest folder
// above it with a Chart.yaml, through templates/, charts/, ci/ and crds/.
func EnclosingChart(file string) (string, bool) { return enclosing(file, isChart) }

// EnclosingKustomization returns the nearest folder above file (or its
// own) that holds a kustomization: the build a file of it is linted
// through, as the language server renders it.
func EnclosingKustomization(file string) (string, bool) { return enclosing(file, IsKustomization) }

// A RootFinder finds the charts and kustomizations files belong to, as
// EnclosingChart and EnclosingKustomization do, asking the file system once
// per folder: the files of a repository share their parents, and each
// question costs up to four stats a level.
type RootFinder struct {
	charts, kustomizations map[string]bool
}

// NewRootFinder returns a RootFinder that has asked nothing yet.
func NewRootFinder() *RootFinder {
	return &RootFinder{charts: map[string]bool{}, kustomizations: map[string]bool{}}
}

// Chart is EnclosingChart, remembering the folders it looked at.
func (f *RootFinder) Chart(file string) (string, bool) {
	return enclosing(file, remembered(f.charts, isChart))
}

// Kustomization is EnclosingKustomization, remembering the folders it
// looked at.
func (f *RootFinder) Kustomization(file string) (string, bool) {
	return enclosing(file, remembered(f.kustomizations, IsKustomization))
}

func remembered(seen map[string]bool, is func(dir string) bool) func(string) bool {
	return func(dir string) bool {
		v, ok := seen[dir]
		if !ok {
			v = is(dir)
			seen[dir] = v
		}
		return v
	}
}

// enclosing returns the nearest folder of file, up to 8 levels up, that is.
func enclosing(file string, is func(dir string) bool) (string, bool) {
	dir := filepath.Dir(file)
	for range 8 {
		if is(dir) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", false
}

// IsManifestName reports whether a directory walk picks up the file.
func IsManifestName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// PathError lists inputs that could not be read.
type PathError struct{ Errs []error }

func (e *PathError) Error() string {
	msgs := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap returns the individual errors.
func (e *PathError) Unwrap() []error { return e.Errs }

func joinErrors(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return &PathError{Errs: errs}
}
