package load

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExpandSurvivesTheFileSystem walks a tree with a symbolic link loop, a
// linked folder, a FIFO, hidden and node_modules folders and an unreadable
// folder: it finishes, follows the link once, counts the FIFO as skipped
// without opening it, and names the unreadable folder.
func TestExpandSurvivesTheFileSystem(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "a.yaml"), pod)
	writeFile(t, filepath.Join(root, "sub", "b.yml"), pod)
	writeFile(t, filepath.Join(root, "sub", "notes.txt"), "not a manifest")
	writeFile(t, filepath.Join(root, ".git", "c.yaml"), pod)
	writeFile(t, filepath.Join(root, "node_modules", "d.json"), "{}")
	writeFile(t, filepath.Join(root, "elsewhere", "e.yaml"), pod)
	if err := os.Symlink(root, filepath.Join(root, "sub", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "sub", "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(root, "locked")
	writeFile(t, filepath.Join(locked, "f.yaml"), pod)
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })

	inputs, err := Expand([]string{root}, nil, "")
	var names []string
	for _, in := range inputs {
		names = append(names, strings.TrimPrefix(in.Name, root+"/"))
	}
	want := []string{"a.yaml", "elsewhere/e.yaml", "sub/b.yml", "sub/pipe.yaml"}
	if os.Geteuid() == 0 {
		want = append(want[:2], append([]string{"locked/f.yaml"}, want[2:]...)...) // root reads anything
	} else if err == nil || !strings.Contains(err.Error(), "locked") {
		t.Errorf("error %v does not name the unreadable folder", err)
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	for _, in := range inputs {
		if strings.HasSuffix(in.Name, "pipe.yaml") && in.Skip == "" {
			t.Errorf("the FIFO is not marked to be skipped")
		}
	}
	res, _ := Load(t.Context(), inputs, Options{})
	if res.Summary.SkippedFiles != 1 || res.Summary.Objects != len(want)-1 {
		t.Errorf("files skipped %d, objects %d; want 1 and %d", res.Summary.SkippedFiles, res.Summary.Objects, len(want)-1)
	}
}

func TestSizeLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	writeFile(t, path, pod+strings.Repeat("# padding\n", 100))
	res, err := Load(t.Context(), []Input{{Name: path, Path: path}}, Options{MaxFileSize: 100})
	if err != nil || res.Summary.SkippedFiles != 1 || !strings.Contains(res.Summary.Skips[0].Reason, "larger than 100 bytes") {
		t.Errorf("err %v, summary %+v: want the file skipped for its size", err, res.Summary)
	}
}

// TestLargestFirst checks the pool's schedule: largest inputs first, ties
// and unreadable paths in input order.
func TestLargestFirst(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs := []Input{
		{Name: "a", Data: []byte("12")},
		{Name: "missing", Path: filepath.Join(dir, "missing.yaml")},
		{Name: "big", Path: big},
		{Name: "b", Data: []byte("1234")},
		{Name: "fifo", Skip: "not a regular file"},
		{Name: "c", Data: []byte("34")},
	}
	got := largestFirst(inputs, 2)
	if diff := cmp.Diff([]int{2, 3, 0, 5, 1, 4}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if got := largestFirst(inputs, 1); !slices.Equal(got, []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("one worker: %v, want input order", got)
	}
}

// TestStdinLimit checks that standard input is read no further than the
// size limit, and skipped as too large past it.
func TestStdinLimit(t *testing.T) {
	endless := io.MultiReader(strings.NewReader("a: b\n"), zeros{})
	inputs, err := ExpandLimit([]string{"-"}, endless, "", 1<<20)
	if err != nil || len(inputs) != 1 || inputs[0].Skip == "" || inputs[0].Data != nil {
		t.Fatalf("inputs %+v, err %v; want standard input skipped as too large", inputs, err)
	}
	inputs, err = ExpandLimit([]string{"-"}, strings.NewReader("a: b\n"), "x.yaml", 1<<20)
	if err != nil || len(inputs) != 1 || string(inputs[0].Data) != "a: b\n" || inputs[0].Name != "x.yaml" {
		t.Fatalf("inputs %+v, err %v", inputs, err)
	}
}

// zeros reads as an endless stream, as /dev/zero or `yes` would.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}
