package singleton

import (
	"go/ast"
	"go/token"
	"os"
	"strings"

	"github.com/factoryscope/factoryscope/internal/importedit"
)

// source is the file being reported, read once: the edits of its fixes
// look at its bytes.
type source struct {
	file    *ast.File
	tf      *token.File
	src     []byte // nil when unreadable, or not the file tf describes (a cgo rewrite)
	imports *importedit.File
}

// sourceOf returns the source of file, read the first time a fix of the
// file needs it.
func (st *state) sourceOf(file *ast.File) *source {
	if st.cur == nil || st.cur.file != file {
		tf := st.pass.Fset.File(file.Pos())
		read := st.pass.ReadFile
		if read == nil { // older drivers, such as rules_go's nogo, leave it unset
			read = os.ReadFile
		}
		src, err := read(tf.Name())
		if err != nil || len(src) != tf.Size() {
			src = nil
		}
		st.cur = &source{file: file, tf: tf, src: src, imports: importedit.NewFile(tf, src, file, st.pass.TypesInfo, st.pass.Pkg)}
	}
	return st.cur
}

// indent returns the blanks before p on its line, if there is nothing else.
func (s *source) indent(p token.Pos) (string, bool) {
	if s.src == nil {
		return "", false
	}
	start := s.tf.Offset(s.tf.LineStart(s.tf.Line(p)))
	ws := string(s.src[start:s.tf.Offset(p)])
	return ws, strings.Trim(ws, " \t") == ""
}

// line is p's line, as //line directives say.
func (s *source) line(p token.Pos) int { return s.tf.Position(p).Line }
