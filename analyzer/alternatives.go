package analyzer

import "slices"

// Alternatives tells which files of an apply set are alternatives to each
// other: two files that both define one object (group, kind, namespace,
// name) cannot both be applied as they stand, since whichever goes second
// replaces the other's object. They are variants of one example, or a
// manifest and its edited copy, so cross-object rules never relate an
// object of one to an object of the other. The engine finds them once per
// apply set, across namespaces: two files that define one ClusterRole are
// alternatives in every namespace.
type Alternatives struct {
	pairs map[[2]string]bool // pairs of files, the lesser name first
	files map[string]bool    // files that have an alternative
}

// FindAlternatives returns the alternatives among the files of objs.
func FindAlternatives(objs []*Object) *Alternatives {
	type identity struct{ group, kind, namespace, name string }
	files := map[identity][]string{}
	for _, o := range objs {
		if o.Name == "" {
			continue
		}
		id := identity{o.GVK.Group, o.Kind, o.Namespace, o.Name}
		if f := o.Doc.File; !slices.Contains(files[id], f) {
			files[id] = append(files[id], f)
		}
	}
	a := &Alternatives{}
	for _, fs := range files {
		for i, x := range fs {
			for _, y := range fs[i+1:] {
				if a.pairs == nil {
					a.pairs, a.files = map[[2]string]bool{}, map[string]bool{}
				}
				a.pairs[filePair(x, y)] = true
				a.files[x], a.files[y] = true, true
			}
		}
	}
	return a
}

func filePair(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// Related reports whether a and b are applied together: their files are
// not alternatives to each other.
func (a *Alternatives) Related(x, y *Object) bool {
	return x.Doc.File == y.Doc.File || !a.pairs[filePair(x.Doc.File, y.Doc.File)]
}

// Has reports whether some other file is an alternative to o's.
func (a *Alternatives) Has(o *Object) bool { return a.files[o.Doc.File] }
