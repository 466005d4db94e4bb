package extserver

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"sigs.k8s.io/kustomize/api/konfig"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/resource"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/podlint/podlint/analyzer/ext"
)

// kustomize builds the kustomization root dir as kustomize build does
// (kustomize's own load restrictions; its default order), with each
// object's origin: the resource file it comes from, or for a generated
// object the kustomization that configures it.
func kustomize(dir string, overlay map[string][]byte) *ext.KustomizeResult {
	b := &ext.KustomizeResult{}
	abs, err := filepath.Abs(dir)
	if err != nil {
		b.Err = err.Error()
		return b
	}
	fs := &recordingFS{FileSystem: filesys.MakeFsOnDisk(), root: abs, read: map[string]bool{}, overlay: overlay}
	opts := krusty.MakeDefaultOptions()
	opts.Reorder = krusty.ReorderOptionUnspecified
	m, err := krusty.MakeKustomizer(opts).Run(fs, abs)
	b.Consumed = fs.files()
	if err != nil {
		b.Err = errors.New(strings.ReplaceAll(err.Error(), abs+string(filepath.Separator), "")).Error()
		return b
	}
	for _, r := range m.Resources() {
		obj := ext.Built{Source: filepath.Join(dir, konfig.DefaultKustomizationFileName())}
		if o, err := r.GetOrigin(); err == nil && o != nil {
			switch {
			case o.Repo == "" && o.Path != "":
				obj.Source = filepath.Join(dir, filepath.FromSlash(o.Path))
			case o.ConfiguredIn != "":
				obj.Source = filepath.Join(dir, filepath.FromSlash(o.ConfiguredIn))
			}
		}
		stripBuildAnnotations(r)
		text, err := r.AsYAML()
		if err != nil {
			return &ext.KustomizeResult{Consumed: b.Consumed, Err: err.Error()}
		}
		obj.Text = string(text)
		b.Objects = append(b.Objects, obj)
	}
	return b
}

// stripBuildAnnotations drops the origin and transformer annotations the
// build was asked to write: they are kustomize's, not the user's.
func stripBuildAnnotations(r *resource.Resource) {
	ann := r.GetAnnotations()
	changed := false
	for k := range ann {
		if k == "config.kubernetes.io/origin" || k == "alpha.config.kubernetes.io/transformations" {
			delete(ann, k)
			changed = true
		}
	}
	if changed {
		_ = r.SetAnnotations(ann)
	}
}

// recordingFS reads the disk, records every file read, and adds the
// originAnnotations build option to the root kustomization, so that each
// object says which file it comes from, without touching the user's file.
type recordingFS struct {
	filesys.FileSystem
	root    string
	mu      sync.Mutex
	read    map[string]bool
	overlay map[string][]byte // unsaved text by absolute path, over the disk's
}

func (f *recordingFS) ReadFile(path string) ([]byte, error) {
	abs, _ := filepath.Abs(path)
	data, ok := f.overlay[abs]
	if !ok {
		var err error
		if data, err = f.FileSystem.ReadFile(path); err != nil {
			return data, err
		}
	}
	f.mu.Lock()
	f.read[abs] = true
	f.mu.Unlock()
	if filepath.Dir(abs) == f.root && slices.Contains(konfig.RecognizedKustomizationFileNames(), filepath.Base(abs)) {
		return withOriginAnnotations(data)
	}
	return data, nil
}

func (f *recordingFS) files() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, 0, len(f.read))
	for p := range f.read {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// withOriginAnnotations adds originAnnotations to a kustomization's
// buildMetadata.
func withOriginAnnotations(data []byte) ([]byte, error) {
	var k map[string]any
	if err := sigsyaml.Unmarshal(data, &k); err != nil || k == nil {
		return data, nil //nolint:nilerr // kustomize reports its own file's errors
	}
	meta, _ := k["buildMetadata"].([]any)
	if !slices.Contains(meta, any("originAnnotations")) {
		meta = append(meta, "originAnnotations")
	}
	k["buildMetadata"] = meta
	return sigsyaml.Marshal(k)
}
