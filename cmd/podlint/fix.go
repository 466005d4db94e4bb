package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/pflag"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/fix"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
)

// fixOptions are the flags that apply the fixes findings carry.
type fixOptions struct {
	fix  bool // --fix: write the fixed files
	diff bool // --diff: print the fixes as a unified diff, change nothing
}

func (o *fixOptions) addFlags(f *pflag.FlagSet) {
	f.BoolVar(&o.fix, "fix", false, "apply the fixes podlint is certain of to the files, in place, and report what is left")
	f.BoolVar(&o.diff, "diff", false, "print the fixes podlint is certain of as a unified diff instead of the report; change nothing")
}

// check refuses what --fix and --diff cannot do, before anything is read.
func (o *fixOptions) check(args []string) error {
	switch {
	case o.fix && o.diff:
		return usageError("--fix and --diff: choose one (--diff shows what --fix would write)")
	case o.fix && slices.Contains(args, "-"):
		return usageError("--fix rewrites files, and standard input is none; use --diff to see the fixes as a patch")
	}
	return nil
}

// apply runs --fix or --diff over the findings of a lint. It returns the
// findings to report and where to write the report: with --fix, the
// findings its fixes did not resolve; with --diff, all of them, since
// nothing changed, but the report goes nowhere so that standard output
// is a patch. Without either flag it changes nothing.
//
// A finding's first fix is the one applied. A fix never touches a
// document that did not parse, and a fix that overlaps one taken before it
// is skipped and said so on standard error: running again applies it. Only
// files whose bytes change are written.
func (o *fixOptions) apply(g *globalOptions, inputs []load.Input, loaded *lint.Result) ([]analyzer.Diagnostic, io.Writer, error) {
	diags := loaded.Diagnostics
	if !o.fix && !o.diff {
		return diags, g.stdout, nil
	}
	broken := brokenDocuments(loaded)
	var fixes []analyzer.Fix
	var owner []int // the finding of each fix
	for i, d := range diags {
		if len(d.Fixes) > 0 && !broken.touches(d.Fixes[0]) {
			fixes = append(fixes, d.Fixes[0])
			owner = append(owner, i)
		}
	}
	byName := map[string]load.Input{}
	for _, in := range inputs {
		byName[in.Name] = in
	}
	read := func(name string) ([]byte, error) {
		in, ok := byName[name]
		switch {
		case !ok:
			return nil, fmt.Errorf("%s is not an input of this lint", name)
		case in.Data != nil:
			return in.Data, nil
		}
		return os.ReadFile(cmp.Or(in.Path, in.Name))
	}
	res := fix.Apply(fixes, read)
	skipped := map[int]bool{}
	for _, s := range res.Skipped {
		skipped[s.Index] = true
		d := diags[owner[s.Index]]
		fmt.Fprintf(g.stderr, "podlint: %s: fix %q of %s not applied: %s\n", d.Pos, s.Fix.Message, d.Rule, s.Reason)
	}

	if o.diff {
		for _, f := range res.Files {
			if _, err := io.WriteString(g.stdout, f.Diff()); err != nil {
				return nil, nil, &exitCodeError{code: exitError, err: err}
			}
		}
		return diags, io.Discard, nil
	}

	for _, f := range res.Files {
		in := byName[f.Name]
		if err := replaceFile(cmp.Or(in.Path, in.Name), f.New); err != nil {
			return nil, nil, &exitCodeError{code: exitError, err: fmt.Errorf("write the fixes of %s: %w", f.Name, err)}
		}
	}
	fixed := map[int]bool{}
	for k := range fixes {
		if !skipped[k] {
			fixed[owner[k]] = true
		}
	}
	left := make([]analyzer.Diagnostic, 0, len(diags)-len(fixed))
	for i, d := range diags {
		if !fixed[i] {
			left = append(left, d)
		}
	}
	if len(fixed) > 0 {
		fmt.Fprintf(g.stderr, "podlint: fixed %d %s in %d %s\n", len(fixed), plural(len(fixed), "finding"), len(res.Files), plural(len(res.Files), "file"))
	}
	return left, g.stdout, nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// brokenSpans are the byte ranges of documents that did not parse, by
// file.
type brokenSpans map[string][][2]int

// brokenDocuments finds the documents with a parse-error finding. A
// document runs from its offset to the next document's of its file (or to
// the end), so the range holds whatever the parser could not read.
func brokenDocuments(res *lint.Result) brokenSpans {
	starts := map[string][]int{}
	note := func(doc *analyzer.Document) {
		if doc != nil {
			starts[doc.File] = append(starts[doc.File], doc.Offset)
		}
	}
	for _, o := range res.Objects {
		note(o.Doc)
	}
	for _, d := range slices.Concat(res.Diagnostics, res.Suppressed) {
		note(d.Doc)
		if d.Object != nil {
			note(d.Object.Doc)
		}
	}
	spans := brokenSpans{}
	for _, d := range slices.Concat(res.Diagnostics, res.Suppressed) {
		if d.Rule != load.ParseError.ID || d.Doc == nil {
			continue
		}
		end := -1
		for _, s := range starts[d.Doc.File] {
			if s > d.Doc.Offset && (end < 0 || s < end) {
				end = s
			}
		}
		spans[d.Doc.File] = append(spans[d.Doc.File], [2]int{d.Doc.Offset, end})
	}
	return spans
}

// touches reports whether an edit of f lies in a document that did not
// parse.
func (b brokenSpans) touches(f analyzer.Fix) bool {
	for _, e := range f.Edits {
		for _, s := range b[e.Pos.File] {
			if e.End >= s[0] && (s[1] < 0 || e.Start < s[1]) {
				return true
			}
		}
	}
	return false
}

// replaceFile replaces the file at path with data, keeping its mode: the
// data goes to a temporary file beside it, which then takes its place, so
// an interrupted write never leaves half a manifest. A symbolic link is
// followed, and the file it points to replaced.
func replaceFile(path string, data []byte) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(target)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".podlint-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(st.Mode().Perm())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
