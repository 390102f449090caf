// Package importedit computes the edits that add, reuse and delete the
// imports of one Go file, from its token.File, its bytes, its syntax tree
// and its type information. It knows nothing of analysis passes, so the
// edits can be tested per import layout, and every fix that names a
// package (a direct use's or an indirect use's) gets them the same way.
//
// A fix that names a package-level object of another package first asks
// [File.Qualifier] whether an import of the file already names it at the
// site. The imports still missing are planned once for the whole file
// ([File.Plan]): each gets a name nothing in the file uses and an edit of
// its own, at the place gofmt keeps it, such that every edit applies alone
// and all of them merge, as drivers that apply every fix at once
// (golangci-lint, -fix) do. [Plan.Delete] deletes an import that a fix
// leaves unused without touching the lines the plan inserts at.
//
// The edits rely on the file's bytes only to see tabs; where the bytes are
// unknown, the few edits that need them are not made.
package importedit
