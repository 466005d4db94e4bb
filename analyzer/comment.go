package analyzer

import "strings"

// CommentOf returns the trailing comment of a YAML line, starting at its
// '#', or "" when the line has none outside quotes. The fixture harness and
// the suppression comments (# podlint:ignore) read comments from the raw
// text with it, so both agree on what a comment is: a '#' inside a quoted
// scalar, or glued to the text before it (a URL fragment), is not one.
func CommentOf(line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				if quote == '\'' && i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				quote = 0
			}
		case c == '"' || c == '\'':
			if i == 0 || strings.ContainsRune(" \t:[{,-", rune(line[i-1])) {
				quote = c
			}
		case c == '#':
			if i == 0 || line[i-1] == ' ' || line[i-1] == '\t' {
				return line[i:]
			}
		}
	}
	return ""
}
