package lsp

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/lint"
)

func TestSelectorFix(t *testing.T) {
	head := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
	tests := []struct {
		name, in string
		want     string // "" means no fix
	}{{
		name: "labels extended",
		in:   head + "  selector:\n    matchLabels: {app: web, tier: front}\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers: [{name: a, image: b}]\n",
		want: head + "  selector:\n    matchLabels: {app: web, tier: front}\n  template:\n    metadata:\n      labels:\n        app: web\n        tier: front\n    spec:\n      containers: [{name: a, image: b}]\n",
	}, {
		name: "labels added to metadata",
		in:   head + "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      annotations:\n        a: b\n    spec:\n      containers: [{name: a, image: b}]\n",
		want: head + "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      annotations:\n        a: b\n      labels:\n        app: web\n    spec:\n      containers: [{name: a, image: b}]\n",
	}, {
		name: "values that YAML 1.1 would not read as strings are quoted",
		in:   head + "  selector:\n    matchLabels: {app: web, canary: \"yes\", v: \"2\"}\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers: [{name: a, image: b}]\n",
		want: head + "  selector:\n    matchLabels: {app: web, canary: \"yes\", v: \"2\"}\n  template:\n    metadata:\n      labels:\n        app: web\n        canary: \"yes\"\n        v: \"2\"\n    spec:\n      containers: [{name: a, image: b}]\n",
	}, {
		name: "last line without a final newline",
		in:   head + "  selector:\n    matchLabels: {app: web}\n  template:\n    spec:\n      containers: [{name: a, image: b}]\n    metadata:\n      labels:\n        x: z",
		want: head + "  selector:\n    matchLabels: {app: web}\n  template:\n    spec:\n      containers: [{name: a, image: b}]\n    metadata:\n      labels:\n        x: z\n        app: web",
	}, {
		name: "a label with another value is a choice, not a fix",
		in:   head + "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels:\n        app: webapp\n    spec:\n      containers: [{name: a, image: b}]\n",
	}, {
		name: "flow-style labels are left alone",
		in:   head + "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {x: z}\n    spec:\n      containers: [{name: a, image: b}]\n",
	}, {
		name: "expressions still unmet after the edit",
		in:   head + "  selector:\n    matchLabels: {app: web}\n    matchExpressions: [{key: env, operator: In, values: [prod]}]\n  template:\n    metadata:\n      labels:\n        x: z\n    spec:\n      containers: [{name: a, image: b}]\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := lint.Bytes(t.Context(), "web.yaml", []byte(tt.in), lint.Options{Rules: []*analyzer.Rule{testSelectorMismatch}})
			var found bool
			for _, d := range res.Diagnostics {
				if d.Rule != SelectorMismatchID {
					t.Fatalf("unexpected finding %s: %s", d.Rule, d.Message)
				}
				found = true
				fx, _, ok := selectorFix(d, splitLines(tt.in))
				got := ""
				if ok {
					got = applyEdits(t, tt.in, fx.edits)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			}
			if !found {
				t.Fatal("no selector-mismatch finding")
			}
		})
	}
}

func TestIgnoreFixKeepsIndentation(t *testing.T) {
	text := "a:\n  - name: x\n    image: y\n"
	fx := ignoreFix(analyzer.Diagnostic{Rule: "some-rule", Pos: analyzer.Position{Line: 3, Column: 5}}, splitLines(text))
	got := applyEdits(t, text, fx.edits)
	want := "a:\n  - name: x\n    # podlint:ignore some-rule " + IgnoreReason + "\n    image: y\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(fx.title, "some-rule") {
		t.Errorf("title %q does not name the rule", fx.title)
	}
}

func TestPortNameFix(t *testing.T) {
	lines := splitLines("    ports:\n      - name: http\n        containerPort: 80\n    - name: admin\n      ports:\n        - name: http  # note\n          containerPort: 9000\n")
	d := analyzer.Diagnostic{Rule: DuplicatePortNameID, Pos: analyzer.Position{Line: 6, Column: 11}}
	fx, ok := portNameFix(d, lines)
	if !ok {
		t.Fatal("no fix offered")
	}
	e := fx.edits[0]
	if e.NewText != "http-2" || e.Range.Start.Line != 5 || e.Range.Start.Character != 16 || e.Range.End.Character != 20 {
		t.Errorf("edit %+v, want http-2 over 5:16-5:20", e)
	}
	if _, ok := portNameFix(analyzer.Diagnostic{Rule: "other", Pos: d.Pos}, lines); ok {
		t.Error("a fix for another rule")
	}
	long := splitLines("- name: metrics-endpoint\n")
	if fx, ok := portNameFix(analyzer.Diagnostic{Rule: DuplicatePortNameID, Pos: analyzer.Position{Line: 1, Column: 3}}, long); !ok || len(fx.edits[0].NewText) > 15 {
		t.Errorf("long name: %+v, %v; want a name of at most 15 characters", fx, ok)
	}
}
