// Package nvimtest holds the end-to-end test of factoryscope's language
// server in a real editor: headless Neovim starts `factoryscope lsp` on the
// module in testdata/editor, waits for the diagnostic, applies the quick-fix
// and the test compares the written file with its golden copy.
//
// The test needs nvim on PATH (Debian's neovim package, 0.7 or later; .ci/run
// installs it) and skips without it. The Lua script it runs is
// testdata/quickfix.lua.
package nvimtest
