package policies

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
)

// TestBuiltinPackages checks that every built-in policy is
// podlint.policies["<id>"] in <snake_case id>.rego, that it has tests in
// podlint.policies["<id>_test"], and that the built-in set is one check
// reporting under every policy's ID.
func TestBuiltinPackages(t *testing.T) {
	mods, err := parseFS(builtinFS, true, ast.ParserOptions{RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatal(err)
	}
	pkgs := map[string]string{} // package -> file
	for name, m := range mods {
		pkgs[packagePath(m)] = name
	}
	rules := BuiltinSet().Rules()
	if len(rules) != 1 || rules[0].ID != BuiltinID || rules[0].Check == nil {
		t.Fatalf("the built-in set runs %d rules, want one check named %s", len(rules), BuiltinID)
	}
	policies := analyzer.Catalogue(rules)
	if len(policies) != 46 {
		t.Errorf("%d built-in policies, want 46", len(policies))
	}
	for _, r := range policies {
		pkg := fmt.Sprintf("podlint.policies[%q]", r.ID)
		snake := strings.ReplaceAll(r.ID, "-", "_")
		if file := pkgs[pkg]; file != snake+".rego" {
			t.Errorf("policy %s: want package %s in %s.rego, got %q", r.ID, pkg, snake, file)
		}
		if _, ok := pkgs[fmt.Sprintf("podlint.policies[%q]", r.ID+"_test")]; !ok {
			t.Errorf("policy %s: no tests in package podlint.policies[%q]", r.ID, r.ID+"_test")
		}
		if r.SourceName() != "rego" || r.Check != nil {
			t.Errorf("policy %s: source %q, has a check of its own: %v", r.ID, r.SourceName(), r.Check != nil)
		}
	}
	if err := analyzer.Validate(rules); err != nil {
		t.Error(err)
	}
	if err := BuiltinSet().prepareAll(); err != nil {
		t.Fatal(err)
	}
}

// TestMetadataAsOPAReadsIt checks the YAML read of the METADATA blocks
// against OPA's annotation parser, which opa inspect and Regal use, so the
// two never disagree.
func TestMetadataAsOPAReadsIt(t *testing.T) {
	mods, err := parseFS(builtinFS, false, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range builtinPolicies() {
		a := packageAnnotations(mods[p.file])
		if a == nil {
			t.Errorf("%s: OPA finds no package METADATA", p.file)
			continue
		}
		want := analyzer.Doc{Title: a.Title, Why: strings.TrimSpace(a.Description)}
		want.Bad, _ = a.Custom["bad"].(string)
		want.Good, _ = a.Custom["good"].(string)
		if _, ok := a.Custom["id"]; ok {
			t.Errorf("%s: METADATA custom.id spells the ID a second time; the package names it", p.file)
		}
		if sev := fmt.Sprint(a.Custom["severity"]); sev != p.rule.Severity.String() {
			t.Errorf("%s: severity %s, OPA reads %s", p.file, p.rule.Severity, sev)
		}
		if diff := cmp.Diff(want, p.rule.Doc); diff != "" {
			t.Errorf("%s: (-OPA +YAML):\n%s", p.file, diff)
		}
	}
}

// brokenWord matches a word broken at a hyphen by a folded line, as in
// "dangerous- capabilities".
var brokenWord = regexp.MustCompile(`[a-z]- [a-z]`)

func TestMetadataIsNotFoldedInsideWords(t *testing.T) {
	for _, p := range builtinPolicies() {
		for _, text := range []string{p.rule.Doc.Title, p.rule.Doc.Why} {
			if m := brokenWord.FindString(text); m != "" {
				t.Errorf("%s: %q: a line of the METADATA block breaks a hyphenated word; keep it on one line", p.file, m)
			}
		}
	}
}

func TestReadPolicyMetadataErrors(t *testing.T) {
	for _, tc := range []struct{ src, err string }{
		{"package podlint.policies[\"x\"]\n", "no # METADATA block"},
		{"# METADATA\n# title: t\n# custom:\n#   severity: error\npackage podlint.policies.x\n", `want package podlint.policies["<id>"]`},
		{"# METADATA\n# title: t\n# custom:\n#   id: x\n#   severity: error\npackage podlint.policies[\"x\"]\n", "field id not found"},
		{"# METADATA\n# title: t\n# custom:\n#   severity: loud\npackage podlint.policies[\"x\"]\n", "custom.severity"},
	} {
		_, _, err := readPolicyMetadata([]byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("readPolicyMetadata(%q) = %v, want an error containing %q", tc.src, err, tc.err)
		}
	}
}

// TestBuiltinCompilesStrictly compiles the built-in policies with every
// checking stage and the sandbox pre-check, which lint skips for them.
func TestBuiltinCompilesStrictly(t *testing.T) {
	if _, err := compileBuiltinStrictly(); err != nil {
		t.Fatal(err)
	}
}

func compileBuiltinStrictly() (*ast.Compiler, error) {
	mods, err := parseBuiltin()
	if err != nil {
		return nil, err
	}
	return compileModules(mods)
}

// TestBuiltinWithout checks that policies turned off are neither compiled
// nor run, nor listed as reported, and that the others still report.
func TestBuiltinWithout(t *testing.T) {
	if BuiltinWithout(func(string) bool { return false }) != BuiltinSet() {
		t.Error("with nothing off, BuiltinWithout must share BuiltinSet")
	}
	s := BuiltinWithout(func(id string) bool { return id != "privileged-container" && id != "host-namespaces" })
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Modules != 3 || st.Rules != 2 {
		t.Errorf("compiled %d modules for %d rules, want 3 (two policies and lib/pods.rego, which they import) for 2", st.Modules, st.Rules)
	}
	var ids []string
	for _, r := range s.Policies() {
		ids = append(ids, r.ID)
	}
	if diff := cmp.Diff([]string{"host-namespaces", "privileged-container"}, ids); diff != "" {
		t.Errorf("reported IDs (-want +got):\n%s", diff)
	}
	res := load.Bytes("p.yaml", []byte("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: nginx\n      securityContext: {privileged: true}\n"), load.Options{})
	var got []string
	for _, d := range analyzer.Run(t.Context(), res.Objects, s.Rules(), analyzer.Options{}) {
		got = append(got, d.Rule+" "+d.Path.String())
	}
	want := []string{"host-namespaces spec.hostPID", "privileged-container spec.containers[0].securityContext.privileged"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if none := BuiltinWithout(func(string) bool { return true }); len(none.Rules()) != 0 {
		t.Errorf("with every policy off, the set still runs %d rules", len(none.Rules()))
	}
}

// TestKindUnitsCompileOnUse checks that the policies of kinds are
// compiled only when an object of their kinds is checked, and then give
// the findings they give in one compiler with all the others.
func TestKindUnitsCompileOnUse(t *testing.T) {
	s := newBuiltinSubset(nil)
	if err := s.Prepare(); err != nil {
		t.Fatal(err)
	}
	pods := s.Stats().Modules
	deploy := load.Bytes("d.yaml", []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: nginx}]\n"), load.Options{})
	analyzer.Run(t.Context(), deploy.Objects, s.Rules(), analyzer.Options{})
	if got := s.Stats().Modules; got != pods {
		t.Errorf("a Deployment compiled %d modules more than Prepare's %d", got-pods, pods)
	}
	job := load.Bytes("j.yaml", []byte("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: nginx}]\n"), load.Options{})
	var got []string
	for _, d := range analyzer.Run(t.Context(), job.Objects, s.Rules(), analyzer.Options{}) {
		got = append(got, d.Rule)
	}
	if !slices.Contains(got, "job-ttl") || !slices.Contains(got, "run-as-root") {
		t.Errorf("a Job: findings %v, want job-ttl (a unit of Job) and run-as-root (of Pod specs)", got)
	}
	if s.Stats().Modules <= pods {
		t.Errorf("a Job compiled no unit of its kind")
	}
	all := newBuiltinSubset(nil)
	if err := all.prepareAll(); err != nil {
		t.Fatal(err)
	}
	mods, err := parseBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(all.units); got < 2 {
		t.Errorf("%d units, want the Pod specs' and one per list of kinds", got)
	}
	if all.Stats().Modules < len(mods) {
		t.Errorf("the units compiled %d modules, fewer than the %d there are", all.Stats().Modules, len(mods))
	}
}

func TestKebab(t *testing.T) {
	for in, want := range map[string]string{
		"main-deny":                     "main-deny",
		"main-deny_root":                "main-deny-root",
		"kubernetes.security-violation": "kubernetes-security-violation",
		"Main-Warn__x":                  "main-warn-x",
	} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestToFinding(t *testing.T) {
	for _, tc := range []struct {
		in   any
		path string
		msg  string
		sev  analyzer.Severity
	}{
		{"bare", "", "bare", 0},
		{map[string]any{"msg": "m", "path": "spec.containers[0].image"}, "spec.containers[0].image", "m", 0},
		{map[string]any{"msg": "m", "path": []any{"metadata", "labels", "app.kubernetes.io/name"}}, `metadata.labels["app.kubernetes.io/name"]`, "m", 0},
		{map[string]any{"msg": "m", "path": "spec[oops"}, "", "m", 0},
		{map[string]any{"message": "x"}, "", `{"message":"x"}`, 0},
		{map[string]any{"msg": "m", "severity": "info"}, "", "m", analyzer.Info},
		{map[string]any{"msg": "m", "severity": "loud"}, "", "m", 0},
	} {
		f := toFinding(tc.in)
		if f.path.String() != tc.path || f.msg != tc.msg || f.severity != tc.sev {
			t.Errorf("toFinding(%v) = %q %q %v, want %q %q %v", tc.in, f.path, f.msg, f.severity, tc.path, tc.msg, tc.sev)
		}
	}
}

// TestRepeatsAnsweredAlike checks that an object identical to one already
// evaluated gets the same findings without an evaluation, and that an
// object that differs in one field is evaluated on its own.
func TestRepeatsAnsweredAlike(t *testing.T) {
	s := newBuiltinSubset(nil)
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx\n      securityContext: {privileged: %v}\n"
	run := func(privileged bool) []string {
		res := load.Bytes("p.yaml", fmt.Appendf(nil, pod, privileged), load.Options{})
		var got []string
		for _, d := range analyzer.Run(t.Context(), res.Objects, s.Rules(), analyzer.Options{}) {
			got = append(got, d.Rule+" "+d.Path.String()+" "+d.Message)
		}
		return got
	}
	first := run(true)
	if diff := cmp.Diff(first, run(true)); diff != "" {
		t.Errorf("a repeat's findings (-first +repeat):\n%s", diff)
	}
	if st := s.Stats(); st.Objects != 2 || st.Repeats != 1 {
		t.Errorf("%d objects, %d repeats; want 2 and 1", st.Objects, st.Repeats)
	}
	other := run(false)
	if slices.ContainsFunc(other, func(f string) bool { return strings.HasPrefix(f, "privileged-container ") }) {
		t.Errorf("an object unlike the one before got its findings: %v", other)
	}
	if !slices.ContainsFunc(first, func(f string) bool { return strings.HasPrefix(f, "privileged-container ") }) {
		t.Errorf("no privileged-container finding: %v", first)
	}
	if st := s.Stats(); st.Repeats != 1 {
		t.Errorf("%d repeats after a different object, want 1", st.Repeats)
	}
}

// TestBuiltinsWriteNoneOf checks that the built-in policies write nothing
// that the compiler stages trusted sets skip (absentStages) would rewrite:
// no template string, no print or rego.metadata call.
func TestBuiltinsWriteNoneOf(t *testing.T) {
	mods, err := parseBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	absent := map[string]bool{ast.Print.Name: true, ast.RegoMetadataChain.Name: true, ast.RegoMetadataRule.Name: true}
	for name, m := range mods {
		ast.WalkTerms(m, func(x *ast.Term) bool {
			if _, ok := x.Value.(*ast.TemplateString); ok {
				t.Errorf("%s:%d: a template string", name, x.Location.Row)
			}
			return false
		})
		ast.WalkExprs(m, func(e *ast.Expr) bool {
			if e.IsCall() && absent[e.Operator().String()] {
				t.Errorf("%s:%d: calls %s", name, e.Location.Row, e.Operator())
			}
			return false
		})
	}
	// The stages run by these names, and skipping them skips them: a
	// renamed stage would be skipped in name only.
	timers := func(skip ...ast.StageID) map[string]any {
		m := metrics.New()
		c := newCompiler().WithMetrics(m).WithSkipStages(skip...)
		if c.Compile(mods); c.Failed() {
			t.Fatal(c.Errors)
		}
		return m.All()
	}
	all, skipped := timers(), timers(absentStages...)
	metric := map[ast.StageID]string{ // as OPA names their timers
		ast.StageRewriteTemplateStrings: "rewrite_template_strings", ast.StageRewritePrintCalls: "rewrite_print_calls",
		ast.StageParseMetadataBlocks: "parse_metadata_blocks", ast.StageSetAnnotationSet: "set_annotationset",
		ast.StageRewriteRegoMetadataCalls: "rewrite_rego_metadata_calls", ast.StageRewriteTestRulesForTracing: "rewrite_test_rules_for_tracing",
	}
	for _, st := range absentStages {
		name := "timer_compile_stage_" + metric[st] + "_ns"
		if _, ok := all[name]; !ok {
			t.Errorf("stage %s: no %s when it runs", st, name)
		}
		if _, ok := skipped[name]; ok {
			t.Errorf("stage %s ran though skipped", st)
		}
	}
}
