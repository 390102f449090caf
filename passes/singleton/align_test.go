package singleton

import (
	"go/token"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestWhitespaceEdits checks the blanks a file's fixes add so that the
// file stays gofmt-clean. Each case gives the source, with the text that
// the fixes replace in «», and its replacement.
func TestWhitespaceEdits(t *testing.T) {
	for _, tt := range []struct {
		name, src, repl string
		want            string // the source with the fixes and the blanks; "" for none
	}{
		{
			name: "longer line moves the comments below",
			src:  "package p\n\nfunc f() {\n\ta := «g()» // one\n\tb := 1   // two\n\t_, _ = a, b\n}\n",
			repl: "create(u)",
			want: "package p\n\nfunc f() {\n\ta := create(u) // one\n\tb := 1         // two\n\t_, _ = a, b\n}\n",
		},
		{
			name: "shorter line moves them back",
			src:  "package p\n\nfunc f() {\n\ta := «longName()» // one\n\tb := 1          // two\n\t_, _ = a, b\n}\n",
			repl: "g(u)",
			want: "package p\n\nfunc f() {\n\ta := g(u) // one\n\tb := 1    // two\n\t_, _ = a, b\n}\n",
		},
		{
			name: "the comments above move too",
			src:  "package p\n\nvar (\n\tb = 1   // two\n\ta = «g()» // one\n)\n",
			repl: "create(u)",
			want: "package p\n\nvar (\n\tb = 1         // two\n\ta = create(u) // one\n)\n",
		},
		{
			name: "nothing to align",
			src:  "package p\n\nfunc f() {\n\ta := «g()»\n\t_ = a\n}\n",
			repl: "create(u)",
		},
		{
			name: "a file gofmt would change anyway",
			src:  "package p\n\nfunc f() {\n\ta := «g()» // one\n\tb := 1 // two\n\t_, _ = a, b\n}\n",
			repl: "create(u)",
		},
		{
			name: "a fix gofmt changes in more than blanks",
			src:  "package p\n\nfunc f() {\n\ta := «g()» // one\n\tb := 1   // two\n\t_, _ = a, b\n}\n",
			repl: "0XAB",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := strings.Index(tt.src, "«")
			end := strings.Index(tt.src, "»") - len("«")
			src := []byte(strings.NewReplacer("«", "", "»", "").Replace(tt.src))
			fset := token.NewFileSet()
			tf := fset.AddFile("p.go", -1, len(src))
			tf.SetLinesForContent(src)
			fix := analysis.TextEdit{Pos: tf.Pos(start), End: tf.Pos(end), NewText: []byte(tt.repl)}
			ws := whitespaceEdits(tf, src, []analysis.TextEdit{fix})
			if tt.want == "" {
				if ws != nil {
					t.Fatalf("got edits %v, want none", ws)
				}
				return
			}
			got := string(src[:start]) + tt.repl + string(src[end:])
			// The blanks' edits follow the fix's, on the source.
			for _, e := range slices.Backward(ws) {
				off, endOff := tf.Offset(e.Pos), tf.Offset(e.End)
				if off >= start && off < end || endOff > start && endOff <= end {
					t.Fatalf("edit %v overlaps the fix", e)
				}
				shift := 0
				if off >= end {
					shift = len(tt.repl) - (end - start)
				}
				got = got[:off+shift] + string(e.NewText) + got[endOff+shift:]
			}
			if got != tt.want {
				t.Errorf("fixed and aligned:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
