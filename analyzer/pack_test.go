package analyzer_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/equality"

	"github.com/podlint/podlint/analyzer/load"
)

const packable = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            limits: {cpu: 500m, memory: 0.5Gi}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: eighty
      targetPort: 8080
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
`

// TestPackUnpack checks that Unpack gives back the value the loader
// decoded, for a rejected object too, and that Pack leaves alone objects it
// cannot pack.
func TestPackUnpack(t *testing.T) {
	res := load.Bytes("app.yaml", []byte(packable), load.Options{})
	if len(res.Objects) != 3 {
		t.Fatalf("%d objects, want 3", len(res.Objects))
	}
	for _, o := range res.Objects[:2] {
		want := o.Typed
		o.Pack()
		if o.Typed != nil || o.Meta != nil || !o.Packed() || !o.BuiltinKind() {
			t.Fatalf("%s: after Pack, Typed %v, Meta %v, Packed %v", o, o.Typed, o.Meta, o.Packed())
		}
		o.Pack() // again: nothing changes
		for range 2 {
			if !o.Unpack() {
				t.Fatalf("%s: Unpack found nothing packed", o)
			}
			if !equality.Semantic.DeepEqual(want, o.Typed) {
				t.Errorf("%s: unpacked value differs (-want +got):\n%s", o, cmp.Diff(want, o.Typed))
			}
			if o.Meta == nil || o.Meta.GetName() != o.Name {
				t.Errorf("%s: Unpack did not restore Meta", o)
			}
			o.Pack() // drops the value; the packed form stays
		}
	}
	if !res.Objects[1].Rejected {
		t.Error("the Service with a port name for a number should be rejected")
	}

	custom := res.Objects[2] // no typed value: nothing to pack
	custom.Pack()
	if custom.Packed() || custom.Meta == nil || custom.Unpack() {
		t.Errorf("custom resource: Packed %v, Meta %v", custom.Packed(), custom.Meta)
	}
}
