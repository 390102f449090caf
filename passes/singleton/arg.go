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
}

// finder searches the variables in reach of a site, one scope at a time.
type finder struct {
	st     *state
	pos    token.Pos
	scopes [][]*types.Var // innermost scope first; in each, latest declared first
	goV    string         // the file's Go version, "" if unknown
	tooOld string         // a testing variable whose Context() the Go version hides
}

// newFinder collects the variables declared in the scopes from inner up to
// and including limit (or up to the function's outermost scope when limit
// is nil) that are visible at pos under their own name.
func newFinder(st *state, inner, limit *types.Scope, pos token.Pos, goV string) *finder {
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

// context returns a context expression from vars: a variable that
// implements context.Context, else x.Context() for a variable x with that
// method.
func (f *finder) context(vars []*types.Var) string {
	ctx := f.st.ctxType
	if ctx == nil {
		return ""
	}
	if v := assignable(vars, ctx); v != nil {
		return v.Name()
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
		return v.Name() + ".Context()"
	}
	return ""
}

// find returns the argument for parameter p, or a reason why there is none.
// Scopes are searched innermost first, and in each scope: a variable
// assignable to p, then a context expression if p is context.Context, then
// a constructor of p applied to a context expression or a request. So a
// closure's own request wins over the context of the function around it.
func (f *finder) find(p types.Type) (*argument, string) {
	isCtx := f.st.ctxType != nil && types.Identical(p, f.st.ctxType)
	var cands []constructor
	var blocked []string
	if !isCtx {
		cands, blocked = f.st.constructorsOf(p)
	}
	for _, vars := range f.scopes {
		if v := assignable(vars, p); v != nil {
			return &argument{expr: v.Name()}, ""
		}
		if isCtx {
			if e := f.context(vars); e != "" {
				return &argument{expr: e}, ""
			}
			continue
		}
		for _, c := range cands {
			var e string
			switch c.Takes {
			case ctors.TakesContext:
				e = f.context(vars)
			case ctors.TakesRequest:
				if v := assignable(vars, f.st.reqType); v != nil {
					e = v.Name()
				}
			}
			if e != "" {
				return &argument{expr: e, ctor: &pkgRef{path: c.path, name: c.Name}}, ""
			}
		}
	}
	if isCtx {
		return nil, "nothing in scope to pass: no context.Context variable and no variable with a Context() method" + f.tooOld
	}
	ps := func() string { return types.TypeString(p, types.RelativeTo(f.st.pass.Pkg)) }
	if len(cands) == 0 && len(blocked) > 0 {
		return nil, fmt.Sprintf("nothing in scope to pass: no variable of type %s, and this package may not import %s for its constructors", ps(), strings.Join(blocked, ", "))
	}
	if len(cands) == 0 {
		return nil, fmt.Sprintf("nothing in scope to pass: no variable of type %s, and no constructor of it is known", ps())
	}
	var names []string
	for _, c := range cands {
		names = append(names, lastElem(c.path)+"."+c.Name)
	}
	return nil, fmt.Sprintf("nothing in scope to pass: no variable of type %s, and no context or request for %s", ps(), strings.Join(names, " or ")) + f.tooOld
}

// constructor is a ctors.Constructor with the path of its package.
type constructor struct {
	ctors.Constructor
	path string
}

// ctorList is the constructors of one type, with the packages whose
// constructors this package may not import.
type ctorList struct {
	list    []constructor
	blocked []string
}

// constructorsOf is constructors, computed once per type.
func (st *state) constructorsOf(p types.Type) ([]constructor, []string) {
	for t, l := range st.ctorCache {
		if types.Identical(t, p) {
			return l.list, l.blocked
		}
	}
	list, blocked := st.constructors(p)
	if st.ctorCache == nil {
		st.ctorCache = map[types.Type]ctorList{}
	}
	st.ctorCache[p] = ctorList{list, blocked}
	return list, blocked
}

// constructors returns the constructors that build a value assignable to p
// and that the package may import: configured ones first, in order, then
// those discovered in p's package.
func (st *state) constructors(p types.Type) (out []constructor, blocked []string) {
	consider := func(path string, c ctors.Constructor) {
		switch {
		case !st.resultFits(c.Result, p):
		case !st.importable(path):
			if !slices.Contains(blocked, path) {
				blocked = append(blocked, path)
			}
		default:
			out = append(out, constructor{c, path})
		}
	}
	for _, ref := range st.settings.Constructors {
		for _, c := range st.ctors.Lookup(ref.Path) {
			if c.Name == ref.Name {
				consider(ref.Path, c)
			}
		}
	}
	if t, ok := types.Unalias(deref(p)).(*types.Named); ok && t.Obj().Pkg() != nil {
		path := t.Obj().Pkg().Path()
		for _, c := range st.ctors.Lookup(path) {
			if !slices.Contains(st.settings.Constructors, objref.Ref{Path: path, Name: c.Name}) {
				consider(path, c)
			}
		}
	}
	return out, blocked
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
