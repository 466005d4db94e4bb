package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/podlint/podlint/analyzer/config"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
)

// readBaseline reads the baseline to apply: --baseline, or baseline: in
// the configuration; nil when there is none, or when the run writes one
// (--write-baseline), which it then applies in its stead.
func (o *ciOptions) readBaseline(cfg *config.Config) (*lint.Baseline, error) {
	file := o.baselineFile(cfg)
	if o.writeBaseline != "" || file == "" {
		return nil, nil
	}
	b, err := lint.ReadBaseline(file)
	if err != nil {
		return nil, &exitCodeError{code: exitError, err: err}
	}
	return b, nil
}

// applyBaseline hides from loaded the findings the baseline b records,
// and reports its stale entries (see lint.Baseline.Apply). With
// --write-baseline it first writes the run's findings as the baseline:
// the run then reports as if it had read it, with nothing it recorded
// shown. It returns how many findings it hid.
func (o *ciOptions) applyBaseline(stderr io.Writer, b *lint.Baseline, loaded *lint.Result, opts lint.Options, inputs []load.Input, reported map[string]bool) (int, error) {
	if o.writeBaseline != "" {
		var err error
		if b, err = lint.NewBaseline(o.writeBaseline, loaded.Diagnostics); err == nil {
			err = writeBaseline(b)
		}
		if err != nil {
			return 0, &exitCodeError{code: exitError, err: fmt.Errorf("--write-baseline: %w", err)}
		}
		fmt.Fprintf(stderr, "podlint: wrote %d %s to %s\n", len(b.Entries), plural(len(b.Entries), "finding"), b.File)
	}
	if b == nil {
		return 0, nil
	}
	return len(b.Apply(loaded, o.linted(inputs, reported), opts)), nil
}

// baselineFile is the baseline to read: --baseline, or the
// configuration's, named relative to the working directory when it is
// below it (findings about it show that name).
func (o *ciOptions) baselineFile(cfg *config.Config) string {
	if o.baseline != "" || cfg == nil || cfg.Baseline == "" {
		return o.baseline
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, cfg.Baseline); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return cfg.Baseline
}

// linted returns whether the run read a file for its findings: an input
// (a file, or one under a chart or kustomization rendered), not a file
// read only as --context. Only those files' baseline entries can be stale.
func (o *ciOptions) linted(inputs []load.Input, reported map[string]bool) func(file string) bool {
	files, dirs := map[string]bool{}, []string{}
	for _, in := range inputs {
		if len(o.contexts) > 0 && !reported[in.Name] {
			continue
		}
		abs, err := filepath.Abs(in.Name)
		if err != nil {
			continue
		}
		files[abs] = true
		if in.Root != "" {
			dirs = append(dirs, abs+string(filepath.Separator))
		}
	}
	return func(file string) bool {
		abs, err := filepath.Abs(file)
		if err != nil {
			return false
		}
		if files[abs] {
			return true
		}
		for _, d := range dirs {
			if strings.HasPrefix(abs, d) {
				return true
			}
		}
		return false
	}
}

// writeBaseline writes b to its file, replacing an existing one whole
// (replaceFile keeps its mode) only once written.
func writeBaseline(b *lint.Baseline) error {
	var buf strings.Builder
	if err := b.Encode(&buf); err != nil {
		return err
	}
	err := replaceFile(b.File, []byte(buf.String()))
	if errors.Is(err, fs.ErrNotExist) {
		err = os.WriteFile(b.File, []byte(buf.String()), 0o644) //nolint:gosec // a file of the repository, read by its reviewers
	}
	return err
}
