package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/podlint/podlint/analyzer"
	"github.com/podlint/podlint/analyzer/ext"
)

// A Build is what one kustomization root produced.
type Build struct {
	Root    string
	Objects []*Built
	// Consumed lists, as absolute paths, every file the build read: they
	// are linted through the build, not again on their own.
	Consumed []string
	Err      error // the build failed; Objects is then empty
}

// A Built is one object of a build, with the file it comes from.
type Built struct {
	Text []byte // the object as YAML, without kustomize's origin annotations
	// Source is the resource file the object comes from, or for a
	// generated object the kustomization that configures it.
	Source string
	// Place moves a position of a field of Text to Source, or to the
	// patch or kustomization line that set it.
	Place func(p analyzer.Path) (analyzer.Position, string, bool)
}

// Kustomize builds the kustomization in dir as kustomize build does
// (kustomize's own load restrictions; its default order), offline: a
// remote base or a helmCharts generator is an error naming it, found
// before the companion is asked.
//
// overlay holds unsaved text for files of the build (absolute paths), read
// instead of the disk: an editor's buffers.
func Kustomize(ctx context.Context, dir string, overlay map[string][]byte) *Build {
	b := &Build{Root: dir}
	read := func(file string) ([]byte, error) {
		if abs, err := filepath.Abs(file); err == nil {
			if data, ok := overlay[abs]; ok {
				return data, nil
			}
		}
		return os.ReadFile(file)
	}
	chain := readChain(dir, read, map[string]bool{}, 0)
	if err := checkOffline(chain); err != nil {
		b.Err = err
		return b
	}
	var res ext.KustomizeResult
	if err := ext.Call(ctx, ext.MethodKustomize, ext.KustomizeRequest{Dir: dir, Overlay: overlay}, &res); err != nil {
		b.Err = err
		return b
	}
	b.Consumed = res.Consumed
	if res.Err != "" {
		b.Err = errors.New(res.Err)
		return b
	}
	sources := sourceFiles{read: read}
	for _, k := range chain {
		sources.kustomizations = append(sources.kustomizations, k.file)
		sources.patches = append(sources.patches, k.patches()...)
	}
	for _, o := range res.Objects {
		text := []byte(o.Text)
		b.Objects = append(b.Objects, &Built{Text: text, Source: o.Source, Place: sources.placer(o.Source, text)})
	}
	return b
}

// A kustomizationFile is one kustomization of a build's chain: the root,
// or a local base it builds on.
type kustomizationFile struct {
	file, dir             string
	Resources             []string `json:"resources"`
	Bases                 []string `json:"bases"`
	Components            []string `json:"components"`
	HelmCharts            []any    `json:"helmCharts"`
	PatchesStrategicMerge []string `json:"patchesStrategicMerge"`
	Patches               []struct {
		Path string `json:"path"`
	} `json:"patches"`
}

// readChain reads the kustomization in dir and those of the local bases
// it builds on, overlay first: a patch of an overlay applies after its
// bases', so it is the one that wrote a field. A file kustomize would
// refuse is left to kustomize to report.
func readChain(dir string, read func(string) ([]byte, error), seen map[string]bool, depth int) []*kustomizationFile {
	if depth > 20 || seen[dir] {
		return nil
	}
	seen[dir] = true
	k := &kustomizationFile{dir: dir}
	for _, name := range analyzer.KustomizationFileNames {
		if data, err := read(filepath.Join(dir, name)); err == nil {
			k.file = filepath.Join(dir, name)
			_ = sigsyaml.Unmarshal(data, k)
			break
		}
	}
	if k.file == "" {
		return nil
	}
	out := []*kustomizationFile{k}
	for _, r := range slices.Concat(k.Resources, k.Bases, k.Components) {
		sub := filepath.Join(dir, filepath.FromSlash(r))
		if st, err := os.Stat(sub); err == nil && st.IsDir() {
			out = append(out, readChain(sub, read, seen, depth+1)...)
		}
	}
	return out
}

// patches returns the patch files the kustomization names.
func (k *kustomizationFile) patches() []string {
	var out []string
	for _, p := range k.Patches {
		if p.Path != "" {
			out = append(out, filepath.Join(k.dir, filepath.FromSlash(p.Path)))
		}
	}
	for _, p := range k.PatchesStrategicMerge {
		if !strings.Contains(p, "\n") { // an inline patch is no file
			out = append(out, filepath.Join(k.dir, filepath.FromSlash(p)))
		}
	}
	return out
}

// checkOffline refuses what a build could not do offline and in-process:
// a remote resource or base, and a helmCharts generator (kustomize runs
// the helm binary for it).
func checkOffline(chain []*kustomizationFile) error {
	for _, k := range chain {
		if len(k.HelmCharts) > 0 {
			return fmt.Errorf("%s: helmCharts needs the helm binary, which podlint does not run: render the chart with podlint on its own folder, or lint kustomize build --enable-helm output on standard input", k.file)
		}
		for _, r := range slices.Concat(k.Resources, k.Bases, k.Components) {
			if isRemote(r) {
				return fmt.Errorf("%s: %s is a remote base, which podlint does not fetch (it never uses the network): vendor it, or lint kustomize build output on standard input", k.file, r)
			}
		}
	}
	return nil
}

func isRemote(r string) bool {
	return strings.Contains(r, "://") || strings.HasPrefix(r, "github.com/") || strings.HasPrefix(r, "gitlab.com/") ||
		strings.HasPrefix(r, "git@") || strings.Contains(r, "?ref=") || strings.Contains(r, "?version=")
}

// sourceFiles parses each resource file once per build, for placing.
type sourceFiles struct {
	read    func(string) ([]byte, error) // the disk, or an editor's buffer
	mu      sync.Mutex
	files   map[string][]*analyzer.Document
	patches []string // strategic-merge patch files of the kustomization chain, overlay first
	// kustomizations are the kustomization files of the chain, overlay first.
	kustomizations []string
}

// transformerPlace finds the kustomization line whose transformer wrote
// the value at p of the built object, when the value differs from what
// the source file writes (images, namePrefix/nameSuffix, replicas) or the
// source writes none (labels, commonLabels, annotations).
func (s *sourceFiles) transformerPlace(p analyzer.Path, built, source *yaml.Node) (analyzer.Position, string, bool) {
	if p.Len() == 0 {
		return analyzer.Position{}, "", false
	}
	last := p.Elem(p.Len() - 1)
	value := nodeAt(built, p)
	srcValue := nodeAt(source, p)
	changed := value != nil && (srcValue == nil || srcValue.Value != value.Value)
	for _, kf := range s.kustomizations {
		for _, d := range s.docs(kf) {
			at := func(key string, sub ...string) (analyzer.Position, string, bool) {
				n := mapValue(d.Root, key)
				if n == nil {
					return analyzer.Position{}, "", false
				}
				kp := analyzer.Path{}.Field(key)
				for _, k := range sub {
					kp = kp.Key(k)
				}
				pos := d.Resolve(d.Root, kp)
				return pos, d.LineText(pos.Line), pos.IsValid()
			}
			switch {
			case !last.IsIndex && last.Key == "image" && changed:
				if imgs := mapValue(d.Root, "images"); imgs != nil && imgs.Kind == yaml.SequenceNode {
					for i, e := range imgs.Content {
						name := mapValue(e, "name")
						if name != nil && strings.HasPrefix(repoOf(srcOrEmpty(srcValue)), name.Value) {
							pos := d.Resolve(d.Root, analyzer.Path{}.Field("images").Index(i))
							return pos, d.LineText(pos.Line), pos.IsValid()
						}
					}
				}
			case p.String() == "metadata.name" && changed:
				for _, key := range []string{"namePrefix", "nameSuffix"} {
					if pos, line, ok := at(key); ok {
						return pos, line, ok
					}
				}
			case p.String() == "spec.replicas" && changed:
				if pos, line, ok := at("replicas"); ok {
					return pos, line, ok
				}
			case srcValue == nil && !last.IsIndex && p.Len() >= 2:
				parent := p.Elem(p.Len() - 2)
				if parent.Key == "labels" || parent.Key == "matchLabels" {
					for _, key := range []string{"commonLabels", "labels"} {
						if n := mapValue(d.Root, key); n != nil && n.Kind == yaml.MappingNode && mapValue(n, last.Key) != nil {
							return at(key, last.Key)
						}
					}
				}
				if parent.Key == "annotations" {
					if n := mapValue(d.Root, "commonAnnotations"); n != nil && mapValue(n, last.Key) != nil {
						return at("commonAnnotations", last.Key)
					}
				}
			}
		}
	}
	return analyzer.Position{}, "", false
}

func srcOrEmpty(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

// repoOf returns an image reference without its tag or digest.
func repoOf(image string) string {
	if i := strings.IndexByte(image, '@'); i >= 0 {
		image = image[:i]
	}
	if i := strings.LastIndexByte(image, ':'); i > strings.LastIndexByte(image, '/') {
		image = image[:i]
	}
	return image
}

// mapValue returns the value of key in a mapping node.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// nodeAt returns the node at p below n, nil when n does not write it.
func nodeAt(n *yaml.Node, p analyzer.Path) *yaml.Node {
	if n == nil || writtenDepth(n, p) < p.Len() {
		return nil
	}
	for i := 0; i < p.Len(); i++ {
		e := p.Elem(i)
		if e.IsIndex {
			n = n.Content[e.Index]
		} else {
			n = mapValue(n, e.Key)
		}
	}
	return n
}

func (s *sourceFiles) docs(file string) []*analyzer.Document {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.files[file]; ok {
		return d
	}
	if s.files == nil {
		s.files = map[string][]*analyzer.Document{}
	}
	data, err := s.read(file)
	var docs []*analyzer.Document
	if err == nil {
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var n yaml.Node
			if err := dec.Decode(&n); err != nil {
				if !errors.Is(err, io.EOF) {
					docs = nil // a file kustomize read but yaml.v3 does not: place nothing in it
				}
				break
			}
			if len(n.Content) > 0 {
				docs = append(docs, &analyzer.Document{File: file, Line: 1, Root: n.Content[0], Source: data})
			}
		}
	}
	s.files[file] = docs
	return docs
}

// placer returns how to place a field of the built object in its
// source file: the document of that kind whose name the built name
// contains (a prefix or suffix may have been added), at the field, or at
// the nearest parent the file writes.
func (s *sourceFiles) placer(file string, text []byte) func(analyzer.Path) (analyzer.Position, string, bool) {
	var built *yaml.Node
	var doc yaml.Node
	if yaml.Unmarshal(text, &doc) == nil && len(doc.Content) > 0 {
		built = doc.Content[0]
	}
	kind, name := docIdentity(built)
	return func(p analyzer.Path) (analyzer.Position, string, bool) {
		// The document that writes the most of the path places it: the
		// patch that set or added the field, else the resource file. List
		// items are matched by their merge key (name, mountPath, ...), as
		// a strategic merge matches them, else by position.
		var best *analyzer.Document
		var bestPath analyzer.Path
		depth := -1
		consider := func(d *analyzer.Document, isPatch bool) {
			k, n := docIdentity(d.Root)
			if k != kind || n == "" || !strings.Contains(name, n) {
				return
			}
			// A patch must write more than its own identity to win, and
			// wins a tie when it writes the whole path: it applies last.
			q := matchItems(built, d.Root, p)
			got := writtenDepth(d.Root, q)
			if isPatch && got <= 2 {
				return
			}
			if got > depth || (isPatch && got == depth && got == p.Len()) {
				best, bestPath, depth = d, q, got
			}
		}
		for _, d := range s.docs(file) {
			consider(d, false)
		}
		for _, pf := range s.patches {
			for _, d := range s.docs(pf) {
				consider(d, true)
			}
		}
		var src *yaml.Node
		if best != nil {
			src = best.Root
		}
		if pos, line, ok := s.transformerPlace(p, built, src); ok {
			return pos, line, ok
		}
		if best == nil && slices.Contains(s.kustomizations, file) {
			return s.generatorPlace(file, p, kind, name)
		}
		if best == nil {
			return analyzer.Position{}, "", false
		}
		pos := best.Resolve(best.Root, bestPath)
		return pos, best.LineText(pos.Line), pos.IsValid()
	}
}

// mergeKeys are the fields by which a strategic merge patch matches list
// items of a Pod spec (containers and volumes by name, volumeMounts by
// mountPath, ports by containerPort, ...), in the order tried.
var mergeKeys = []string{"name", "mountPath", "containerPort", "devicePath", "ip", "topologyKey"}

// matchItems rewrites the list indexes of p, a path of the built object,
// into indexes of src: the item with the same merge key value, or past
// the end when src has no such item (it does not write it); an item with
// no merge key keeps its position.
func matchItems(built, src *yaml.Node, p analyzer.Path) analyzer.Path {
	var out analyzer.Path
	b, n := built, src
	for i := 0; i < p.Len(); i++ {
		e := p.Elem(i)
		if !e.IsIndex {
			out = out.Key(e.Key)
			b, n = mapValue(b, e.Key), mapValue(n, e.Key)
			continue
		}
		idx := e.Index
		var item *yaml.Node
		if b != nil && b.Kind == yaml.SequenceNode && e.Index < len(b.Content) {
			item = b.Content[e.Index]
		}
		if key, val := mergeKey(item); key != "" && n != nil && n.Kind == yaml.SequenceNode {
			idx = len(n.Content)
			for j, c := range n.Content {
				if v := mapValue(c, key); v != nil && v.Value == val {
					idx = j
					break
				}
			}
		}
		out = out.Index(idx)
		b = item
		if n != nil && n.Kind == yaml.SequenceNode && idx < len(n.Content) {
			n = n.Content[idx]
		} else {
			n = nil
		}
	}
	return out
}

// mergeKey returns the merge key an item of a built list carries.
func mergeKey(item *yaml.Node) (key, value string) {
	if item == nil || item.Kind != yaml.MappingNode {
		return "", ""
	}
	for _, k := range mergeKeys {
		if v := mapValue(item, k); v != nil && v.Kind == yaml.ScalarNode {
			return k, v.Value
		}
	}
	return "", ""
}

// writtenDepth returns how many leading elements of p the node tree writes.
func writtenDepth(n *yaml.Node, p analyzer.Path) int {
	for i := 0; i < p.Len(); i++ {
		e := p.Elem(i)
		switch {
		case n == nil:
			return i
		case e.IsIndex:
			if n.Kind != yaml.SequenceNode || e.Index >= len(n.Content) {
				return i
			}
			n = n.Content[e.Index]
		default:
			if n.Kind != yaml.MappingNode {
				return i
			}
			var next *yaml.Node
			for j := 0; j+1 < len(n.Content); j += 2 {
				if n.Content[j].Value == e.Key {
					next = n.Content[j+1]
				}
			}
			if next == nil {
				return i
			}
			n = next
		}
	}
	return p.Len()
}

// docIdentity reads kind and metadata.name of a document's top node.
func docIdentity(n *yaml.Node) (kind, name string) {
	if n == nil || n.Kind != yaml.MappingNode {
		return "", ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "kind":
			kind = n.Content[i+1].Value
		case "metadata":
			m := n.Content[i+1]
			for j := 0; j+1 < len(m.Content); j += 2 {
				if m.Content[j].Value == "name" {
					name = m.Content[j+1].Value
				}
			}
		}
	}
	return kind, name
}

// generatorPlace places a field of an object that a configMapGenerator or
// secretGenerator of the kustomization file made: a key of data at the
// literal or file that gives it, anything else at the generator's name.
// The built name carries a hash suffix ("app-config-h75869hf55").
func (s *sourceFiles) generatorPlace(file string, p analyzer.Path, kind, name string) (analyzer.Position, string, bool) {
	field := map[string]string{"ConfigMap": "configMapGenerator", "Secret": "secretGenerator"}[kind]
	for _, d := range s.docs(file) {
		gens := mapValue(d.Root, field)
		if field == "" || gens == nil || gens.Kind != yaml.SequenceNode {
			continue
		}
		for i, g := range gens.Content {
			n := mapValue(g, "name")
			if n == nil || (name != n.Value && !strings.HasPrefix(name, n.Value+"-")) {
				continue
			}
			at := analyzer.Path{}.Field(field).Index(i).Field("name")
			if p.Len() == 2 && (p.Elem(0).Key == "data" || p.Elem(0).Key == "binaryData" || p.Elem(0).Key == "stringData") {
				if q, ok := generatorSource(g, p.Elem(1).Key); ok {
					at = analyzer.Path{}.Field(field).Index(i).Join(q)
				}
			}
			pos := d.Resolve(d.Root, at)
			return pos, d.LineText(pos.Line), pos.IsValid()
		}
	}
	return analyzer.Position{}, "", false
}

// generatorSource returns the path, within one generator, of the literal
// (KEY=value) or file (KEY=path, or a path whose base name is KEY) that
// gives data key key.
func generatorSource(g *yaml.Node, key string) (analyzer.Path, bool) {
	for _, list := range []string{"literals", "files"} {
		items := mapValue(g, list)
		if items == nil || items.Kind != yaml.SequenceNode {
			continue
		}
		for j, it := range items.Content {
			k, _, hasKey := strings.Cut(it.Value, "=")
			if k == key || (!hasKey && list == "files" && filepath.Base(it.Value) == key) {
				return analyzer.Path{}.Field(list).Index(j), true
			}
		}
	}
	return analyzer.Path{}, false
}
