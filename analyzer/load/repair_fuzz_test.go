package load

import (
	"os"
	"path/filepath"
	"testing"

	"k8s.io/apimachinery/pkg/api/equality"
	kjson "sigs.k8s.io/json"
)

// FuzzRepair feeds objects with wrong values to the loader and checks the
// repair of what fails strict decoding: an object is Rejected (its typed
// value incomplete) only with a schema or ambiguous-scalar finding to say
// why, an object with no such finding is exactly the strict decoding of
// its JSON, and one whose findings were all repaired decodes whole.
func FuzzRepair(f *testing.F) {
	for _, seed := range []string{
		repairHead + "      containers:\n        - {name: web, image: nginx, env: [{name: A, value: yes}], ports: [{containerPort: \"80\"}, 81]}\n",
		repairHead + "      containers:\n        - {name: web, image: nginx, resources: {limits: {cpu: 500x, memory: on}}, unknown: 1}\n",
		repairHead + "      nodeSelector: {yes: on, 0755: [a]}\n      containers: {name: web}\n",
		repairHead + "      containers:\n        - name: web\n          image: [a]\n          image: nginx\n          livenessProbe: {httpGet: {port: true}, periodSeconds: 1.5}\n",
		repairHead + "      containers:\n        - <<: {name: web, image: nginx, resources: {limits: {cpu: 500x}}}\n",
		"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {x: 1}}\ndata: {a: on, b: 0644, c: {d: e}}\nbinaryData: {x: '!!'}\n",
		"apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: PORT, targetPort: yes}], selector: {app: 1.0}}\n",
	} {
		f.Add([]byte(seed))
	}
	for _, name := range []string{"../../testdata/schema/wrong-types.yaml", "../../testdata/ambiguous-scalar/env-and-data.yaml", "../../testdata/ambiguous-scalar/anchors.yaml"} {
		if data, err := os.ReadFile(filepath.FromSlash(name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := Bytes("fuzz.yaml", data, Options{})
		reported := map[any]bool{}
		for _, d := range r.Diagnostics {
			if d.Object != nil && (d.Rule == Schema.ID || d.Rule == AmbiguousScalar.ID) {
				reported[d.Object] = true
			}
		}
		for _, o := range r.Objects {
			if o.Rejected && !reported[o] {
				t.Errorf("%s is Rejected without a schema or ambiguous-scalar finding", o)
			}
			if o.Typed == nil {
				continue
			}
			fresh, _ := newTyped(o.GVK)
			strictErrs, err := kjson.UnmarshalStrict(o.JSON, fresh)
			switch {
			case err == nil && len(strictErrs) == 0 && !equality.Semantic.DeepEqual(fresh, o.Typed):
				t.Errorf("%s decodes strictly, but its typed value is not that decoding", o)
			case (err != nil || len(strictErrs) > 0) && !reported[o]:
				t.Errorf("%s fails strict decoding (%v %v) without a finding", o, err, strictErrs)
			}
		}
	})
}
