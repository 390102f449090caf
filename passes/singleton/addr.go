package singleton

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// varUse classifies the read of a singleton var at cursor c (the reference,
// parentheses skipped by the caller). The call that replaces the var is
// not addressable, so a use that needs the var's storage (directly or
// through a chain of struct fields and array elements that does not pass
// through a pointer) gets no fix. A compound assignment or ++/-- of the var
// reads the shared value too, but rewriting it would only update a copy.
// It returns why the use gets no fix, nil when it may get one.
func varUse(info *types.Info, c inspector.Cursor) *noFix {
	it := "it"
	for {
		p, kind := parent(c)
		switch kind {
		case edge.AssignStmt_Lhs:
			if tok := p.Node().(*ast.AssignStmt).Tok; tok != token.ASSIGN && tok != token.DEFINE {
				return &noFix{why: it + " is updated in place"}
			}
			return &noFix{why: it + " is assigned to"}
		case edge.IncDecStmt_X:
			return &noFix{why: it + " is updated in place"}
		case edge.RangeStmt_Key, edge.RangeStmt_Value:
			return &noFix{why: it + " is assigned to"}
		case edge.UnaryExpr_X:
			if p.Node().(*ast.UnaryExpr).Op == token.AND {
				if it == "it" {
					return &noFix{why: "its address is taken"}
				}
				return &noFix{why: "the address of " + it + " is taken"}
			}
		case edge.SliceExpr_X:
			if isArray(info.TypeOf(c.Node().(ast.Expr))) {
				return &noFix{why: it + " is sliced, which needs its address"}
			}
		case edge.SelectorExpr_X:
			sel := info.Selections[p.Node().(*ast.SelectorExpr)]
			if sel == nil || indirect(sel) {
				return nil
			}
			if sel.Kind() != types.FieldVal {
				if ptrRecv(sel.Obj()) {
					return &noFix{why: it + " is the receiver of a method with a pointer receiver"}
				}
				return nil
			}
			c, it = p, "its field or element"
			continue
		case edge.IndexExpr_X:
			if isArray(info.TypeOf(c.Node().(ast.Expr))) {
				c, it = p, "its field or element"
				continue
			}
		}
		return nil
	}
}

// indirect reports whether the selection goes through a pointer, after
// which everything is addressable again.
func indirect(sel *types.Selection) bool {
	t := sel.Recv()
	path := sel.Index()
	for i, idx := range path {
		if _, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
			return true
		}
		if i == len(path)-1 {
			break
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return false
		}
		t = st.Field(idx).Type()
	}
	return false
}

func ptrRecv(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Signature().Recv() == nil {
		return false
	}
	_, ok = types.Unalias(fn.Signature().Recv().Type()).(*types.Pointer)
	return ok
}

func isArray(t types.Type) bool {
	_, ok := types.Unalias(t).Underlying().(*types.Array)
	return ok
}
