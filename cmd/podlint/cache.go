package main

import (
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/config"
	"github.com/podlint/podlint/analyzer/ext"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/analyzer/render"
	"github.com/podlint/podlint/lint"
	"github.com/podlint/podlint/lint/cache"
	"github.com/podlint/podlint/policies"
)

// cacheOptions are the flags of the persistent cache of lint results.
type cacheOptions struct {
	off   bool
	flags *pflag.FlagSet // the lint command's, every one of which is part of the key
}

func (o *cacheOptions) addFlags(f *pflag.FlagSet) {
	o.flags = f
	f.BoolVar(&o.off, "no-cache", false, "lint without reading or writing the cache of results (see podlint cache)")
}

// Hooks for the tests: the cache is off in a test binary unless a test
// turns it on, and a test may stand in another executable.
var (
	cacheInTests       = false
	executableIdentity = currentExecutable
)

// cacheStats counts what the cache did in this process, for tests and --debug.
var cacheStats struct {
	hits, misses, stores int
	answered             int // the companion's answers read back
}

// volatileRules are the findings that say a run failed to judge
// something, which another run may not: a result with one is not stored.
var volatileRules = []string{analyzer.InternalError.ID, render.RenderError.ID, policies.PolicyError.ID}

// A lintCache is the cache as one run uses it.
type lintCache struct {
	store *cache.Store
	key   string
	known []cache.Dep // the files of the key, hashed before the lint
	start time.Time
	note  string // what save did, for --debug
	// answers are the companion's, kept apart from whole runs: a run that
	// misses still asks podlint-ext only about what no run asked before.
	answers *cache.Answers
	// companion names the podlint-ext of this run (companionIdentity),
	// in the key of the run and of each answer.
	companion string
}

// openCache returns the cache for this run, or nil when the run does not
// use it: --no-cache, standard input, or --fix and --diff (whose fixes the
// cache does not keep).
func (o *lintOptions) openCache(args []string) *lintCache {
	if o.cache.off || o.fixes.fix || o.fixes.diff || slices.Contains(args, "-") || (testing.Testing() && !cacheInTests) {
		return nil
	}
	dir, err := cache.Dir()
	if err != nil {
		return nil
	}
	return &lintCache{store: &cache.Store{Dir: dir}, companion: companionIdentity()}
}

// lookup builds the key of the run and returns the stored result, if any.
func (c *lintCache) lookup(o *lintOptions, args []string, cfg *config.Config, inputs []load.Input, lopts lint.Options) (*lint.Result, bool) {
	key, known, err := o.cacheKey(args, cfg, inputs, lopts, c.companion)
	if err != nil {
		return nil, false
	}
	c.key, c.known, c.start = key, known, time.Now()
	res, ok := c.store.Get(key)
	if ok {
		cacheStats.hits++
	} else {
		cacheStats.misses++
	}
	return res, ok
}

// save stores the result of a lint that looked up the cache and missed,
// unless the result may not be what another run would find, or a file of
// the key changed while it ran.
func (c *lintCache) save(res *lint.Result, loadErr error, lopts lint.Options) {
	if c == nil || c.key == "" {
		return
	}
	c.note = c.put(res, loadErr, lopts)
}

// put stores the result, or says why not.
func (c *lintCache) put(res *lint.Result, loadErr error, lopts lint.Options) string {
	if loadErr != nil {
		return "not stored: " + loadErr.Error()
	}
	for _, id := range volatileRules {
		if lopts.Disabled[id] {
			return "not stored: " + id + " is off, so a failure would not show"
		}
	}
	volatile := func(d analyzer.Diagnostic) bool { return slices.Contains(volatileRules, d.Rule) }
	if slices.ContainsFunc(res.Diagnostics, volatile) || slices.ContainsFunc(res.Suppressed, volatile) {
		return "not stored: the run failed to judge something (" + strings.Join(volatileRules, ", ") + ")"
	}
	paths := make([]string, 0, len(c.known))
	for _, d := range c.known {
		paths = append(paths, d.Path)
	}
	now, err := cache.HashFiles(paths)
	if err != nil || !slices.Equal(now, c.known) {
		return "not stored: an input changed while it was linted"
	}
	// The files a build read, known only now, and their folders (a file
	// added beside them may change what the build finds).
	var extra []string
	for _, f := range res.Read {
		extra = append(extra, f, filepath.Dir(f))
	}
	slices.Sort(extra)
	extra = slices.Compact(extra)
	deps, err := cache.HashFiles(extra, absPath(c.store.Dir))
	if err != nil {
		return "not stored: " + err.Error()
	}
	for _, f := range extra {
		if slices.ContainsFunc(c.known, func(d cache.Dep) bool { return absPath(d.Path) == f }) {
			continue // hashed before the lint, and again after
		}
		if st, err := os.Stat(f); err != nil || !st.ModTime().Before(c.start.Add(-time.Second)) {
			return "not stored: " + f + " changed while it was linted" // maybe after the build read it
		}
	}
	if err := c.store.Put(c.key, res, deps); err != nil {
		return "not stored: " + err.Error()
	}
	cacheStats.stores++
	return "stored"
}

// cacheKey hashes everything a lint's findings depend on that is known
// before it runs: podlint's build and its companion's, the flags and
// arguments, the working directory, the configuration file, the
// environment podlint and its renderers read, and the bytes of every
// input, every file below a chart or kustomization, the --crd and policy
// files and the values files. It returns the files hashed with their
// hashes, to check again once the lint is done.
func (o *lintOptions) cacheKey(args []string, cfg *config.Config, inputs []load.Input, lopts lint.Options, companion string) (string, []cache.Dep, error) {
	k := cache.NewKey()
	k.Add("podlint", buildVersion(), executableIdentity())
	k.Add("companion", companion)
	wd, err := os.Getwd()
	if err != nil {
		return "", nil, err
	}
	k.Add("wd", wd)
	k.Add("args", args...)
	if o.cache.flags != nil {
		o.cache.flags.VisitAll(func(f *pflag.Flag) {
			value := f.Value.String()
			if s, ok := f.Value.(pflag.SliceValue); ok {
				b, _ := json.Marshal(s.GetSlice())
				value = string(b)
			}
			k.Add("flag", f.Name, value, fmt.Sprint(f.Changed))
		})
	}
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PODLINT_") || strings.HasPrefix(kv, "HELM_") || strings.HasPrefix(kv, "KUSTOMIZE_") {
			env = append(env, kv)
		}
	}
	slices.Sort(env)
	k.Add("env", env...)

	var files, trees []string
	if cfg != nil && cfg.File != "" {
		k.Add("config", cfg.File)
		files = append(files, cfg.File)
		for _, c := range cfg.Charts {
			files = append(files, c.ValueFiles...)
		}
	} else {
		k.Add("config", "none")
	}
	for _, in := range inputs {
		k.Add("input", in.Name, in.Path, in.Root, in.Skip, in.Set)
		switch {
		case in.Data != nil || in.Path == "":
			return "", nil, fmt.Errorf("%s: held in memory", in.Name)
		case in.Root != "":
			trees = append(trees, in.Path)
		case in.Skip == "":
			files = append(files, in.Path)
		}
	}
	for _, in := range lopts.Definitions {
		if in.Data != nil {
			return "", nil, fmt.Errorf("%s: held in memory", in.Name)
		}
	}
	trees = append(trees, o.validation.crds...)
	trees = append(trees, o.policy.dirs...)
	files = append(files, o.render.valueFiles...)

	var skip []string // the cache's folder, whose entries change with every run
	if dir, err := cache.Dir(); err == nil {
		for _, t := range trees {
			if rel, err := filepath.Rel(absPath(t), absPath(dir)); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
				skip = append(skip, filepath.Join(t, rel))
			}
		}
	}
	var known []cache.Dep
	for _, t := range trees {
		deps, err := cache.HashTree(t, skip...)
		if err != nil {
			return "", nil, err
		}
		k.Add("tree", t, fmt.Sprint(len(deps)))
		known = append(known, deps...)
	}
	deps, err := cache.HashFiles(files)
	if err != nil {
		return "", nil, err
	}
	known = append(known, deps...)
	for _, d := range known {
		k.Add("file", d.Path, d.Sum)
	}
	return k.Sum(), known, nil
}

// currentExecutable names the running podlint by its path, size and
// modification time, and what the toolchain recorded of its build (module
// versions, VCS revision), so that a rebuilt binary never reads the results
// of another, even one with its times reset (a reproducible build).
func currentExecutable() string {
	id := "unknown"
	if exe, err := os.Executable(); err == nil {
		id = exe + " " + fileIdentity(exe)
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		id += "\n" + bi.String()
	}
	return id
}

// companionIdentity names the podlint-ext this run would start, as
// currentExecutable names podlint, or says there is none.
func companionIdentity() string {
	if ext.Default().Linked() {
		return "linked into " + executableIdentity() // the tests': its code is podlint's
	}
	p, err := ext.Find()
	if err != nil {
		return "none"
	}
	id := p + " " + fileIdentity(p)
	if bi, err := buildinfo.ReadFile(p); err == nil {
		id += "\n" + bi.String()
	}
	return id
}

// useCompanionAnswers lets the companion's answers of earlier runs stand
// for its work in this one (see cache.Answers), when it is installed.
func (c *lintCache) useCompanionAnswers() {
	if c == nil {
		return
	}
	if c.companion == "none" {
		return
	}
	c.answers = cache.OpenAnswers(c.store.Dir)
	ext.Default().UseAnswers(c.answers, c.companion)
}

// saveCompanionAnswers keeps the answers the companion gave in this run.
func (c *lintCache) saveCompanionAnswers() {
	if c == nil || c.answers == nil {
		return
	}
	ext.Default().UseAnswers(nil, "")
	cacheStats.answered += c.answers.Hits()
	_ = c.answers.Save() // a cache that cannot be written costs the next run time, nothing else
}

func fileIdentity(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	return fmt.Sprintf("%d %d", st.Size(), st.ModTime().UnixNano())
}

// chooseBuiltin chooses the built-in policies that are on, as
// prepareBuiltin does, but leaves compiling them to the first check: a run
// that finds its result in the cache never compiles them.
func (o *policyOptions) chooseBuiltin(off func(id string) bool) {
	if !o.noBuiltin {
		o.builtin = policies.BuiltinWithout(off)
	}
}

// compileBuiltin compiles the chosen built-in policies in the background,
// once the cache has missed, overlapping the loading of the manifests.
func (o *policyOptions) compileBuiltin() {
	if o.builtin == nil {
		return
	}
	go func() { _ = o.builtin.Prepare() }()
}

func newCacheCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Show or clean the cache of lint results",
		Long: `podlint lint keeps the findings of each run in a cache, keyed by everything that
can change them, so that a repeat run over unchanged files reads them back instead
of linting again. The cache is $PODLINT_CACHE_DIR, or podlint in the user's cache
folder ($XDG_CACHE_HOME or ~/.cache on Linux). podlint lint --no-cache bypasses it.`,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "dir",
		Short: "Print the cache folder",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			dir, err := cache.Dir()
			if err != nil {
				return &exitCodeError{code: exitError, err: err}
			}
			_, err = fmt.Fprintln(g.stdout, dir)
			return err
		},
	}, &cobra.Command{
		Use:   "clean",
		Short: "Remove every cached result",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			dir, err := cache.Dir()
			if err == nil {
				err = (&cache.Store{Dir: dir}).Clean()
			}
			if err != nil {
				return &exitCodeError{code: exitError, err: err}
			}
			return nil
		},
	})
	return cmd
}

// printCacheStats says what the cache did, with --debug.
func printCacheStats(w io.Writer, c *lintCache, hit bool) {
	switch {
	case c == nil:
		fmt.Fprintln(w, "podlint: cache: not used")
	case hit:
		fmt.Fprintf(w, "podlint: cache: hit %s\n", c.key)
	default:
		fmt.Fprintf(w, "podlint: cache: miss %s, %s\n", c.key, c.note)
	}
}
