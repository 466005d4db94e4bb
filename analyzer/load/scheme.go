package load

import (
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/podlint/podlint/analyzer"
)

// lazyScheme registers the kinds of one group-version on first use:
// building all 60 at start-up would cost a run on one file milliseconds.
type lazyScheme struct {
	add    func(*runtime.Scheme) error
	scheme func() *runtime.Scheme
}

var schemes = func() map[schema.GroupVersion]*lazyScheme {
	m := make(map[schema.GroupVersion]*lazyScheme, len(analyzer.GroupVersions))
	for _, g := range analyzer.GroupVersions {
		ls := &lazyScheme{add: g.Add}
		ls.scheme = sync.OnceValue(func() *runtime.Scheme {
			s := runtime.NewScheme()
			if err := ls.add(s); err != nil {
				panic(err) // generated registration code of k8s.io/api; covered by tests
			}
			return s
		})
		m[g.GV] = ls
	}
	return m
}()

// newTyped returns a new zero value of the k8s.io/api type of gvk, or false
// for kinds k8s.io/api does not define (custom resources).
func newTyped(gvk schema.GroupVersionKind) (runtime.Object, bool) {
	ls, ok := schemes[gvk.GroupVersion()]
	if !ok {
		return nil, false
	}
	obj, err := ls.scheme().New(gvk)
	if err != nil {
		return nil, false
	}
	return obj, true
}

// KnownGroupVersion reports whether k8s.io/api defines the group-version.
func KnownGroupVersion(gv schema.GroupVersion) bool {
	_, ok := schemes[gv]
	return ok
}
