package load

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/podlint/podlint/analyzer"
)

// corpusDir is the shared corpus of real manifests beside the project.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

func corpusInputs(t testing.TB) []Input {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no corpus at %s: CI lays shared/ beside the clone", corpusDir)
		}
		t.Skipf("no corpus at %s", corpusDir)
	}
	inputs, err := Expand([]string{corpusDir}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return inputs
}

// TestDecodeLikeTheCluster proves the loader decodes as kubectl and the API
// server do: for every document of the corpus whose kind k8s.io/api knows,
// the typed object equals sigs.k8s.io/yaml.YAMLToJSON followed by strict
// JSON decoding, and the documents the cluster would reject are exactly
// those podlint reports as parse-error, schema or ambiguous-scalar.
//
// "Reject" means: YAMLToJSON fails, YAMLToJSONStrict fails (duplicate keys,
// which kubectl's lenient path would silently collapse), strict decoding
// fails or reports unknown fields, or the object has neither metadata.name
// nor metadata.generateName.
func TestDecodeLikeTheCluster(t *testing.T) {
	res, err := Load(context.Background(), corpusInputs(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	type docState struct {
		doc      *analyzer.Document
		objects  []*analyzer.Object
		rejected bool
	}
	docs := map[*analyzer.Document]*docState{}
	state := func(d *analyzer.Document) *docState {
		if docs[d] == nil {
			docs[d] = &docState{doc: d}
		}
		return docs[d]
	}
	for _, o := range res.Objects {
		s := state(o.Doc)
		s.objects = append(s.objects, o)
	}
	for _, d := range res.Diagnostics {
		doc := d.Doc
		if d.Object != nil {
			doc = d.Object.Doc
		}
		switch d.Rule {
		case ParseError.ID, Schema.ID, AmbiguousScalar.ID:
			state(doc).rejected = true
		}
	}

	compared, rejected := 0, 0
	for _, s := range docs {
		if len(s.objects) > 1 || (len(s.objects) == 1 && !s.objects[0].Item.IsZero()) {
			continue // a List: the oracle below decodes single objects
		}
		where := fmt.Sprintf("%s:%d", s.doc.File, s.doc.Line)
		oracleTyped, known, oracleRejects := oracleDecode(s.doc.Source)
		if !known {
			continue
		}
		if oracleRejects != s.rejected {
			t.Errorf("%s: cluster rejects = %v, podlint reports = %v", where, oracleRejects, s.rejected)
			continue
		}
		if oracleRejects {
			rejected++
			continue
		}
		if len(s.objects) != 1 || s.objects[0].Typed == nil {
			t.Errorf("%s: the cluster accepts the document, but podlint has no typed object", where)
			continue
		}
		compared++
		if !equality.Semantic.DeepEqual(oracleTyped, s.objects[0].Typed) {
			t.Errorf("%s: typed object differs from the cluster's (-cluster +podlint):\n%s", where, cmp.Diff(oracleTyped, s.objects[0].Typed))
		}
	}
	t.Logf("compared %d typed objects; %d documents rejected by both", compared, rejected)
	if compared < 3000 {
		t.Errorf("compared only %d objects; the corpus has more than 3,000 of known kinds", compared)
	}
}

// oracleDecode decodes one document the way kubectl and the API server do.
func oracleDecode(src []byte) (obj any, known, rejects bool) {
	var probe yaml.Node
	if err := yaml.Unmarshal(src, &probe); err != nil || len(probe.Content) == 0 || probe.Content[0].Kind != yaml.MappingNode {
		// Not an object podlint would type either; parse failures of real
		// objects are compared through the lenient path below.
		if err == nil {
			return nil, false, false
		}
	}
	js, err := sigsyaml.YAMLToJSON(src)
	if err != nil {
		return nil, hasKnownKind(src), true
	}
	var head struct {
		APIVersion string            `json:"apiVersion"`
		Kind       string            `json:"kind"`
		Metadata   metav1.ObjectMeta `json:"metadata"`
	}
	if kjson.UnmarshalCaseSensitivePreserveInts(js, &head) != nil {
		return nil, false, false
	}
	gv, err := schema.ParseGroupVersion(head.APIVersion)
	if err != nil || head.Kind == "" || strings.HasSuffix(head.Kind, "List") {
		return nil, false, false
	}
	typed, ok := newTyped(gv.WithKind(head.Kind))
	if !ok {
		return nil, false, false
	}
	if _, err := sigsyaml.YAMLToJSONStrict(src); err != nil {
		return nil, true, true
	}
	strictErrs, err := kjson.UnmarshalStrict(js, typed)
	if err != nil || len(strictErrs) > 0 {
		return nil, true, true
	}
	if head.Metadata.Name == "" && head.Metadata.GenerateName == "" {
		return nil, true, true
	}
	return typed, true, false
}

// hasKnownKind guesses the kind of a document YAMLToJSON refused, from its
// top-level lines, to decide whether the oracle covers it.
func hasKnownKind(src []byte) bool {
	var apiVersion, kind string
	for _, line := range strings.Split(string(src), "\n") {
		if v, ok := strings.CutPrefix(line, "apiVersion:"); ok {
			apiVersion = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "kind:"); ok {
			kind = strings.TrimSpace(v)
		}
	}
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil {
		return false
	}
	_, ok := newTyped(gv.WithKind(kind))
	return ok
}

// TestCorpusLoads checks that every file of the corpus loads without a
// crash and that every document is accounted for.
func TestCorpusLoads(t *testing.T) {
	res, err := Load(context.Background(), corpusInputs(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	perRule := map[string]int{}
	for _, d := range res.Diagnostics {
		perRule[d.Rule]++
	}
	t.Logf("files %d, documents %d, objects %d, skipped %d, findings %v",
		res.Summary.Files, res.Summary.Documents, res.Summary.Objects, res.Summary.Skipped, perRule)
	if res.Summary.Objects < 4000 {
		t.Errorf("only %d objects loaded from the corpus", res.Summary.Objects)
	}
	// Every document read is accounted for: it loaded, failed or was skipped.
	docs := map[*analyzer.Document]bool{}
	for _, o := range res.Objects {
		docs[o.Doc] = true
	}
	if got := len(docs) + res.Summary.Failed + res.Summary.Skipped; got != res.Summary.Documents {
		t.Errorf("loaded %d + failed %d + skipped %d = %d, but %d documents were read",
			len(docs), res.Summary.Failed, res.Summary.Skipped, got, res.Summary.Documents)
	}
}

func BenchmarkLoadCorpus(b *testing.B) {
	inputs := corpusInputs(b)
	var docs int
	for b.Loop() {
		res, err := Load(context.Background(), inputs, Options{})
		if err != nil {
			b.Fatal(err)
		}
		docs = res.Summary.Documents
	}
	b.ReportMetric(float64(docs)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
