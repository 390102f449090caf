// Package factoryscope is the golangci-lint v2 module plugin of
// factoryscope. A custom golangci-lint that blank-imports this package
// (see .custom-gcl.yml and internal/buildgcl) runs factoryscope as the
// linter named "factoryscope", configured by the settings block under
// linters.settings.custom.factoryscope in .golangci.yml.
package factoryscope

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/analyzer"
)

// Name is the plugin's name: the key under linters.settings.custom and the
// linter name in golangci-lint's reports and //nolint directives.
const Name = "factoryscope"

func init() {
	register.Plugin(Name, New)
}

// plugin is one configured instance; golangci-lint creates one per run.
type plugin struct {
	suite analyzer.Suite
}

var _ register.LinterPlugin = (*plugin)(nil)

// New decodes the settings strictly into the configuration the CLI uses,
// validates it and builds this instance's analyzers. Missing settings mean
// an empty configuration: only source directives apply. Errors are the
// CLI's one-line errors for the same .golangci.yml block, e.g.
//
//	linters.settings.custom.factoryscope.settings.rules[0].replacement: "x" is not an import path followed by a name
func New(settings any) (register.LinterPlugin, error) {
	settings, err := analyzer.FoldKeys(settings)
	if err != nil {
		return nil, inBlock(err)
	}
	cfg, err := register.DecodeSettings[analyzer.Config](settings)
	// encoding/json matches keys case-insensitively and its errors do not
	// say where in a list a field is: the CLI's decoder is stricter and
	// names the full path, so a block either side accepts is one both do.
	if strict := decodeStrict(settings); strict != nil {
		return nil, inBlock(strict)
	}
	if err != nil {
		return nil, inBlock(err)
	}
	// golangci-lint analyses the packages of the module it runs in: its
	// working directory is the module the configuration is for.
	suite, err := analyzer.New(cfg, ".")
	if err != nil {
		return nil, inBlock(err)
	}
	return &plugin{suite: suite}, nil
}

// decodeStrict returns the CLI decoder's complaint about settings, if any.
func decodeStrict(settings any) error {
	data, err := json.Marshal(settings)
	if err == nil {
		_, err = analyzer.Decode(data)
	}
	return err
}

// inBlock places a configuration error in the settings block of
// .golangci.yml, where the user has to look for it.
func inBlock(err error) error {
	if fe, ok := errors.AsType[*analyzer.FieldError](err); ok {
		field := analyzer.SettingsPath
		if fe.Field != "" {
			field += "." + fe.Field
		}
		return &analyzer.FieldError{Field: field, Msg: fe.Msg}
	}
	return fmt.Errorf("%s: %w", analyzer.SettingsPath, err)
}

// BuildAnalyzers returns the analyzers New built for this instance.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return slices.Clone(p.suite), nil
}

// GetLoadMode asks for type information: sites are matched through
// go/types and facts travel between packages.
func (*plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
