package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
	"sigs.k8s.io/yaml"
)

// customConfig is the subset of golangci-lint's .custom-gcl.yml that
// `golangci-lint custom` reads; unknown keys are errors so that a typo does
// not silently build the wrong binary.
type customConfig struct {
	Version     string   `json:"version"`
	Name        string   `json:"name,omitempty"`
	Destination string   `json:"destination,omitempty"`
	Plugins     []plugin `json:"plugins,omitempty"`

	dir string // directory of the file: relative paths start here
}

type plugin struct {
	Module  string `json:"module"`
	Import  string `json:"import,omitempty"`
	Version string `json:"version,omitempty"`
	Path    string `json:"path,omitempty"`
}

// readConfig reads and validates a .custom-gcl.yml. Relative paths in it
// are resolved against the file's directory (golangci-lint custom resolves
// them against the working directory, which is the same directory when it
// is run as documented).
func readConfig(file string) (*customConfig, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var c customConfig
	if err := yaml.UnmarshalStrict(data, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	c.dir = filepath.Dir(abs)
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return &c, nil
}

func (c *customConfig) validate() error {
	// The version becomes a module query and a -ldflags value: accept
	// exactly a semantic version, nothing a shell or go.mod could misread.
	if !semver.IsValid(c.Version) || semver.Canonical(c.Version) != c.Version {
		return fmt.Errorf("version: %q is not a release version like v2.15.0", c.Version)
	}
	if c.Name == "" {
		c.Name = "custom-gcl" // golangci-lint custom's default
	}
	if c.Name != filepath.Base(c.Name) || c.Name == "." || c.Name == ".." {
		return fmt.Errorf("name: %q is not a file name", c.Name)
	}
	if len(c.Plugins) == 0 {
		return errors.New("plugins: none defined")
	}
	for i := range c.Plugins {
		p := &c.Plugins[i]
		if err := module.CheckPath(p.Module); err != nil {
			return fmt.Errorf("plugins[%d].module: %w", i, err)
		}
		if p.Import == "" {
			p.Import = p.Module
		}
		if err := module.CheckImportPath(p.Import); err != nil {
			return fmt.Errorf("plugins[%d].import: %w", i, err)
		}
		switch {
		case (p.Path == "") == (p.Version == ""):
			return fmt.Errorf("plugins[%d]: exactly one of path and version must be set", i)
		case p.Version != "":
			if err := module.Check(p.Module, p.Version); err != nil {
				return fmt.Errorf("plugins[%d].version: %w", i, err)
			}
		default:
			if !filepath.IsAbs(p.Path) {
				p.Path = filepath.Join(c.dir, p.Path)
			}
		}
	}
	return nil
}

// binary is the path of the binary the configuration asks for.
func (c *customConfig) binary() string {
	dest := c.Destination
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(c.dir, dest)
	}
	return filepath.Join(dest, c.Name)
}
