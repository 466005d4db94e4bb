package policies

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/podlint/podlint/analyzer"
)

// A builtinPolicy is one embedded policy: its file and the rule its
// METADATA block and package describe.
type builtinPolicy struct {
	file string
	rule analyzer.Rule
	// kinds are the kinds the policy reads (custom.kinds), when it reads
	// not every Pod spec: the set converts and evaluates an object without
	// a Pod spec only when a policy that runs names its kind, and a policy
	// that names kinds applies to those alone (a policy about Jobs names
	// Job). Without kinds, a policy applies to every object with a Pod spec.
	kinds []string
}

// builtinPolicies returns the identity and documentation of the built-in
// policies, written in their Rego source's METADATA blocks and read from
// there into metadata_table.go when they change (TestPolicyTable says
// when, and writes it with -update): reading the 46 blocks as YAML costs
// every lint about 3 ms before it can start compiling the policies.
func builtinPolicies() []builtinPolicy { return builtinTable }

// readBuiltinPolicies reads every policy at the top of fsys (lib and
// tests aside), sorted by ID. It reads the METADATA comment blocks as YAML
// rather than parsing the Rego with OPA's annotation support, which costs
// five times as much.
func readBuiltinPolicies(fsys fs.FS) ([]builtinPolicy, error) {
	names, err := fs.Glob(fsys, "*.rego")
	if err != nil {
		return nil, err
	}
	var out []builtinPolicy
	for _, name := range names {
		if strings.HasSuffix(name, "_test.rego") {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		r, kinds, err := readPolicyMetadata(src)
		if err != nil {
			return nil, fmt.Errorf("policy %s: %w", name, err)
		}
		out = append(out, builtinPolicy{file: name, rule: r, kinds: kinds})
	}
	slices.SortFunc(out, func(a, b builtinPolicy) int { return strings.Compare(a.rule.ID, b.rule.ID) })
	return out, nil
}

// policyMetadata is the METADATA block of a built-in policy, in OPA's
// annotation schema. The ID is not in it: the package names it.
type policyMetadata struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Custom      struct {
		Severity string   `yaml:"severity"`
		Family   string   `yaml:"family"`
		Default  string   `yaml:"default"` // "off" for a policy a user must enable
		Kinds    []string `yaml:"kinds"`   // the kinds it applies to, when not every Pod spec
		Bad      string   `yaml:"bad"`
		Good     string   `yaml:"good"`
	} `yaml:"custom"`
}

// builtinPackage is the package line of a built-in policy, which spells its
// ID once, as Regal does: package podlint.policies["privileged-container"].
var builtinPackage = regexp.MustCompile(`^package podlint\.policies\["([a-z][a-z0-9-]*)"\]\s*$`)

// readPolicyMetadata reads the METADATA block that opens a policy and the
// package line right after it: the rule, and the kinds without a Pod spec
// the policy reads.
func readPolicyMetadata(src []byte) (analyzer.Rule, []string, error) {
	lines := strings.Split(string(src), "\n")
	start := slices.IndexFunc(lines, func(l string) bool { return strings.TrimSpace(l) == "# METADATA" })
	if start < 0 {
		return analyzer.Rule{}, nil, fmt.Errorf("no # METADATA block")
	}
	var block bytes.Buffer
	end := start + 1
	for ; end < len(lines) && strings.HasPrefix(lines[end], "#"); end++ {
		l := strings.TrimPrefix(lines[end], "#")
		block.WriteString(strings.TrimPrefix(l, " "))
		block.WriteByte('\n')
	}
	if end == len(lines) {
		return analyzer.Rule{}, nil, fmt.Errorf("no package after the METADATA block")
	}
	m := builtinPackage.FindStringSubmatch(lines[end])
	if m == nil {
		return analyzer.Rule{}, nil, fmt.Errorf("line %d: want package podlint.policies[\"<id>\"] right after the METADATA block, got %q", end+1, lines[end])
	}
	var md policyMetadata
	dec := yaml.NewDecoder(&block)
	dec.KnownFields(true)
	if err := dec.Decode(&md); err != nil {
		return analyzer.Rule{}, nil, fmt.Errorf("METADATA at line %d: %w", start+1, err)
	}
	sev, err := analyzer.ParseSeverity(md.Custom.Severity)
	if err != nil {
		return analyzer.Rule{}, nil, fmt.Errorf("METADATA custom.severity: %w", err)
	}
	if md.Custom.Default != "" && md.Custom.Default != "off" && md.Custom.Default != "on" {
		return analyzer.Rule{}, nil, fmt.Errorf("METADATA custom.default: want on or off, got %q", md.Custom.Default)
	}
	return analyzer.Rule{
		ID: m[1], Severity: sev, Source: "rego", Family: md.Custom.Family, DefaultOff: md.Custom.Default == "off",
		Doc: analyzer.Doc{Title: md.Title, Why: strings.TrimSpace(md.Description), Bad: md.Custom.Bad, Good: md.Custom.Good},
	}, md.Custom.Kinds, nil
}
