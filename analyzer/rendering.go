package analyzer

// A Rendering says that podlint rendered a document itself, from a Helm
// chart or a kustomization, and how to move positions in the rendered text
// to the file a person edits. Rules see the rendered object like any
// other; the engine places their findings through Place.
type Rendering struct {
	From    string // what was rendered: "chart deploy/web" or "kustomization overlays/prod"
	Root    string // the input that was rendered: "deploy/web", "overlays/prod"
	Variant string // the chart's values file of this variant; "" for the release's own values
	// Place moves pos, a position in the rendered text of the field at
	// path, to the source: the file, line and column that wrote it, and
	// that line's text. ok is false when no line can be named: the
	// finding then names the source file alone.
	Place func(path Path, pos Position) (at Position, line string, ok bool)
	// File is the source file to name when Place cannot place a position.
	File string
}

// A RenderedAt is where a finding on a rendered object sits in the
// rendered text, kept beside its position in the source.
type RenderedAt struct {
	From     string   `json:"from"`
	Variants []string `json:"variants,omitempty"` // the variants that produce the finding, when not all do
	Line     int      `json:"line"`               // line of the rendered text
	Text     string   `json:"text"`               // that line
}

// place moves a resolved position of a rendered document to its source.
func (r *Rendering) place(p Path, pos Position) (Position, string) {
	if r.Place != nil {
		if at, line, ok := r.Place(p, pos); ok {
			at.Column16, at.EndColumn16 = 0, 0
			if at.Column > 0 {
				at.Column16 = UTF16Column(line, at.Column)
			}
			if at.EndLine == at.Line && at.EndColumn > 0 {
				at.EndColumn16 = UTF16Column(line, at.EndColumn)
			} else {
				at.EndLine, at.EndColumn = 0, 0
			}
			return at, line
		}
	}
	return Position{File: r.File}, ""
}

// KustomizationFileNames are the names of a kustomization file that
// kustomize recognises, in the order it looks for them.
var KustomizationFileNames = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}
