package extserver

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/podlint/podlint/analyzer/ext"
)

const widgetCRD = `{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
"spec":{"group":"example.com","names":{"kind":"Widget","plural":"widgets","singular":"widget","listKind":"WidgetList"},"scope":"Namespaced",
"versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object",
"x-kubernetes-validations":[{"rule":"self.min <= self.max","message":"min must not exceed max"}],
"properties":{"size":{"type":"string","enum":["small","large"]},"min":{"type":"integer"},"max":{"type":"integer"}}}}}}},
{"name":"v2","served":false,"storage":false,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}`

// TestJudgedThenCompiled checks that a CRD judged without its schemas,
// then compiled with them, answers as one compiled with them from the
// start, in either order, and that only a compile with schemas says which
// versions have one and validates against them.
func TestJudgedThenCompiled(t *testing.T) {
	obj := json.RawMessage(`{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":"medium","min":5,"max":2,"extra":1}}`)
	answer := func(order ...bool) (verdict, full *ext.CRDResult, valid *ext.ValidateResult) {
		c := &crds{}
		for _, schemas := range order {
			res := c.compile(&ext.CRDRequest{JSON: json.RawMessage(widgetCRD), Schemas: schemas})
			if schemas {
				full = res
			} else {
				verdict = res
			}
		}
		v, err := c.validate(&ext.ValidateRequest{ID: full.ID, Version: "v1", Object: obj})
		if err != nil {
			t.Fatal(err)
		}
		return verdict, full, v
	}
	_, alone, valid := answer(true)
	if !alone.Versions["v1"].Schema || valid == nil || len(valid.Errs) == 0 || len(valid.Unknown) != 1 {
		t.Fatalf("compiled alone: %+v; validation %+v", alone, valid)
	}
	for _, order := range [][]bool{{false, true}, {true, false}} {
		verdict, full, v := answer(order...)
		if diff := cmp.Diff(alone, full); diff != "" {
			t.Errorf("order %v: the compile with schemas (-alone +here):\n%s", order, diff)
		}
		if diff := cmp.Diff(valid, v); diff != "" {
			t.Errorf("order %v: the validation (-alone +here):\n%s", order, diff)
		}
		if verdict.Versions["v1"].Schema || verdict.ID == full.ID {
			t.Errorf("order %v: a verdict says a version has a schema (%v) or shares its ID (%s)", order, verdict.Versions["v1"].Schema, verdict.ID)
		}
		if diff := cmp.Diff(alone.Errs, verdict.Errs); diff != "" {
			t.Errorf("order %v: the verdict (-with schemas +without):\n%s", order, diff)
		}
	}
	c := &crds{}
	verdict := c.compile(&ext.CRDRequest{JSON: json.RawMessage(widgetCRD)})
	if v, err := c.validate(&ext.ValidateRequest{ID: verdict.ID, Version: "v1", Object: obj}); err != nil || len(v.Errs)+len(v.Unknown) != 0 {
		t.Errorf("validated against a CRD judged without its schemas: %+v, %v", v, err)
	}
}
