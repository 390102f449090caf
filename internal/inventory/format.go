package inventory

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Formats are the names -format takes.
var Formats = []string{"text", "json", "markdown"}

// Write writes r in format, one of Formats.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "text":
		return r.WriteText(w)
	case "json":
		return r.WriteJSON(w)
	case "markdown":
		return r.WriteMarkdown(w)
	}
	return fmt.Errorf("unknown format %q (known: %s)", format, strings.Join(Formats, ", "))
}

// WriteJSON writes r as indented JSON, with every list present (empty
// rather than null).
func (r *Report) WriteJSON(w io.Writer) error {
	out := *r
	out.Rules = nonNil(out.Rules)
	out.ByPhase = nonNil(out.ByPhase)
	out.Manual = nonNil(out.Manual)
	out.Wrappers = nonNil(out.Wrappers)
	out.Problems = nonNil(out.Problems)
	out.Sites = nonNil(out.Sites)
	if out.Progress != nil {
		p := *out.Progress
		p.New = nonNil(p.New)
		out.Progress = &p
	}
	data, err := json.MarshalIndent(&out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// summary is the report's first sentence, without a final period.
func (r *Report) summary() string {
	t := r.Total
	if t.Sites == 0 {
		return "no site uses a process-wide singleton"
	}
	return fmt.Sprintf("%s in %s use a process-wide singleton: %d fixable now, %d %s a person",
		plural(t.Sites, "site"), plural(t.Files, "file"), t.Fixable, t.Manual, verb(t.Manual, "needs", "need"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// change writes "155 -> 120 (-35)".
func change(c Change, arrow string) string {
	return fmt.Sprintf("%d %s %d (%+d)", c.Before, arrow, c.After, c.After-c.Before)
}

func countCells(c Counts, withKinds bool) []string {
	cells := []string{itoa(c.Files), itoa(c.Sites)}
	if withKinds {
		cells = append(cells, itoa(c.Direct), itoa(c.Indirect))
	}
	return append(cells, itoa(c.Fixable), itoa(c.Manual))
}

func itoa(n int) string { return strconv.Itoa(n) }

func pos(file string, line int) string { return file + ":" + itoa(line) }

// uses is what a site uses: the wrapper or holder it calls or reads, else
// the singleton.
func (s SiteRef) uses() string {
	if s.Via != "" {
		return s.Via
	}
	return s.Rule
}

func funcOr(fn string) string {
	if fn == "" {
		return "-"
	}
	return fn
}

// WriteText writes r for a terminal: aligned columns.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	head := "factoryscope report"
	if len(r.Selected) > 0 {
		head += " (" + strings.Join(r.Selected, ", ") + ")"
	}
	fmt.Fprintf(&b, "%s: %s\n", head, r.summary())

	if len(r.Rules) > 0 {
		rows := [][]string{{"RULE", "FILES", "SITES", "DIRECT", "INDIRECT", "FIXABLE", "MANUAL"}}
		for _, rc := range r.Rules {
			rows = append(rows, append([]string{rc.Rule}, countCells(rc.Counts, true)...))
		}
		rows = append(rows, append([]string{"total"}, countCells(r.Total, true)...))
		b.WriteString("\n")
		writeTable(&b, rows)
	}

	rows := [][]string{{"PHASE", "FILES", "SITES", "FIXABLE", "MANUAL"}}
	for _, pc := range r.ByPhase {
		rows = append(rows, append([]string{pc.Phase}, countCells(pc.Counts, false)...))
	}
	b.WriteString("\n")
	writeTable(&b, rows)

	if p := r.Progress; p != nil {
		fmt.Fprintf(&b, "\nPROGRESS SINCE %s\n", p.Baseline)
		rows := [][]string{{"PHASE", "FILES", "SITES", "REMOVED", "NEW"}}
		for _, pp := range append(p.Phases, p.Total) {
			rows = append(rows, []string{pp.Phase, change(pp.Files, "->"), change(pp.Sites, "->"), itoa(pp.Removed), itoa(pp.New)})
		}
		writeTable(&b, rows)
		if len(p.New) == 0 {
			b.WriteString("no new site\n")
		} else {
			fmt.Fprintf(&b, "%d new %s:\n", len(p.New), verb(len(p.New), "site", "sites"))
			for _, s := range p.New {
				fmt.Fprintf(&b, "  %s: %s\n", pos(s.File, s.Line)+":"+itoa(s.Column), s.Message)
			}
		}
	}

	if len(r.Manual) > 0 {
		fmt.Fprintf(&b, "\nNEEDS A PERSON: %s, by reason\n", plural(r.Total.Manual, "site"))
		var rows [][]string
		var heads []int // indexes of rows that are group headings
		for _, g := range r.Manual {
			heads = append(heads, len(rows))
			rows = append(rows, []string{fmt.Sprintf("%s (%d)", g.Label, g.Count)})
			for _, s := range g.Sites {
				row := []string{"  " + pos(s.File, s.Line), s.Phase, funcOr(s.Func), s.uses()}
				if g.Reason == Other.Key {
					row = append(row, s.Why)
				}
				rows = append(rows, row)
			}
		}
		writeRows(&b, rows, heads, 0)
	}

	if len(r.Wrappers) > 0 {
		b.WriteString("\n")
		rows := [][]string{{"WRAPPER OR HOLDER", "KIND", "RULE", "USED AT", "SITES THROUGH IT", "FIXABLE", "MANUAL"}}
		for _, wr := range r.Wrappers {
			rows = append(rows, []string{wr.Name, wr.Kind, wr.Rule, itoa(wr.Direct), itoa(wr.Sites), itoa(wr.Fixable), itoa(wr.Manual)})
		}
		writeRows(&b, rows, nil, 3)
	}

	if len(r.Problems) > 0 {
		fmt.Fprintf(&b, "\nPROBLEMS (%d, not sites)\n", len(r.Problems))
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "  %s:%d:%d: [%s] %s\n", p.File, p.Line, p.Column, p.Category, p.Message)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeTable writes rows in columns two spaces apart: the first left-
// aligned, the others right-aligned.
func writeTable(b *strings.Builder, rows [][]string) { writeRows(b, rows, nil, 1) }

// writeRows writes rows in columns two spaces apart; columns from
// firstRight on are right-aligned (0: none). The rows at heads are
// written as they are and do not count for the widths.
func writeRows(b *strings.Builder, rows [][]string, heads []int, firstRight int) {
	var widths []int
	isHead := make(map[int]bool)
	for _, i := range heads {
		isHead[i] = true
	}
	for i, row := range rows {
		if isHead[i] {
			continue
		}
		for j, cell := range row {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], utf8.RuneCountInString(cell))
		}
	}
	for i, row := range rows {
		if isHead[i] {
			b.WriteString(strings.Join(row, "  ") + "\n")
			continue
		}
		var line strings.Builder
		for j, cell := range row {
			pad := strings.Repeat(" ", widths[j]-utf8.RuneCountInString(cell))
			if j > 0 {
				line.WriteString("  ")
			}
			if firstRight > 0 && j >= firstRight {
				line.WriteString(pad + cell)
			} else {
				line.WriteString(cell + pad)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// WriteMarkdown writes r for a pull-request comment or a CI job summary:
// tables, a Mermaid chart of the sites by phase, and the sites that need
// a person in collapsed sections.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("## factoryscope: migration inventory")
	if len(r.Selected) > 0 {
		b.WriteString(" (" + strings.Join(r.Selected, ", ") + ")")
	}
	t := r.Total
	if t.Sites == 0 {
		b.WriteString("\n\nNo site uses a process-wide singleton.\n")
	} else {
		fmt.Fprintf(&b, "\n\n**%s** in **%s** use a process-wide singleton: **%d** fixable now with `factoryscope -fix`, **%d** %s a person.\n",
			plural(t.Sites, "site"), plural(t.Files, "file"), t.Fixable, t.Manual, verb(t.Manual, "needs", "need"))
	}

	if len(r.Rules) > 0 {
		b.WriteString("\n| Rule | Files | Sites | Direct | Indirect | Fixable | Manual |\n| :--- | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, rc := range r.Rules {
			mdRow(&b, append([]string{code(rc.Rule)}, countCells(rc.Counts, true)...))
		}
		mdRow(&b, append([]string{"**total**"}, countCells(r.Total, true)...))
	}

	b.WriteString("\n### By phase\n\n| Phase | Files | Sites | Fixable | Manual |\n| :--- | ---: | ---: | ---: | ---: |\n")
	for _, pc := range r.ByPhase {
		mdRow(&b, append([]string{pc.Phase}, countCells(pc.Counts, false)...))
	}
	r.mermaid(&b)

	if p := r.Progress; p != nil {
		fmt.Fprintf(&b, "\n### Progress since %s\n\n| Phase | Files | Sites | Removed | New |\n| :--- | ---: | ---: | ---: | ---: |\n", code(p.Baseline))
		for _, pp := range p.Phases {
			mdRow(&b, []string{pp.Phase, change(pp.Files, "→"), change(pp.Sites, "→"), itoa(pp.Removed), itoa(pp.New)})
		}
		pp := p.Total
		mdRow(&b, []string{"**total**", change(pp.Files, "→"), change(pp.Sites, "→"), itoa(pp.Removed), itoa(pp.New)})
		if len(p.New) == 0 {
			b.WriteString("\nNo new site.\n")
		} else {
			fmt.Fprintf(&b, "\n**%d new %s:**\n\n", len(p.New), verb(len(p.New), "site", "sites"))
			for _, s := range p.New {
				fmt.Fprintf(&b, "- %s: %s\n", code(pos(s.File, s.Line)), mdText(s.Message))
			}
		}
	}

	if len(r.Manual) > 0 {
		fmt.Fprintf(&b, "\n### Needs a person: %s\n", plural(t.Manual, "site"))
		for _, g := range r.Manual {
			fmt.Fprintf(&b, "\n<details><summary>%s: %s</summary>\n\n| Site | Phase | In | Uses | Why |\n| :--- | :--- | :--- | :--- | :--- |\n",
				htmlText(g.Label), plural(g.Count, "site"))
			for _, s := range g.Sites {
				mdRow(&b, []string{code(pos(s.File, s.Line)), s.Phase, code(funcOr(s.Func)), code(s.uses()), mdText(s.Why)})
			}
			b.WriteString("\n</details>\n")
		}
	}

	if len(r.Wrappers) > 0 {
		b.WriteString("\n### Wrappers and holders\n\n| Wrapper or holder | Kind | Rule | Used at | Sites through it | Fixable | Manual |\n| :--- | :--- | :--- | ---: | ---: | ---: | ---: |\n")
		for _, wr := range r.Wrappers {
			mdRow(&b, []string{code(wr.Name), wr.Kind, code(wr.Rule), itoa(wr.Direct), itoa(wr.Sites), itoa(wr.Fixable), itoa(wr.Manual)})
		}
	}

	if len(r.Problems) > 0 {
		fmt.Fprintf(&b, "\n### Problems\n\n")
		for _, p := range r.Problems {
			fmt.Fprintf(&b, "- %s (%s): %s\n", code(fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)), p.Category, mdText(p.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaid writes the chart of sites by phase: all sites as one bar,
// the fixable ones over it as another, so the part left visible of the
// first is what needs a person.
func (r *Report) mermaid(b *strings.Builder) {
	var names, all, fixable []string
	top := 1
	for _, pc := range r.ByPhase {
		names = append(names, strconv.Quote(pc.Phase))
		all = append(all, itoa(pc.Sites))
		fixable = append(fixable, itoa(pc.Fixable))
		top = max(top, pc.Sites)
	}
	fmt.Fprintf(b, "\n```mermaid\n"+
		"%%%%{init: {\"themeVariables\": {\"xyChart\": {\"plotColorPalette\": \"#d73a49, #2da44e\"}}}}%%%%\n"+
		"xychart-beta\n"+
		"    title \"Sites by phase: fixable now (green), needing a person (red)\"\n"+
		"    x-axis [%s]\n"+
		"    y-axis \"sites\" 0 --> %d\n"+
		"    bar [%s]\n"+
		"    bar [%s]\n"+
		"```\n",
		strings.Join(names, ", "), top, strings.Join(all, ", "), strings.Join(fixable, ", "))
}

func mdRow(b *strings.Builder, cells []string) {
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}

// code writes s as inline code in a table cell.
func code(s string) string {
	return "`" + strings.ReplaceAll(strings.ReplaceAll(s, "`", "'"), "|", `\|`) + "`"
}

// mdText escapes s for a table cell or a list item.
var mdReplacer = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`)

func mdText(s string) string { return mdReplacer.Replace(s) }

var htmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func htmlText(s string) string { return htmlReplacer.Replace(s) }
