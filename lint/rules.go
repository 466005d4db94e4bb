package lint

import (
	"slices"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/load"
	"github.com/podlint/podlint/analyzer/render"
)

// Rules returns the rules whose findings lint itself makes: those about
// suppressions.
func Rules() []*analyzer.Rule {
	return []*analyzer.Rule{IgnoreWithoutReason, UnknownIgnore, UnusedIgnore}
}

// EngineRules returns the rules whose findings the engine makes rather
// than a check: the loader's (parse-error, schema, ambiguous-scalar), the
// engine's internal-error, the baseline's stale-baseline-entry, and lint's
// own (Rules). Every lint may report
// them whatever rules it runs, so they are listed, explained, configured
// and suppressed with the others; this is the one list of them. The slice
// is new on every call, so callers may append to it.
func EngineRules() []*analyzer.Rule {
	return slices.Concat(load.Rules(), render.Rules(), []*analyzer.Rule{analyzer.InternalError, StaleBaselineEntry}, Rules())
}
