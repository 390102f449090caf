package driver

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/factoryscope/factoryscope/internal/passgraph"
)

// diskCache keeps the facts of dependencies between runs of the server, as
// gopls keeps its analysis results: analysing the standard library and the
// module cache from source takes seconds that a new server should not
// wait for again. An entry is found by a key that covers everything the
// facts are computed from: the analyzers and their configuration (the
// caller's key), the package's files and their content, its Go version,
// and the keys of its dependencies, so an entry is never stale, only
// unused. Facts travel through gob, as they do between go vet's units.
type diskCache struct {
	dir   string                  // one directory per analyzer key
	types map[string]reflect.Type // fact types by name
}

// newDiskCache returns a cache under root for facts computed by
// analyzers, which key identifies, and removes the directories of other
// keys not used for a month.
func newDiskCache(root, key string, analyzers []*analysis.Analyzer) *diskCache {
	sum := sha256.Sum256([]byte(key))
	c := &diskCache{dir: filepath.Join(root, hex.EncodeToString(sum[:12])), types: map[string]reflect.Type{}}
	passgraph.Walk(analyzers, func(a *analysis.Analyzer) {
		for _, f := range a.FactTypes {
			c.types[typeName(reflect.TypeOf(f))] = reflect.TypeOf(f)
		}
	})
	go prune(root, c.dir, 30*24*time.Hour)
	return c
}

func typeName(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		return "*" + t.Elem().PkgPath() + "." + t.Elem().Name()
	}
	return t.PkgPath() + "." + t.Name()
}

// prune removes the entries of root other than keep that were not used
// (their directory's modification time) for longer than age.
func prune(root, keep string, age time.Duration) {
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		p := filepath.Join(root, e.Name())
		if info, err := e.Info(); err == nil && p != keep && time.Since(info.ModTime()) > age {
			_ = os.RemoveAll(p)
		}
	}
}

// entry is the stored form of a package's facts.
type entry struct {
	Name string
	Objs []storedFact
	Pkgs []storedFact
}

type storedFact struct {
	Path string // object path; "" for a package fact
	Type string
	Gob  []byte
}

func (c *diskCache) file(key string) string { return filepath.Join(c.dir, key[:2], key) }

// get returns the facts stored under key, or nil.
func (c *diskCache) get(key string) *pkgFacts {
	data, err := os.ReadFile(c.file(key))
	if err != nil {
		return nil
	}
	var e entry
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&e) != nil {
		return nil
	}
	pf := &pkgFacts{name: e.Name, objs: map[factKey]analysis.Fact{}, pkgs: map[reflect.Type]analysis.Fact{}}
	for _, sf := range slices.Concat(e.Objs, e.Pkgs) {
		t := c.types[sf.Type]
		if t == nil {
			return nil
		}
		v := reflect.New(t.Elem())
		if gob.NewDecoder(bytes.NewReader(sf.Gob)).DecodeValue(v) != nil {
			return nil
		}
		f := v.Interface().(analysis.Fact)
		if sf.Path != "" {
			pf.objs[factKey{objectpath.Path(sf.Path), t}] = f
		} else {
			pf.pkgs[t] = f
		}
	}
	now := time.Now()
	_ = os.Chtimes(c.dir, now, now) // in use
	return pf
}

// put stores pf under key. Failures only cost a later recomputation.
func (c *diskCache) put(key string, pf *pkgFacts) error {
	e := entry{Name: pf.name}
	encode := func(path string, t reflect.Type, f analysis.Fact) error {
		var b bytes.Buffer
		if err := gob.NewEncoder(&b).Encode(f); err != nil {
			return fmt.Errorf("encoding %s fact: %w", typeName(t), err)
		}
		sf := storedFact{Path: path, Type: typeName(t), Gob: b.Bytes()}
		if path != "" {
			e.Objs = append(e.Objs, sf)
		} else {
			e.Pkgs = append(e.Pkgs, sf)
		}
		return nil
	}
	for k, f := range pf.objs {
		if err := encode(string(k.path), k.typ, f); err != nil {
			return err
		}
	}
	for t, f := range pf.pkgs {
		if err := encode("", t, f); err != nil {
			return err
		}
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(e); err != nil {
		return err
	}
	return writeFile(c.file(key), b.Bytes())
}

// writeFile writes data to name through a temporary file, so that a
// reader, in this server or another, sees all of it or nothing.
func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err = errors.Join(err, tmp.Close()); err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// factKeys returns the cache key of each of the listed packages ids (in
// dependency order, as depsOf gives them), from their files, Go version
// and the keys of their imports. Packages whose files cannot be read get
// no key.
//
// The files of the main module and of replacements by a directory, and
// unsaved text, count by content. Those of the standard library, the
// module cache and the build cache (cgo's output) count by name, size and
// modification time, which is enough for files nobody edits in place and
// spares hashing more than a thousand files of the standard library.
func factKeys(ids []string, listed func(string) *packages.Package, overlay map[string][]byte) map[string]string {
	type file struct {
		name    string
		content bool
	}
	var files []file
	for _, id := range ids {
		if p := listed(id); p != nil {
			for _, f := range p.CompiledGoFiles {
				_, unsaved := overlay[f]
				files = append(files, file{f, unsaved || local(p)})
			}
		}
	}
	sums := make([]string, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				sums[i] = fileKey(files[i].name, files[i].content, overlay)
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	sum := map[string]string{}
	for i, f := range files {
		if sums[i] != "" {
			sum[f.name] = sums[i]
		}
	}

	keys := map[string]string{}
outer:
	for _, id := range ids {
		p := listed(id)
		if p == nil {
			continue
		}
		h := sha256.New()
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00", p.PkgPath, runtime.GOARCH, goVersion(p))
		for _, f := range p.CompiledGoFiles {
			s, ok := sum[f]
			if !ok {
				continue outer
			}
			fmt.Fprintf(h, "%s\x00%s\x00", filepath.Base(f), s)
		}
		for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
			ip := p.Imports[path]
			if pseudoPath(ip.PkgPath) {
				continue
			}
			k, ok := keys[ip.ID]
			if !ok {
				continue outer
			}
			fmt.Fprintf(h, "%s=%s\x00", path, k)
		}
		keys[id] = hex.EncodeToString(h.Sum(nil))
	}
	return keys
}

// local reports whether p's files may be edited in place: those of the
// main module and of a module replaced by a directory.
func local(p *packages.Package) bool {
	m := p.Module
	return m != nil && (m.Main || m.Replace != nil && m.Replace.Version == "" || m.Version == "")
}

// fileKey is what of a file its package's key covers: its content's hash,
// or its size and modification time; "" if it cannot be read.
func fileKey(name string, content bool, overlay map[string][]byte) string {
	if !content {
		info, err := os.Stat(name)
		if err != nil {
			return ""
		}
		return fmt.Sprintf("%d %d", info.Size(), info.ModTime().UnixNano())
	}
	src, ok := overlay[name]
	if !ok {
		var err error
		if src, err = os.ReadFile(name); err != nil {
			return ""
		}
	}
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:])
}

func goVersion(p *packages.Package) string {
	if p.Module != nil {
		return p.Module.GoVersion
	}
	return ""
}

func pseudoPath(path string) bool { return path == "unsafe" || path == "C" }
