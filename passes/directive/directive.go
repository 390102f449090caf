package directive

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/internal/docs"
	"github.com/factoryscope/factoryscope/internal/objref"
)

//go:embed doc.go
var doc string

// Analyzer exports a Singleton fact for every object whose doc comment
// carries a //factoryscope:singleton directive.
var Analyzer = &analysis.Analyzer{
	Name:       "directive",
	Doc:        docs.MustExtract(doc, "directive"),
	URL:        "https://github.com/factoryscope/factoryscope#source-directive",
	Run:        run,
	FactTypes:  []analysis.Fact{new(Singleton)},
	ResultType: reflect.TypeFor[*Result](),
}

// Prefix is the text that starts a directive line.
const Prefix = "//factoryscope:singleton"

// Singleton is the fact that an object is a process-wide singleton and
// names its per-request replacement.
type Singleton struct {
	Replacement objref.Ref
	Message     string // optional text appended to diagnostics
}

// AFact marks Singleton as an analysis fact.
func (*Singleton) AFact() {}

func (f *Singleton) String() string { return "singleton(" + f.Replacement.String() + ")" }

// Malformed is a directive that could not be read.
type Malformed struct {
	Pos token.Pos
	End token.Pos
	Err string
}

// Result gives the singletons declared by directives in the package and in
// all its dependencies.
type Result struct {
	facts     map[types.Object]*Singleton
	Malformed []Malformed // in this package, in source order
}

// Lookup returns the directive fact of obj, or nil.
func (r *Result) Lookup(obj types.Object) *Singleton { return r.facts[obj] }

// All calls yield for every declared singleton, in no particular order.
func (r *Result) All(yield func(types.Object, *Singleton) bool) {
	for obj, f := range r.facts {
		if !yield(obj, f) {
			return
		}
	}
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{facts: make(map[types.Object]*Singleton)}
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Recv == nil {
					readDoc(pass, res, decl.Doc, decl.Name)
				}
			case *ast.GenDecl:
				if decl.Tok != token.VAR {
					continue
				}
				for _, spec := range decl.Specs {
					spec := spec.(*ast.ValueSpec)
					cg := spec.Doc
					if cg == nil && len(decl.Specs) == 1 {
						cg = decl.Doc
					}
					for _, name := range spec.Names {
						readDoc(pass, res, cg, name)
					}
				}
			}
		}
	}
	for _, of := range pass.AllObjectFacts() {
		res.facts[of.Object] = of.Fact.(*Singleton)
	}
	return res, nil
}

// readDoc exports a fact for the object declared by name if the comment
// group carries a directive.
func readDoc(pass *analysis.Pass, res *Result, cg *ast.CommentGroup, name *ast.Ident) {
	if cg == nil || name.Name == "_" {
		return
	}
	for _, c := range cg.List {
		rest, ok := strings.CutPrefix(c.Text, Prefix)
		if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			// A misspelt directive would leave its singleton silently
			// unchecked: say so where it is written.
			if why := nearMiss(c.Text); why != "" {
				res.Malformed = append(res.Malformed, Malformed{Pos: c.Pos(), End: c.End(), Err: why})
			}
			continue
		}
		fact, err := parse(pass.Pkg, rest)
		if err != nil {
			res.Malformed = append(res.Malformed, Malformed{Pos: c.Pos(), End: c.End(), Err: err.Error()})
			continue
		}
		if obj := pass.TypesInfo.Defs[name]; obj != nil {
			pass.ExportObjectFact(obj, fact)
		}
		return
	}
}

// parse reads the arguments of a directive: the replacement, then an
// optional message.
func parse(pkg *types.Package, args string) (*Singleton, error) {
	args = strings.TrimSpace(args)
	name, msg := args, ""
	if i := strings.IndexAny(args, " \t"); i >= 0 { // the message may follow a space or a tab
		name, msg = args[:i], args[i+1:]
	}
	if name == "" {
		return nil, fmt.Errorf("%s needs a replacement: a name in this package or import/path.Name", Prefix)
	}
	var ref objref.Ref
	if token.IsIdentifier(name) {
		ref = objref.Ref{Path: pkg.Path(), Name: name}
	} else {
		var err error
		if ref, err = objref.Parse(name); err != nil {
			return nil, fmt.Errorf("%s: replacement %w", Prefix, err)
		}
	}
	return &Singleton{Replacement: ref, Message: strings.TrimSpace(msg)}, nil
}

// nearMiss explains why a comment that looks like a directive is not one,
// or returns "".
func nearMiss(text string) string {
	const ns = "factoryscope:"
	body, ok := strings.CutPrefix(text, "//")
	if !ok {
		return ""
	}
	trimmed := strings.TrimLeft(body, " \t")
	if !strings.HasPrefix(trimmed, ns) {
		return ""
	}
	verb, _, _ := strings.Cut(trimmed[len(ns):], " ")
	switch {
	case trimmed != body && verb == "singleton":
		return fmt.Sprintf("%s is not a directive: write it with no space after //", strings.TrimSpace(text))
	case verb != "singleton":
		return fmt.Sprintf("unknown directive //%s%s: the directive is %s", ns, verb, Prefix)
	}
	return ""
}
