package analyzer

import (
	"fmt"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"

	"github.com/factoryscope/factoryscope/internal/objref"
	"github.com/factoryscope/factoryscope/passes/singleton"
)

// Validate checks cfg for the module at dir and returns the first problem
// as a one-line *FieldError that names the field and its bad value. The
// empty Config is valid: only source directives apply then.
//
// dir is the directory the configuration is used in, normally that of the
// module being analysed: an import path whose first element has no dot is
// accepted only in the module of the go.mod nearest to dir (see
// realPath). Validation never looks at the process's working directory
// (a language server's is the editor's); "" means no module, where such
// paths are accepted unchecked.
func (cfg Config) Validate(dir string) error {
	_, err := cfg.settings(dir)
	return err
}

// settings validates cfg for dir (see Validate) and converts it to the
// singleton pass's settings.
func (cfg Config) settings(dir string) (singleton.Settings, error) {
	var s singleton.Settings
	mod := mainModule(dir)
	singletons := make(map[objref.Ref]int) // singleton -> index of its rule
	for i, r := range cfg.Rules {
		field := fmt.Sprintf("rules[%d]", i)
		single, err := parseRef(field+".singleton", r.Singleton, mod)
		if err != nil {
			return singleton.Settings{}, err
		}
		if j, dup := singletons[single]; dup {
			return singleton.Settings{}, fieldErrorf(field+".singleton", "%q is already the singleton of rules[%d]", r.Singleton, j)
		}
		singletons[single] = i
		repl, err := parseRef(field+".replacement", r.Replacement, mod)
		if err != nil {
			return singleton.Settings{}, err
		}
		if repl == single {
			return singleton.Settings{}, fieldErrorf(field+".replacement", "%q is the singleton itself", r.Replacement)
		}
		if strings.ContainsAny(r.Message, "\r\n") {
			return singleton.Settings{}, fieldErrorf(field+".message", "%q is not a single line", r.Message)
		}
		s.Rules = append(s.Rules, singleton.ParsedRule{Singleton: single, Replacement: repl, Message: r.Message})
	}
	// A replacement that is itself a singleton would turn every fix into a
	// new finding.
	for i, r := range s.Rules {
		if j, ok := singletons[r.Replacement]; ok {
			return singleton.Settings{}, fieldErrorf(fmt.Sprintf("rules[%d].replacement", i), "%q is itself the singleton of rules[%d]", cfg.Rules[i].Replacement, j)
		}
	}
	// A func builds the per-request value from a context or a request, or
	// from a test: it belongs in one list, once.
	ctors := make(map[objref.Ref]string) // -> its field
	var err error
	if s.Constructors, err = refList("constructors", cfg.Constructors, ctors, mod); err != nil {
		return singleton.Settings{}, err
	}
	if s.TestConstructors, err = refList("test-constructors", cfg.TestConstructors, ctors, mod); err != nil {
		return singleton.Settings{}, err
	}
	// The analyzers do not use the phases, but every driver accepts and
	// rejects the same configuration.
	if _, err := cfg.Classifier(); err != nil {
		return singleton.Settings{}, err
	}
	return s, nil
}

// refList parses the list of references at key, each one not yet in seen,
// which maps a reference to the field that holds it. mod is the main
// module's path (see realPath).
func refList(key string, list []string, seen map[objref.Ref]string, mod string) ([]objref.Ref, error) {
	var refs []objref.Ref
	for i, c := range list {
		field := fmt.Sprintf("%s[%d]", key, i)
		ref, err := parseRef(field, c, mod)
		if err != nil {
			return nil, err
		}
		if other, dup := seen[ref]; dup {
			return nil, fieldErrorf(field, "%q is already %s", c, other)
		}
		seen[ref] = field
		refs = append(refs, ref)
	}
	return refs, nil
}

func parseRef(field, s, mod string) (objref.Ref, error) {
	if s == "" {
		return objref.Ref{}, fieldErrorf(field, "missing: want an import path followed by a name, e.g. example.com/app/pkg.Name")
	}
	ref, err := objref.Parse(s)
	if err == nil && !realPath(ref.Path, mod) {
		err = fmt.Errorf("%q is not an import path followed by a name", s)
	}
	if err != nil {
		return objref.Ref{}, &FieldError{Field: field, Msg: err.Error()}
	}
	return ref, nil
}

// realPath reports whether path can name a package of a module build: its
// first element contains a dot (a module path such as example.com/app),
// it is in the main module mod (whose path may lack a dot: "module app"),
// or it is a standard-library package. Without a main module to compare
// with (mod is "": no go.mod above the directory, or GOROOT's own "std"),
// dotless paths are accepted. This rejects "x" in "x.Y" and a bare
// package name such as "supervisor" in "supervisor.GetAgentInstanceFactory",
// which the module syntax of import paths allows but no go.mod dependency
// can provide. When GOROOT cannot be found, dotless paths are accepted
// unchecked.
func realPath(path, mod string) bool {
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		return true
	}
	if mod == "" || mod == "std" || mod == "cmd" {
		// No main module to check against: outside any module, or in
		// GOROOT, where go vet runs the tool for standard packages.
		return true
	}
	if path == mod || strings.HasPrefix(path, mod+"/") {
		return true
	}
	root := goroot()
	if root == "" {
		return true
	}
	fi, err := os.Stat(filepath.Join(root, "src", filepath.FromSlash(path)))
	return err == nil && fi.IsDir()
}

// mainModule returns the module path of the go.mod nearest to dir (at or
// above it), or "" when there is none or dir is "". A relative dir is
// taken from the working directory: the CLI passes ".", which under go
// vet is the package's directory.
func mainModule(dir string) string {
	if dir == "" {
		return ""
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			return modfile.ModulePath(data)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// goroot is go/build's GOROOT, or what the go command reports when the
// binary does not know it (built with -trimpath and no $GOROOT).
var goroot = sync.OnceValue(func() string {
	if build.Default.GOROOT != "" {
		return build.Default.GOROOT
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
})
