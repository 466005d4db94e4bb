// Package policyerror declares the policy-error rule, apart from the
// package that runs policies, so that lint lists it among the engine's
// rules without importing OPA.
package policyerror

import "github.com/podlint/podlint/analyzer"

// Rule is reported, at the object, when one of the user's Rego policies
// cannot finish on an object: it ran past its time limit (--policy-timeout),
// reached a size limit of the sandbox, or failed (a conflict between rule
// values, a builtin error, a value that is not a finding). The object's
// other policies and rules still run, and the other objects are linted.
var Rule = &analyzer.Rule{
	ID:       "policy-error",
	Severity: analyzer.Error,
	Source:   "engine",
	Doc: analyzer.Doc{
		Title: "a Rego policy could not finish on an object",
		Why: "One of your Rego policies ran past its time limit (--policy-timeout, policyTimeout in .podlint.yaml), " +
			"reached a size limit of podlint's sandbox, or failed on this object, so its findings for the object are missing. " +
			"The message names the policy, where it stopped and why.",
	},
}
