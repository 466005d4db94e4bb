package load

import (
	"context"
	"testing"
)

// TestCorpusSummaryAddsUp checks the summary's invariant on every real
// manifest of the corpus: documents = loaded + skipped + failed, every
// skip listed, and objects (List items included) counted apart.
func TestCorpusSummaryAddsUp(t *testing.T) {
	res, err := Load(context.Background(), corpusInputs(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if s.Objects != len(res.Objects) || s.Loaded == 0 {
		t.Errorf("summary %+v does not match %d objects", s, len(res.Objects))
	}
	t.Logf("%d documents = %d loaded + %d skipped + %d failed; %d objects", s.Documents, s.Loaded, s.Skipped, s.Failed, s.Objects)
}

// TestSummaryOfOddFiles checks the invariant where it used to break: a
// List of many objects, an empty List, and a file skipped whole.
func TestSummaryOfOddFiles(t *testing.T) {
	for name, data := range map[string]string{
		"list":       "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n",
		"empty list": "apiVersion: v1\nkind: List\nitems: []\n---\n",
		"binary":     "\x00\x01\x02\x03\x00\x00\x00\x00\x00",
		"mixed":      "a: b\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n: [\n",
	} {
		s := Bytes(name+".yaml", []byte(data), Options{}).Summary
		if err := s.Check(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
