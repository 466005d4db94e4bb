package load

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/internal/jsonstr"
)

// scalarKind is what a scalar becomes under YAML 1.1, the rules kubectl
// applies when it turns YAML into JSON (sigs.k8s.io/yaml over yaml.v2).
type scalarKind int

const (
	scalarString scalarKind = iota
	scalarBool
	scalarInt
	scalarFloat
	scalarNull
)

func (k scalarKind) String() string {
	return [...]string{"string", "boolean", "integer", "number", "null"}[k]
}

// A scalar is a resolved YAML 1.1 scalar.
type scalar struct {
	kind scalarKind
	b    bool
	i    int64
	u    uint64 // set with isUint for integers above the int64 range
	f    float64
	s    string

	isUint bool
}

var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"true": true, "True": true, "TRUE": true,
	"on": true, "On": true, "ON": true,
	"n": false, "N": false, "no": false, "No": false, "NO": false,
	"false": false, "False": false, "FALSE": false,
	"off": false, "Off": false, "OFF": false,
}

var yaml11Specials = map[string]float64{
	".nan": math.NaN(), ".NaN": math.NaN(), ".NAN": math.NaN(),
	".inf": math.Inf(1), ".Inf": math.Inf(1), ".INF": math.Inf(1),
	"+.inf": math.Inf(1), "+.Inf": math.Inf(1), "+.INF": math.Inf(1),
	"-.inf": math.Inf(-1), "-.Inf": math.Inf(-1), "-.INF": math.Inf(-1),
}

var yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// isPlain reports whether the node is an untagged, unquoted scalar: the only
// kind YAML 1.1 resolves to something other than a string.
func isPlain(n *yaml.Node) bool {
	return n.Style&(yaml.TaggedStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
}

// resolveScalar resolves a scalar node as yaml.v2 does for an untyped target.
// It reports false for an explicit tag the value does not fit (!!int abc).
func resolveScalar(n *yaml.Node) (scalar, bool) {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 && n.Style&yaml.TaggedStyle == 0 {
		return scalar{kind: scalarString, s: n.Value}, true
	}
	tag := ""
	if n.Style&yaml.TaggedStyle != 0 {
		tag = n.Tag
		switch tag {
		case "!!str", "!!binary":
			return scalar{kind: scalarString, s: n.Value}, true
		case "!!bool", "!!int", "!!float", "!!null", "!!timestamp":
		default:
			// A tag yaml.v2 does not resolve leaves the text as it is.
			return scalar{kind: scalarString, s: n.Value}, true
		}
	}
	s := resolvePlain(n.Value)
	switch tag {
	case "", "!!timestamp":
		return s, tag == "" || s.kind == scalarString
	case "!!bool":
		return s, s.kind == scalarBool
	case "!!int":
		return s, s.kind == scalarInt
	case "!!float":
		if s.kind == scalarInt {
			f := float64(s.i)
			if s.isUint {
				f = float64(s.u)
			}
			return scalar{kind: scalarFloat, f: f}, true
		}
		return s, s.kind == scalarFloat
	case "!!null":
		return s, s.kind == scalarNull
	}
	return s, true
}

// resolvePlain mirrors yaml.v2's resolve for plain scalars.
func resolvePlain(in string) scalar {
	str := scalar{kind: scalarString, s: in}
	if in == "" || in == "~" || in == "null" || in == "Null" || in == "NULL" {
		return scalar{kind: scalarNull}
	}
	if b, ok := yaml11Bools[in]; ok {
		return scalar{kind: scalarBool, b: b}
	}
	if f, ok := yaml11Specials[in]; ok {
		return scalar{kind: scalarFloat, f: f}
	}
	switch c := in[0]; {
	case c == '.':
		if f, err := strconv.ParseFloat(in, 64); err == nil {
			return scalar{kind: scalarFloat, f: f}
		}
	case c == '+' || c == '-' || (c >= '0' && c <= '9'):
		if isTimestamp(in) {
			return str
		}
		plain := strings.ReplaceAll(in, "_", "")
		if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return scalar{kind: scalarInt, i: i}
		}
		if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return scalar{kind: scalarInt, u: u, isUint: true}
		}
		if yamlStyleFloat.MatchString(plain) {
			if f, err := strconv.ParseFloat(plain, 64); err == nil {
				return scalar{kind: scalarFloat, f: f}
			}
		}
		if rest, ok := strings.CutPrefix(plain, "0b"); ok {
			if i, err := strconv.ParseInt(rest, 2, 64); err == nil {
				return scalar{kind: scalarInt, i: i}
			}
			if u, err := strconv.ParseUint(rest, 2, 64); err == nil {
				return scalar{kind: scalarInt, u: u, isUint: true}
			}
		} else if rest, ok := strings.CutPrefix(plain, "-0b"); ok {
			if i, err := strconv.ParseInt("-"+rest, 2, 64); err == nil {
				return scalar{kind: scalarInt, i: i}
			}
		}
	}
	return str
}

var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// isTimestamp reports whether yaml.v2 would read s as a timestamp, which it
// then hands on as the original string.
func isTimestamp(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, f := range timestampFormats {
		if _, err := time.Parse(f, s); err == nil {
			return true
		}
	}
	return false
}

// appendJSON writes the scalar as JSON the way encoding/json writes the
// value yaml.v2 produced. It reports false for NaN and infinities, which
// JSON cannot carry.
func (s scalar) appendJSON(b []byte) ([]byte, bool) {
	switch s.kind {
	case scalarNull:
		return append(b, "null"...), true
	case scalarBool:
		return strconv.AppendBool(b, s.b), true
	case scalarInt:
		if s.isUint {
			return strconv.AppendUint(b, s.u, 10), true
		}
		return strconv.AppendInt(b, s.i, 10), true
	case scalarFloat:
		return appendJSONFloat(b, s.f)
	}
	return jsonstr.Append(b, s.s), true
}

// keyString is the JSON object key sigs.k8s.io/yaml makes of a scalar key.
func (s scalar) keyString() (string, bool) {
	switch s.kind {
	case scalarString:
		return s.s, true
	case scalarBool:
		return strconv.FormatBool(s.b), true
	case scalarInt:
		if s.isUint {
			// sigs.k8s.io/yaml rejects uint64 keys.
			return "", false
		}
		return strconv.FormatInt(s.i, 10), true
	case scalarFloat:
		f := strconv.FormatFloat(s.f, 'g', -1, 32)
		switch f {
		case "+Inf":
			f = ".inf"
		case "-Inf":
			f = "-.inf"
		case "NaN":
			f = ".nan"
		}
		return f, true
	}
	return "", false
}

// appendJSONFloat formats like encoding/json.
func appendJSONFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

// quoteFix returns the fix for an ambiguous scalar at path p of its
// object: quote it, keeping the text the user wrote, which is the string
// the field wants (yes stays "yes", 0755 stays "0755", not 493). Only a
// plain scalar of one line is quoted; the engine drops the fix when the
// scalar sits in an anchor that other places use.
func quoteFix(n *yaml.Node, p analyzer.Path) []analyzer.Fix {
	if !isPlain(n) || strings.ContainsAny(n.Value, "\n\r") || n.Value == "" {
		return nil
	}
	return []analyzer.Fix{{
		Message: fmt.Sprintf("quote %s so that it stays the string %q", n.Value, n.Value),
		Edits:   []analyzer.Edit{{Path: p, Op: analyzer.SetString, NewText: n.Value}},
	}}
}
