package cache

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/podlint/podlint/analyzer/ext"
)

// answersFile holds the companion's answers (see Answers), beside the
// entries of whole runs.
const answersFile = "companion-answers.bin"

// Bounds of the companion's answers: beyond either, those used least
// recently go. The answers of the 105 CRDs and 600 custom resources of
// ../shared/corpus take about 1 MB.
const (
	maxAnswers     = 50_000
	maxAnswerBytes = 64 << 20
)

// Answers keeps podlint-ext's answers between runs, as ext.Answers: the
// verdicts on CRDs and schema files and on the custom resources validated
// against them. They are read from one file when the run starts and
// written back by Save when the run added any. Each answer is keyed by
// the companion's build and the whole of its question (ext.AnswerKey), so
// an answer never outlives what it was the answer to.
type Answers struct {
	path string
	now  int64

	mu      sync.Mutex
	entries map[ext.AnswerKey]*answer
	added   bool
	hits    int
}

type answer struct {
	Result []byte
	Used   int64 // Unix seconds of the last run that used it
}

type answersOnDisk struct {
	Format  int
	Entries map[ext.AnswerKey]*answer
}

// OpenAnswers reads the answers kept in dir, if any.
func OpenAnswers(dir string) *Answers {
	a := &Answers{path: filepath.Join(dir, answersFile), now: time.Now().Unix(), entries: map[ext.AnswerKey]*answer{}}
	data, err := os.ReadFile(a.path)
	if err != nil {
		return a
	}
	var d answersOnDisk
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&d) == nil && d.Format == Format && d.Entries != nil {
		a.entries = d.Entries
	}
	return a
}

// Get returns the answer kept under k.
func (a *Answers) Get(k ext.AnswerKey) (json.RawMessage, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.entries[k]
	if !ok {
		return nil, false
	}
	e.Used = a.now
	a.hits++
	return slices.Clone(e.Result), true
}

// Hits counts the answers read back so far.
func (a *Answers) Hits() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.hits
}

// Put keeps an answer.
func (a *Answers) Put(k ext.AnswerKey, result json.RawMessage) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries[k] = &answer{Result: slices.Clone(result), Used: a.now}
	a.added = true
}

// Save writes the answers back when the run added any, without those used
// least recently beyond the bounds.
func (a *Answers) Save() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.added {
		return nil
	}
	keys := make([]ext.AnswerKey, 0, len(a.entries))
	size := 0
	for k, e := range a.entries {
		keys = append(keys, k)
		size += len(e.Result) + len(k)
	}
	slices.SortFunc(keys, func(x, y ext.AnswerKey) int { return int(a.entries[x].Used - a.entries[y].Used) })
	for len(keys) > 0 && (len(keys) > maxAnswers || size > maxAnswerBytes) {
		size -= len(a.entries[keys[0]].Result) + len(keys[0])
		delete(a.entries, keys[0])
		keys = keys[1:]
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(answersOnDisk{Format: Format, Entries: a.entries}); err != nil {
		return err
	}
	if err := writeWhole(filepath.Dir(a.path), a.path, buf.Bytes()); err != nil {
		return err
	}
	a.added = false
	return nil
}
