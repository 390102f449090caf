package singleton

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// Documentation anchors in docs/rules.md; keep them stable, diagnostics link to them.
const (
	urlFlagged    = "https://github.com/factoryscope/factoryscope/blob/main/docs/rules.md#what-is-flagged"
	urlFix        = "https://github.com/factoryscope/factoryscope/blob/main/docs/rules.md#the-fix"
	urlDirective  = "https://github.com/factoryscope/factoryscope/blob/main/docs/rules.md#source-directive"
	urlIndirect   = "https://github.com/factoryscope/factoryscope/blob/main/docs/rules.md#indirect-uses"
	categorySite  = "singleton"
	categoryRule  = "rule"
	categoryDirec = "directive"
	// categoryIndirect is a use through a wrapper, a holder variable or a
	// holder field: a category of its own, so that users can filter them.
	categoryIndirect = "indirect"
)

// report is the one helper every diagnostic of this pass goes through, so
// they all carry a category, a URL and at most one fix with a message.
func report(pass *analysis.Pass, rng analysis.Range, category, url, msg string, fix *analysis.SuggestedFix) {
	d := analysis.Diagnostic{
		Pos:      rng.Pos(),
		End:      rng.End(),
		Category: category,
		URL:      url,
		Message:  msg,
	}
	if fix != nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*fix}
	}
	pass.Report(d)
}

// reportConfig reports a rule that cannot work at the singleton's declaration.
func reportConfig(pass *analysis.Pass, obj types.Object, msg string) {
	reportConfigAt(pass, declIdent(pass, obj), msg)
}

func reportConfigAt(pass *analysis.Pass, rng analysis.Range, msg string) {
	report(pass, rng, categoryRule, urlFix, msg, nil)
}

// declIdent returns the identifier that declares obj in the package under
// analysis, or a range at the object's position if none is found.
func declIdent(pass *analysis.Pass, obj types.Object) analysis.Range {
	for id, o := range pass.TypesInfo.Defs {
		if o == obj {
			return id
		}
	}
	return &ast.Ident{NamePos: obj.Pos(), Name: obj.Name()}
}

// what is how a site's diagnostic starts: what is used, and how it
// reaches the singleton.
func (s *site) what() string {
	if f := s.rule.indirect; f != nil {
		return f.Name + " " + f.Via
	}
	return fmt.Sprintf("%s is a process-wide singleton shared by all requests", objName(s.rule.singleton))
}

func (s *site) url() string {
	if s.rule.indirect != nil {
		return urlIndirect
	}
	return urlFlagged
}

// category is the diagnostic category of a site: indirect uses have their
// own, so that users can filter them.
func (s *site) category() string {
	if s.rule.indirect != nil {
		return categoryIndirect
	}
	return categorySite
}

// extra is the rule's own message, which ends every diagnostic of its
// sites.
func (s *site) extra() string {
	if s.rule.message != "" {
		return "; " + s.rule.message
	}
	return ""
}
