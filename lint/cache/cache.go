// Package cache keeps the results of whole lint runs on disk, so that a
// repeat run over unchanged inputs (a pre-commit hook, CI with a restored
// cache) decodes its findings instead of linting again.
//
// An entry is found by its key, a hash the caller builds (Key) of
// everything that can change the findings: podlint's build, the options,
// the configuration and the bytes of every file the lint reads that is
// known before it runs. Files known only once the lint has run (those a
// kustomization build read, lint.Result.Read) are recorded in the entry
// with their hashes, and hashed again on every lookup: an entry whose
// files changed is a miss. An entry that does not read back is a miss too.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/podlint/podlint/lint"
)

// Format is the version of the entries' layout: entries of another are
// never read.
const Format = 1

// Bounds of the cache: beyond either, the entries used least recently go.
const (
	MaxEntries = 200
	MaxBytes   = 500 << 20
)

// Dir returns the cache's folder: $PODLINT_CACHE_DIR, or podlint in the
// user's cache folder ($XDG_CACHE_HOME or ~/.cache on Linux).
func Dir() (string, error) {
	if d := os.Getenv("PODLINT_CACHE_DIR"); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "podlint"), nil
}

// A Key hashes the parts of a cache key. Every part is written with its
// length, so no two sequences of parts hash alike.
type Key struct {
	h hash.Hash
}

// NewKey starts a key of the current Format.
func NewKey() *Key {
	k := &Key{h: sha256.New()}
	k.Add("format", fmt.Sprint(Format))
	return k
}

// Add adds a named part.
func (k *Key) Add(name string, values ...string) {
	k.write(name)
	k.write(fmt.Sprint(len(values)))
	for _, v := range values {
		k.write(v)
	}
}

func (k *Key) write(s string) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
	k.h.Write(n[:])
	_, _ = io.WriteString(k.h, s) // a hash never fails to write
}

// Sum returns the key, in hex.
func (k *Key) Sum() string { return hex.EncodeToString(k.h.Sum(nil)) }

// A Dep is a file a result depends on and the hash of its bytes.
type Dep struct {
	Path, Sum string
}

// HashFile returns the SHA-256 of a file's bytes, in hex.
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// HashTree hashes every file below root, in walk order, following
// symbolic links (a chart may link a file from elsewhere) but never into a
// folder twice, and leaving out the folders skip names (the cache's own,
// when it is below root).
func HashTree(root string, skip ...string) ([]Dep, error) {
	var deps []Dep
	seen := map[string]bool{}
	var walk func(dir string, depth int) error
	walk = func(dir string, depth int) error {
		resolved, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return err
		}
		if seen[resolved] || depth > 40 {
			return nil
		}
		seen[resolved] = true
		entries, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			st, err := os.Stat(p) // follows links
			if err != nil {
				return err
			}
			switch {
			case st.IsDir() && slices.Contains(skip, p):
			case st.IsDir():
				if err := walk(p, depth+1); err != nil {
					return err
				}
			case st.Mode().IsRegular():
				sum, err := HashFile(p)
				if err != nil {
					return err
				}
				deps = append(deps, Dep{Path: p, Sum: sum})
			default:
				deps = append(deps, Dep{Path: p, Sum: "special " + st.Mode().String()})
			}
		}
		return nil
	}
	st, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		sum, err := HashFile(root)
		if err != nil {
			return nil, err
		}
		return []Dep{{Path: root, Sum: sum}}, nil
	}
	return deps, walk(root, 0)
}

// hashDir returns a hash of the names in a folder, but those skip names.
func hashDir(path string, skip []string) (string, error) {
	entries, err := os.ReadDir(path)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, e := range entries {
		if slices.Contains(skip, absPath(filepath.Join(path, e.Name()))) {
			continue
		}
		fmt.Fprintf(h, "%q %v\n", e.Name(), e.Type())
	}
	return "folder " + hex.EncodeToString(h.Sum(nil)), nil
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// HashFiles hashes each file, or the names in each folder but the
// folders skip names (absolute: the cache's own); a missing file hashes as
// "missing".
func HashFiles(paths []string, skip ...string) ([]Dep, error) {
	deps := make([]Dep, 0, len(paths))
	for _, p := range paths {
		var sum string
		st, err := os.Stat(p)
		switch {
		case err != nil:
		case st.IsDir():
			sum, err = hashDir(p, skip)
		case st.Mode().IsRegular():
			sum, err = HashFile(p)
		default:
			// A pipe (podlint lint <(helm template ...)) or a device: reading
			// it would take what the lint is to read.
			err = fmt.Errorf("%s: not a regular file", p)
		}
		if errors.Is(err, fs.ErrNotExist) {
			sum = "missing"
		} else if err != nil {
			return nil, err
		}
		deps = append(deps, Dep{Path: p, Sum: sum})
	}
	return deps, nil
}

// A Store is a cache folder.
type Store struct {
	Dir string
}

func (s *Store) file(key string) string { return filepath.Join(s.Dir, key+".gob") }

// Get returns the result stored under key, when there is one and every
// file it recorded hashes as it did; false otherwise.
func (s *Store) Get(key string) (*lint.Result, bool) {
	path := s.file(key)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	var e entry
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&e) != nil || e.Format != Format || e.Key != key {
		return nil, false
	}
	now, err := HashFiles(depPaths(e.Deps), absPath(s.Dir))
	if err != nil || !slices.Equal(now, e.Deps) {
		return nil, false
	}
	res, err := e.result()
	if err != nil {
		return nil, false
	}
	t := time.Now()
	_ = os.Chtimes(path, t, t) // used: the last to be evicted
	return res, true
}

func depPaths(deps []Dep) []string {
	out := make([]string, len(deps))
	for i, d := range deps {
		out[i] = d.Path
	}
	return out
}

// Put stores res under key, with the files beyond the key it depends on
// and their hashes, and evicts what is beyond the bounds. The entry is
// written whole or not at all.
func (s *Store) Put(key string, res *lint.Result, deps []Dep) error {
	e, err := newEntry(key, res, deps)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(e); err != nil {
		return err
	}
	if err := writeWhole(s.Dir, s.file(key), buf.Bytes()); err != nil {
		return err
	}
	s.evict()
	return nil
}

// writeWhole writes data to path, in dir, whole or not at all: through a
// temporary file renamed over it, so a concurrent run reads the old file
// or the new one.
func writeWhole(dir, path string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil { //nolint:gosec // a cache folder of the user's
		return err
	}
	tmp, err := os.CreateTemp(dir, "tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// evict removes the entries used least recently beyond MaxEntries or
// MaxBytes, and temporary files a killed run left an hour ago or more.
func (s *Store) evict() {
	dirEntries, err := os.ReadDir(s.Dir)
	if err != nil {
		return
	}
	type file struct {
		path string
		size int64
		mod  time.Time
	}
	var files []file
	var total int64
	for _, de := range dirEntries {
		info, err := de.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		p := filepath.Join(s.Dir, de.Name())
		if strings.HasPrefix(de.Name(), "tmp-") {
			if time.Since(info.ModTime()) > time.Hour {
				_ = os.Remove(p)
			}
			continue
		}
		if !strings.HasSuffix(de.Name(), ".gob") {
			continue
		}
		files = append(files, file{p, info.Size(), info.ModTime()})
		total += info.Size()
	}
	slices.SortFunc(files, func(a, b file) int { return a.mod.Compare(b.mod) })
	for len(files) > MaxEntries || (total > MaxBytes && len(files) > 1) {
		_ = os.Remove(files[0].path)
		total -= files[0].size
		files = files[1:]
	}
}

// Clean removes every entry, and the folder if it is left empty.
func (s *Store) Clean() error {
	dirEntries, err := os.ReadDir(s.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var errs []error
	for _, de := range dirEntries {
		if strings.HasSuffix(de.Name(), ".gob") || strings.HasPrefix(de.Name(), "tmp-") || de.Name() == answersFile {
			errs = append(errs, os.Remove(filepath.Join(s.Dir, de.Name())))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if rest, err := os.ReadDir(s.Dir); err == nil && len(rest) == 0 {
		return os.Remove(s.Dir)
	}
	return nil
}
