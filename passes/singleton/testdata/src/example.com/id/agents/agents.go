// Package agents has one singleton and one replacement per user package.
package agents

import (
	"example.com/id/ambig"
	"example.com/id/cfg"
	"example.com/id/marked"
)

// Factory holds what a request registered.
type Factory struct{ tools []string }

// Register adds a tool.
func (f *Factory) Register(name string) { f.tools = append(f.tools, name) }

// Tools returns the registered tools.
func (f *Factory) Tools() []string { return f.tools }

var shared = &Factory{}

// Ambig is a singleton.
func Ambig() *Factory { return shared }

// ForAmbig is its replacement.
func ForAmbig(u *ambig.User) *Factory { return &Factory{} }

// Cfg is a singleton.
func Cfg() *Factory { return shared }

// ForCfg is its replacement.
func ForCfg(u *cfg.User) *Factory { return &Factory{} }

// Marked is a singleton.
func Marked() *Factory { return shared }

// ForMarked is its replacement.
func ForMarked(u *marked.User) *Factory { return &Factory{} }

// Ambig2 is a second singleton with the same replacement as Marked.
func Ambig2() *Factory { return shared }

// ForMarked2 is its replacement.
func ForMarked2(u *marked.User) *Factory { return &Factory{} }
