package directive

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestWhereIsUnformatted covers places that gofmt would rewrite, so that
// testdata, which is gofmt-clean, cannot hold them.
func TestWhereIsUnformatted(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"package p\n/*factoryscope:singleton X*/ func F() {}\n", "is on the line of func F, not above it"},
		{"package p //factoryscope:singleton X\n\nfunc F() {}\n", endsLine},
		{"package p\n\nvar (\n\tA = 1; /*factoryscope:singleton X*/ B = 2\n)\n", "is on the line of var B, not above it"},
		{"package p\n\nfunc F(\n\t//factoryscope:singleton X\n\tx int) {}\n", "is inside the declaration of func F"},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", tt.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, g := range f.Comments {
			if strings.Contains(g.List[0].Text, "factoryscope:") {
				if _, doc := placesOf(f)[g]; doc {
					t.Errorf("%q: the directive is a doc comment", tt.src)
				}
				got = whereIs(fset, f, g)
			}
		}
		if got != tt.want {
			t.Errorf("%q: whereIs = %q, want %q", tt.src, got, tt.want)
		}
	}
}
