package fix

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/podlint/podlint/analyzer"
)

// context is how many unchanged lines a hunk shows around a change, as
// diff -u does.
const context = 3

// Diff returns the change to f as a unified diff, or "" when there is
// none. Both sides are named by the file's name, as ruff --diff and
// gofmt -d name them, so patch -p0 applies it.
func (f File) Diff() string { return Unified(f.Name, f.Old, f.Edits) }

// A region is a run of old lines [a, b) and the lines that replace it.
type region struct {
	a, b  int
	lines []string
}

// Unified returns, as a unified diff, the change that edits make to src,
// the bytes of the file named name. The edits must not overlap (see
// Apply). Since the edits say what changes, the diff is exact: no line
// matching is guessed.
func Unified(name string, src []byte, edits []analyzer.Edit) string {
	edits = sortEdits(edits)
	lines := splitLines(src)
	starts := make([]int, len(lines)+1)
	for i, l := range lines {
		starts[i+1] = starts[i] + len(l)
	}
	lineOf := func(off int) int {
		if off == len(src) && off > 0 && src[off-1] != '\n' {
			return len(lines) - 1 // the end of a last line without a line break
		}
		i := 0
		for i+1 < len(starts) && starts[i+1] <= off {
			i++
		}
		return i
	}

	// The lines each edit touches, merged where they share or touch lines.
	var spans [][2]int
	var groups [][]analyzer.Edit
	for _, e := range edits {
		a := lineOf(e.Start)
		b := min(lineOf(e.End)+1, len(lines))
		if insertion, atLineStart := e.Start == e.End, e.Start == starts[a]; insertion && atLineStart && strings.HasSuffix(e.NewText, "\n") {
			b = a // whole lines inserted before line a
		}
		if n := len(spans); n > 0 && a <= spans[n-1][1] {
			spans[n-1][1] = max(spans[n-1][1], b)
			groups[n-1] = append(groups[n-1], e)
			continue
		}
		spans = append(spans, [2]int{a, b})
		groups = append(groups, []analyzer.Edit{e})
	}
	var regions []region
	for i, s := range spans {
		a, b := s[0], s[1]
		base := starts[a]
		shifted := make([]analyzer.Edit, len(groups[i]))
		for k, e := range groups[i] {
			e.Start, e.End = e.Start-base, e.End-base
			shifted[k] = e
		}
		out, err := Edits(src[base:starts[b]], shifted)
		if err != nil {
			return fmt.Sprintf("podlint: cannot show the fixes of %s: %v\n", name, err)
		}
		r := region{a: a, b: b, lines: splitLines(out)}
		// Lines the edits left as they were need not show as changed.
		for r.a < r.b && len(r.lines) > 0 && r.lines[0] == lines[r.a] {
			r.a, r.lines = r.a+1, r.lines[1:]
		}
		for r.a < r.b && len(r.lines) > 0 && r.lines[len(r.lines)-1] == lines[r.b-1] {
			r.b, r.lines = r.b-1, r.lines[:len(r.lines)-1]
		}
		if r.a < r.b || len(r.lines) > 0 {
			regions = append(regions, r)
		}
	}
	if len(regions) == 0 {
		return ""
	}

	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n+++ %s\n", name, name)
	delta := 0 // new line index minus old line index, before the hunk
	for i := 0; i < len(regions); {
		j := i + 1
		for j < len(regions) && regions[j].a-regions[j-1].b <= 2*context {
			j++
		}
		from := max(regions[i].a-context, 0)
		to := min(regions[j-1].b+context, len(lines))
		added := 0
		for _, r := range regions[i:j] {
			added += len(r.lines) - (r.b - r.a)
		}
		fmt.Fprintf(&b, "@@ -%s +%s @@\n", hunkRange(from, to-from), hunkRange(from+delta, to-from+added))
		at := from
		for _, r := range regions[i:j] {
			for ; at < r.a; at++ {
				writeLine(&b, ' ', lines[at])
			}
			for ; at < r.b; at++ {
				writeLine(&b, '-', lines[at])
			}
			for _, l := range r.lines {
				writeLine(&b, '+', l)
			}
		}
		for ; at < to; at++ {
			writeLine(&b, ' ', lines[at])
		}
		delta += added
		i = j
	}
	return b.String()
}

// hunkRange writes the start and length of one side of a hunk as diff -u
// does: the length is left out when it is 1, and an empty side starts at
// the line before it.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func writeLine(b *strings.Builder, mark byte, line string) {
	b.WriteByte(mark)
	b.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		b.WriteString("\n\\ No newline at end of file\n")
	}
}

// splitLines splits text after each line break, keeping them; a last line
// without one is a line too.
func splitLines(text []byte) []string {
	var out []string
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			out = append(out, string(text))
			break
		}
		out = append(out, string(text[:i+1]))
		text = text[i+1:]
	}
	return out
}
