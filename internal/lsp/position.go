package lsp

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// encoding is the unit in which LSP positions count characters in a line.
type encoding int

const (
	utf16 encoding = iota // the LSP default
	utf8Enc
	utf32
)

func (e encoding) kind() protocol.PositionEncodingKind {
	switch e {
	case utf8Enc:
		return protocol.PositionEncodingKindUTF8
	case utf32:
		return protocol.PositionEncodingKindUTF32
	}
	return protocol.PositionEncodingKindUTF16
}

// negotiate picks the position encoding from the client's list: UTF-8
// (no conversion at all) if offered, else UTF-16, which every client
// supports, else UTF-32. A client that offers nothing and calls itself
// "emacs" is lsp-mode from before its positionEncoding negotiation (8.0.0
// in Debian 12): it counts columns in Emacs characters, which are code
// points, so it gets UTF-32 without announcing it. Under UTF-16 it would
// place every position after a character outside the BMP one column off,
// and a quick-fix there would garble the line (internal/lsp/emacstest shows both).
// Eglot counts UTF-16 and does not call itself "emacs".
func negotiate(offered []protocol.PositionEncodingKind, client string) encoding {
	has := map[protocol.PositionEncodingKind]bool{}
	for _, k := range offered {
		has[k] = true
	}
	switch {
	case has[protocol.PositionEncodingKindUTF8]:
		return utf8Enc
	case len(offered) == 0 && client == "emacs":
		return utf32
	case len(offered) == 0 || has[protocol.PositionEncodingKindUTF16]:
		return utf16
	case has[protocol.PositionEncodingKindUTF32]:
		return utf32
	}
	return utf16
}

// mapper converts between byte offsets in a text and LSP positions. Lines
// end at "\n"; a "\r" before it belongs to the line break.
type mapper struct {
	text  []byte
	lines []int // offset of the start of each line
}

func newMapper(text []byte) *mapper {
	m := &mapper{text: text, lines: []int{0}}
	for i, b := range text {
		if b == '\n' {
			m.lines = append(m.lines, i+1)
		}
	}
	return m
}

// lineEnd returns the offset of the end of line i, before its break.
func (m *mapper) lineEnd(i int) int {
	end := len(m.text)
	if i+1 < len(m.lines) {
		end = m.lines[i+1] - 1
		if end > m.lines[i] && m.text[end-1] == '\r' {
			end--
		}
	}
	return end
}

// position returns the position of the byte offset off, clamped to the
// text.
func (m *mapper) position(off int, enc encoding) protocol.Position {
	off = max(0, min(off, len(m.text)))
	line := sort.Search(len(m.lines), func(i int) bool { return m.lines[i] > off }) - 1
	start := m.lines[line]
	off = min(off, m.lineEnd(line))
	return protocol.Position{Line: uint32(line), Character: uint32(units(m.text[start:off], enc))}
}

// offset returns the byte offset of p. A character past the end of its
// line means the end of the line (as the specification asks); a position
// inside a character that needs two UTF-16 units is an error.
func (m *mapper) offset(p protocol.Position, enc encoding) (int, error) {
	line := int(p.Line)
	if line >= len(m.lines) {
		if line == len(m.lines) && p.Character == 0 {
			return len(m.text), nil
		}
		return 0, fmt.Errorf("line %d is past the end of the text (%d lines)", line, len(m.lines))
	}
	off, end := m.lines[line], m.lineEnd(line)
	want := int(p.Character)
	for n := 0; n < want && off < end; {
		r, size := utf8.DecodeRune(m.text[off:end])
		u := runeUnits(r, size, enc)
		if n+u > want {
			return 0, fmt.Errorf("position %d:%d is inside a character", p.Line, p.Character)
		}
		n += u
		off += size
	}
	return off, nil
}

func (m *mapper) rng(start, end int, enc encoding) protocol.Range {
	return protocol.Range{Start: m.position(start, enc), End: m.position(end, enc)}
}

// units counts b in the encoding's code units.
func units(b []byte, enc encoding) int {
	if enc == utf8Enc {
		return len(b)
	}
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += runeUnits(r, size, enc)
		b = b[size:]
	}
	return n
}

func runeUnits(r rune, size int, enc encoding) int {
	switch enc {
	case utf8Enc:
		return size
	case utf16:
		if r >= 0x10000 && r != utf8.RuneError {
			return 2
		}
	}
	return 1
}
