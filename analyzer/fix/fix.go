// Package fix applies the fixes that travel with findings (see
// analyzer.Fix) to the bytes of files, and shows them as unified diffs.
//
// The engine places every edit while the document's tree and text are
// alive: an edit is a byte range of its file and the text that replaces
// it. Applying needs nothing but the files' bytes, so it touches nothing
// else: comments, order and indentation of the rest stay as they are.
//
// Fixes are taken in order. A fix whose edits overlap an edit already
// taken is skipped whole, never half applied, as x/tools' drivers skip a
// conflicting SuggestedFix; running again after the first fixes are
// written applies it, placed anew. Identical edits (two findings asking for
// the same change) count once.
package fix

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/podlint/podlint/analyzer"
)

// A File is one file the applied fixes change.
type File struct {
	Name     string
	Old, New []byte
	Edits    []analyzer.Edit // the edits applied, by offset
}

// A Skipped is a fix that was not applied, with the reason.
type Skipped struct {
	Index  int // in the fixes given to Apply
	Fix    analyzer.Fix
	Reason string
}

// A Result is what Apply did.
type Result struct {
	Files   []File // the files that change, by name
	Applied []analyzer.Fix
	Skipped []Skipped
}

// Apply applies fixes, in order, to the files their edits name (Pos.File),
// whose current bytes read returns. A fix is skipped when one of its edits
// is not placed, lies outside its file, or overlaps an edit taken before;
// an error from read skips the fixes of that file, with the error as the
// reason. Files whose bytes would not change are not in the result.
func Apply(fixes []analyzer.Fix, read func(file string) ([]byte, error)) *Result {
	res := &Result{}
	contents := map[string][]byte{}
	readErr := map[string]error{}
	taken := map[string][]analyzer.Edit{}
	for i, f := range fixes {
		if reason := admit(f, contents, readErr, taken, read); reason != "" {
			res.Skipped = append(res.Skipped, Skipped{Index: i, Fix: f, Reason: reason})
			continue
		}
		for _, e := range f.Edits {
			if !slices.ContainsFunc(taken[e.Pos.File], func(t analyzer.Edit) bool { return same(t, e) }) {
				taken[e.Pos.File] = append(taken[e.Pos.File], e)
			}
		}
		res.Applied = append(res.Applied, f)
	}
	for _, name := range slices.Sorted(maps.Keys(taken)) {
		old := contents[name]
		edits := sortEdits(taken[name])
		out, err := Edits(old, edits)
		if err != nil {
			continue // admit checked every edit; kept for safety
		}
		if string(out) != string(old) {
			res.Files = append(res.Files, File{Name: name, Old: old, New: out, Edits: edits})
		}
	}
	return res
}

// admit reports why fix f cannot join the edits taken so far, or "".
func admit(f analyzer.Fix, contents map[string][]byte, readErr map[string]error, taken map[string][]analyzer.Edit,
	read func(string) ([]byte, error)) string {
	if len(f.Edits) == 0 {
		return "the fix has no edits"
	}
	for i, e := range f.Edits {
		if !e.Placed() {
			return "an edit was not placed"
		}
		name := e.Pos.File
		if _, ok := contents[name]; !ok && readErr[name] == nil {
			data, err := read(name)
			if err != nil {
				readErr[name] = err
			} else {
				contents[name] = data
			}
		}
		if err := readErr[name]; err != nil {
			return err.Error()
		}
		if e.Start < 0 || e.End < e.Start || e.End > len(contents[name]) {
			return fmt.Sprintf("an edit at %s lies outside the file", e.Pos)
		}
		for _, t := range taken[name] {
			if overlap(t, e) {
				return fmt.Sprintf("its edit at %s overlaps another fix", e.Pos)
			}
		}
		for _, o := range f.Edits[:i] {
			if o.Pos.File == name && overlap(o, e) {
				return fmt.Sprintf("its edits at %s overlap each other", e.Pos)
			}
		}
	}
	return ""
}

// same reports whether two edits make the same change.
func same(a, b analyzer.Edit) bool {
	return a.Pos.File == b.Pos.File && a.Start == b.Start && a.End == b.End && a.NewText == b.NewText
}

// overlap reports whether two different edits of one file conflict: they
// share a byte, or both insert at one place (which text comes first would
// be a guess), or one inserts inside the other's range.
func overlap(a, b analyzer.Edit) bool {
	if same(a, b) {
		return false
	}
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	if a.Start == a.End {
		return b.Start < a.Start && a.Start < b.End
	}
	if b.Start == b.End {
		return a.Start < b.Start && b.Start < a.End
	}
	return a.Start < b.End && b.Start < a.End
}

func sortEdits(edits []analyzer.Edit) []analyzer.Edit {
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b analyzer.Edit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	return edits
}

// Edits applies edits of one file to its bytes src and returns the new
// bytes. The edits must not overlap (see Apply, which ensures it); an error
// says which do, or which lies outside src, and src is then not changed.
func Edits(src []byte, edits []analyzer.Edit) ([]byte, error) {
	edits = sortEdits(edits)
	size := len(src)
	for i, e := range edits {
		if e.Start < 0 || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit %d:%d outside the %d bytes of the file", e.Start, e.End, len(src))
		}
		if i > 0 && !same(e, edits[i-1]) && (e.Start < edits[i-1].End || overlap(e, edits[i-1])) {
			return nil, fmt.Errorf("edits %d:%d and %d:%d overlap", edits[i-1].Start, edits[i-1].End, e.Start, e.End)
		}
		size += len(e.NewText) - (e.End - e.Start)
	}
	out := make([]byte, 0, size)
	last := 0
	for i, e := range edits {
		if i > 0 && same(e, edits[i-1]) {
			continue
		}
		out = append(out, src[last:e.Start]...)
		out = append(out, e.NewText...)
		last = e.End
	}
	return append(out, src[last:]...), nil
}
