package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// oneLine makes a value safe to print where a line is one record and a
// terminal or a log viewer renders it: a policy message, a file name or a
// manifest's text may hold line breaks that would forge more findings,
// escape sequences that would repaint the terminal, bidirectional
// overrides that would reorder what a reader sees, and bytes an XML
// document may not hold. Each such character is written as its Go escape
// (\n, \x1b, \u202e); a tab, which is harmless, stays; so does everything
// else. The result is valid UTF-8.
func oneLine(s string) string {
	if !needsCleaning(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case unsafeRune(r):
			if r < 0x80 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsCleaning reports whether oneLine would change s; most values are
// plain, and pass without an allocation.
func needsCleaning(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\n' || r == '\r' || unsafeRune(r) {
			return true
		}
		i += n
	}
	return false
}

// unsafeRune reports whether r is a control character other than a tab
// (C0, DEL, C1), a line or paragraph separator, a bidirectional control,
// or a character XML 1.0 excludes.
func unsafeRune(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidirectional embeddings, overrides, isolates and marks
	case r == 0xfffe, r == 0xffff:
		return true
	}
	return false
}
