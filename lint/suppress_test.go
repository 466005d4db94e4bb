package lint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/analyzertest"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/lint"
)

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web}%s
spec:
  containers:
    - name: web
%s      image: nginx%s
`

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}%s
    spec:
      containers:
        - name: web
          image: nginx
`

func lines(ds []analyzer.Diagnostic) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d:%d %s", d.Pos.Line, d.Pos.Column, d.Rule))
	}
	return out
}

func TestSuppressions(t *testing.T) {
	ruleSet := onByDefault()
	tests := []struct {
		name           string
		in             string
		unused         bool
		want, silenced []string
	}{
		{"none", fmt.Sprintf(pod, "", "", ""), false, []string{"2:1 bare-pod", "9:7 image-tag"}, []string{}},
		{"trailing comment", fmt.Sprintf(pod, "", "", " # podlint:ignore image-tag mirrored"), true,
			[]string{"2:1 bare-pod"}, []string{"9:7 image-tag"}},
		{"comment above", fmt.Sprintf(pod, "", "      # podlint:ignore image-tag,bare-pod mirrored\n", ""), false,
			[]string{"2:1 bare-pod"}, []string{"10:7 image-tag"}},
		{"comment above, bare-pod unused", fmt.Sprintf(pod, "", "      # podlint:ignore image-tag,bare-pod mirrored\n", ""), true,
			[]string{"2:1 bare-pod", "9:7 unused-ignore"}, []string{"10:7 image-tag"}},
		{"comment in quotes is not one", strings.Replace(fmt.Sprintf(pod, "", "", ""), "image: nginx", `image: "nginx # podlint:ignore image-tag"`, 1), false,
			[]string{"2:1 bare-pod", "9:7 invalid-image"}, []string{}},
		{"annotation", fmt.Sprintf(pod, "\n  annotations: {podlint.io/ignore: \"bare-pod, image-tag\", podlint.io/ignore-reason: a debugging Pod}", "", ""), true,
			[]string{}, []string{"2:1 bare-pod", "10:7 image-tag"}},
		{"annotation all", fmt.Sprintf(pod, "\n  annotations: {podlint.io/ignore: all, podlint.io/ignore-reason: a debugging Pod}", "", ""), true,
			[]string{}, []string{"2:1 bare-pod", "10:7 image-tag"}},
		{"template annotation", fmt.Sprintf(deployment, "\n      annotations: {podlint.io/ignore: image-tag, podlint.io/ignore-reason: mirrored}"), true,
			[]string{}, []string{"15:11 image-tag"}},
		{"unknown rule", fmt.Sprintf(pod, "", "", " # podlint:ignore image-tags typo"), false,
			[]string{"2:1 bare-pod", "9:7 image-tag", "9:20 unknown-ignore"}, []string{}},
		{"unknown rule in annotation", fmt.Sprintf(pod, "\n  annotations: {podlint.io/ignore: bare-pods, podlint.io/ignore-reason: debugging}", "", ""), false,
			[]string{"2:1 bare-pod", "6:17 unknown-ignore", "10:7 image-tag"}, []string{}},
		{"no rule named", fmt.Sprintf(pod, "", "", " # podlint:ignore"), false,
			[]string{"2:1 bare-pod", "9:7 image-tag", "9:20 unknown-ignore"}, []string{}},
		{"unused not reported unless asked", fmt.Sprintf(pod, "", "", " # podlint:ignore duplicate-env left over"), false,
			[]string{"2:1 bare-pod", "9:7 image-tag"}, []string{}},
		{"unused reported when asked", fmt.Sprintf(pod, "", "", " # podlint:ignore duplicate-env,image-tag mirrored"), true,
			[]string{"2:1 bare-pod", "9:20 unused-ignore"}, []string{"9:7 image-tag"}},
		// Without a reason, a suppression still silences, and is reported.
		{"no reason", fmt.Sprintf(pod, "", "", " # podlint:ignore image-tag"), true,
			[]string{"2:1 bare-pod", "9:20 ignore-without-reason"}, []string{"9:7 image-tag"}},
		{"no reason above", fmt.Sprintf(pod, "", "      # podlint:ignore image-tag\n", ""), true,
			[]string{"2:1 bare-pod", "9:7 ignore-without-reason"}, []string{"10:7 image-tag"}},
		{"only a comment after the IDs", fmt.Sprintf(pod, "", "", " # podlint:ignore image-tag # a note"), true,
			[]string{"2:1 bare-pod", "9:20 ignore-without-reason"}, []string{"9:7 image-tag"}},
		{"no reason and unused", fmt.Sprintf(pod, "", "", " # podlint:ignore duplicate-env"), true,
			[]string{"2:1 bare-pod", "9:7 image-tag", "9:20 ignore-without-reason", "9:20 unused-ignore"}, []string{}},
		{"all without a reason is reported", fmt.Sprintf(pod, "", "", " # podlint:ignore all"), true,
			[]string{"2:1 bare-pod", "9:20 ignore-without-reason"}, []string{"9:7 image-tag"}},
		{"annotation without a reason", fmt.Sprintf(pod, "\n  annotations: {podlint.io/ignore: bare-pod}", "", ""), true,
			[]string{"6:17 ignore-without-reason", "10:7 image-tag"}, []string{"2:1 bare-pod"}},
		{"annotation with an empty reason", fmt.Sprintf(pod, "\n  annotations: {podlint.io/ignore: bare-pod, podlint.io/ignore-reason: ' '}", "", ""), true,
			[]string{"6:17 ignore-without-reason", "10:7 image-tag"}, []string{"2:1 bare-pod"}},
		{"template annotation without a reason", fmt.Sprintf(deployment, "\n      annotations: {podlint.io/ignore: image-tag}"), true,
			[]string{"11:21 ignore-without-reason"}, []string{"15:11 image-tag"}},
		{"a reason on the object does not cover the template", fmt.Sprintf(strings.Replace(deployment, "  name: web\n", "  name: web\n  annotations: {podlint.io/ignore-reason: ours}\n", 1), "\n      annotations: {podlint.io/ignore: image-tag}"), true,
			[]string{"12:21 ignore-without-reason"}, []string{"16:11 image-tag"}},
	}
	// A file held in memory and a file on disk take the same path; the
	// suppressions must see the objects all the same, with or without
	// cross-object rules.
	perObject := slices.DeleteFunc(slices.Clone(ruleSet), func(r *analyzer.Rule) bool { return r.CheckSet != nil })
	modes := []struct {
		name  string
		rules []*analyzer.Rule
		lint  func(t *testing.T, in string, opts lint.Options) *lint.Result
	}{
		{"bytes", ruleSet, func(t *testing.T, in string, opts lint.Options) *lint.Result {
			return lint.Bytes(t.Context(), "pod.yaml", []byte(in), opts)
		}},
		{"streamed", ruleSet, streamed},
		{"streamed, no cross-object rules", perObject, streamed},
	}
	for _, tt := range tests {
		for _, m := range modes {
			t.Run(tt.name+"/"+m.name, func(t *testing.T) {
				res := m.lint(t, tt.in, lint.Options{Rules: m.rules, ReportUnusedIgnores: tt.unused})
				if diff := cmp.Diff(tt.want, lines(res.Diagnostics)); diff != "" {
					t.Errorf("findings (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.silenced, lines(res.Suppressed)); diff != "" {
					t.Errorf("suppressed (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// streamed lints in as a file on disk, the way the CLI lints a directory.
func streamed(t *testing.T, in string, opts lint.Options) *lint.Result {
	file := filepath.Join(t.TempDir(), "pod.yaml")
	if err := os.WriteFile(file, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := lint.Inputs(t.Context(), []load.Input{{Name: file, Path: file}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestOverrides(t *testing.T) {
	in := fmt.Sprintf(pod, "", "", "")
	res := lint.Bytes(t.Context(), "pod.yaml", []byte(in), lint.Options{Rules: onByDefault(),
		Disabled: map[string]bool{"bare-pod": true}, Severity: map[string]analyzer.Severity{"image-tag": analyzer.Error}})
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].Rule != "image-tag" || res.Diagnostics[0].Severity != analyzer.Error {
		t.Errorf("got %v; want one image-tag error", lines(res.Diagnostics))
	}
}

// TestFixtures checks the fixtures of lint's own rules the way
// analyzertest checks those of the rules: each finding about suppressions
// (and parse-error and schema) is wanted on its line, and each want is met.
func TestFixtures(t *testing.T) {
	for _, r := range lint.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", r.ID)
			inputs, err := load.Expand([]string{dir}, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			want := []string{}
			for _, in := range inputs {
				data, err := os.ReadFile(in.Path)
				if err != nil {
					t.Fatal(err)
				}
				wants, _, err := analyzertest.ParseExpectations(string(data))
				if err != nil {
					t.Fatal(err)
				}
				for line, ws := range wants {
					for _, w := range ws {
						want = append(want, fmt.Sprintf("%s:%d %s", in.Name, line, w.Rule))
					}
				}
			}
			res, err := lint.Inputs(t.Context(), inputs, lint.Options{Rules: onByDefault(), ReportUnusedIgnores: true})
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, d := range res.Diagnostics {
				if slices.ContainsFunc(lint.Rules(), func(r *analyzer.Rule) bool { return r.ID == d.Rule }) || d.Rule == "parse-error" || d.Rule == "schema" {
					got = append(got, fmt.Sprintf("%s:%d %s", d.Pos.File, d.Pos.Line, d.Rule))
				}
			}
			slices.Sort(want)
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestIgnoreInsideBlockScalar checks that a line of a block scalar that
// looks like an ignore comment silences nothing, while real comments do,
// at the top of a document as well as beside a value.
func TestIgnoreInsideBlockScalar(t *testing.T) {
	text := `apiVersion: v1
# podlint:ignore bare-pod a debugging Pod, deleted by hand
kind: Pod
metadata:
  name: debug
  annotations:
    note: |
      # podlint:ignore image-tag this is text, not a comment
spec:
  containers:
    - name: debug
      image: busybox # podlint:ignore invalid-image not a real finding either
`
	res := lint.Bytes(t.Context(), "p.yaml", []byte(text), lint.Options{Rules: onByDefault(), Catalogue: onByDefault(), ReportUnusedIgnores: true})
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Rule)
	}
	var silenced []string
	for _, d := range res.Suppressed {
		silenced = append(silenced, d.Rule)
	}
	if !slices.Contains(silenced, "bare-pod") {
		t.Errorf("the top comment did not silence bare-pod; silenced %v, reported %v", silenced, got)
	}
	if !slices.Contains(got, "image-tag") {
		t.Errorf("text inside a block scalar silenced image-tag; reported %v", got)
	}
	if !slices.Contains(got, "unused-ignore") {
		t.Errorf("the unused inline ignore was not reported; reported %v", got)
	}
}
