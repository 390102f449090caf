package singleton

import (
	"fmt"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strings"

	"github.com/factoryscope/factoryscope/internal/objref"
	"github.com/factoryscope/factoryscope/passes/ctors"
)

// argument is the text the fix passes for the replacement's first parameter:
// expr itself, or ctor applied to expr.
type argument struct {
	expr string
	ctor *pkgRef
	vars []*types.Var // the local variables expr reads
}

// finder searches the variables in reach of a site, one scope at a time.
type finder struct {
	st        *state
	pos       token.Pos
	scopes    [][]*types.Var // innermost scope first; in each, latest declared first
	goV       string         // the file's Go version, "" if unknown
	inTest    bool           // the site is in a _test.go file
	tooOld    string         // a testing variable whose Context() the Go version hides
	unset     []*types.Var   // variables passed over: they hold no value yet
	detached  *types.Var     // a context passed over: it carries no request
	why       string         // what detached derives from
	notUser   string         // a variable of P passed over: it is not the caller's
	ambiguous bool           // set by find: several constructors, none chosen
}

// newFinder collects the variables declared in the scopes from inner up to
// and including limit (or up to the function's outermost scope when limit
// is nil) that are visible at pos under their own name and hold the
// request's value there (see values.holds).
func newFinder(st *state, vals *values, inner, limit *types.Scope, pos token.Pos, goV string) *finder {
	f := &finder{st: st, pos: pos, goV: goV}
	pkgScope := st.pass.Pkg.Scope()
	for s := inner; s != nil && s != pkgScope && s != types.Universe && s.Parent() != pkgScope; s = s.Parent() {
		var local []*types.Var
		for _, name := range s.Names() {
			v, ok := s.Lookup(name).(*types.Var)
			if !ok || name == "_" {
				continue
			}
			if _, o := inner.LookupParent(name, pos); o != v {
				continue // shadowed at the site, or declared after it
			}
			if !vals.holds(v, pos) {
				f.unset = append(f.unset, v)
				continue
			}
			if st.ctxType != nil && types.AssignableTo(v.Type(), st.ctxType) {
				if why := vals.detached(v); why != "" {
					if f.detached == nil || v.Pos() > f.detached.Pos() {
						f.detached, f.why = v, why
					}
					continue
				}
			}
			local = append(local, v)
		}
		slices.SortFunc(local, func(a, b *types.Var) int { return int(b.Pos() - a.Pos()) })
		if len(local) > 0 {
			f.scopes = append(f.scopes, local)
		}
		if s == limit {
			break
		}
	}
	return f
}

// notes says which variables in reach that could have given p were passed
// over, and why.
func (f *finder) notes(p types.Type) string {
	var out string
	if f.detached != nil {
		out += fmt.Sprintf("; %s carries no user: it derives from %s", f.detached.Name(), f.why)
	}
	i := slices.IndexFunc(f.unset, func(v *types.Var) bool {
		e, _ := f.context([]*types.Var{v})
		return e != "" || types.AssignableTo(v.Type(), p) || f.st.reqType != nil && types.AssignableTo(v.Type(), f.st.reqType)
	})
	if i >= 0 {
		out += fmt.Sprintf("; %s holds no value here (a named result, or declared without a value and not yet assigned)", f.unset[i].Name())
	}
	return out
}

// assignable returns the first variable of vars assignable to t.
func assignable(vars []*types.Var, t types.Type) *types.Var {
	if t == nil {
		return nil
	}
	for _, v := range vars {
		if types.AssignableTo(v.Type(), t) {
			return v
		}
	}
	return nil
}

// context returns a context expression from vars and the variable it
// reads: a variable that implements context.Context, else x.Context() for
// a variable x with that method.
func (f *finder) context(vars []*types.Var) (string, *types.Var) {
	ctx := f.st.ctxType
	if ctx == nil {
		return "", nil
	}
	if v := assignable(vars, ctx); v != nil {
		return v.Name(), v
	}
	for _, v := range vars {
		obj, _, _ := types.LookupFieldOrMethod(v.Type(), true, f.st.pass.Pkg, "Context")
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		sig := fn.Signature()
		if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), ctx) {
			continue
		}
		// testing.T, B, F and TB gained Context in Go 1.24.
		if fn.Pkg() != nil && fn.Pkg().Path() == "testing" && f.goV != "" && version.Compare(f.goV, "go1.24") < 0 {
			if f.tooOld == "" {
				f.tooOld = fmt.Sprintf("; %s.Context() needs Go 1.24, this file is at %s", v.Name(), f.goV)
			}
			continue
		}
		return v.Name() + ".Context()", v
	}
	return "", nil
}

// find returns the argument for parameter p, or why there is none.
// Scopes are searched innermost first, and in each scope: a variable
// assignable to p, then a context expression if p is context.Context, then
// (in a _test.go file) a test constructor of p applied to a testing
// variable, then a chosen constructor of p applied to a context expression
// or a request. So a closure's own request wins over the context of the
// function around it.
func (f *finder) find(p types.Type) (*argument, *noFix) {
	isCtx := f.st.ctxType != nil && types.Identical(p, f.st.ctxType)
	var cl ctorList
	if !isCtx {
		cl = f.st.constructorsOf(p)
	}
	var tests []constructor
	if f.inTest {
		tests = cl.tests
	}
	wouldTake := false // a context or request was in reach for an ambiguous constructor
	for _, vars := range f.scopes {
		if v := f.user(vars, p, cl); v != nil {
			return &argument{expr: v.Name(), vars: []*types.Var{v}}, nil
		}
		if isCtx {
			if e, v := f.context(vars); e != "" {
				return &argument{expr: e, vars: []*types.Var{v}}, nil
			}
			continue
		}
		for _, c := range tests {
			if v := assignable(vars, f.st.testingType(c.Takes)); v != nil {
				return &argument{expr: v.Name(), vars: []*types.Var{v}, ctor: &pkgRef{path: c.path, name: c.Name}}, nil
			}
		}
		for _, c := range cl.chosen {
			if e, v := f.input(vars, c.Takes); e != "" {
				return &argument{expr: e, vars: []*types.Var{v}, ctor: &pkgRef{path: c.path, name: c.Name}}, nil
			}
		}
		for _, c := range cl.ambiguous {
			if e, _ := f.input(vars, c.Takes); e != "" {
				wouldTake = true
			}
		}
	}
	notes := f.tooOld + f.notUser + f.notes(p)
	if isCtx {
		return nil, &noFix{why: "nothing in scope to pass: no context.Context variable and no variable with a Context() method", note: notes}
	}
	ps := func() string { return types.TypeString(p, types.RelativeTo(f.st.pass.Pkg)) }
	if wouldTake {
		f.ambiguous = true
		return nil, noFixf("no variable of type %s in scope, and %s", ps(), cl.ambiguity("it"))
	}
	if len(cl.chosen) == 0 && len(cl.ambiguous) == 0 && len(cl.blocked) > 0 {
		return nil, noFixf("nothing in scope to pass: no variable of type %s, and this package may not import %s for its constructors", ps(), strings.Join(cl.blocked, ", "))
	}
	if len(cl.chosen) == 0 && len(cl.ambiguous) == 0 {
		return nil, &noFix{why: fmt.Sprintf("nothing in scope to pass: no variable of type %s, and no constructor of it is known", ps()), note: notes}
	}
	var names []string
	for _, c := range append(slices.Clone(cl.chosen), cl.ambiguous...) {
		names = append(names, c.qualified())
	}
	return nil, &noFix{why: fmt.Sprintf("nothing in scope to pass: no variable of type %s, and no context or request for %s", ps(), strings.Join(names, " or ")), note: notes}
}

// user returns the first variable of vars assignable to p whose value is
// not built by a constructor that was not chosen, or from a literal: such
// a variable compiles but acts for a service account or for whoever the
// literal names. Those passed over are noted for the message.
func (f *finder) user(vars []*types.Var, p types.Type, cl ctorList) *types.Var {
	unchosen := func(fn *types.Func) bool {
		if fn.Pkg() == nil {
			return false
		}
		for _, c := range f.st.ctors.Lookup(fn.Pkg().Path()) {
			if c.Name != fn.Name() {
				continue
			}
			in := func(l []constructor) bool {
				return slices.ContainsFunc(l, func(k constructor) bool { return k.path == fn.Pkg().Path() && k.Name == fn.Name() })
			}
			return !in(cl.chosen) && !in(cl.tests)
		}
		return false
	}
	for _, v := range vars {
		if !types.AssignableTo(v.Type(), p) {
			continue
		}
		if why := f.st.vals.builtBy(v, unchosen); why != "" {
			if f.notUser == "" {
				f.notUser = fmt.Sprintf("; %s %s", v.Name(), why)
			}
			continue
		}
		return v
	}
	return nil
}

// input returns the expression a constructor taking kind gets from vars,
// and the variable it is built from.
func (f *finder) input(vars []*types.Var, kind ctors.Param) (string, *types.Var) {
	switch kind {
	case ctors.TakesContext:
		return f.context(vars)
	case ctors.TakesRequest:
		if v := assignable(vars, f.st.reqType); v != nil {
			return v.Name(), v
		}
	}
	return "", nil
}

// constructor is a ctors.Constructor with the path of its package.
type constructor struct {
	ctors.Constructor
	path string
}

func (c constructor) qualified() string { return lastElem(c.path) + "." + c.Name }

func (c constructor) forTests() bool { return c.Takes == ctors.TakesTB || c.Takes == ctors.TakesT }

// ctorList is what the constructors of one type P offer a site.
type ctorList struct {
	// chosen are tried in order: the configured constructors, then those
	// marked with //factoryscope:constructor, else the only one discovered.
	chosen []constructor
	// ambiguous are the constructors discovered in P's package when there
	// are several and none is chosen: a guess could pick a privileged one,
	// so none is used.
	ambiguous []constructor
	// tests are the test constructors, chosen the same way.
	tests   []constructor
	blocked []string // packages whose constructors this package may not import
}

// ambiguity says why ambiguous constructors are not used and how to choose;
// what names the type they build.
func (cl ctorList) ambiguity(what string) string {
	var names []string
	for _, c := range cl.ambiguous {
		names = append(names, c.qualified())
	}
	return fmt.Sprintf("%d constructors build %s (%s): choose the one that returns the calling user with constructors: in the configuration or a //factoryscope:constructor directive on its declaration", len(names), what, strings.Join(names, ", "))
}

// constructorsOf is constructors, computed once per type.
func (st *state) constructorsOf(p types.Type) ctorList {
	for t, l := range st.ctorCache {
		if types.Identical(t, p) {
			return l
		}
	}
	l := st.constructors(p)
	if st.ctorCache == nil {
		st.ctorCache = map[types.Type]ctorList{}
	}
	st.ctorCache[p] = l
	return l
}

// constructors returns the constructors that build a value assignable to p
// and that the package may import. A constructor is used only when it was
// chosen, never guessed: configured ones first, in their order, then those
// marked by a directive in p's package; when neither exists, one
// discovered in p's package is used only if it is the only candidate.
// Test constructors are chosen the same way, from test-constructors.
func (st *state) constructors(p types.Type) ctorList {
	var l ctorList
	fit := func(path string, c ctors.Constructor) bool {
		switch {
		case !st.resultFits(c.Result, p):
			return false
		case !st.importable(path):
			if !slices.Contains(l.blocked, path) {
				l.blocked = append(l.blocked, path)
			}
			return false
		}
		return true
	}
	configured := func(refs []objref.Ref, tests bool) (out []constructor) {
		for _, ref := range refs {
			for _, c := range st.ctors.Lookup(ref.Path) {
				if c.Name == ref.Name && (constructor{c, ref.Path}).forTests() == tests && fit(ref.Path, c) {
					out = append(out, constructor{c, ref.Path})
				}
			}
		}
		return out
	}
	chosen := configured(st.settings.Constructors, false)
	tests := configured(st.settings.TestConstructors, true)
	var found, foundTests []constructor // discovered, unmarked
	if t, ok := types.Unalias(deref(p)).(*types.Named); ok && t.Obj().Pkg() != nil {
		path := t.Obj().Pkg().Path()
		for _, c := range st.ctors.Lookup(path) {
			cc := constructor{c, path}
			ref := objref.Ref{Path: path, Name: c.Name}
			if slices.Contains(st.settings.Constructors, ref) || slices.Contains(st.settings.TestConstructors, ref) || !fit(path, c) {
				continue
			}
			switch {
			case c.Marked && cc.forTests():
				tests = append(tests, cc)
			case c.Marked:
				chosen = append(chosen, cc)
			case cc.forTests():
				foundTests = append(foundTests, cc)
			default:
				found = append(found, cc)
			}
		}
	}
	switch {
	case len(chosen) > 0:
	case len(found) == 1:
		chosen = found
	default:
		l.ambiguous = found
	}
	if len(tests) == 0 && len(foundTests) == 1 {
		tests = foundTests
	}
	l.chosen, l.tests = chosen, tests
	return l
}

// testingType is the type of the variable a test constructor taking kind
// accepts, or nil when package testing is not visible.
func (st *state) testingType(kind ctors.Param) types.Type {
	p := st.visible["testing"]
	if p == nil {
		return nil
	}
	name := "TB"
	if kind == ctors.TakesT {
		name = "T"
	}
	tn, ok := p.Scope().Lookup(name).(*types.TypeName)
	if !ok {
		return nil
	}
	if kind == ctors.TakesT {
		return types.NewPointer(tn.Type())
	}
	return tn.Type()
}

// resultFits reports whether a constructor result, written as
// types.TypeString(T, nil), is assignable to p.
func (st *state) resultFits(result string, p types.Type) bool {
	if result == types.TypeString(p, nil) {
		return true
	}
	if !types.IsInterface(p) {
		return false
	}
	name, ptr := strings.CutPrefix(result, "*")
	ref, err := objref.Parse(name)
	if err != nil || st.visible[ref.Path] == nil {
		return false
	}
	tn, ok := st.visible[ref.Path].Scope().Lookup(ref.Name).(*types.TypeName)
	if !ok {
		return false
	}
	t := tn.Type()
	if ptr {
		t = types.NewPointer(t)
	}
	return types.AssignableTo(t, p)
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

func lastElem(path string) string { return path[strings.LastIndexByte(path, '/')+1:] }
