package singleton

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"
)

// conversion is the type T that a fix converts the replacement's result to,
// T(R(p)), when that result is assignable to the singleton's but not
// identical: without it `x := S()` would change x's type, and a type switch
// or a later assignment to x could break.
type conversion struct {
	typ  types.Type
	refs []*pkgRef // the type names that writing typ takes
}

// convert decides the conversion for site s at pos. It returns why there
// is no fix when one is needed but cannot be written here.
func (st *state) convert(file *ast.File, inner *types.Scope, pos token.Pos, s *site) *noFix {
	r := s.rule
	var want []types.Type
	switch o := r.singleton.(type) {
	case *types.Var:
		want = []types.Type{o.Type()}
	case *types.Func:
		for v := range o.Signature().Results().Variables() {
			want = append(want, v.Type())
		}
	}
	got := r.replacementFunc.Signature().Results()
	var t types.Type
	for i, w := range want {
		if !types.Identical(got.At(i).Type(), w) {
			t = w
		}
	}
	if t == nil {
		return nil
	}
	ts := types.TypeString(t, types.RelativeTo(st.pass.Pkg))
	if len(want) > 1 {
		return noFixf("%s's results are not identical to %s's, and several results cannot be converted", r.replacementFunc.Name(), r.singleton.Name())
	}
	refs, ok := typeRefs(t, st.pass.Pkg)
	if !ok {
		return noFixf("%s returns %s, which would need a conversion to %s, a type this file cannot name", r.replacementFunc.Name(), got.At(0).Type(), ts)
	}
	for _, ref := range refs {
		if nf := st.qualify(file, inner, pos, ref); nf != nil {
			return nf
		}
	}
	s.conv = &conversion{typ: t, refs: refs}
	return nil
}

var plainType = regexp.MustCompile(`^[\pL\pN_.]+(\[.*\])?$`)

// text writes the conversion with the qualifiers the refs resolved to:
// open goes before the call, which then ends with ")", and typ is the
// type alone, for the message. ok is false when one package would need
// two names.
func (c *conversion) text() (open, typ string, ok bool) {
	quals := map[string]string{}
	for _, ref := range c.refs {
		if q, seen := quals[ref.path]; seen && q != ref.qual {
			return "", "", false
		}
		quals[ref.path] = ref.qual
	}
	typ = types.TypeString(c.typ, func(p *types.Package) string { return strings.TrimSuffix(quals[p.Path()], ".") })
	if !plainType.MatchString(typ) {
		return "(" + typ + ")(", typ, true // *T, func(), <-chan T… need parentheses
	}
	return typ + "(", typ, true
}

// typeRefs returns the package-level type names that writing t takes. It
// fails when t cannot be written outside its package: it has an
// unexported name, field or method of another package, a local type, or
// unsafe.Pointer.
func typeRefs(t types.Type, here *types.Package) ([]*pkgRef, bool) {
	var refs []*pkgRef
	ok := true
	seen := map[types.Type]bool{}
	name := func(obj *types.TypeName) {
		switch {
		case obj.Pkg() == nil: // error, comparable
		case obj.Parent() != obj.Pkg().Scope() || obj.Pkg() != here && !obj.Exported():
			ok = false
		default:
			refs = append(refs, &pkgRef{path: obj.Pkg().Path(), name: obj.Name()})
		}
	}
	hidden := func(obj types.Object) bool { return !obj.Exported() && obj.Pkg() != here }
	var walk func(types.Type)
	walk = func(t types.Type) {
		if !ok || seen[t] {
			return
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.Basic:
			ok = ok && t.Kind() != types.UnsafePointer
		case *types.Alias:
			name(t.Obj())
			for a := range t.TypeArgs().Types() {
				walk(a)
			}
		case *types.Named:
			name(t.Obj())
			for a := range t.TypeArgs().Types() {
				walk(a)
			}
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Signature:
			for v := range t.Params().Variables() {
				walk(v.Type())
			}
			for v := range t.Results().Variables() {
				walk(v.Type())
			}
		case *types.Struct:
			for f := range t.Fields() {
				ok = ok && !hidden(f)
				walk(f.Type())
			}
		case *types.Interface:
			for m := range t.ExplicitMethods() {
				ok = ok && !hidden(m)
				walk(m.Type())
			}
			for e := range t.EmbeddedTypes() {
				walk(e)
			}
		default: // type parameters, unions
			ok = false
		}
	}
	walk(t)
	return refs, ok
}
