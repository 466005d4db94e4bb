package analyzer

import (
	"errors"
	"fmt"
	"regexp"
	"slices"

	"k8s.io/apimachinery/pkg/runtime/schema"
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
	// Family groups rules so that users can turn them on or off in bulk:
	// one of the Families.
	Family string
	// DefaultOff leaves the rule out of a run unless the user enables it:
	// it judges an opinion (a PodDisruptionBudget for every Deployment)
	// rather than a defect the cluster would reveal.
	DefaultOff bool

	// ClusterKinds are the kinds the rule reads from the whole lint
	// through Pass.Cluster and SetPass.Cluster (see Cluster).
	ClusterKinds []schema.GroupKind

	// Applies reports whether the rule can report on an object, for the
	// reports that list the checks an object passed beside those it failed
	// (JUnit's test cases): an Ingress is not said to pass a rule about
	// containers. It may read the whole object: lint calls it before it
	// drops the object's trees and typed value (see Object.Checks). nil
	// means the rule is listed for an object only where it reports on it,
	// as the engine's rules are. A rule with Reports leaves it to them.
	// The fixture harness holds every rule to it: a finding on an object
	// the rule does not apply to fails.
	Applies func(*Object) bool

	Check    func(*Pass) error    // once per object
	CheckSet func(*SetPass) error // once per namespace, over all objects in it
	// Reports, when set, lists the rules this check reports under, as an
	// x/tools analyzer reports categories: one check (the built-in policy
	// set, which evaluates each object once) speaks for many IDs, each
	// documented, listed and configured on its own. The check's own ID then
	// names the check, never a finding; its Reports have neither Check nor
	// CheckSet. A diagnostic names its rule in Diagnostic.Rule.
	Reports []*Rule
}

// Families are the rule families, in the order the docs list them.
var Families = []string{
	"correctness", // the API server rejects it, or it cannot work as written
	"security",    // it weakens the node, the cluster or its secrets
	"reliability", // it breaks or degrades when a node, a rollout or a scale event comes
	"efficiency",  // it wastes or starves the cluster's resources
}

// Catalogue returns the rules that findings may name: each rule, or the
// rules it reports under when it reports under several.
func Catalogue(rules []*Rule) []*Rule {
	var out []*Rule
	for _, r := range rules {
		if len(r.Reports) > 0 {
			out = append(out, r.Reports...)
		} else {
			out = append(out, r)
		}
	}
	return out
}

// ruleFor returns the rule a finding of r names: r itself, or the one of
// its Reports with that id (nil when r does not report under id).
func (r *Rule) ruleFor(id string) *Rule {
	if len(r.Reports) == 0 {
		if id == "" || id == r.ID {
			return r
		}
		return nil
	}
	for _, s := range r.Reports {
		if s.ID == id {
			return s
		}
	}
	return nil
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
	// Cluster holds the cluster-wide objects of the lint that the rule's
	// ClusterKinds name; nil outside a lint.
	Cluster *Cluster

	report func(Diagnostic)
}

// Report records a finding. Rule (when empty), Severity (when zero) and
// Object are filled in from the pass. A check with Reports must name one
// of them in d.Rule; a finding under an ID the check does not declare
// becomes an internal-error.
func (p *Pass) Report(d Diagnostic) {
	if d.Object == nil {
		d.Object = p.Object
	}
	p.report(labelled(p.Rule, d))
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
	// Alternatives tells which files of the apply set are alternatives to
	// each other, found once for the whole set (see Alternatives).
	Alternatives *Alternatives
	Cluster      *Cluster // as in Pass

	report func(Diagnostic)
}

// Report records a finding; the diagnostic must name its Object. Rule and
// Severity are filled in as by Pass.Report.
func (p *SetPass) Report(d Diagnostic) { p.report(labelled(p.Rule, d)) }

// labelled fills in a finding's rule and default severity from the check
// that reported it.
func labelled(check *Rule, d Diagnostic) Diagnostic {
	r := check.ruleFor(d.Rule)
	if r == nil {
		return Diagnostic{Rule: InternalError.ID, Severity: Error, Object: d.Object, Doc: d.Doc,
			Message: fmt.Sprintf("rule %s reported under %q, an ID it does not declare: %s", check.ID, d.Rule, d.Message)}
	}
	d.Rule = r.ID
	if d.Severity == 0 {
		d.Severity = r.Severity
	}
	return d
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
	// Fixes are edits the rule is certain resolve the finding; --fix,
	// --diff and the language server's code actions apply them.
	Fixes []Fix
	// SourceLine is the text of the line at Pos, set by the engine for
	// excerpts, since a document's text does not outlive its set.
	SourceLine string
	// Rendered is set for a finding on an object podlint rendered from a
	// chart or a kustomization: where it sits in the rendered text. Pos
	// and SourceLine are then the source's.
	Rendered *RenderedAt
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

// Validate checks a list of rules: IDs kebab-case and unique across every
// ID a finding may name, a family, titles present and short, examples
// present, and at most one of Check and CheckSet set.
func Validate(rules []*Rule) error {
	var errs []error
	seen := map[string]bool{}
	for _, r := range rules {
		if r.Check != nil && r.CheckSet != nil {
			errs = append(errs, fmt.Errorf("rule %q: both Check and CheckSet are set", r.ID))
		}
		if len(r.Reports) == 0 {
			if r.Check == nil && r.CheckSet == nil && r.SourceName() != "engine" {
				errs = append(errs, fmt.Errorf("rule %q: neither Check nor CheckSet is set", r.ID))
			}
			errs = append(errs, validateDoc(r, seen, r.Check != nil || r.CheckSet != nil)...)
			continue
		}
		if r.Check == nil && r.CheckSet == nil {
			errs = append(errs, fmt.Errorf("rule %q: reports under several IDs but has no check", r.ID))
		}
		for _, s := range r.Reports {
			if s.Check != nil || s.CheckSet != nil || len(s.Reports) > 0 {
				errs = append(errs, fmt.Errorf("rule %q: reported by %q, must have no check of its own", s.ID, r.ID))
			}
			errs = append(errs, validateDoc(s, seen, true)...)
		}
	}
	return errors.Join(errs...)
}

// validateDoc checks the identity and documentation of one rule findings
// may name; examples are required of every rule but the engine's own.
func validateDoc(r *Rule, seen map[string]bool, examples bool) []error {
	var errs []error
	if !ruleIDPattern.MatchString(r.ID) {
		errs = append(errs, fmt.Errorf("rule %q: ID is not kebab-case", r.ID))
	}
	if seen[r.ID] {
		errs = append(errs, fmt.Errorf("rule %q: ID is used twice", r.ID))
	}
	seen[r.ID] = true
	if !slices.Contains(Families, r.Family) {
		errs = append(errs, fmt.Errorf("rule %q: family %q is not one of %v", r.ID, r.Family, Families))
	}
	if r.Doc.Title == "" || len(r.Doc.Title) > 60 {
		errs = append(errs, fmt.Errorf("rule %q: title must have 1 to 60 characters", r.ID))
	}
	if r.Doc.Why == "" {
		errs = append(errs, fmt.Errorf("rule %q: Doc.Why is empty", r.ID))
	}
	if r.Severity < Info || r.Severity > Error {
		errs = append(errs, fmt.Errorf("rule %q: no default severity", r.ID))
	}
	if examples && (r.Doc.Bad == "" || r.Doc.Good == "") {
		errs = append(errs, fmt.Errorf("rule %q: Doc.Bad and Doc.Good examples are required", r.ID))
	}
	return errs
}

// InternalError is reported when a rule fails to run or panics; the engine
// carries on with the other rules and objects.
var InternalError = &Rule{
	ID:       "internal-error",
	Severity: Error,
	Family:   "correctness",
	Source:   "engine",
	Doc: Doc{
		Title: "a rule failed to run",
		Why:   "A rule returned an error or panicked on this object, so its findings for it are missing. Please report it with the manifest.",
	},
}
