package ext

import (
	"encoding/json"
	"testing"
)

// TestRawParamsAsEncodingJSON checks that the params and request lines
// podlint writes by hand are the bytes encoding/json writes.
func TestRawParamsAsEncodingJSON(t *testing.T) {
	obj := json.RawMessage(`{"apiVersion":"v1","kind":"Widget","metadata":{"name":"a\u003cb"}}`)
	for _, params := range []any{
		CRDRequest{JSON: obj},
		CRDRequest{JSON: obj, Schemas: true},
		CRDRequest{},
		ValidateRequest{ID: `crd:"x"`, Version: "v1", Object: obj},
		ValidateRequest{ID: "schema:1", Object: obj},
	} {
		want, err := json.Marshal(params)
		if err != nil {
			t.Fatal(err)
		}
		got, err := marshalParams(params)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%T params:\n got %s\nwant %s", params, got, want)
		}
		line, _ := json.Marshal(request{ID: 7, Method: MethodValidate, Params: got})
		if hand := appendRequest(nil, 7, MethodValidate, got); string(hand) != string(line) {
			t.Errorf("request line:\n got %s\nwant %s", hand, line)
		}
	}
}
