package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeCommands runs the podlint commands of the README's sh blocks
// that work on files of this repository: each must exit 0 or 1 (findings),
// never 2 (a usage error). Commands with pipes or redirections, the
// language server, and commands that name paths not in the repository
// (deploy/) are left out; the test fails if too few remain.
func TestReadmeCommands(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cmds [][]string
	inSh := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```sh"):
			inSh = true
			continue
		case strings.HasPrefix(line, "```"):
			inSh = false
			continue
		}
		if !inSh || !strings.HasPrefix(line, "podlint ") {
			continue
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		if i := strings.Index(line, " > "); i >= 0 {
			line = line[:i] // the output file does not matter here
		}
		if strings.ContainsAny(line, "|<\"'") {
			continue
		}
		args := strings.Fields(line)[1:]
		if len(args) == 0 || args[0] == "lsp" || !pathsExist(root, args) {
			continue
		}
		cmds = append(cmds, args)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cmds) < 8 {
		t.Fatalf("found %d runnable podlint commands in the README; want at least 8", len(cmds))
	}
	t.Chdir(root)
	for _, args := range cmds {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, errOut := podlint(t, "", args...)
			if code != 0 && code != 1 {
				t.Errorf("exit %d: %s", code, errOut)
			}
		})
	}
}

// pathsExist reports whether every argument that looks like a path names
// something in the repository.
func pathsExist(root string, args []string) bool {
	for _, a := range args {
		if strings.HasPrefix(a, "-") || !strings.Contains(a, "/") {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, a)); err != nil {
			return false
		}
	}
	return true
}
