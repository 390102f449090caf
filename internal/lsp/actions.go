package lsp

import (
	"context"
	"slices"
	"strings"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/factoryscope/factoryscope/internal/lsp/internal/driver"
)

// CodeAction offers, for each factoryscope diagnostic with a fix in the
// requested range, a preferred quickfix, and a source.fixAll.factoryscope
// action that applies every fix in the file. Fixes are offered only while
// the document is unchanged since it was analysed: their offsets refer to
// that text.
func (s *server) CodeAction(ctx context.Context, p *protocol.CodeActionParams) ([]protocol.CommandOrCodeAction, error) {
	path := fsPath(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	// Right after an edit the analysis of the new text is on its way:
	// wait for it a little rather than answer with nothing.
	until := time.Now().Add(actionWait)
	for doc := s.docs[path]; doc != nil && doc.analysed != doc.version && !s.shutdown; doc = s.docs[path] {
		left := time.Until(until)
		if left <= 0 || ctx.Err() != nil {
			break
		}
		ch := s.analysed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-time.After(left):
		case <-ctx.Done():
		}
		s.mu.Lock()
	}
	doc := s.docs[path]
	if doc == nil || doc.analysed != doc.version {
		return []protocol.CommandOrCodeAction{}, nil
	}
	m := newMapper(doc.text)
	start, err1 := m.offset(p.Range.Start, s.enc)
	end, err2 := m.offset(p.Range.End, s.enc)
	if err1 != nil || err2 != nil {
		return []protocol.CommandOrCodeAction{}, nil
	}
	quick := wants(p.Context.Only, protocol.CodeActionKindQuickFix)
	actions := []protocol.CommandOrCodeAction{}
	var all []published
	for _, d := range doc.diags {
		if len(d.d.Fixes) == 0 {
			continue
		}
		all = append(all, d)
		if !quick || d.d.Start > end || start > d.d.End {
			continue
		}
		fix := d.d.Fixes[0] // factoryscope reports at most one fix per diagnostic
		kind, yes := protocol.CodeActionKindQuickFix, true
		actions = append(actions, &protocol.CodeAction{
			Title:       fix.Message,
			Kind:        &kind,
			Diagnostics: []protocol.Diagnostic{d.lsp},
			IsPreferred: &yes,
			Edit:        s.workspaceEdit(doc.uri, m, fix.Edits),
		})
	}
	if len(all) > 0 && wants(p.Context.Only, fixAllKind) {
		var fixes [][]driver.Edit
		var diags []protocol.Diagnostic
		for _, d := range all {
			fixes = append(fixes, d.d.Fixes[0].Edits)
			diags = append(diags, d.lsp)
		}
		kind := fixAllKind
		actions = append(actions, &protocol.CodeAction{
			Title:       "Fix all factoryscope findings in this file",
			Kind:        &kind,
			Diagnostics: diags,
			Edit:        s.workspaceEdit(doc.uri, m, mergeFixes(fixes)),
		})
	}
	return actions, nil
}

// actionWait bounds how long a code action request waits for the
// analysis of the document's current text.
const actionWait = 2 * time.Second

// wants reports whether a client that asked for the kinds in only (none:
// all kinds) wants actions of kind k.
func wants(only []protocol.CodeActionKind, k protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if k == o || strings.HasPrefix(string(k), string(o)+".") {
			return true
		}
	}
	return false
}

func (s *server) workspaceEdit(u uri.URI, m *mapper, edits []driver.Edit) *protocol.WorkspaceEdit {
	tes := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		tes = append(tes, protocol.TextEdit{Range: m.rng(e.Start, e.End, s.enc), NewText: e.NewText})
	}
	return &protocol.WorkspaceEdit{Changes: map[uri.URI][]protocol.TextEdit{u: tes}}
}

// mergeFixes combines the edits of several fixes into one list that LSP
// clients can apply at once: an edit identical to one already taken (the
// same import added by two fixes) is taken once, and a fix that would
// overlap an edit already taken is left out whole, for a later run.
func mergeFixes(fixes [][]driver.Edit) []driver.Edit {
	var out []driver.Edit
	for _, edits := range fixes {
		var add []driver.Edit
		ok := true
		for _, e := range edits {
			if slices.Contains(out, e) || slices.Contains(add, e) {
				continue
			}
			if slices.ContainsFunc(out, func(o driver.Edit) bool { return overlaps(e, o) }) ||
				slices.ContainsFunc(add, func(o driver.Edit) bool { return overlaps(e, o) }) {
				ok = false
				break
			}
			add = append(add, e)
		}
		if ok {
			out = append(out, add...)
		}
	}
	// Insertions at one offset keep their order: the LSP applies them in
	// array order.
	slices.SortStableFunc(out, func(a, b driver.Edit) int { return a.Start - b.Start })
	return out
}

func overlaps(a, b driver.Edit) bool {
	return a.Start < b.End && b.Start < a.End
}
