package load

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, every
// finding must have a position, and every document must know where its
// text lies in the input.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		pod,
		"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n",
		"a: &a [*a]\n",
		"apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: a}}\n- 3\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: 99999999999999999999999, y: 0x1F, z: .inf}\n",
		"---\n---\n...\n",
		"{\"apiVersion\": \"v1\", \"kind\": \"Pod\"",
		"apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: '!!!'}\n",
		"<<: {a: 1}\napiVersion: v1\nkind: ConfigMap\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n",
	} {
		f.Add([]byte(seed))
	}
	for _, name := range []string{"../../testdata/schema/wrong-types.yaml", "../../testdata/parse-error/broken-indent.yaml"} {
		if data, err := os.ReadFile(filepath.FromSlash(name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := Bytes("fuzz.yaml", data, Options{})
		for _, d := range r.Diagnostics {
			if d.Pos.Line < 1 || d.Pos.Column < 1 {
				t.Errorf("finding without a position: %+v", d)
			}
		}
		if err := r.Summary.Check(); err != nil {
			t.Error(err)
		}
		if r.Summary.Objects != len(r.Objects) {
			t.Errorf("summary counts %d objects, result has %d", r.Summary.Objects, len(r.Objects))
		}
		for _, o := range r.Objects {
			d := o.Doc
			if d.Encoding == "" && (d.Offset < 0 || d.Offset+len(d.Source) > len(data) || string(data[d.Offset:d.Offset+len(d.Source)]) != string(d.Source)) {
				t.Errorf("%s: document text is not the input's at offset %d", o, d.Offset)
			}
		}
	})
}
