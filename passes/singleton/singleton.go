package singleton

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/factoryscope/factoryscope/internal/ctorsig"
	"github.com/factoryscope/factoryscope/internal/docs"
	"github.com/factoryscope/factoryscope/internal/objref"
	"github.com/factoryscope/factoryscope/passes/ctors"
	"github.com/factoryscope/factoryscope/passes/directive"
)

//go:embed doc.go
var doc string

// New returns a singleton Analyzer for the given settings. Each call builds
// a fresh analyzer; settings are not shared between analyzers.
func New(s Settings) *analysis.Analyzer {
	a, _ := newWithFacts(s)
	return a
}

// newWithFacts returns New's analyzer and the singletonrepl pass it
// requires, which it holds to read its result.
func newWithFacts(s Settings) (a, replFacts *analysis.Analyzer) {
	s.Rules = slices.Clone(s.Rules)
	s.Constructors = slices.Clone(s.Constructors)
	s.TestConstructors = slices.Clone(s.TestConstructors)
	replFacts = newReplacementFacts(s)
	derived := newDerived(s, replFacts)
	a = &analysis.Analyzer{
		Name:     "singleton",
		Doc:      docs.MustExtract(doc, "singleton"),
		URL:      urlFlagged,
		Requires: []*analysis.Analyzer{inspect.Analyzer, directive.Analyzer, ctors.Analyzer, replFacts, derived},
		Run: func(pass *analysis.Pass) (any, error) {
			return nil, run(pass, s, pass.ResultOf[replFacts].(*replacementFacts), pass.ResultOf[derived].(*derivedSet))
		},
	}
	return a, replFacts
}

// state is what one run knows about the package.
type state struct {
	pass     *analysis.Pass
	settings Settings
	ctors    *ctors.Result
	visible  map[string]*types.Package
	ctxType  types.Type // context.Context, nil if not visible
	reqType  types.Type // *net/http.Request, nil if not visible

	ctorCache map[types.Type]ctorList // see constructorsOf
	vals      *values                 // of the file being reported
	cur       *source                 // the file being reported, once a fix needs its bytes
	derived   map[types.Object]*derivedFact
	ambiguous *ambiguity // the first site left unfixed by constructors to choose from
}

// site is one reported use of a singleton.
type site struct {
	rule   *resolvedRule
	expr   ast.Expr      // the reference: Name or pkg.Name
	call   *ast.CallExpr // the call of a singleton func, nil for a var
	noFix  *noFix        // why the site gets no fix, nil when it gets one
	callee *pkgRef       // the replacement, as the fix names it in the site's file
	arg    *argument     // what the fix passes as P
	conv   *conversion   // nil when R's results are identical to S's
}

func run(pass *analysis.Pass, s Settings, replFacts *replacementFacts, derived *derivedSet) error {
	dir := pass.ResultOf[directive.Analyzer].(*directive.Result)
	for _, m := range dir.Malformed {
		report(pass, rangeOf{m.Pos, m.End}, categoryDirec, urlDirective, m.Err, nil)
	}
	checkConstructors(pass, s)
	if !mayUse(pass.Pkg, s, dir) && len(derived.objs) == 0 {
		return nil // the package imports no package that declares a singleton or a wrapper
	}
	st := &state{
		pass:     pass,
		settings: s,
		ctors:    pass.ResultOf[ctors.Analyzer].(*ctors.Result),
		visible:  visiblePackages(pass.Pkg),
	}
	st.derived = derived.objs
	rules := resolveRules(pass, s, dir, st.visible, replFacts.facts)
	addDerived(pass, rules, derived, st.visible)
	if len(rules) == 0 || !derived.used {
		return nil // no site here: the rules' own diagnostics are reported above
	}
	if p := st.visible["context"]; p != nil {
		if tn, ok := p.Scope().Lookup("Context").(*types.TypeName); ok {
			st.ctxType = tn.Type()
		}
	}
	if p := st.visible["net/http"]; p != nil {
		if tn, ok := p.Scope().Lookup("Request").(*types.TypeName); ok {
			st.reqType = types.NewPointer(tn.Type())
		}
	}
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for fc := range in.Root().Children() {
		file := fc.Node().(*ast.File)
		skip, cgo := skipFile(pass.Fset, file)
		if skip {
			continue
		}
		var sites []*site
		st.vals, st.cur = nil, nil
		for c := range fc.Preorder((*ast.Ident)(nil)) {
			obj := pass.TypesInfo.Uses[c.Node().(*ast.Ident)]
			if fn, ok := obj.(*types.Func); ok {
				obj = fn.Origin()
			}
			if r := rules[obj]; r != nil {
				if s := st.newSite(file, c, r); s != nil {
					if cgo && s.noFix == nil { // a fix would edit cgo's copy of the file
						s.noFix = &noFix{why: "cgo rewrites this file"}
					}
					sites = append(sites, s)
				}
			}
		}
		st.reportFile(file, sites)
	}
	if a := st.ambiguous; a != nil {
		// Once per package: the configuration or the constructor's
		// declaration is where this is fixed, not each site.
		reportConfigAt(st.pass, a.at, fmt.Sprintf("rule for %s: sites in this package get no fix: %s", objref.Of(a.rule.singleton), a.text))
	}
	return nil
}

// checkConstructors reports, in the package that declares them, configured
// constructors that do not exist or do not have a constructor's shape: a
// typo there would otherwise leave every site without a fix, each saying
// to choose a constructor the user believes is chosen.
func checkConstructors(pass *analysis.Pass, s Settings) {
	check := func(key string, refs []objref.Ref, tests bool) {
		for i, ref := range refs {
			if ref.Path != pass.Pkg.Path() || len(pass.Files) == 0 {
				continue
			}
			at := fmt.Sprintf("%s[%d]: %s", key, i, ref)
			obj := pass.Pkg.Scope().Lookup(ref.Name)
			fn, ok := obj.(*types.Func)
			var why string
			switch {
			case obj == nil:
				why = fmt.Sprintf("package %s declares no %s", pass.Pkg.Name(), ref.Name)
			case !ok:
				why = fmt.Sprintf("%s is %s, not a func", ref.Name, kind(obj))
			default:
				param, _, bad := ctorsig.Check(fn)
				forTests := ctors.Param(param).ForTests()
				switch {
				case bad != "":
					why = fmt.Sprintf("%s %s; a constructor is %s", ref.Name, bad, ctorsig.Shape)
				case forTests && !tests:
					why = fmt.Sprintf("%s takes %s: list it under test-constructors", ref.Name, param)
				case !forTests && tests:
					why = fmt.Sprintf("%s takes %s: list it under constructors", ref.Name, param)
				}
			}
			if why == "" {
				continue
			}
			var rng analysis.Range = pass.Files[0].Name
			if obj != nil {
				rng = declIdent(pass, obj)
			}
			reportConfigAt(pass, rng, at+": "+why)
		}
	}
	check("constructors", s.Constructors, false)
	check("test-constructors", s.TestConstructors, true)
}

// mayUse reports whether pkg can name a singleton: a package-level object
// is named only in its own package or in one that imports it directly.
func mayUse(pkg *types.Package, s Settings, dir *directive.Result) bool {
	near := map[string]bool{pkg.Path(): true}
	for _, imp := range pkg.Imports() {
		near[imp.Path()] = true
	}
	for _, r := range s.Rules {
		if near[r.Singleton.Path] {
			return true
		}
	}
	for obj := range dir.All {
		if near[obj.Pkg().Path()] {
			return true
		}
	}
	return false
}

// newSite classifies the use of r's singleton at identifier c and, if the
// site can be fixed, finds the replacement's argument. It returns nil for
// uses that are not reported: the singleton's own declaration and body,
// the replacement's body, and plain assignments to a singleton var.
func (st *state) newSite(file *ast.File, c inspector.Cursor, r *resolvedRule) *site {
	info := st.pass.TypesInfo
	ec := c
	if c.ParentEdgeKind() == edge.SelectorExpr_Sel {
		ec = c.Parent()
	}
	for enc := range ec.Enclosing((*ast.FuncDecl)(nil), (*ast.ValueSpec)(nil)) {
		switch n := enc.Node().(type) {
		case *ast.FuncDecl:
			if o := info.Defs[n.Name]; n.Recv == nil && (o == r.singleton || r.replacementFunc != nil && o == r.replacementFunc) {
				return nil
			}
		case *ast.ValueSpec:
			if slices.ContainsFunc(n.Names, func(id *ast.Ident) bool { return info.Defs[id] == r.singleton }) {
				return nil
			}
		}
	}
	s := &site{rule: r, expr: ec.Node().(ast.Expr)}
	pc, kind := parent(ec)
	_, isVar := r.singleton.(*types.Var)
	switch {
	case kind == edge.KeyValueExpr_Key:
		return nil // a holder field's store in a struct literal
	case isVar && (kind == edge.RangeStmt_Key || kind == edge.RangeStmt_Value ||
		kind == edge.AssignStmt_Lhs && pc.Node().(*ast.AssignStmt).Tok == token.ASSIGN):
		return nil // a write, not a use of the shared value
	case isVar:
		s.noFix = varUse(info, ec)
	case kind == edge.CallExpr_Fun:
		s.call = pc.Node().(*ast.CallExpr)
	case kind == edge.IndexExpr_X || kind == edge.IndexListExpr_X:
		s.noFix = &noFix{why: "it is instantiated explicitly"}
	default:
		s.noFix = &noFix{why: "it is used as a value, not called"}
	}
	if s.noFix == nil {
		s.noFix = r.problem
	}
	if s.noFix == nil && r.indirect != nil {
		s.noFix = st.receiverUse(file, s.expr)
	}
	if s.noFix == nil {
		s.noFix = st.findArg(file, ec, s)
		if s.noFix != nil && s.call != nil {
			s.noFix = s.noFix.noted(st.passedTo(pc))
		}
		if s.noFix != nil {
			s.noFix = s.noFix.noted(st.passesOn(ec))
		}
	}
	return s
}

// passesOn says, for a site without a fix, that the value it gets is what
// a wrapper returns or what a holder holds, whose own uses are reported:
// once those are migrated, the wrapper or holder is what to delete.
func (st *state) passesOn(c inspector.Cursor) string {
	info := st.pass.TypesInfo
	derived := func(e ast.Expr) *derivedFact {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			return st.derived[info.ObjectOf(e)]
		case *ast.SelectorExpr:
			return st.derived[info.ObjectOf(e.Sel)]
		}
		return nil
	}
	holder := func(f *derivedFact) string {
		return fmt.Sprintf("; it fills %s, whose reads are reported: once they are migrated, delete it", f.Name)
	}
	for enc := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.ValueSpec)(nil), (*ast.KeyValueExpr)(nil), (*ast.AssignStmt)(nil)) {
		switch n := enc.Node().(type) {
		case *ast.FuncDecl:
			if f := st.derived[info.Defs[n.Name]]; f != nil {
				return fmt.Sprintf("; %s passes it on, and its callers are reported: once they are migrated, delete it or give it a per-request parameter", f.Name)
			}
			return ""
		case *ast.ValueSpec:
			for _, id := range n.Names {
				if f := derived(id); f != nil {
					return holder(f)
				}
			}
		case *ast.KeyValueExpr:
			if f := derived(n.Key); f != nil {
				return holder(f)
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if f := derived(lhs); f != nil {
					return holder(f)
				}
			}
		}
	}
	return ""
}

// passedTo says where a singleton's value goes when the call at c passes
// it straight to a function: the value is not followed into the
// parameter, so the uses there are the person's to migrate.
func (st *state) passedTo(c inspector.Cursor) string {
	p, kind := parent(c)
	if kind != edge.CallExpr_Args {
		return ""
	}
	outer := p.Node().(*ast.CallExpr)
	fn, ok := typeutil.Callee(st.pass.TypesInfo, outer).(*types.Func)
	if !ok {
		return ""
	}
	sig := fn.Signature()
	i := slices.Index(outer.Args, c.Node().(ast.Expr))
	if i < 0 || sig.Params().Len() == 0 {
		return ""
	}
	param := sig.Params().At(min(i, sig.Params().Len()-1))
	return fmt.Sprintf("; the value goes to %s's parameter %s, which is not followed", funcName(fn.Origin()), param.Name())
}

// receiverUse says why the receiver of an indirect site, which the fix
// removes with it, cannot go: it may have effects, or it holds the only use
// of a local variable. It returns nil when it can.
func (st *state) receiverUse(file *ast.File, e ast.Expr) *noFix {
	info := st.pass.TypesInfo
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if !pureReceiver(info, e) {
		return &noFix{why: "the fix would no longer evaluate the expression before ." + sel.Sel.Name}
	}
	if st.vals == nil {
		st.vals = newValues(info, file, st.derived)
	}
	var nf *noFix
	ast.Inspect(sel.X, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || nf != nil {
			return nf == nil
		}
		if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() && v.Parent() != st.pass.Pkg.Scope() && !st.vals.params[v] && st.vals.uses[v] == 1 {
			nf = noFixf("it is the only use of %s, which would be left unused", v.Name())
		}
		return true
	})
	return nf
}

// pureReceiver reports whether e, a method value or a field read, can be
// replaced whole: what it selects from is a variable or a chain of field
// selections from one, which evaluating again or not at all cannot change.
func pureReceiver(info *types.Info, e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return true
	}
	if id, ok := sel.X.(*ast.Ident); ok {
		_, isPkg := info.Uses[id].(*types.PkgName)
		_, isVar := info.Uses[id].(*types.Var)
		return isPkg || isVar
	}
	x := ast.Unparen(sel.X)
	if star, ok := x.(*ast.StarExpr); ok {
		x = ast.Unparen(star.X)
	}
	if inner, ok := x.(*ast.SelectorExpr); ok {
		if s := info.Selections[inner]; s != nil && s.Kind() == types.FieldVal {
			return pureReceiver(info, inner)
		}
	}
	if id, ok := x.(*ast.Ident); ok {
		_, isVar := info.Uses[id].(*types.Var)
		return isVar
	}
	return false
}

// parent returns the node above c, skipping parentheses, and the edge to it.
func parent(c inspector.Cursor) (inspector.Cursor, edge.Kind) {
	for {
		p, kind := c.Parent(), c.ParentEdgeKind()
		if kind != edge.ParenExpr_X {
			return p, kind
		}
		c = p
	}
}

// findArg finds the replacement's argument for site s at cursor c and how
// to name the replacement there; it returns why not when it cannot.
func (st *state) findArg(file *ast.File, c inspector.Cursor, s *site) *noFix {
	var lits []*ast.FuncLit
	var decl *ast.FuncDecl
	for enc := range c.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := enc.Node().(type) {
		case *ast.FuncLit:
			lits = append(lits, n)
		case *ast.FuncDecl:
			decl = n
		}
	}
	info := st.pass.TypesInfo
	var limit *types.Scope // the outermost scope to search; nil: the whole function
	switch {
	case decl != nil && decl.Recv == nil && (decl.Name.Name == "init" || decl.Name.Name == "main" && st.pass.Pkg.Name() == "main"):
		if len(lits) == 0 {
			return noFixf("it is in func %s, where no request is in reach", decl.Name.Name)
		}
		limit = info.Scopes[lits[len(lits)-1].Type] // only the closures inside
	case decl == nil && len(lits) == 0:
		return &noFix{why: "it is in a package-level initializer, where no request is in reach"}
	}
	pos := s.expr.Pos()
	inner := info.Scopes[file].Innermost(pos)
	if inner == nil {
		return &noFix{why: "it is outside any scope"}
	}
	goV := info.FileVersions[file]
	if goV == "" {
		goV = st.pass.Pkg.GoVersion()
	}
	if st.vals == nil {
		st.vals = newValues(info, file, st.derived)
	}
	f := newFinder(st, st.vals, inner, limit, pos, goV)
	f.inTest = strings.HasSuffix(st.pass.Fset.File(file.Pos()).Name(), "_test.go")
	arg, nf := f.find(s.rule.param)
	if arg == nil {
		if f.ambiguous && st.ambiguous == nil {
			st.ambiguous = &ambiguity{at: file.Name, rule: s.rule, text: st.constructorsOf(s.rule.param).ambiguity(types.TypeString(s.rule.param, types.RelativeTo(st.pass.Pkg)))}
		}
		return nf
	}
	s.arg = arg
	s.callee = &pkgRef{path: s.rule.replacementFunc.Pkg().Path(), name: s.rule.replacementFunc.Name()}
	if nf := st.qualify(file, inner, pos, s.callee); nf != nil {
		return nf
	}
	if arg.ctor != nil {
		if nf := st.qualify(file, inner, pos, arg.ctor); nf != nil {
			return nf
		}
	}
	return st.convert(file, inner, pos, s)
}

// ambiguity is a rule whose sites need a constructor of P, where several
// are found and none is chosen.
type ambiguity struct {
	at   *ast.Ident // the package clause of the first such site's file
	rule *resolvedRule
	text string
}

// rangeOf is a token range as an analysis.Range.
type rangeOf struct{ pos, end token.Pos }

func (r rangeOf) Pos() token.Pos { return r.pos }
func (r rangeOf) End() token.Pos { return r.end }
