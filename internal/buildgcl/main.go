// Command buildgcl builds the custom golangci-lint that .custom-gcl.yml
// describes, from the Go module proxy instead of a GitHub clone.
//
// `golangci-lint custom` clones golangci-lint with git; buildgcl produces
// the same binary from the module proxy alone: it takes the golangci-lint
// module at the configured version from `go mod download`, copies it to a
// scratch directory (.cache/buildgcl next to the configuration), adds a
// cmd/golangci-lint/plugins.go that blank-imports each plugin, requires and
// replaces local plugins, runs `go mod tidy` and `go build`. The binary is
// reused while neither the golangci-lint version, the Go toolchain nor the
// plugins' source changed (a stamp file sits next to the binary).
//
// Usage, from the repository root:
//
//	go run ./internal/buildgcl [-config .custom-gcl.yml] [-force]
//
// It prints the binary's absolute path on stdout; progress goes to stderr.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"time"
)

// golangciModule is the module path of golangci-lint v2.
const golangciModule = "github.com/golangci/golangci-lint/v2"

func main() {
	log.SetFlags(0)
	log.SetPrefix("buildgcl: ")
	config := flag.String("config", "", "the `file` to read (default: .custom-gcl.yml found from the working directory upward)")
	force := flag.Bool("force", false, "rebuild even if the binary is up to date")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./internal/buildgcl [-config file] [-force]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	bin, err := run(ctx, *config, *force)
	stop()
	if err != nil {
		log.Print(err)
		os.Exit(1)
	}
	fmt.Println(bin)
}

// run builds the binary unless it is up to date and returns its path.
func run(ctx context.Context, configFile string, force bool) (string, error) {
	if configFile == "" {
		var err error
		if configFile, err = findConfig(); err != nil {
			return "", err
		}
	}
	c, err := readConfig(configFile)
	if err != nil {
		return "", err
	}
	b := &builder{cfg: c, env: goEnv(), scratch: filepath.Join(c.dir, ".cache", "buildgcl")}
	return b.build(ctx, force)
}

// findConfig looks for .custom-gcl.yml (or .yaml) from the working
// directory upward.
func findConfig() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		for _, name := range []string{".custom-gcl.yml", ".custom-gcl.yaml"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return filepath.Join(dir, name), nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no .custom-gcl.yml in the working directory or above it (use -config)")
		}
		dir = parent
	}
}

// goEnv is the environment of every go command the build runs: module
// mode with only the module proxy (no workspace, no toolchain download), and
// no VCS stamping (the scratch copy sits inside the user's repository).
func goEnv() []string {
	env := make([]string, 0, len(os.Environ())+3)
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GOFLAGS", "GOWORK", "GOTOOLCHAIN":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "GOFLAGS=-mod=mod -buildvcs=false", "GOWORK=off", "GOTOOLCHAIN=local")
}

type builder struct {
	cfg     *customConfig
	env     []string
	scratch string // holds the copy of golangci-lint
}

func (b *builder) build(ctx context.Context, force bool) (string, error) {
	bin := b.cfg.binary()
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return "", err
	}
	unlock, err := lock(bin + ".lock")
	if err != nil {
		return "", fmt.Errorf("lock: %w", err)
	}
	defer unlock()

	goVersion, err := b.goOut(ctx, "", "env", "GOVERSION")
	if err != nil {
		return "", err
	}
	want, err := stamp(b.cfg, strings.TrimSpace(string(goVersion)))
	if err != nil {
		return "", err
	}
	stampFile := bin + ".stamp"
	if !force && upToDate(bin, stampFile, want) {
		log.Printf("%s is up to date (golangci-lint %s, plugins unchanged)", bin, b.cfg.Version)
		return bin, nil
	}

	start := time.Now()
	src, err := b.download(ctx)
	if err != nil {
		return "", err
	}
	repo := filepath.Join(b.scratch, "golangci-lint")
	log.Printf("copying %s to %s", src, repo)
	if err := os.RemoveAll(repo); err != nil {
		return "", err
	}
	if err := copyTree(src, repo); err != nil {
		return "", fmt.Errorf("copy golangci-lint source: %w", err)
	}
	if err := b.writePlugins(repo); err != nil {
		return "", err
	}
	edit := []string{"mod", "edit"}
	for _, p := range b.cfg.Plugins {
		if p.Version != "" {
			edit = append(edit, "-require="+p.Module+"@"+p.Version)
			continue
		}
		// The pseudo-version is never fetched: the replace wins.
		edit = append(edit, "-require="+p.Module+"@v0.0.0-00010101000000-000000000000", "-replace="+p.Module+"="+p.Path)
	}
	if _, err := b.goOut(ctx, repo, edit...); err != nil {
		return "", err
	}
	log.Printf("go mod tidy")
	if _, err := b.goOut(ctx, repo, "mod", "tidy"); err != nil {
		return "", err
	}

	// Build next to the target and rename, so that an interrupted build
	// never leaves a half-written binary behind.
	tmp := filepath.Join(filepath.Dir(bin), "."+filepath.Base(bin)+".tmp")
	version := fmt.Sprintf("%s-custom-gcl-%s", b.cfg.Version, want[:16])
	ldflags := fmt.Sprintf("-s -w -X 'main.version=%s' -X 'main.date=%s'", version, time.Now().UTC().Format(time.RFC3339))
	log.Printf("go build ./cmd/golangci-lint (version %s)", version)
	if _, err := b.goOut(ctx, repo, "build", "-trimpath", "-ldflags", ldflags, "-o", tmp, "./cmd/golangci-lint"); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", err
	}
	if err := os.WriteFile(stampFile, []byte(want+"\n"), 0o644); err != nil {
		return "", err
	}
	log.Printf("built %s in %s", bin, time.Since(start).Round(time.Second))
	return bin, nil
}

// upToDate reports whether bin exists and was built from what want stamps.
func upToDate(bin, stampFile, want string) bool {
	got, err := os.ReadFile(stampFile)
	if err != nil || strings.TrimSpace(string(got)) != want {
		return false
	}
	fi, err := os.Stat(bin)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// download fetches the golangci-lint module through the module proxy and
// returns its directory in the module cache.
func (b *builder) download(ctx context.Context) (string, error) {
	// Outside any module, so that the go.mod of the repository around the
	// scratch directory is neither read nor touched.
	dir, err := os.MkdirTemp("", "buildgcl")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	log.Printf("go mod download %s@%s", golangciModule, b.cfg.Version)
	out, err := b.goOut(ctx, dir, "mod", "download", "-json", golangciModule+"@"+b.cfg.Version)
	var m struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &m); jerr == nil && m.Error != "" {
		return "", fmt.Errorf("go mod download: %s", m.Error)
	}
	if err != nil {
		return "", err
	}
	if m.Dir == "" {
		return "", fmt.Errorf("go mod download: no directory in %q", out)
	}
	return m.Dir, nil
}

// writePlugins replaces cmd/golangci-lint/plugins.go with one that
// blank-imports every plugin, as golangci-lint custom does.
func (b *builder) writePlugins(repo string) error {
	var src bytes.Buffer
	src.WriteString("// Code generated by buildgcl. DO NOT EDIT.\n\npackage main\n\nimport (\n")
	for _, p := range b.cfg.Plugins {
		fmt.Fprintf(&src, "\t_ %q\n", p.Import)
	}
	src.WriteString(")\n")
	out, err := format.Source(src.Bytes())
	if err != nil {
		return fmt.Errorf("plugins.go: %w", err)
	}
	return os.WriteFile(filepath.Join(repo, "cmd", "golangci-lint", "plugins.go"), out, 0o644)
}

// goOut runs the go command in dir and returns its standard output; on
// failure its standard error is printed and the error names the command.
func (b *builder) goOut(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = b.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		os.Stderr.Write(stderr.Bytes())
		return out, fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return out, nil
}

// copyTree copies the regular files under src to dst. Files in the module
// cache are read-only; the copies are writable so that go mod tidy can
// edit them and the next build can remove them.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		return copyFile(path, target, 0o644|info.Mode().Perm()&0o111)
	})
}

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
