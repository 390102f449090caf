package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"

	"github.com/factoryscope/factoryscope/analyzer"
)

// versionFlag implements -V=full, go vet's handshake. go vet keys its cache
// of clean results on this output, so it hashes the configuration file
// along with the executable: editing the rules in .golangci.yml must not
// leave go vet serving stale results. (go vet asks for -V=full without the
// other flags, so a -config file is hashed only when given on this command
// line; the discovered file is found from go vet's working directory.)
type versionFlag struct{ inv invocation }

func (versionFlag) IsBoolFlag() bool { return true }
func (versionFlag) Get() any         { return nil }
func (versionFlag) String() string   { return "" }

func (v versionFlag) Set(s string) error {
	if s != "full" {
		return fmt.Errorf("unsupported flag value: -V=%s (use -V=full)", s)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	h := sha256.New()
	if err := hashFile(h, exe); err != nil {
		return err
	}
	cfg := v.inv.config
	if !v.inv.hasConfig {
		_, cfg, _ = analyzer.Discover(".") // errors surface when packages are analyzed
	}
	if cfg != "" {
		fmt.Fprintf(h, "\x00config %s\x00", cfg)
		_ = hashFile(h, cfg) // likewise
	}
	// The format go vet parses: "<name> version devel ... buildID=<id>".
	fmt.Printf("%s version devel factoryscope buildID=%x\n", exe, h.Sum(nil))
	os.Exit(0)
	return nil
}

func hashFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
