package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/podlint/podlint/analyzer"
)

// changedLines is what changed in a git work tree since a revision: the
// added or rewritten lines of each file, by absolute path, and the files
// that are new (untracked or added), whose every line counts.
type changedLines struct {
	lines map[string][][2]int // file -> [first, last] line ranges
	whole map[string]bool
}

// changesSince asks git what changed in the work tree (staged or not)
// since rev, as golangci-lint's --new-from-rev does.
func changesSince(rev string) (*changedLines, error) {
	top, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	root := strings.TrimSpace(top)
	if _, err := git("rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("%q is not a revision of this repository", rev)
	}
	c := &changedLines{lines: map[string][][2]int{}, whole: map[string]bool{}}
	diff, err := git("diff", "--no-ext-diff", "--no-color", "--no-renames", "-U0", rev, "--")
	if err != nil {
		return nil, err
	}
	file, header, added := "", false, false
	sc := bufio.NewScanner(strings.NewReader(diff))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "diff --git "):
			// A file's header: only here are ---/+++ lines names, not text.
			file, header, added = "", true, false
		case header && line == "--- /dev/null":
			added = true
		case header && strings.HasPrefix(line, "+++ "):
			if p, ok := strings.CutPrefix(line, "+++ b/"); ok {
				file = filepath.Join(root, filepath.FromSlash(p))
				if added {
					c.whole[file] = true
				}
			}
		case strings.HasPrefix(line, "@@ ") && file != "":
			header = false
			if first, n, ok := addedRange(line); ok && n > 0 {
				c.lines[file] = append(c.lines[file], [2]int{first, first + n - 1})
			}
		}
	}
	untracked, err := git("ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", root)
	if err != nil {
		return nil, err
	}
	for _, p := range strings.Split(untracked, "\x00") {
		if p != "" {
			c.whole[filepath.Join(root, filepath.FromSlash(p))] = true
		}
	}
	return c, sc.Err()
}

// addedRange reads the new side of a hunk header, "@@ -a,b +c,d @@":
// first line c and count d (1 when omitted).
func addedRange(header string) (first, n int, ok bool) {
	fields := strings.Fields(header)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return 0, 0, false
	}
	start, count, hasCount := strings.Cut(fields[2][1:], ",")
	first, err := strconv.Atoi(start)
	if err != nil {
		return 0, 0, false
	}
	n = 1
	if hasCount {
		if n, err = strconv.Atoi(count); err != nil {
			return 0, 0, false
		}
	}
	return first, n, true
}

// keep reports whether a finding is on a line changed since the revision;
// a finding about a whole file or document counts when its file changed.
func (c *changedLines) keep(d analyzer.Diagnostic) bool {
	abs, err := filepath.Abs(d.Pos.File)
	if err != nil {
		return true
	}
	if c.whole[abs] {
		return true
	}
	ranges := c.lines[abs]
	if d.Pos.Line == 0 {
		return len(ranges) > 0
	}
	end := max(d.Pos.EndLine, d.Pos.Line)
	for _, r := range ranges {
		if d.Pos.Line <= r[1] && end >= r[0] {
			return true
		}
	}
	return false
}

// filter returns the findings on changed lines.
func (c *changedLines) filter(diags []analyzer.Diagnostic) []analyzer.Diagnostic {
	var out []analyzer.Diagnostic
	for _, d := range diags {
		if c.keep(d) {
			out = append(out, d)
		}
	}
	return out
}

func git(args ...string) (string, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("git", args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}
