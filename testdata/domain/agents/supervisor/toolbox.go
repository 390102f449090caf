package supervisor

import "example.com/domain/services/userctx"

// Toolbox lists the tools agents may call for a user.
type Toolbox struct {
	owner string
	tools []string
}

// DefaultToolbox is the process-wide toolbox. The directive below is all
// factoryscope needs to flag its readers: no configuration.
//
//factoryscope:singleton NewToolbox tools are granted per user
var DefaultToolbox = NewToolbox(nil)

// NewToolbox returns the tools uctx may use.
func NewToolbox(uctx *userctx.UserContext) *Toolbox {
	owner := "anonymous"
	if uctx != nil {
		owner = uctx.UserID
	}
	return &Toolbox{owner: owner, tools: []string{"search", "calculator"}}
}

// Tools returns the tool names.
func (t *Toolbox) Tools() []string { return t.tools }
