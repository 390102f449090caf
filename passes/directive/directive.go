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

	"github.com/factoryscope/factoryscope/internal/ctorsig"
	"github.com/factoryscope/factoryscope/internal/docs"
	"github.com/factoryscope/factoryscope/internal/objref"
)

//go:embed doc.go
var doc string

// Analyzer reads the //factoryscope: directives of a package: it exports a
// Singleton fact for every object whose doc comment carries a
// //factoryscope:singleton directive, and returns the funcs marked with
// //factoryscope:constructor and every directive it could not apply.
var Analyzer = &analysis.Analyzer{
	Name:       "directive",
	Doc:        docs.MustExtract(doc, "directive"),
	URL:        "https://github.com/factoryscope/factoryscope/blob/main/docs/rules.md#source-directive",
	Run:        run,
	FactTypes:  []analysis.Fact{new(Singleton)},
	ResultType: reflect.TypeFor[*Result](),
}

// The directives.
const (
	Prefix            = "//factoryscope:singleton"   // declares a singleton and its replacement
	ConstructorPrefix = "//factoryscope:constructor" // marks a chosen constructor
)

// Singleton is the fact that an object is a process-wide singleton and
// names its per-request replacement.
type Singleton struct {
	Replacement objref.Ref
	Message     string // optional text appended to diagnostics
}

// AFact marks Singleton as an analysis fact.
func (*Singleton) AFact() {}

func (f *Singleton) String() string { return "singleton(" + f.Replacement.String() + ")" }

// Malformed is a directive that could not be read or applied: misspelt,
// malformed, or not in the doc comment of a declaration it applies to.
type Malformed struct {
	Pos token.Pos
	End token.Pos
	Err string // one line
}

// Result gives the singletons declared by directives in the package and in
// all its dependencies, and the constructors marked in the package.
type Result struct {
	facts     map[types.Object]*Singleton
	marked    map[*types.Func]bool
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

// MarkedConstructor reports whether fn, a func of this package, carries a
// //factoryscope:constructor directive. A marked func always has a
// constructor's shape: a directive on any other func is Malformed.
func (r *Result) MarkedConstructor(fn *types.Func) bool { return r.marked[fn] }

func run(pass *analysis.Pass) (any, error) {
	res := &Result{facts: make(map[types.Object]*Singleton), marked: make(map[*types.Func]bool)}
	for _, f := range pass.Files {
		readFile(pass, res, f)
	}
	for _, of := range pass.AllObjectFacts() {
		res.facts[of.Object] = of.Fact.(*Singleton)
	}
	return res, nil
}

// readFile reads every comment of f that is or looks like a directive.
func readFile(pass *analysis.Pass, res *Result, f *ast.File) {
	var docs map[*ast.CommentGroup]place // computed for the first directive
	for _, g := range f.Comments {
		first := map[string]token.Pos{} // verb -> its first directive in g
		for _, c := range g.List {
			w, ok := lex(c)
			if !ok {
				continue
			}
			if docs == nil {
				docs = placesOf(f)
			}
			pl, ok := docs[g]
			if !ok {
				pl = place{where: whereIs(pass.Fset, f, g)}
			}
			if msg := apply(pass, res, w, pl, first); msg != "" {
				res.Malformed = append(res.Malformed, Malformed{Pos: c.Pos(), End: c.End(), Err: msg})
			}
		}
	}
}

// apply applies the directive w, found at pl, and returns "" or why it
// cannot. first holds the directives already seen in the same doc comment.
func apply(pass *analysis.Pass, res *Result, w written, pl place, first map[string]token.Pos) string {
	if msg := w.misspelt(); msg != "" {
		if where := pl.whereFor(w.verb); where != "" {
			msg += ", in the doc comment of " + targets[w.verb] + " (directly above it, no blank line); this one " + where
		}
		return msg
	}
	where := pl.whereFor(w.verb)
	if w.block || where != "" {
		var is []string
		mustBe := "in"
		if w.block {
			mustBe = "a // line comment in"
			is = append(is, "is a /* */ block comment")
		}
		if where != "" {
			is = append(is, where)
		}
		return fmt.Sprintf("//factoryscope:%s must be %s the doc comment of %s (directly above it, no blank line); this one %s",
			w.verb, mustBe, targets[w.verb], strings.Join(is, " and "))
	}
	if pos, dup := first[w.verb]; dup {
		return fmt.Sprintf("//factoryscope:%s repeats the one on line %d: a declaration takes one", w.verb, pass.Fset.Position(pos).Line)
	}
	first[w.verb] = w.c.Pos()
	switch w.verb {
	case "singleton":
		fact, err := parseSingleton(pass.Pkg, w.args)
		if err != nil {
			return err.Error()
		}
		named := false
		for _, name := range pl.names {
			if name.Name == "_" || pl.kind == funcKind && name.Name == "init" {
				continue // no code can refer to it
			}
			named = true
			if obj := pass.TypesInfo.Defs[name]; obj != nil {
				pass.ExportObjectFact(obj, fact)
			}
		}
		if !named {
			what := "var _"
			if pl.kind == funcKind {
				what = "func init"
			}
			return fmt.Sprintf("%s must be on a func or var that code can refer to; %s cannot be", Prefix, what)
		}
	case "constructor":
		if w.args != "" {
			return fmt.Sprintf("%s takes no arguments, got %q", ConstructorPrefix, w.args)
		}
		fn, ok := pass.TypesInfo.Defs[pl.names[0]].(*types.Func)
		if !ok {
			return "" // a type error; the compiler reports it
		}
		_, result, why := ctorsig.Check(fn)
		if why == "" && (result == "context.Context" || result == "error") {
			why = "returns " + result + ", not a per-request value"
		}
		if why != "" {
			return fmt.Sprintf("%s needs %s; %s %s", ConstructorPrefix, ctorsig.Shape, fn.Name(), why)
		}
		res.marked[fn] = true
	}
	return ""
}

// parseSingleton reads the arguments of a singleton directive: the
// replacement, then an optional message.
func parseSingleton(pkg *types.Package, args string) (*Singleton, error) {
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

// targets says, for each verb, what the directive applies to.
var targets = map[string]string{
	"singleton":   "a package-level func or var",
	"constructor": "an exported package-level func",
}

// written is a comment that is, or looks like, a directive.
type written struct {
	c          *ast.Comment
	verb, args string // args without surrounding space
	block      bool   // a /* */ comment
	spaceSlash bool   // a space between // and factoryscope:
	spaceColon bool   // a space between factoryscope: and the verb
	wrongCase  bool   // the name in another case than factoryscope:
}

// lex reports whether c is, or looks like, a directive: a // or /* */
// comment whose text starts with factoryscope:, possibly after spaces.
func lex(c *ast.Comment) (written, bool) {
	w := written{c: c}
	body, ok := strings.CutPrefix(c.Text, "//")
	blank, space := " \t", " \t"
	if !ok {
		body, w.block = strings.TrimSuffix(strings.TrimPrefix(c.Text, "/*"), "*/"), true
		blank = " \t\r\n*" // the text may start on a later line, after a * column
		space = " \t\r\n"  // and the verb end at a line's end
	}
	trimmed := strings.TrimLeft(body, blank)
	w.spaceSlash = trimmed != body
	const ns = "factoryscope:"
	if len(trimmed) < len(ns) || !strings.EqualFold(trimmed[:len(ns)], ns) {
		return written{}, false
	}
	w.wrongCase = trimmed[:len(ns)] != ns
	rest := trimmed[len(ns):]
	words := strings.TrimLeft(rest, space)
	w.spaceColon = words != rest
	w.verb = words
	if i := strings.IndexAny(words, space); i >= 0 {
		w.verb, w.args = words[:i], strings.TrimSpace(words[i+1:])
	}
	if _, known := targets[strings.ToLower(w.verb)]; w.wrongCase && !known {
		return written{}, false // prose that starts with the name, as in this comment's field
	}
	return w, true
}

// misspelt says why w is not a directive at all, or returns "".
func (w written) misspelt() string {
	if _, known := targets[w.verb]; !known {
		if w.verb == "" || w.spaceColon {
			return fmt.Sprintf("%q is not a directive: the directives are %s and %s", w.c.Text, Prefix, ConstructorPrefix)
		}
		return fmt.Sprintf("unknown directive //factoryscope:%s: the directives are %s and %s", w.verb, Prefix, ConstructorPrefix)
	}
	var spaces []string
	if w.spaceSlash && !w.block {
		spaces = append(spaces, "//")
	}
	if w.spaceColon {
		spaces = append(spaces, "the colon")
	}
	if len(spaces) == 0 && w.wrongCase {
		return fmt.Sprintf("%q is not a directive: write //factoryscope:%s in lower case", w.c.Text, w.verb)
	}
	if len(spaces) == 0 {
		return ""
	}
	msg := fmt.Sprintf("%q is not a directive: write //factoryscope:%s with no space after %s", w.c.Text, w.verb, strings.Join(spaces, " or "))
	if w.block {
		msg += ", as a // line comment"
	}
	return msg
}
