package analyzer

import (
	"errors"
	"fmt"
	"regexp"
)

// A Rule describes one check: its identity, documentation and logic.
// Rules are values; a rule is never changed after it is built.
//
// Exactly one of Check and CheckSet is set, except for the rules whose
// findings the loader makes (parse-error, schema, ...), which have neither.
type Rule struct {
	ID       string   // stable kebab-case name, the contract with users: "selector-mismatch"
	Severity Severity // default severity; configuration may override it
	Doc      Doc
	Source   string // "go", "rego" or "engine"; empty means "go"

	Check    func(*Pass) error    // once per object
	CheckSet func(*SetPass) error // once per namespace, over all objects in it
	// SetReads, for a CheckSet rule, tells which objects' typed values
	// the rule reads; a large run may shed the typed value of every other
	// object once its per-object rules are done (see Object.Shed). Nil
	// means every object's.
	SetReads func(*Object) bool
}

// A Doc is the documentation of a rule. The same Doc feeds podlint rules,
// podlint explain, SARIF rule metadata and the docs page, and tests run its
// examples.
type Doc struct {
	Title string // lowercase phrase, no period, at most 60 characters
	Why   string // what breaks in the cluster, in one short paragraph
	Bad   string // a minimal manifest that triggers the rule
	Good  string // the same manifest, fixed
}

// SourceName returns where the rule's findings come from: go, rego or engine.
func (r *Rule) SourceName() string {
	if r.Source == "" {
		return "go"
	}
	return r.Source
}

// A Pass is the interface between one rule and one object.
type Pass struct {
	Rule   *Rule
	Object *Object // read-only

	report func(Diagnostic)
}

// Report records a finding. Rule, Severity (when zero) and Object are
// filled in from the pass.
func (p *Pass) Report(d Diagnostic) {
	d.Rule = p.Rule.ID
	if d.Severity == 0 {
		d.Severity = p.Rule.Severity
	}
	if d.Object == nil {
		d.Object = p.Object
	}
	p.report(d)
}

// Reportf records a finding at path at with a formatted message.
func (p *Pass) Reportf(at Path, format string, args ...any) {
	p.Report(Diagnostic{Path: at, Message: fmt.Sprintf(format, args...)})
}

// A SetPass is the interface between one cross-object rule and the objects
// of one namespace. Cluster-scoped objects form their own group with an
// empty Namespace.
type SetPass struct {
	Rule      *Rule
	Namespace string
	Objects   []*Object // in input order
	Index     *LabelIndex

	report func(Diagnostic)
}

// Report records a finding; the diagnostic must name its Object.
func (p *SetPass) Report(d Diagnostic) {
	d.Rule = p.Rule.ID
	if d.Severity == 0 {
		d.Severity = p.Rule.Severity
	}
	p.report(d)
}

// A Diagnostic is one finding.
type Diagnostic struct {
	Rule     string
	Severity Severity
	Message  string
	Object   *Object   // nil for findings about a whole document (parse-error) or file
	Doc      *Document // the document, when Object is nil
	Path     Path      // set by the rule, relative to the object
	Pos      Position  // set by the engine from Path; rules never set it
	Related  []Related
}

// A Related is a second position that explains a finding, such as the
// template labels a selector fails to match.
type Related struct {
	Object  *Object // nil means the diagnostic's object
	Path    Path
	Pos     Position // set by the engine
	Message string
}

var ruleIDPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Validate checks a list of rules: IDs kebab-case and unique, titles present
// and short, examples present, and at most one of Check and CheckSet set.
func Validate(rules []*Rule) error {
	var errs []error
	seen := map[string]bool{}
	for _, r := range rules {
		if !ruleIDPattern.MatchString(r.ID) {
			errs = append(errs, fmt.Errorf("rule %q: ID is not kebab-case", r.ID))
		}
		if seen[r.ID] {
			errs = append(errs, fmt.Errorf("rule %q: ID is used twice", r.ID))
		}
		seen[r.ID] = true
		if r.Doc.Title == "" || len(r.Doc.Title) > 60 {
			errs = append(errs, fmt.Errorf("rule %q: title must have 1 to 60 characters", r.ID))
		}
		if r.Doc.Why == "" {
			errs = append(errs, fmt.Errorf("rule %q: Doc.Why is empty", r.ID))
		}
		if r.Severity < Info || r.Severity > Error {
			errs = append(errs, fmt.Errorf("rule %q: no default severity", r.ID))
		}
		if r.Check != nil && r.CheckSet != nil {
			errs = append(errs, fmt.Errorf("rule %q: both Check and CheckSet are set", r.ID))
		}
		if (r.Check != nil || r.CheckSet != nil) && (r.Doc.Bad == "" || r.Doc.Good == "") {
			errs = append(errs, fmt.Errorf("rule %q: Doc.Bad and Doc.Good examples are required", r.ID))
		}
		if r.Check == nil && r.CheckSet == nil && r.SourceName() != "engine" {
			errs = append(errs, fmt.Errorf("rule %q: neither Check nor CheckSet is set", r.ID))
		}
	}
	return errors.Join(errs...)
}

// InternalError is reported when a rule fails to run or panics; the engine
// carries on with the other rules and objects.
var InternalError = &Rule{
	ID:       "internal-error",
	Severity: Error,
	Source:   "engine",
	Doc: Doc{
		Title: "a rule failed to run",
		Why:   "A rule returned an error or panicked on this object, so its findings for it are missing. Please report it with the manifest.",
	},
}
