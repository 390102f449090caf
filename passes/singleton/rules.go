package singleton

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/internal/objref"
	"github.com/factoryscope/factoryscope/passes/directive"
)

// resolvedRule is a rule (a ParsedRule, a directive, or the rule a
// wrapper or holder derives from) resolved against the package under
// analysis: its objects are this package's view of them.
type resolvedRule struct {
	singleton       types.Object // *types.Func or *types.Var
	replacement     objref.Ref   // the replacement as the rule names it
	message         string       // extra text from the configuration or directive
	replacementFunc *types.Func  // the replacement as found here; nil when problem is set
	param           types.Type   // P: the replacement's first parameter
	problem         *noFix       // why no site of this rule gets a fix; nil when fixes are possible
	indirect        *derivedFact // for a wrapper or holder: how it derives from the singleton
}

// visiblePackages returns pass.Pkg and every package it imports, directly or
// not, by import path: the packages whose objects the pass can name.
func visiblePackages(pkg *types.Package) map[string]*types.Package {
	seen := map[string]*types.Package{pkg.Path(): pkg}
	var walk func(*types.Package)
	walk = func(p *types.Package) {
		for _, imp := range p.Imports() {
			if _, ok := seen[imp.Path()]; !ok {
				seen[imp.Path()] = imp
				walk(imp)
			}
		}
	}
	walk(pkg)
	return seen
}

// resolveRules returns the rules that can affect this package, keyed by the
// singleton object. A rule that does not fit its replacement is reported
// once, as a rule diagnostic in the package that declares one of the two
// and sees the other: the singleton's package when it depends on the
// replacement's, else the replacement's package when it depends on the
// singleton's (they cannot both, that would be an import cycle).
// Elsewhere its sites are reported without a fix.
func resolveRules(pass *analysis.Pass, s Settings, dir *directive.Result, visible map[string]*types.Package, facts map[types.Object]*replacementFact) map[types.Object]*resolvedRule {
	rules := make(map[types.Object]*resolvedRule)
	add := func(obj types.Object, replacement objref.Ref, msg string) {
		if _, dup := rules[obj]; dup {
			return // the configuration wins over a directive
		}
		r := &resolvedRule{singleton: obj, replacement: replacement, message: msg}
		err := r.resolve(pass, visible)
		if f := facts[obj]; err == nil && r.replacementFunc == nil && f != nil && f.Func == replacement {
			r.fromFact(f, visible) // a replacement the singleton's package sees and this one does not
			r.problem = nil
		}
		if err != nil {
			text := fmt.Sprintf("rule for %s: %v", objref.Of(obj), err)
			switch {
			case obj.Pkg() == pass.Pkg:
				reportConfig(pass, obj, text)
			case replacement.Path == pass.Pkg.Path():
				if ro := pass.Pkg.Scope().Lookup(replacement.Name); ro != nil {
					reportConfig(pass, ro, text)
				} else if len(pass.Files) > 0 {
					reportConfigAt(pass, pass.Files[0].Name, text)
				}
			}
			r.problem = &noFix{why: "the rule does not fit: " + err.Error()}
		}
		rules[obj] = r
	}
	for _, cr := range s.Rules {
		pkg := visible[cr.Singleton.Path]
		if pkg == nil {
			continue // not imported: no site here can use it
		}
		obj := pkg.Scope().Lookup(cr.Singleton.Name)
		switch obj.(type) {
		case *types.Func, *types.Var:
			add(obj, cr.Replacement, cr.Message)
		case nil:
			if pkg == pass.Pkg && len(pass.Files) > 0 {
				reportConfigAt(pass, pass.Files[0].Name, fmt.Sprintf("rule for %s: package %s declares no %s", cr.Singleton, pkg.Name(), cr.Singleton.Name))
			}
		default:
			if pkg == pass.Pkg {
				reportConfig(pass, obj, fmt.Sprintf("rule for %s: a singleton must be a package-level func or var, not %s", cr.Singleton, kind(obj)))
			}
		}
	}
	for obj, f := range dir.All {
		switch obj.(type) {
		case *types.Func, *types.Var:
			add(obj, f.Replacement, f.Message)
		}
	}
	return rules
}

// root is the singleton whose value the rule's sites use.
func (r *resolvedRule) root() objref.Ref {
	if r.indirect != nil {
		return r.indirect.Root
	}
	return objref.Of(r.singleton)
}

// addDerived adds a rule for each wrapper, holder variable and holder field
// the package can name: its sites are uses of the singleton it derives
// from, fixed like a direct use when it forwards the singleton's value.
func addDerived(pass *analysis.Pass, rules map[types.Object]*resolvedRule, derived *derivedSet, visible map[string]*types.Package) {
	for obj, f := range derived.objs {
		if rules[obj] != nil {
			continue // a singleton of its own
		}
		r := &resolvedRule{singleton: obj, replacement: f.Replacement, message: f.Message, indirect: f}
		err := r.resolve(pass, visible)
		if err == nil && r.replacementFunc == nil && f.ReplacementFact != nil && f.ReplacementFact.Func == f.Replacement && f.Forward {
			r.fromFact(f.ReplacementFact, visible)
			r.problem = nil
		}
		switch _, isFunc := obj.(*types.Func); {
		case !f.Forward && isFunc: // before err: a wrapper that does more need not fit the replacement
			r.problem = noFixf("%s does more than return the singleton: give it a per-request parameter, or delete it once its callers are migrated", f.Name)
		case !f.Forward:
			r.problem = noFixf("%s does not hold exactly the singleton: fill it per request, or delete it once its readers are migrated", f.Name)
		case err != nil:
			r.problem = &noFix{why: "the rule does not fit: " + err.Error()}
		}
		rules[obj] = r
	}
}

// resolve finds the replacement and checks that it fits the singleton. It
// looks only in this package and its direct imports, which every driver
// has complete (go vet gives a package the export data of its direct
// imports, with their exported objects; packages further away only as far
// as those reach). A replacement elsewhere, or not exported, leaves the
// rule without fixes (unless a replacementFact names it, see fromFact)
// but is not a configuration error; one missing from this package or a
// direct import does not exist.
func (r *resolvedRule) resolve(pass *analysis.Pass, visible map[string]*types.Package) error {
	here := pass.Pkg
	pkg := visible[r.replacement.Path]
	complete := pkg != nil && (pkg == here || slices.Contains(here.Imports(), pkg))
	var obj types.Object
	if complete {
		obj = pkg.Scope().Lookup(r.replacement.Name)
	}
	switch {
	case r.replacement.Path != here.Path() && !token.IsExported(r.replacement.Name):
		// Checked by name: export data need not hold an unexported object.
		r.problem = noFixf("its replacement %s is not exported", r.replacement)
		return nil
	case obj == nil && complete:
		return fmt.Errorf("replacement %s does not exist", r.replacement)
	case obj == nil:
		r.problem = noFixf("its replacement %s is not visible from this package", r.replacement)
		return nil
	}
	fn, ok := obj.(*types.Func)
	if !ok {
		return fmt.Errorf("replacement %s must be a func, not %s", r.replacement, kind(obj))
	}
	if err := fits(r.singleton, fn.Signature()); err != nil {
		return fmt.Errorf("replacement %s %w", r.replacement, err)
	}
	r.replacementFunc, r.param = fn, fn.Signature().Params().At(0).Type()
	return nil
}

// fits checks the replacement contract: first parameter P, then exactly the
// singleton's parameters, and results assignable to the singleton's. A var
// singleton is replaced by a call with P alone.
func fits(singleton types.Object, rs *types.Signature) error {
	if rs.TypeParams().Len() > 0 {
		return fmt.Errorf("must not be generic")
	}
	if rs.Params().Len() == 0 {
		return fmt.Errorf("must take the per-request value as its first parameter")
	}
	var params, results []types.Type
	variadic := false
	switch s := singleton.(type) {
	case *types.Var:
		results = []types.Type{s.Type()}
	case *types.Func:
		ss := s.Signature()
		if ss.TypeParams().Len() > 0 {
			return fmt.Errorf("cannot replace generic singleton %s", s.Name())
		}
		for v := range ss.Params().Variables() {
			params = append(params, v.Type())
		}
		for v := range ss.Results().Variables() {
			results = append(results, v.Type())
		}
		variadic = ss.Variadic()
	}
	if rs.Params().Len() != len(params)+1 || rs.Variadic() != variadic {
		return fmt.Errorf("must take the per-request value followed by the %d parameter(s) of %s, has %s", len(params), singleton.Name(), types.TypeString(rs, nil))
	}
	for i, t := range params {
		if !types.Identical(rs.Params().At(i+1).Type(), t) {
			return fmt.Errorf("parameter %d is %s, want %s as in %s", i+2, rs.Params().At(i+1).Type(), t, singleton.Name())
		}
	}
	if rs.Results().Len() != len(results) {
		return fmt.Errorf("must return %d result(s) like %s, returns %d", len(results), singleton.Name(), rs.Results().Len())
	}
	for i, t := range results {
		if !types.AssignableTo(rs.Results().At(i).Type(), t) {
			return fmt.Errorf("result %d is %s, not assignable to %s", i+1, rs.Results().At(i).Type(), t)
		}
	}
	return nil
}

func kind(obj types.Object) string {
	switch obj.(type) {
	case *types.Const:
		return "a const"
	case *types.TypeName:
		return "a type"
	case *types.Var:
		return "a var"
	}
	return "a " + fmt.Sprintf("%T", obj)
}
