package rules

import (
	"strings"
	"testing"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/analyzertest"
	"github.com/podlint/podlint/analyzer/fix"
)

// TestDuplicatePortNameFixJSON checks the rename in a JSON manifest, which
// fixtures cannot hold (no comments for expectations): the name keeps its
// double quotes.
func TestDuplicatePortNameFixJSON(t *testing.T) {
	src := `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
 "spec": {"containers": [
  {"name": "a", "image": "nginx:1.27", "ports": [{"name": "http", "containerPort": 80}]},
  {"name": "b", "image": "nginx:1.27", "ports": [{"name": "http", "containerPort": 81}]}]}}
`
	var fixes []analyzer.Fix
	for _, d := range analyzertest.LintBytes(t, "p.json", []byte(src), []*analyzer.Rule{DuplicatePortName}) {
		if d.Rule == DuplicatePortName.ID && len(d.Fixes) > 0 {
			fixes = append(fixes, d.Fixes[0])
		}
	}
	res := fix.Apply(fixes, func(string) ([]byte, error) { return []byte(src), nil })
	if len(res.Files) != 1 {
		t.Fatalf("no fix applied: %+v", res)
	}
	want := `{"name": "b", "image": "nginx:1.27", "ports": [{"name": "http-2", "containerPort": 81}]}`
	if got := string(res.Files[0].New); !strings.Contains(got, want) {
		t.Errorf("got\n%s\nwant it to hold %s", got, want)
	}
}

func TestRenamePort(t *testing.T) {
	for _, tt := range []struct {
		name  string
		taken []string
		want  string // "" for no fix
	}{
		{"http", []string{"http"}, "http-2"},
		{"http", []string{"http", "http-2", "http-3"}, "http-4"},
		{"metrics-export", []string{"metrics-export"}, "metrics-expor-2"}, // 15 characters at most
		{"metrics-expor-x", nil, "metrics-expor-2"},
		{"abcdefghijklm-z", nil, "abcdefghijklm-2"},
		{"abcdefghijklmn-", nil, "abcdefghijklm-2"}, // no double hyphen
		{"123", nil, ""},  // a port name needs a letter
		{"HTTP", nil, ""}, // not a valid port name to start from: a rename would be a guess
	} {
		taken := map[string]bool{}
		for _, n := range tt.taken {
			taken[n] = true
		}
		fixes := renamePort(tt.name, analyzer.Path{}, taken)
		got := ""
		if len(fixes) == 1 {
			got = fixes[0].Edits[0].NewText
			if !taken[got] {
				t.Errorf("%s: %s not marked taken", tt.name, got)
			}
		}
		if got != tt.want {
			t.Errorf("renamePort(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
