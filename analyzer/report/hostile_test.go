package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/podlint/podlint/analyzer"
)

// forged is what a hostile policy message tries: a second finding on its
// own line, a CRLF, terminal escapes, a right-to-left override, a NUL, a
// C1 control, a line separator and a byte that is not UTF-8.
const forged = "looks fine\n/etc/passwd:1:1: error: forged (x)\r\n\x1b[2J\x1b[31mred\x1b[0m \u202eevil\u202c \x00 \u0085 \u2028 \xff end"

// hostile returns the sample report with the hostile text in every
// message, in a file name and in a source line.
func hostile() *Report {
	r := sample()
	for i := range r.Diagnostics {
		d := &r.Diagnostics[i]
		d.Message = forged
		d.SourceLine = "  name: " + forged
		for j := range d.Related {
			d.Related[j].Message = forged
		}
	}
	r.Diagnostics[0].Pos.File = "bad\nname\x1b[0m.yaml"
	r.Summary.Skips = []Skip{{File: "logo\n::error file=x::forged.yaml", Reason: "binary\x1b[2J file"}}
	return r
}

// checkClean fails if text holds a control character other than a tab
// and the line breaks that the format itself writes, or invalid UTF-8.
func checkClean(t *testing.T, what, text string) {
	t.Helper()
	if !utf8.ValidString(text) {
		t.Errorf("%s: invalid UTF-8", what)
	}
	for _, r := range text {
		if r != '\n' && r != '\t' && unsafeRune(r) {
			t.Errorf("%s: holds %U: %q", what, r, text)
			return
		}
	}
}

// TestHostileText checks that each finding stays one line of text output,
// whatever its message holds, and that nothing reaches the terminal raw.
func TestHostileText(t *testing.T) {
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		if err := WriteText(&buf, hostile(), Options{Color: color, Quiet: true}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if color {
			out = strings.NewReplacer(ansiReset, "", ansiBold, "", ansiRed, "", ansiYellow, "", ansiBlue, "", ansiGreen, "", ansiDim, "").Replace(out)
		}
		checkClean(t, "text", out)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		want := 5 + 1 // four findings, one related note, one skipped file
		if color {
			want += 2 * 4 // each finding's excerpt and caret
		}
		if len(lines) != want {
			t.Errorf("color %v: %d lines, want %d:\n%s", color, len(lines), want, out)
		}
		for _, l := range lines {
			if strings.HasPrefix(l, "/etc/passwd") {
				t.Errorf("a message forged a finding: %q", l)
			}
		}
	}
}

// TestHostileGitHub decodes the workflow commands as the runner does and
// checks that each finding is one command whose message holds no control
// characters but the line breaks of its notes.
func TestHostileGitHub(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, hostile()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d commands, want 5 (four findings, one skipped file):\n%s", len(lines), buf.String())
	}
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	for _, l := range lines {
		head, data, ok := strings.Cut(strings.TrimPrefix(l, "::"), "::")
		if !ok || !strings.HasPrefix(l, "::") {
			t.Fatalf("not a workflow command: %q", l)
		}
		_, props, _ := strings.Cut(head, " ")
		for _, p := range strings.Split(props, ",") {
			k, v, ok := strings.Cut(p, "=")
			if !ok {
				t.Errorf("property %q has no value", p)
			}
			checkClean(t, "property "+k, unescape.Replace(v))
		}
		msg := unescape.Replace(data)
		checkClean(t, "message", msg)
		if !strings.HasPrefix(msg, "looks fine") && !strings.HasPrefix(msg, "not linted") {
			t.Errorf("message lost its start: %q", msg)
		}
	}
}

// TestHostileJUnit parses the JUnit report with an XML parser: a control
// character would make it invalid.
func TestHostileJUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, hostile()); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(&buf)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("JUnit report is not valid XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.CharData:
			checkClean(t, "character data", string(tok))
		case xml.StartElement:
			for _, a := range tok.Attr {
				checkClean(t, "attribute "+a.Name.Local, a.Value)
			}
		}
	}
}

// TestHostileMachineFormats checks that JSON and SARIF, whose encoders
// escape every string, keep the message as it was and stay valid.
func TestHostileMachineFormats(t *testing.T) {
	var js bytes.Buffer
	if err := WriteJSON(&js, hostile(), Options{}); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(js.Bytes()) {
		t.Fatal("JSON report is not valid JSON")
	}
	var sf bytes.Buffer
	if err := WriteSARIF(&sf, hostile()); err != nil {
		t.Fatal(err)
	}
	rep, err := sarif.FromBytes(sf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Validate(); err != nil {
		t.Errorf("SARIF report does not validate: %v", err)
	}
}

// TestCaretUnderWideCharacters checks that the excerpt's caret sits under
// the finding when wide characters (Hangul, an emoji) come before it.
func TestCaretUnderWideCharacters(t *testing.T) {
	line := "  이름: 🚀 web"
	col := strings.Index(line, "web") + 1 // a byte column
	var buf bytes.Buffer
	writeExcerpt(&buf, line, analyzer.Position{Line: 1, Column: col}, func(_, s string) string { return s })
	got := strings.Split(buf.String(), "\n")
	// 2 spaces, two Hangul (2 cells each), ": ", the rocket (2 cells), one space.
	if want := "  " + strings.Repeat(" ", 2+4+2+2+1) + "^"; got[1] != want {
		t.Errorf("caret line %q, want %q", got[1], want)
	}
}
