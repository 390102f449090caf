// Package emacstest holds the end-to-end tests of factoryscope's language
// server in real Emacs, with each of its two LSP clients, Eglot and
// lsp-mode. Each test takes the setup block of docs/editors.md for the client
// verbatim as the init file of a fresh home directory, starts an
// interactive `emacs -nw` under a pseudo-terminal (util-linux script) on a
// copy of testdata/editor, and plays a user with testdata/driver.el: the
// diagnostic must cover the singleton on a line whose non-ASCII text
// makes UTF-16 and character columns differ, the quick-fix must be applied
// through the client's own code action command and menu, and the saved
// file must equal its golden copy and build.
//
// Why not emacs --batch: batch Emacs has no command loop, so
// post-command-hook and idle timers never run, and both clients start
// their server from one of them (eglot-ensure, lsp-deferred); it does not
// activate installed packages either. Under a pseudo-terminal the command
// loop and the minibuffer are Emacs's own, and the driver only types keys.
//
// The tests need emacs (Debian 12: emacs-nox 28.2) with the elpa-eglot
// (1.9), elpa-lsp-mode (8.0.0) and elpa-go-mode packages, and script;
// .ci/run installs them. Without emacs or a client package a test skips.
package emacstest
