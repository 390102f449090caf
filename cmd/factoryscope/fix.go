package main

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"
)

// This file applies the suggested fixes for -fix and -diff, as x/tools'
// checker does (go/analysis/internal/checker and
// internal/analysis/driverutil in x/tools v0.52.0), and also says which
// sites it left:
//
//   - the first fix of each diagnostic, in the order the packages'
//     actions reported them, is merged into the edits accepted so far, file
//     by file; identical edits (the same import added by several fixes, or
//     the same site reported by a package and its test variant) are kept
//     once; a fix with an edit that overlaps a different accepted edit is
//     skipped whole, and so is one that edits a generated file;
//   - the edited file is formatted (go/format) after removing each import
//     whose every use the edits removed, and written to a temporary file in
//     its directory that is then renamed over it, so that a file is never
//     left half written;
//   - a file whose size differs from the one analyzed was modified
//     meanwhile: nothing is written.

// edit replaces bytes [start, end) of a file with text.
type edit struct {
	start, end int
	text       string
}

// mergeEdits merges two lists of edits of one file, each sorted and
// without overlaps. Identical edits are kept once; of two insertions at
// the same point, x's comes first. It reports false when an edit of y
// overlaps a different edit of x (deletions that overlap are merged).
func mergeEdits(x, y []edit) ([]edit, bool) {
	x, y = slices.Clone(x), slices.Clone(y)
	var merged []edit
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		ex, ey := &x[i], &y[j]
		switch {
		case *ex == *ey:
			merged = append(merged, *ex)
			i, j = i+1, j+1
		case ex.end <= ey.start: // before, or an insertion at its start
			merged = append(merged, *ex)
			i++
		case ey.end <= ex.start:
			merged = append(merged, *ey)
			j++
		case ex.start < ey.start: // split off the part of ex before ey
			merged = append(merged, edit{ex.start, ey.start, ""})
			ex.start = ey.start
		case ey.start < ex.start:
			merged = append(merged, edit{ey.start, ex.start, ""})
			ey.start = ex.start
		default: // different replacements at the same point
			return nil, false
		}
	}
	merged = append(merged, x[i:]...)
	return append(merged, y[j:]...), true
}

// applyEdits applies sorted, non-overlapping edits to src.
func applyEdits(src []byte, edits []edit) []byte {
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	return out.Bytes()
}

// A site is a diagnostic as the user sees it. A package and its test
// variant report the sites of their common files twice; they count once,
// and a site is fixed when the fix of either report was applied.
type site struct {
	posn  token.Position
	msg   string
	fixed bool
	files []string // the files its fix edits, when fixed
	why   string   // why its fix was not applied, if it had one
}

// fixFile is a file the accepted fixes edit.
type fixFile struct {
	name     string
	baseline []byte
	edits    []edit
	pkg      *packages.Package // a package whose syntax holds the file
	syntax   *ast.File
	fixed    []byte // the result, set by plan.finish
}

// fixPlan is the outcome of merging the fixes: the sites and the files to
// change.
type fixPlan struct {
	sites []*site
	files []*fixFile // sorted by name
}

// planFixes merges the first fix of every diagnostic of the root actions.
// Its error means a file changed after it was analyzed.
func planFixes(roots []*checker.Action) (*fixPlan, error) {
	type siteKey struct {
		start, end token.Position
		analyzer   *analysis.Analyzer
		category   string
	}
	plan := new(fixPlan)
	bySite := make(map[siteKey]*site)
	files := make(map[string]*fixFile)
	for _, act := range roots {
		if !act.IsRoot || act.Err != nil {
			continue
		}
		fset := act.Package.Fset
		generated := make(map[*token.File]bool)
		for _, f := range act.Package.Syntax {
			generated[fset.File(f.FileStart)] = ast.IsGenerated(f)
		}
		for _, diag := range act.Diagnostics {
			k := siteKey{fset.Position(diag.Pos), fset.Position(diag.End), act.Analyzer, diag.Category}
			s := bySite[k]
			if s == nil {
				s = &site{posn: k.start, msg: diag.Message}
				bySite[k] = s
				plan.sites = append(plan.sites, s)
			}
			if s.fixed || len(diag.SuggestedFixes) == 0 {
				continue
			}
			edited, why, err := acceptFix(files, act.Package, generated, diag.SuggestedFixes[0])
			if err != nil {
				return nil, err
			}
			s.fixed, s.files, s.why = why == "", edited, why
		}
	}
	for _, f := range files {
		plan.files = append(plan.files, f)
	}
	slices.SortFunc(plan.files, func(a, b *fixFile) int { return cmp.Compare(a.name, b.name) })
	return plan, nil
}

// acceptFix merges fix into files if it can be merged whole and returns
// the names of the files it edits; otherwise it says why not.
func acceptFix(files map[string]*fixFile, pkg *packages.Package, generated map[*token.File]bool, fix analysis.SuggestedFix) ([]string, string, error) {
	byFile := make(map[string][]edit)
	var order []string
	for _, te := range fix.TextEdits {
		tf := pkg.Fset.File(te.Pos)
		if generated[tf] {
			return nil, "its file is generated", nil
		}
		f := files[tf.Name()]
		if f == nil {
			baseline, err := os.ReadFile(tf.Name())
			if err != nil {
				return nil, fmt.Sprintf("cannot read %s: %v", tf.Name(), err), nil
			}
			if len(baseline) != tf.Size() {
				return nil, "", fmt.Errorf("%s changed while it was analyzed (%d bytes, now %d); nothing was written", tf.Name(), tf.Size(), len(baseline))
			}
			f = &fixFile{name: tf.Name(), baseline: baseline, pkg: pkg}
			for _, syn := range pkg.Syntax {
				if pkg.Fset.File(syn.FileStart) == tf {
					f.syntax = syn
				}
			}
			files[f.name] = f
		}
		if _, ok := byFile[f.name]; !ok {
			order = append(order, f.name)
		}
		end := te.End
		if !end.IsValid() {
			end = te.Pos
		}
		byFile[f.name] = append(byFile[f.name], edit{tf.Offset(te.Pos), tf.Offset(end), string(te.NewText)})
	}
	merged := make(map[string][]edit)
	for _, name := range order {
		m, ok := mergeEdits(files[name].edits, byFile[name])
		if !ok {
			return nil, "its edits conflict with another fix's", nil
		}
		merged[name] = m
	}
	for name, m := range merged {
		files[name].edits = m
	}
	return order, "", nil
}

// finish computes each file's fixed content: the merged edits applied,
// imports whose uses they all removed deleted, the result formatted (left
// unformatted if it does not parse). Files that end up unchanged are
// dropped.
func (plan *fixPlan) finish() {
	var changed []*fixFile
	for _, f := range plan.files {
		src := applyEdits(f.baseline, f.edits)
		f.fixed = formatFixed(src, unusedImports(f))
		if !bytes.Equal(f.fixed, f.baseline) {
			changed = append(changed, f)
		}
	}
	plan.files = changed
}

// importSpec names an import to delete as astutil.DeleteNamedImport does.
type importSpec struct{ name, path string }

// unusedImports returns the imports of f that the edits leave unused: every
// use of the import in the original file (by type information) is inside
// text the edits replace, and no text they insert names it followed by a
// dot. Imports unused before, blank and dot imports are kept.
func unusedImports(f *fixFile) []importSpec {
	if f.syntax == nil || f.pkg.TypesInfo == nil {
		return nil
	}
	info, tf := f.pkg.TypesInfo, f.pkg.Fset.File(f.syntax.FileStart)
	uses := make(map[*types.PkgName][]*ast.Ident)
	for id, obj := range info.Uses {
		if pn, ok := obj.(*types.PkgName); ok && pn.Pos().IsValid() && f.pkg.Fset.File(pn.Pos()) == tf {
			uses[pn] = append(uses[pn], id)
		}
	}
	var unused []importSpec
	for _, spec := range f.syntax.Imports {
		obj := info.Implicits[spec]
		if spec.Name != nil {
			obj = info.Defs[spec.Name]
		}
		pn, ok := obj.(*types.PkgName)
		if !ok || pn.Name() == "_" || pn.Name() == "." || len(uses[pn]) == 0 {
			continue
		}
		left := slices.ContainsFunc(uses[pn], func(id *ast.Ident) bool {
			start := tf.Offset(id.Pos())
			return !replaced(f.edits, start, start+len(id.Name))
		})
		if left || slices.ContainsFunc(f.edits, func(e edit) bool { return qualifies(e.text, pn.Name()) }) {
			continue
		}
		var name string
		if spec.Name != nil {
			name = spec.Name.Name
		}
		unused = append(unused, importSpec{name, pn.Imported().Path()})
	}
	return unused
}

// replaced reports whether one of the edits replaces all of [start, end).
func replaced(edits []edit, start, end int) bool {
	return slices.ContainsFunc(edits, func(e edit) bool { return e.start <= start && end <= e.end && e.start < e.end })
}

// qualifies reports whether text has the identifier name followed by a
// dot, as a qualified identifier name.X would.
func qualifies(text, name string) bool {
	if !strings.Contains(text, name) {
		return false
	}
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", -1, len(text)), []byte(text), func(token.Position, string) {}, 0)
	prev := ""
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return false
		}
		if tok == token.PERIOD && prev == name {
			return true
		}
		prev = ""
		if tok == token.IDENT {
			prev = lit
		}
	}
}

// formatFixed deletes the imports from src and formats it; src is
// returned as it is when it does not parse.
func formatFixed(src []byte, unused []importSpec) []byte {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "fixed.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return src
	}
	for _, imp := range unused {
		astutil.DeleteNamedImport(fset, file, imp.name, imp.path)
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, file); err != nil {
		return src
	}
	return buf.Bytes()
}

// write writes every changed file. A site whose fix edits a file that
// could not be written is not fixed. It returns the errors, one per file.
func (plan *fixPlan) write() []error {
	var errs []error
	failed := make(map[string]bool)
	for _, f := range plan.files {
		if err := writeAtomic(f.name, f.fixed); err != nil {
			errs = append(errs, err)
			failed[f.name] = true
		}
	}
	if len(failed) > 0 {
		var written []*fixFile
		for _, f := range plan.files {
			if !failed[f.name] {
				written = append(written, f)
			}
		}
		plan.files = written
		for _, s := range plan.sites {
			if s.fixed && slices.ContainsFunc(s.files, func(name string) bool { return failed[name] }) {
				s.fixed, s.why = false, "its file could not be written"
			}
		}
	}
	return errs
}

// writeAtomic replaces the file name (the file a symbolic link points to)
// with data, keeping its permissions: data goes to a new file in the same
// directory, which is then renamed over the old one.
func writeAtomic(name string, data []byte) (err error) {
	target, err := filepath.EvalSymlinks(name)
	if err != nil {
		return err
	}
	info, err := os.Stat(target)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".factoryscope-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(info.Mode().Perm()); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}

// printDiff writes the changes as a unified diff, with file names relative
// to dir, so that "git apply" and "patch -p1" take it in dir.
func (plan *fixPlan) printDiff(w io.Writer, dir string) error {
	for _, f := range plan.files {
		name := f.name
		if rel, err := filepath.Rel(dir, f.name); err == nil {
			name = filepath.ToSlash(rel)
		}
		if _, err := io.WriteString(w, unifiedDiff(name, name, string(f.baseline), string(f.fixed), 3)); err != nil {
			return err
		}
	}
	return nil
}

// unfixed returns the sites left without a fix.
func (plan *fixPlan) unfixed() []*site {
	var left []*site
	for _, s := range plan.sites {
		if !s.fixed {
			left = append(left, s)
		}
	}
	return left
}

// summarize writes what -fix (or, with dryRun, -diff) did: the number of
// sites fixed and files changed, then each site left, with the reason the
// diagnostic gives ("no fix: ...") or, when it had a fix that was not
// applied, why not.
func (plan *fixPlan) summarize(w io.Writer, dryRun bool) {
	left := plan.unfixed()
	fixed := len(plan.sites) - len(left)
	verb := "fixed"
	if dryRun {
		verb = "would fix"
	}
	fmt.Fprintf(w, "factoryscope: %s %s in %s", verb, plural(fixed, "site"), plural(len(plan.files), "file"))
	if len(left) == 0 {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, "; %s not fixed:\n", plural(len(left), "site"))
	for _, s := range left {
		msg := s.msg
		if s.why != "" {
			msg += " (not fixed: " + s.why + ")"
		}
		fmt.Fprintf(w, "%s: %s\n", s.posn, msg)
	}
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
