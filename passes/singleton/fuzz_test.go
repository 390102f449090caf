package singleton_test

import (
	"go/format"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/tools/txtar"

	"github.com/factoryscope/factoryscope/passes/singleton"
)

// fuzzSettings are the fixed rules of FuzzFix: those of the testdata
// packages, with TestIndirect's.
func fuzzSettings() singleton.Settings {
	return allRules()
}

// FuzzFix fuzzes the fix pipeline. An input is a txtar archive: its
// comment is the package's import path, its files the package's (at most
// four). The seeds are the golden packages of testdata/src, before and
// after their fixes, without their "// want" comments. An input that
// parses and, gofmt'ed, type-checks against the stubs is analyzed with
// fuzzSettings' rules, and then:
//   - every diagnostic has the shape checkDiagnostic asks for, and each
//     fix alone leaves a gofmt-clean file and a package that type-checks
//     (checkAlone);
//   - all fixes applied at once do not conflict and give gofmt-clean files
//     that type-check;
//   - the analyzer run again on the fixed package offers no fix.
//
// Crashers found by go test -fuzz are kept in testdata/fuzz/FuzzFix.
func FuzzFix(f *testing.F) {
	for _, seed := range goldenSeeds(f) {
		f.Add(seed)
	}
	// Loaded here, not in the first call: the fuzzing engine stops a call
	// that takes 10s.
	u, err := loadUniverse(singleton.New(fuzzSettings()),
		"bytes", "context", "errors", "fmt", "io", "net/http", "os", "strings", "sync", "testing", "time")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, archive []byte) {
		path, src, ok := fuzzPackage(archive)
		if !ok {
			return
		}
		c, err := u.check(path, src)
		if err != nil {
			return // not a package the analyzer runs on
		}
		pass, diags, err := u.analyze(c)
		if err != nil {
			t.Fatal(err)
		}
		edits := map[string][]edit{}
		for _, d := range diags {
			checkDiagnostic(t, c.fset, d)
			checkAlone(t, pass, d)
			for name, es := range editsOf(c.fset, d) {
				edits[name] = append(edits[name], es...)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
		if len(edits) == 0 {
			return
		}
		fixed := map[string][]byte{}
		for name, s := range src {
			fixed[name] = s
			if es := edits[name]; es != nil {
				out, err := applyEdits(s, es)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if err := gofmtClean(out); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				fixed[name] = out
			}
		}
		c2, err := u.check(path, fixed)
		if err != nil {
			t.Fatalf("the fixed package does not type-check: %v\n%s", err, txtar.Format(archiveOf(path, fixed)))
		}
		_, again, err := u.analyze(c2)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range again {
			if len(d.SuggestedFixes) > 0 {
				t.Fatalf("%s: after the fixes, a fix again: %s\n%s", c2.fset.Position(d.Pos), d.Message, txtar.Format(archiveOf(path, fixed)))
			}
		}
	})
}

// fuzzPackage reads an input of FuzzFix: the import path and the files,
// each gofmt'ed. It reports false for an input that is no such package.
func fuzzPackage(data []byte) (string, map[string][]byte, bool) {
	ar := txtar.Parse(data)
	path := strings.TrimSpace(string(ar.Comment))
	if module.CheckImportPath(path) != nil || len(ar.Files) == 0 || len(ar.Files) > 4 {
		return "", nil, false
	}
	src := map[string][]byte{}
	for _, f := range ar.Files {
		if !goFileName.MatchString(f.Name) || src[f.Name] != nil {
			return "", nil, false
		}
		formatted, err := format.Source(f.Data)
		if err != nil {
			return "", nil, false
		}
		src[f.Name] = formatted
	}
	return path, src, true
}

var goFileName = regexp.MustCompile(`^[a-z0-9_]+\.go$`)

// archiveOf is the txtar archive of a package, files in name order.
func archiveOf(path string, src map[string][]byte) *txtar.Archive {
	ar := &txtar.Archive{Comment: []byte(path + "\n")}
	for _, name := range slices.Sorted(maps.Keys(src)) {
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: src[name]})
	}
	return ar
}

// goldenSeeds returns an archive for each package of testdata/src with
// .golden files, as it is and as fixed, without "// want" comments.
func goldenSeeds(f *testing.F) [][]byte {
	f.Helper()
	root := filepath.Join("testdata", "src")
	dirs := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, _ os.DirEntry, err error) error {
		if strings.HasSuffix(p, ".go.golden") {
			dirs[filepath.Dir(p)] = true
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	var seeds [][]byte
	for _, dir := range slices.Sorted(maps.Keys(dirs)) {
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			f.Fatal(err)
		}
		names, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			f.Fatal(err)
		}
		before, after := map[string][]byte{}, map[string][]byte{}
		for _, name := range names {
			src, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			fixed, err := os.ReadFile(name + ".golden")
			if err != nil {
				fixed = src
			}
			base := filepath.Base(name)
			before[base], after[base] = wantComment.ReplaceAll(src, nil), wantComment.ReplaceAll(fixed, nil)
		}
		for _, pkg := range []map[string][]byte{before, after} {
			seeds = append(seeds, txtar.Format(archiveOf(filepath.ToSlash(rel), pkg)))
		}
	}
	if len(seeds) == 0 {
		f.Fatalf("no golden packages under %s", root)
	}
	return seeds
}
