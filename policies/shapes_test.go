package policies_test

import (
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
)

// TestConftestRuleShapes checks every shape of deny, violation and warn
// rule conftest reads (policy/engine.go: the rule's value, a set or an
// array, whose elements are messages or objects with msg), each giving the
// findings conftest gives; and the shapes conftest passes silently though
// they can only mean a finding (a complete rule holding a string, an
// object, or true), which podlint reports.
func TestConftestRuleShapes(t *testing.T) {
	for _, tc := range []struct {
		name, rules string
		want        []string // findings on Pod a, line 1
	}{
		{"partial set of strings", `deny contains msg if { msg := "s1" }
deny contains "s2" if true`, []string{"main-deny s1", "main-deny s2"}},
		{"partial set of objects", `violation contains {"msg": "o1", "details": {}} if true`, []string{"main-violation o1"}},
		{"complete array of objects", `violation := [{"msg": msg, "details": {}}] if { msg := "a1" }`, []string{"main-violation a1"}},
		{"complete array of strings", `deny := ["x", "y"] if true`, []string{"main-deny x", "main-deny y"}},
		{"complete empty array", `deny := [] if true`, nil},
		{"complete string", `warn := "string"`, []string{"main-warn string"}},
		{"complete object", `deny_thing := {"msg": "obj"} if true`, []string{"main-deny-thing obj"}},
		{"complete true", `deny_bool if input.kind == "Pod"`, []string{"main-deny-bool data.main.deny_bool is true"}},
		{"complete false", `deny_bool := false`, nil},
		{"suffixes", `warn_a contains "wa" if true
violation_b := [{"msg": "vb"}]`, []string{"main-violation-b vb", "main-warn-a wa"}},
		{"object without msg", `deny contains {"message": "m"} if true`,
			[]string{`policy-error policy main-deny (data.main.deny, evil.rego:3) could not finish on Pod default/a: yielded {"message":"m"}, an object without a string msg; its findings on this object are missing`}},
		{"a number", `deny := 3`,
			[]string{`policy-error policy main-deny (data.main.deny, evil.rego:3) could not finish on Pod default/a: is 3, neither a message, an object with msg, nor a set or array of them; its findings on this object are missing`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writePolicies(t, map[string]string{"evil.rego": "package main\n\n" + tc.rules + "\n"})
			var got []string
			for _, f := range lintWith(t, dir, time.Minute) {
				if strings.HasPrefix(f, "1 ") {
					got = append(got, strings.ReplaceAll(strings.TrimPrefix(f, "1 "), dir+"/", ""))
				}
			}
			if diff := gocmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
