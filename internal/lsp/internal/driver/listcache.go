package driver

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"
)

// listingCache keeps, between runs of the server, what the go command
// listed for the export data of a set of imports: listing export data
// prepares a build, which was most of what a new server waited for
// before its first diagnostics (gopls keeps its type-checked packages on
// disk for the same reason). An entry is used only while everything it
// came from is as it was, by size and modification time: each listed
// package's files and directory (a file added or removed), each export
// file, the go command, its environment file and the module and
// workspace files from the directory up. Anything else lists afresh.
type listingCache struct{ dir string }

// newListingCache returns a cache in dir, and removes the entries not
// used for a month.
func newListingCache(dir string) *listingCache {
	go prune(dir, "", 30*24*time.Hour)
	return &listingCache{dir: dir}
}

// listing is the stored form of a listing.
type listing struct {
	Stamps []stamp
	Pkgs   []listedPkg
}

// stamp is what a file was when its listing was stored; Size is -1 for
// a file that did not exist. Mod is 0 for a file in the build cache,
// which is named by its content, and whose time the go command moves
// when it uses the file.
type stamp struct {
	Name      string
	Size, Mod int64
}

func (s stamp) current() bool {
	now := stampOf(s.Name)
	if s.Mod == 0 {
		now.Mod = 0
	}
	return now == s
}

// listedPkg is a listed package with its imports by ID, since gob would
// copy a shared *packages.Package once per importer.
type listedPkg struct {
	ID, Name, PkgPath, ExportFile                      string
	GoFiles, CompiledGoFiles, OtherFiles, IgnoredFiles []string
	Imports                                            map[string]string // import path -> ID
	Module                                             *packages.Module
}

// listingKey identifies the listing of ids from cfg's directory with
// cfg's build flags and the environment that decides the go command's
// answer. The rest of what decides it is checked by stamps.
func listingKey(cfg *packages.Config, ids []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%q\x00%q\x00", cfg.Dir, ids, cfg.BuildFlags)
	env := cfg.Env
	if env == nil {
		env = os.Environ()
	}
	for _, kv := range slices.Sorted(slices.Values(env)) {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GO") || strings.HasPrefix(name, "CGO_") || slices.Contains([]string{"CC", "CXX", "PKG_CONFIG", "PATH", "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"}, name) {
			fmt.Fprintf(h, "%s\x00", kv)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func stampOf(name string) stamp {
	info, err := os.Stat(name)
	if err != nil {
		return stamp{Name: name, Size: -1}
	}
	return stamp{Name: name, Size: info.Size(), Mod: info.ModTime().UnixNano()}
}

// inputs returns the files outside any package that decide a listing
// from dir with the environment env: the go command, its environment
// file, the module and workspace files (and vendored modules) of dir and
// every directory above it, the workspace GOWORK names, and the go.mod
// and go.sum of every module a workspace uses (their requirements choose
// versions for all).
func inputs(dir string, env []string) []string {
	var out []string
	if goCmd, err := exec.LookPath("go"); err == nil {
		out = append(out, goCmd)
	}
	if goenv := envValue(env, "GOENV"); goenv != "" {
		out = append(out, goenv)
	} else if cfg, err := os.UserConfigDir(); err == nil {
		out = append(out, filepath.Join(cfg, "go", "env"))
	}
	var works []string
	if w := envValue(env, "GOWORK"); w != "" && w != "off" {
		works = append(works, w)
	}
	for d := dir; ; d = filepath.Dir(d) {
		for _, f := range []string{"go.mod", "go.sum", "go.work", "go.work.sum", filepath.Join("vendor", "modules.txt")} {
			out = append(out, filepath.Join(d, f))
		}
		if envValue(env, "GOWORK") == "" {
			works = append(works, filepath.Join(d, "go.work"))
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	for _, w := range works { // and its sums and vendored modules
		out = append(out, w, w+".sum", filepath.Join(filepath.Dir(w), "vendor", "modules.txt"))
	}
	for _, w := range works {
		data, err := os.ReadFile(w)
		if err != nil {
			continue
		}
		wf, err := modfile.ParseWork(w, data, nil)
		if err != nil {
			continue
		}
		for _, u := range wf.Use {
			mod := u.Path
			if !filepath.IsAbs(mod) {
				mod = filepath.Join(filepath.Dir(w), mod)
			}
			out = append(out, filepath.Join(mod, "go.mod"), filepath.Join(mod, "go.sum"))
		}
	}
	return out
}

// envValue returns the value of name in env (the process's if nil).
func envValue(env []string, name string) string {
	if env == nil {
		return os.Getenv(name)
	}
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == name {
			v = val // the last wins, as for exec.Cmd
		}
	}
	return v
}

// listedFrom returns the files and directories p was listed from, and
// the files the go command built for it (its export data, cgo's output),
// which are named by their content in the build cache.
func listedFrom(p *listedPkg) (sources, built []string) {
	sources = slices.Concat(p.GoFiles, p.OtherFiles, p.IgnoredFiles)
	for _, f := range sources {
		sources = append(sources, filepath.Dir(f))
	}
	if m := p.Module; m != nil { // its go line and requirements
		if m.GoMod != "" {
			sources = append(sources, m.GoMod)
		}
		if m.Replace != nil && m.Replace.GoMod != "" {
			sources = append(sources, m.Replace.GoMod)
		}
	}
	for _, f := range p.CompiledGoFiles {
		if !slices.Contains(p.GoFiles, f) {
			built = append(built, f)
		}
	}
	if p.ExportFile != "" {
		built = append(built, p.ExportFile)
	}
	slices.Sort(sources)
	return slices.Compact(sources), built
}

// overlaid reports whether unsaved text stands for a file in the
// directory of one of pkgs: the go command built its export data from
// that text, which a later run would not have.
func overlaid(pkgs []listedPkg, overlay map[string][]byte) bool {
	dirs := map[string]bool{}
	for name := range overlay {
		dirs[filepath.Dir(name)] = true
	}
	for _, p := range pkgs {
		for _, f := range slices.Concat(p.GoFiles, p.OtherFiles, p.IgnoredFiles) {
			if dirs[filepath.Dir(f)] {
				return true
			}
		}
	}
	return false
}

func (c *listingCache) file(key string) string { return filepath.Join(c.dir, key) }

// get returns the listing stored for key if all it came from is as it
// was, or nil.
func (c *listingCache) get(key string, overlay map[string][]byte) map[string]*packages.Package {
	data, err := os.ReadFile(c.file(key))
	if err != nil {
		return nil
	}
	var l listing
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&l) != nil || overlaid(l.Pkgs, overlay) {
		return nil
	}
	for _, s := range l.Stamps {
		if !s.current() {
			return nil
		}
	}
	out := make(map[string]*packages.Package, len(l.Pkgs))
	for _, lp := range l.Pkgs {
		out[lp.ID] = &packages.Package{
			ID: lp.ID, Name: lp.Name, PkgPath: lp.PkgPath, ExportFile: lp.ExportFile,
			GoFiles: lp.GoFiles, CompiledGoFiles: lp.CompiledGoFiles, OtherFiles: lp.OtherFiles, IgnoredFiles: lp.IgnoredFiles,
			Module: lp.Module, Imports: map[string]*packages.Package{},
		}
	}
	for _, lp := range l.Pkgs {
		for path, id := range lp.Imports {
			ip := out[id]
			if ip == nil {
				return nil
			}
			out[lp.ID].Imports[path] = ip
		}
	}
	now := time.Now()
	_ = os.Chtimes(c.file(key), now, now) // in use: see prune
	return out
}

// listingMargin covers file systems with coarse times (FAT's are two
// seconds): a file changed less than this before a listing started may
// have changed during it.
const listingMargin = 2 * time.Second

// put stores pkgs, listed with cfg since start, under key. A file changed
// since start may or may not be in the listing: then nothing is stored.
// Failures only cost a later listing.
func (c *listingCache) put(key string, cfg *packages.Config, start time.Time, pkgs map[string]*packages.Package) error {
	var l listing
	for _, id := range slices.Sorted(maps.Keys(pkgs)) {
		p := pkgs[id]
		if len(p.Errors) > 0 || p.ExportFile == "" && p.PkgPath != "unsafe" {
			// Not found, not built, or empty: the files that would
			// change that may be anywhere.
			return nil
		}
		lp := listedPkg{
			ID: p.ID, Name: p.Name, PkgPath: p.PkgPath, ExportFile: p.ExportFile,
			GoFiles: p.GoFiles, CompiledGoFiles: p.CompiledGoFiles, OtherFiles: p.OtherFiles, IgnoredFiles: p.IgnoredFiles,
			Module: p.Module, Imports: map[string]string{},
		}
		for path, ip := range p.Imports {
			lp.Imports[path] = ip.ID
		}
		l.Pkgs = append(l.Pkgs, lp)
	}
	if overlaid(l.Pkgs, cfg.Overlay) {
		return nil
	}
	limit := start.Add(-listingMargin).UnixNano()
	for _, name := range inputs(cfg.Dir, cfg.Env) { // some are missing
		s := stampOf(name)
		if s.Mod >= limit {
			return nil
		}
		l.Stamps = append(l.Stamps, s)
	}
	for i := range l.Pkgs {
		src, built := listedFrom(&l.Pkgs[i])
		for _, name := range src {
			s := stampOf(name)
			if s.Size < 0 || s.Mod >= limit { // removed or changed while listed
				return nil
			}
			l.Stamps = append(l.Stamps, s)
		}
		for _, name := range built {
			s := stampOf(name)
			if s.Size < 0 {
				return nil
			}
			s.Mod = 0
			l.Stamps = append(l.Stamps, s)
		}
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(l); err != nil {
		return err
	}
	return writeFile(c.file(key), b.Bytes())
}
