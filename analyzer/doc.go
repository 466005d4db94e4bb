// Package analyzer is the core of podlint: the model every rule and report
// shares, and the engine that runs rules over objects.
//
// A [Document] is one YAML or JSON document of one file, kept as a node tree
// so that any field path can be turned back into a line and column. An
// [Object] is a decoded document: its kind, name, labels and the typed value
// from k8s.io/api. A [Rule] is a value (an ID, a default [Severity], its
// [Doc], and a Check function); rules are listed explicitly by their owners,
// never registered from init functions.
//
// Rules never count lines. A Check function receives a [Pass] for one object
// and reports [Diagnostic] values that carry a [Path] such as
// spec.template.spec.containers[1].ports[0].containerPort; [Run] resolves
// each path to a [Position] through the object's node tree. A path that is
// missing from the source resolves to its nearest existing parent, so a rule
// may report where a field ought to be.
//
// Pod rules are written once: [Object.PodSpec] returns the Pod spec of every
// workload kind together with its path prefix.
//
// The package imports no other package of podlint: loading lives in
// analyzer/load, output in analyzer/report, and the rules themselves in the
// rules and policies packages.
package analyzer
