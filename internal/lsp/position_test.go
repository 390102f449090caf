package lsp

import (
	"testing"

	"go.lsp.dev/protocol"

	"github.com/factoryscope/factoryscope/internal/lsp/internal/driver"
)

func TestMapper(t *testing.T) {
	// "é" is 2 bytes/1 UTF-16 unit; "😀" is 4 bytes/2 units/1 code point.
	text := []byte("aé😀b\r\nx\n")
	m := newMapper(text)
	for _, tc := range []struct {
		off  int
		enc  encoding
		line uint32
		char uint32
	}{
		{0, utf16, 0, 0},
		{3, utf16, 0, 2}, // after é
		{7, utf16, 0, 4}, // after 😀
		{8, utf16, 0, 5}, // before \r
		{7, utf8Enc, 0, 7},
		{7, utf32, 0, 3},
		{10, utf16, 1, 0}, // x
		{12, utf16, 2, 0}, // end of text
	} {
		p := m.position(tc.off, tc.enc)
		if p.Line != tc.line || p.Character != tc.char {
			t.Errorf("position(%d, %v) = %d:%d, want %d:%d", tc.off, tc.enc, p.Line, p.Character, tc.line, tc.char)
		}
		if off, err := m.offset(p, tc.enc); err != nil || off != tc.off {
			t.Errorf("offset(%d:%d, %v) = %d, %v; want %d", p.Line, p.Character, tc.enc, off, err, tc.off)
		}
	}
	// Past the end of a line: the end of the line, before "\r\n".
	if off, err := m.offset(protocol.Position{Line: 0, Character: 99}, utf16); err != nil || off != 8 {
		t.Errorf("offset past line end = %d, %v; want 8", off, err)
	}
	// Inside a surrogate pair.
	if _, err := m.offset(protocol.Position{Line: 0, Character: 3}, utf16); err == nil {
		t.Error("offset inside a surrogate pair: no error")
	}
	if _, err := m.offset(protocol.Position{Line: 5}, utf16); err == nil {
		t.Error("offset past the last line: no error")
	}
}

func TestNegotiate(t *testing.T) {
	for _, tc := range []struct {
		offered []protocol.PositionEncodingKind
		client  string
		want    encoding
	}{
		{nil, "", utf16},
		{[]protocol.PositionEncodingKind{"utf-16", "utf-8"}, "", utf8Enc},
		{[]protocol.PositionEncodingKind{"utf-32", "utf-16"}, "", utf16},
		{[]protocol.PositionEncodingKind{"utf-32"}, "", utf32},
		{[]protocol.PositionEncodingKind{"latin-1"}, "", utf16},
		// lsp-mode without negotiation counts code points; once it
		// offers encodings, its list decides.
		{nil, "emacs", utf32},
		{[]protocol.PositionEncodingKind{"utf-32", "utf-8", "utf-16"}, "emacs", utf8Enc},
		{nil, "Eglot", utf16},
		{nil, "Neovim", utf16},
	} {
		if got := negotiate(tc.offered, tc.client); got != tc.want {
			t.Errorf("negotiate(%v, %q) = %v, want %v", tc.offered, tc.client, got, tc.want)
		}
	}
}

func TestMergeFixes(t *testing.T) {
	imp := edit(10, 10, "import x\n")
	got := mergeFixes([][]driver.Edit{
		{edit(20, 25, "A"), imp},
		{edit(30, 35, "B"), imp}, // same import: taken once
		{edit(22, 32, "C")},      // overlaps both: left out
		{edit(40, 40, "D"), imp},
	})
	want := []driver.Edit{imp, edit(20, 25, "A"), edit(30, 35, "B"), edit(40, 40, "D")}
	if len(got) != len(want) {
		t.Fatalf("merged %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("merged %v, want %v", got, want)
		}
	}
}

func edit(start, end int, text string) driver.Edit {
	return driver.Edit{Start: start, End: end, NewText: text}
}
