// Package config reads .podlint.yaml, the file that tunes podlint for one
// repository: rules turned on or off (one by one, by family or all at
// once) or given another severity, policy
// directories, paths to exclude, the Kubernetes version, the default
// namespace, extra image roles and custom workload kinds.
//
// The file is parsed as YAML nodes rather than decoded into a struct, so
// that every mistake (an unknown key, a misspelt rule ID) is reported with
// its line: a configuration that silently ignores a typo is worse than none.
package config

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/podlint/podlint/analyzer"
)

// FileName is the name Find looks for.
const FileName = ".podlint.yaml"

// MaxFileSize is the largest configuration file Load reads.
const MaxFileSize = 1 << 20

// A Config is one .podlint.yaml file, checked.
type Config struct {
	// File is the path the configuration was read from; "" when none.
	File string
	// Dir is the directory relative paths of the file are resolved against.
	Dir string

	Rules map[string]RuleSetting
	// Families turns whole families of rules (analyzer.Families) on or
	// off; a rule's own setting in Rules wins over its family's.
	Families map[string]bool
	// EnableAll turns on every rule, those off by default too; families
	// and rules set to off stay off.
	EnableAll bool
	// NoPeerSuppressions turns off the suppression annotations of
	// kube-linter, kube-score and Polaris (peerSuppressions: false).
	NoPeerSuppressions bool
	Policies           []string // absolute or relative to the working directory, resolved from Dir
	Exclude            []string // slash globs relative to Dir; ** matches any number of folders
	KubeVersion        string
	Namespace          string
	ImageRoles         ImageRoles
	Workloads          []Workload
	// Render is "auto" (render charts and kustomizations), "never" (lint
	// their files raw) or "" (not set).
	Render string
	// Charts are per-chart render settings, by the chart's absolute directory.
	Charts map[string]Chart
	// PodSecurity is the cluster's default Pod Security level,
	// LEVEL[:VERSION], for pod-security; CRDs are files or folders of
	// CustomResourceDefinitions and JSON schemas, resolved from Dir.
	PodSecurity string
	CRDs        []string
	// Baseline is the baseline file whose findings a lint hides (see
	// podlint lint --baseline), resolved from Dir; "" when none.
	Baseline string
	// PolicyTimeout is the longest one Rego policy may evaluate on one
	// object; zero when the file sets none.
	PolicyTimeout time.Duration

	ruleLines map[string]int // line of each rule ID in the file, for CheckRules
	keyLines  map[string]int // line of each top-level key, for Errorf
}

// Errorf returns an error about the value of the top-level key (such as
// kubeVersion) with the file and the key's line, for a value the caller
// checks.
func (c *Config) Errorf(key, format string, args ...any) error {
	return &Error{File: c.File, Line: c.keyLines[key], Msg: fmt.Sprintf(format, args...)}
}

// CheckRules reports the first rule ID of the file that known does not
// list, with its line. Parse checks rule IDs itself when given a list; a
// caller that learns of more rules later (the user's policies, loaded from
// directories the file names) parses with nil and checks here.
func (c *Config) CheckRules(known []string) error {
	if c == nil {
		return nil
	}
	ids := make([]string, 0, len(c.ruleLines))
	for id := range c.ruleLines {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return c.ruleLines[a] - c.ruleLines[b] })
	for _, id := range ids {
		if !slices.Contains(known, id) {
			return &Error{File: c.File, Line: c.ruleLines[id], Msg: fmt.Sprintf("unknown rule %q%s", id, suggest(id, known))}
		}
	}
	return nil
}

// A RuleSetting turns a rule off, or on, possibly with another severity.
// Any setting but off turns the rule on, one off by default too: a
// severity given to a rule says it should run.
type RuleSetting struct {
	Off      bool
	Severity analyzer.Severity // zero when Off, or when the setting is on
}

// ImageRoles adds image name patterns to the catalogue of
// multi-container-grouping. The field names match rules.Catalogue.
type ImageRoles struct {
	Datastores []string `json:"datastore"`
	Helpers    []string `json:"helper"`
}

// A Chart is how one chart of the repository is rendered: as its release is
// installed.
type Chart struct {
	Values      map[string]any // merged over the chart's values.yaml
	ValueFiles  []string       // absolute, or resolved from the configuration's directory
	ReleaseName string
	Namespace   string
}

// A Workload is a custom kind that creates Pods, as the --workload flag
// names one.
type Workload struct {
	APIVersion   string
	Kind         string
	TemplatePath string
	SelectorPath string
}

// An Error is a mistake in a configuration file, with its line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// Find looks for .podlint.yaml in dir and its parents and returns the path
// of the first one, or "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find %s: %w", FileName, err)
	}
	for {
		p := filepath.Join(dir, FileName)
		st, err := os.Stat(p)
		switch {
		case err == nil && !st.IsDir():
			return p, nil
		case err != nil && !errors.Is(err, os.ErrNotExist):
			return "", fmt.Errorf("find %s: %w", FileName, err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and checks the configuration file at path. known lists the
// rule IDs a rules: key may name: the caller's catalogue, since this package
// knows no rules.
//
// The file must be a regular file once symlinks are followed, of at most
// MaxFileSize bytes: Find picks up whatever .podlint.yaml a repository
// holds, and one linked to /dev/zero or a FIFO must not hang or exhaust a
// CI job. Load checks the file it opened, not only the name, and never
// reads more than MaxFileSize+1 bytes.
func Load(file string, known []string) (*Config, error) {
	data, err := analyzer.ReadRegularFile(file, MaxFileSize, "a configuration file")
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(file, data, known)
}

// Keys are the top-level keys of .podlint.yaml, in the order the docs
// give them; docs/podlint.schema.json lists the same (a test checks).
var Keys = []string{"rules", "families", "enableAll", "peerSuppressions", "policies", "policyTimeout", "exclude", "kubeVersion", "namespace", "imageRoles", "workloads", "render", "charts", "podSecurity", "crds", "baseline"}

// Parse checks the configuration text data read from file.
func Parse(file string, data []byte, known []string) (*Config, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", file, err)
	}
	p := &parser{file: file, known: known, ruleLines: map[string]int{}}
	c := &Config{File: file, Dir: filepath.Dir(abs), ruleLines: p.ruleLines, keyLines: map[string]int{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &Error{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil // an empty file configures nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, p.errorf(root, "want a mapping of settings")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		c.keyLines[k.Value] = k.Line
		switch k.Value {
		case "rules":
			c.Rules, err = p.rules(v)
		case "families":
			c.Families, err = p.families(v)
		case "enableAll":
			c.EnableAll, err = p.boolean(v, "enableAll")
		case "peerSuppressions":
			var on bool
			on, err = p.boolean(v, "peerSuppressions")
			c.NoPeerSuppressions = !on
		case "policies":
			var dirs []string
			dirs, err = p.strings(v)
			for _, d := range dirs {
				c.Policies = append(c.Policies, c.resolve(d))
			}
		case "exclude":
			c.Exclude, err = p.strings(v)
			for _, g := range c.Exclude {
				if _, mErr := path.Match(strings.ReplaceAll(g, "**", "*"), ""); mErr != nil && err == nil {
					err = p.errorf(v, "exclude %q: %v", g, mErr)
				}
			}
		case "kubeVersion":
			c.KubeVersion, err = p.scalar(v)
		case "podSecurity":
			c.PodSecurity, err = p.scalar(v)
		case "crds":
			var paths []string
			paths, err = p.strings(v)
			for _, d := range paths {
				c.CRDs = append(c.CRDs, c.resolve(d))
			}
		case "baseline":
			var f string
			if f, err = p.scalar(v); err == nil && f == "" {
				err = p.errorf(v, "baseline: want the path of a file written by podlint lint --write-baseline")
			}
			if err == nil {
				c.Baseline = c.resolve(f)
			}
		case "namespace":
			c.Namespace, err = p.scalar(v)
			if msgs := validation.IsDNS1123Label(c.Namespace); err == nil && len(msgs) > 0 {
				err = p.errorf(v, "namespace %q: %s", c.Namespace, strings.Join(msgs, "; "))
			}
		case "policyTimeout":
			var s string
			if s, err = p.scalar(v); err == nil {
				c.PolicyTimeout, err = time.ParseDuration(s)
				if err != nil || c.PolicyTimeout <= 0 {
					err = p.errorf(v, "policyTimeout %q: want a positive duration, such as 2s or 500ms", s)
				}
			}
		case "imageRoles":
			c.ImageRoles, err = p.imageRoles(v)
		case "workloads":
			c.Workloads, err = p.workloads(v)
		case "render":
			c.Render, err = p.scalar(v)
			if err == nil && c.Render != "auto" && c.Render != "never" {
				err = p.errorf(v, "render %q: want auto or never", c.Render)
			}
		case "charts":
			c.Charts, err = p.charts(v, c)
		default:
			err = p.errorf(k, "unknown key %q%s (the keys are %s)", k.Value, suggest(k.Value, Keys), strings.Join(Keys, ", "))
		}
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

// resolve makes a path of the file relative to the file's directory.
func (c *Config) resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, filepath.FromSlash(p))
}

// Excluded reports whether file (relative to the working directory, or
// absolute) matches an exclude glob. Files outside the configuration's
// directory are never excluded.
func (c *Config) Excluded(file string) bool {
	if c == nil || len(c.Exclude) == 0 {
		return false
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, g := range c.Exclude {
		if Match(g, rel) {
			return true
		}
	}
	return false
}

// Match reports whether the slash path name matches glob, with path.Match
// semantics for each element and ** matching any number of elements
// (none included). A glob without a slash matches at any depth, as in
// .gitignore, and a glob naming a directory excludes what is below it.
func Match(glob, name string) bool {
	glob = strings.TrimPrefix(glob, "./")
	glob = strings.TrimSuffix(glob, "/")
	if !strings.Contains(glob, "/") {
		glob = "**/" + glob
	}
	return matchElems(strings.Split(glob, "/"), strings.Split(name, "/"), true)
}

func matchElems(glob, name []string, prefixOK bool) bool {
	for len(glob) > 0 {
		g := glob[0]
		if g == "**" {
			for i := 0; i <= len(name); i++ {
				if matchElems(glob[1:], name[i:], prefixOK) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(g, name[0]); !ok {
			return false
		}
		glob, name = glob[1:], name[1:]
	}
	// The glob is used up: an exact match, or a directory above the file.
	return len(name) == 0 || prefixOK
}

// charts reads the charts key: chart directory -> values, valueFiles,
// releaseName, namespace.
func (p *parser) charts(n *yaml.Node, c *Config) (map[string]Chart, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "want a mapping of chart directories to their settings")
	}
	out := map[string]Chart{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.MappingNode {
			return nil, p.errorf(v, "chart %s: want a mapping with values, valueFiles, releaseName or namespace", k.Value)
		}
		var ch Chart
		for j := 0; j+1 < len(v.Content); j += 2 {
			ck, cv := v.Content[j], v.Content[j+1]
			var err error
			switch ck.Value {
			case "values":
				if cv.Kind != yaml.MappingNode {
					return nil, p.errorf(cv, "chart %s: values: want a mapping", k.Value)
				}
				err = cv.Decode(&ch.Values)
			case "valueFiles":
				var files []string
				files, err = p.strings(cv)
				for _, f := range files {
					ch.ValueFiles = append(ch.ValueFiles, c.resolve(f))
				}
			case "releaseName":
				ch.ReleaseName, err = p.scalar(cv)
			case "namespace":
				ch.Namespace, err = p.scalar(cv)
			default:
				err = p.errorf(ck, "chart %s: unknown key %q (the keys are values, valueFiles, releaseName, namespace)", k.Value, ck.Value)
			}
			if err != nil {
				return nil, err
			}
		}
		out[c.resolve(k.Value)] = ch
	}
	return out, nil
}

type parser struct {
	file      string
	known     []string // nil: rule IDs are checked later, by CheckRules
	ruleLines map[string]int
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) error {
	return &Error{File: p.file, Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) scalar(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errorf(n, "want a single value")
	}
	return n.Value, nil
}

func (p *parser) strings(n *yaml.Node) ([]string, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n, "want a list")
	}
	var out []string
	for _, e := range n.Content {
		s, err := p.scalar(e)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (p *parser) mapping(n *yaml.Node, what string) error {
	if n.Kind == yaml.MappingNode || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	return p.errorf(n, "%s: want a mapping", what)
}

func (p *parser) rules(n *yaml.Node) (map[string]RuleSetting, error) {
	if err := p.mapping(n, "rules"); err != nil {
		return nil, err
	}
	out := map[string]RuleSetting{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if p.known != nil && !slices.Contains(p.known, k.Value) {
			return nil, p.errorf(k, "unknown rule %q%s", k.Value, suggest(k.Value, p.known))
		}
		p.ruleLines[k.Value] = k.Line
		if on, ok := onOff(v); ok {
			out[k.Value] = RuleSetting{Off: !on}
			continue
		}
		sev, err := analyzer.ParseSeverity(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil {
			return nil, p.errorf(v, "rule %s: want on, off, error, warning or info, not %q", k.Value, v.Value)
		}
		out[k.Value] = RuleSetting{Severity: sev}
	}
	return out, nil
}

// onOff reads a scalar on or off. YAML 1.1 readers take a bare on or off
// as a boolean, so true and false are accepted too.
func onOff(v *yaml.Node) (on, ok bool) {
	if v.Kind != yaml.ScalarNode {
		return false, false
	}
	switch v.Value {
	case "on", "true":
		return true, true
	case "off", "false":
		return false, true
	}
	return false, false
}

func (p *parser) boolean(v *yaml.Node, key string) (bool, error) {
	on, ok := onOff(v)
	if !ok {
		return false, p.errorf(v, "%s: want true or false, not %q", key, v.Value)
	}
	return on, nil
}

// families reads families: a mapping of family names to on or off.
func (p *parser) families(n *yaml.Node) (map[string]bool, error) {
	if err := p.mapping(n, "families"); err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(analyzer.Families, k.Value) {
			return nil, p.errorf(k, "unknown family %q%s (the families are %s)", k.Value, suggest(k.Value, analyzer.Families), strings.Join(analyzer.Families, ", "))
		}
		on, ok := onOff(v)
		if !ok {
			return nil, p.errorf(v, "family %s: want on or off, not %q", k.Value, v.Value)
		}
		out[k.Value] = on
	}
	return out, nil
}

func (p *parser) imageRoles(n *yaml.Node) (ImageRoles, error) {
	var out ImageRoles
	if err := p.mapping(n, "imageRoles"); err != nil {
		return out, err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		list, err := p.strings(v)
		if err != nil {
			return out, err
		}
		for _, pat := range list {
			if _, err := path.Match(pat, ""); err != nil {
				return out, p.errorf(v, "imageRoles %s %q: %v", k.Value, pat, err)
			}
		}
		switch k.Value {
		case "datastore":
			out.Datastores = append(out.Datastores, list...)
		case "helper":
			out.Helpers = append(out.Helpers, list...)
		default:
			return out, p.errorf(k, "unknown image role %q (want datastore or helper)", k.Value)
		}
	}
	return out, nil
}

func (p *parser) workloads(n *yaml.Node) ([]Workload, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n, "workloads: want a list")
	}
	var out []Workload
	for _, e := range n.Content {
		if e.Kind != yaml.MappingNode {
			return nil, p.errorf(e, "workload: want a mapping with apiVersion, kind, templatePath and selectorPath")
		}
		var w Workload
		for i := 0; i+1 < len(e.Content); i += 2 {
			k, v := e.Content[i], e.Content[i+1]
			s, err := p.scalar(v)
			if err != nil {
				return nil, err
			}
			switch k.Value {
			case "apiVersion":
				w.APIVersion = s
			case "kind":
				w.Kind = s
			case "templatePath":
				w.TemplatePath = s
			case "selectorPath":
				w.SelectorPath = s
			default:
				return nil, p.errorf(k, "unknown workload key %q (want apiVersion, kind, templatePath or selectorPath)", k.Value)
			}
			if k.Value == "templatePath" || k.Value == "selectorPath" {
				if _, err := analyzer.ParsePath(s); err != nil {
					return nil, p.errorf(v, "%s: %v", k.Value, err)
				}
			}
		}
		if w.APIVersion == "" || w.Kind == "" || w.TemplatePath == "" {
			return nil, p.errorf(e, "workload: apiVersion, kind and templatePath are required")
		}
		out = append(out, w)
	}
	return out, nil
}

// suggest returns "; did you mean X?" for the known ID closest to id, when
// one is close.
func suggest(id string, known []string) string {
	if best := analyzer.Closest(id, known); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}
