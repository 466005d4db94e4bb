package lint

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/podlint/podlint/analyzer"
)

// A Baseline is the findings a repository has accepted for now, written
// with podlint lint --write-baseline: a lint run with it hides them, and
// reports only what is new. A finding matches an entry by its rule, its
// file, its object (apiVersion, kind, namespace and name) and its field
// path, never by line, so an edit elsewhere in the file does not bring a
// hidden finding back. Entries count: two entries hide two findings of
// the same key, and a third is new.
//
// The file is JSON, one finding per line, sorted, so that a review of a
// change to it reads like a list:
//
//	{
//	  "podlintBaseline": 1,
//	  "findings": [
//	    {"file": "deploy/web.yaml", "rule": "image-tag", "apiVersion": "apps/v1", "kind": "Deployment", ...},
//	    ...
//	  ]
//	}
//
// Files are relative to the baseline's own directory, with slashes, so
// the baseline holds wherever podlint runs from. The message is there for
// the reader; it does not take part in matching, except to pair the
// findings of one key with the entries that describe them best.
type Baseline struct {
	// File is where the baseline is, as named; stale entries are
	// reported there.
	File    string
	Entries []BaselineEntry

	dir   string   // the absolute directory of File
	lines []string // the text of File, for excerpts
}

// A BaselineEntry is one accepted finding. Object fields are empty for a
// finding about a whole document or file (parse-error).
type BaselineEntry struct {
	File       string `json:"file"`
	Rule       string `json:"rule"`
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Namespace  string `json:"namespace,omitempty"`
	Name       string `json:"name,omitempty"`
	Path       string `json:"path,omitempty"`
	Message    string `json:"message"`

	line, column int // where the entry is written in the baseline
}

// baselineVersion is the version of the format, the value of
// "podlintBaseline".
const baselineVersion = 1

// StaleBaselineEntry is reported, with --report-unused-ignores, for an
// entry of the baseline that matches no finding of a file the lint read:
// the finding was fixed, and the entry would hide the next one like it.
var StaleBaselineEntry = &analyzer.Rule{
	ID:       "stale-baseline-entry",
	Severity: analyzer.Warning,
	Family:   "correctness",
	Source:   "engine",
	Doc: analyzer.Doc{
		Title: "baseline entry matches no finding",
		Why: "The finding the baseline recorded no longer occurs: it was fixed, or its object was renamed or " +
			"removed. Left in place, the entry would hide the next finding of that rule at that object and path. " +
			"Remove the entry, or write the baseline again with --write-baseline. Entries of files the lint did not " +
			"read (pre-commit passes a few) are not judged; those of files that are gone are.",
	},
}

// key is what matches a finding with an entry.
type baselineKey struct {
	file, rule, apiVersion, kind, namespace, name, path string
}

func (e BaselineEntry) key() baselineKey {
	return baselineKey{e.File, e.Rule, e.APIVersion, e.Kind, e.Namespace, e.Name, e.Path}
}

// NewBaseline returns the baseline of findings, to be written to file.
func NewBaseline(file string, diags []analyzer.Diagnostic) (*Baseline, error) {
	b, err := emptyBaseline(file)
	if err != nil {
		return nil, err
	}
	for _, d := range diags {
		b.Entries = append(b.Entries, b.entry(d))
	}
	slices.SortFunc(b.Entries, compareEntries)
	return b, nil
}

func emptyBaseline(file string) (*Baseline, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", file, err)
	}
	return &Baseline{File: file, dir: filepath.Dir(abs)}, nil
}

func compareEntries(a, b BaselineEntry) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.APIVersion, b.APIVersion),
		cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.Name, b.Name),
		cmp.Compare(a.Path, b.Path), cmp.Compare(a.Message, b.Message))
}

// entry is the entry of a finding.
func (b *Baseline) entry(d analyzer.Diagnostic) BaselineEntry {
	e := BaselineEntry{File: b.rel(d.Pos.File), Rule: d.Rule, Message: d.Message}
	if o := d.Object; o != nil {
		e.APIVersion, e.Kind, e.Namespace, e.Name = o.APIVersion, o.Kind, o.Namespace, o.Name
		e.Path = d.Path.String()
	}
	return e
}

// rel is a finding's file relative to the baseline's directory, with
// slashes; a file on another volume stays absolute.
func (b *Baseline) rel(file string) string {
	if file == "" {
		return ""
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	if rel, err := filepath.Rel(b.dir, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// Encode writes the baseline in its format.
func (b *Baseline) Encode(w io.Writer) error {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "{\n  \"podlintBaseline\": %d,\n  \"findings\": [", baselineVersion)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "<stdin>" stays readable
	for i, e := range b.Entries {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString("\n    ")
		if err := enc.Encode(e); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1) // the encoder's newline
	}
	if len(b.Entries) > 0 {
		buf.WriteString("\n  ")
	}
	buf.WriteString("]\n}\n")
	_, err := w.Write(buf.Bytes())
	return err
}

// ReadBaseline reads a baseline file written by Encode (or by hand: it is
// read as YAML, of which JSON is part, and every entry keeps its line for
// the report of stale entries).
func ReadBaseline(file string) (*Baseline, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	b, err := emptyBaseline(file)
	if err != nil {
		return nil, err
	}
	b.lines = strings.Split(string(data), "\n")
	fail := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("baseline %s:%d:%d: %s", file, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("baseline %s: %w", file, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("baseline %s: want an object with podlintBaseline and findings; write one with --write-baseline", file)
	}
	root := doc.Content[0]
	var version, findings *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "podlintBaseline":
			version = v
		case "findings":
			findings = v
		default:
			return nil, fail(k, "unknown key %q; want podlintBaseline and findings", k.Value)
		}
	}
	switch {
	case version == nil:
		return nil, fail(root, "no podlintBaseline version; write the file with --write-baseline")
	case version.Value != fmt.Sprint(baselineVersion):
		return nil, fail(version, "podlintBaseline %s: this podlint reads version %d", version.Value, baselineVersion)
	case findings == nil:
		return nil, fail(root, "no findings list")
	case findings.Kind != yaml.SequenceNode:
		return nil, fail(findings, "findings: want a list")
	}
	for _, item := range findings.Content {
		if item.Kind != yaml.MappingNode {
			return nil, fail(item, "a finding is an object")
		}
		e := BaselineEntry{line: item.Line, column: item.Column}
		fields := map[string]*string{"file": &e.File, "rule": &e.Rule, "apiVersion": &e.APIVersion, "kind": &e.Kind,
			"namespace": &e.Namespace, "name": &e.Name, "path": &e.Path, "message": &e.Message}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			field, ok := fields[k.Value]
			switch {
			case !ok:
				return nil, fail(k, "unknown key %q of a finding", k.Value)
			case v.Kind != yaml.ScalarNode:
				return nil, fail(v, "%s: want a string", k.Value)
			}
			*field = v.Value
		}
		if e.File == "" || e.Rule == "" {
			return nil, fail(item, "a finding names its file and rule")
		}
		b.Entries = append(b.Entries, e)
	}
	return b, nil
}

// Apply hides the findings of res the baseline records, and returns them.
// With opts.ReportUnusedIgnores, each entry that matched nothing becomes a
// stale-baseline-entry finding at its line of the baseline, when the lint
// read its file (linted says which files it read) or the file is gone: an
// entry of a file the lint did not read is not judged. The configuration's
// Disabled and Severity apply to those findings as to any.
func (b *Baseline) Apply(res *Result, linted func(file string) bool, opts Options) (hidden []analyzer.Diagnostic) {
	byKey := map[baselineKey][]int{} // unmatched entries, by key
	for i, e := range b.Entries {
		byKey[e.key()] = append(byKey[e.key()], i)
	}
	entries := make([]BaselineEntry, len(res.Diagnostics))
	matched := make([]bool, len(res.Diagnostics))
	take := func(i int, j int, k baselineKey) {
		matched[i] = true
		byKey[k] = slices.Delete(byKey[k], j, j+1)
	}
	// Findings whose message is an entry's too take that entry first, so
	// that of two findings of one key, the one recorded stays hidden.
	for i, d := range res.Diagnostics {
		entries[i] = b.entry(d)
		k := entries[i].key()
		if j := slices.IndexFunc(byKey[k], func(n int) bool { return b.Entries[n].Message == d.Message }); j >= 0 {
			take(i, j, k)
		}
	}
	for i := range res.Diagnostics {
		if k := entries[i].key(); !matched[i] && len(byKey[k]) > 0 {
			take(i, 0, k)
		}
	}
	kept := res.Diagnostics[:0:0]
	for i, d := range res.Diagnostics {
		if matched[i] {
			hidden = append(hidden, d)
		} else {
			kept = append(kept, d)
		}
	}
	if opts.ReportUnusedIgnores {
		var stale []analyzer.Diagnostic
		for _, left := range byKey {
			for _, n := range left {
				if e := b.Entries[n]; b.judged(e, linted) {
					stale = append(stale, b.stale(e))
				}
			}
		}
		kept = append(kept, override(stale, opts)...)
	}
	analyzer.Sort(kept)
	res.Diagnostics = kept
	res.Suppressed = append(res.Suppressed, hidden...)
	analyzer.Sort(res.Suppressed)
	return hidden
}

// judged reports whether an unmatched entry is stale: its file was read,
// or is no more.
func (b *Baseline) judged(e BaselineEntry, linted func(file string) bool) bool {
	path := filepath.Join(b.dir, filepath.FromSlash(e.File))
	if filepath.IsAbs(filepath.FromSlash(e.File)) {
		path = filepath.FromSlash(e.File)
	}
	if linted(path) {
		return true
	}
	_, err := os.Stat(path)
	return errors.Is(err, fs.ErrNotExist)
}

// stale is the finding of a stale entry.
func (b *Baseline) stale(e BaselineEntry) analyzer.Diagnostic {
	what := e.File
	if e.Kind != "" {
		name := e.Name
		if e.Namespace != "" {
			name = e.Namespace + "/" + name
		}
		what = fmt.Sprintf("%s %s in %s", e.Kind, name, e.File)
		if e.Path != "" {
			what += " at " + e.Path
		}
	}
	d := analyzer.Diagnostic{Rule: StaleBaselineEntry.ID, Severity: StaleBaselineEntry.Severity,
		Message: fmt.Sprintf("the baseline hides %s for %s, which no longer has it; remove the entry, or write the baseline again (--write-baseline)", e.Rule, what),
		Pos:     analyzer.Position{File: b.File, Line: e.line, Column: e.column, EndLine: e.line}}
	if e.line >= 1 && e.line <= len(b.lines) {
		d.SourceLine = strings.TrimSuffix(b.lines[e.line-1], "\r")
		d.Pos.EndColumn = len(d.SourceLine) + 1
	}
	return d
}
