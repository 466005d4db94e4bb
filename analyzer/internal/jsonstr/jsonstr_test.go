package jsonstr

import (
	"encoding/json"
	"testing"
)

// FuzzAppend checks Append against json.Marshal on any string.
func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b\\c\n<&>", "\u2028\xff", "\x00\x7f\b\f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := Append(nil, s); string(got) != string(want) {
			t.Errorf("Append(%q) = %s, want %s", s, got, want)
		}
	})
}
