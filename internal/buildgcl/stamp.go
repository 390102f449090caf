package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/dirhash"
)

// stamp identifies what a binary was built from: the golangci-lint
// version, the Go toolchain, and each plugin (its module version, or a hash
// of its local source). The binary is reused while the stamp is unchanged.
func stamp(c *customConfig, goVersion string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "golangci-lint %s\ngo %s\n", c.Version, goVersion)
	for _, p := range c.Plugins {
		if p.Version != "" {
			fmt.Fprintf(h, "plugin %s %s %s\n", p.Module, p.Import, p.Version)
			continue
		}
		src, err := sourceHash(p.Path)
		if err != nil {
			return "", fmt.Errorf("hash plugin %s: %w", p.Module, err)
		}
		fmt.Fprintf(h, "plugin %s %s %s\n", p.Module, p.Import, src)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sourceHash hashes what the go command compiles from the module in dir:
// go.mod, go.sum and the non-test .go files, leaving out what it ignores
// (testdata, directories starting with . or _, nested modules), so that
// edits to tests, docs or test modules do not force a rebuild.
func sourceHash(dir string) (string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path == dir {
				return nil
			}
			if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "go.mod", rel == "go.sum":
		case strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go"):
		default:
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return dirhash.Hash1(files, func(name string) (io.ReadCloser, error) {
		return os.Open(filepath.Join(dir, filepath.FromSlash(name)))
	})
}
