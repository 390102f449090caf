// Command bench measures factoryscope's language server side by side with
// gopls, over stdio, with the same client, in one run.
//
// It writes the generated module of internal/lsp/internal/benchmod (one package of
// 50 files, about 11,000 lines, two singleton sites per file) to a
// temporary directory, builds factoryscope, finds gopls v0.23.0 on PATH or
// installs it into a temporary GOBIN with go install, and for each server
//
//   - opens big/file00.go and times didOpen -> its first diagnostics;
//   - makes edits that alternately add and remove one line, waiting
//     after each for the diagnostics of the new version (the line is an
//     unused variable for gopls, whose type checker reports it, and a
//     singleton call for factoryscope), and reports the median, the 95th
//     percentile and the maximum of didChange -> diagnostics;
//   - sends a typing-speed stream (one added line every 50ms) and times
//     the last didChange -> the diagnostics of the final version;
//   - reads the server's peak resident set size (VmHWM) before shutdown.
//
// It prints a Markdown table. Usage, from the repository root:
//
//	go run ./internal/lsp/bench [-edits 40] [-typing 100] [-interval 50ms]
//	    [-gopls PATH] [-factoryscope PATH] [-variant '-debounce=200ms']...
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/factoryscope/factoryscope/internal/lsp/internal/benchmod"
)

const goplsVersion = "v0.23.0"

type variants []string

func (v *variants) String() string     { return strings.Join(*v, ", ") }
func (v *variants) Set(s string) error { *v = append(*v, s); return nil }

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	var extra variants
	edits := flag.Int("edits", 40, "sequential edits per server, alternately adding and removing a line")
	typing := flag.Int("typing", 100, "edits of the typing-speed stream (0: none)")
	interval := flag.Duration("interval", 50*time.Millisecond, "time between edits of the typing-speed stream")
	pause := flag.Duration("pause", 200*time.Millisecond, "idle time after each sequential edit's diagnostics")
	gopls := flag.String("gopls", "", "gopls binary (default: gopls "+goplsVersion+" from PATH, else go install into a temporary GOBIN); - leaves gopls out")
	fs := flag.String("factoryscope", "", "factoryscope binary (default: go build ./cmd/factoryscope)")
	warmup := flag.Bool("warmup", true, "open the module once with each server before measuring (warm caches)")
	rounds := flag.Int("rounds", 1, "measure every server this many times, interleaved; the table pools the edits and gives the median open and typing times")
	keep := flag.Bool("keep", false, "keep the temporary directory (module, binaries, server logs)")
	flag.Var(&extra, "variant", "also measure factoryscope lsp with these flags, after optional NAME=VALUE environment words (repeatable), e.g. -variant '-debounce=200ms' or -variant 'GOGC=200'")
	flag.Parse()
	if *edits < 2 || *typing < 0 || *rounds < 1 {
		return errors.New("-edits must be at least 2, -typing at least 0 and -rounds at least 1")
	}

	tmp, err := os.MkdirTemp("", "factoryscope-bench-")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Fprintln(os.Stderr, "bench: keeping", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	mod := filepath.Join(tmp, "module")
	for name, src := range benchmod.Module() {
		p := filepath.Join(mod, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			return err
		}
	}
	if *fs == "" {
		*fs = filepath.Join(tmp, "factoryscope")
		if err := goCmd("", "build", "-o", *fs, "github.com/factoryscope/factoryscope/cmd/factoryscope"); err != nil {
			return fmt.Errorf("building factoryscope (run from the repository): %w", err)
		}
	}
	if *gopls == "" {
		if *gopls, err = findGopls(tmp); err != nil {
			return err
		}
	}

	var servers []server
	if *gopls != "-" {
		servers = append(servers, server{name: "gopls " + goplsVersion + " (edit: unused variable)", argv: []string{*gopls}, edit: "\tvar unused%d int\n", marker: "declared and not used"})
	}
	servers = append(servers, server{name: "factoryscope lsp (edit: singleton call)", argv: []string{*fs, "lsp"}, edit: "\t_ = lib.Get() // %d\n", marker: "lib.Get", base: 2})
	for _, v := range extra {
		// Leading NAME=VALUE words are the server's environment.
		words := strings.Fields(v)
		i := 0
		for i < len(words) && strings.Contains(words[i], "=") && !strings.HasPrefix(words[i], "-") {
			i++
		}
		servers = append(servers, server{name: "factoryscope lsp " + v, env: words[:i], argv: append([]string{*fs, "lsp"}, words[i:]...), edit: "\t_ = lib.Get() // %d\n", marker: "lib.Get", base: 2})
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
	if *warmup {
		for _, s := range servers[:len(servers)-len(extra)] {
			if _, err := s.measure(mod, env, tmp, 0, 0, 0, 0); err != nil {
				return fmt.Errorf("%s (warm-up): %w", s.name, err)
			}
		}
	}
	rows := make([]*result, len(servers))
	for round := range *rounds {
		for k := range servers {
			i := (k + round) % len(servers) // each server goes first in turn
			s := servers[i]
			r, err := s.measure(mod, env, tmp, *edits, *pause, *typing, *interval)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			rows[i] = rows[i].merge(r)
		}
	}
	printTable(os.Stdout, rows, *rounds, *edits, *typing, *interval)
	return nil
}

func goCmd(gobin string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if gobin != "" {
		cmd.Env = append(os.Environ(), "GOBIN="+gobin)
	}
	return cmd.Run()
}

// findGopls returns gopls goplsVersion from PATH, or installs it into a
// GOBIN under tmp.
func findGopls(tmp string) (string, error) {
	if p, err := exec.LookPath("gopls"); err == nil {
		if out, err := exec.Command(p, "version").Output(); err == nil && strings.Contains(string(out), " "+goplsVersion) {
			return p, nil
		}
	}
	gobin := filepath.Join(tmp, "gobin")
	fmt.Fprintf(os.Stderr, "bench: installing gopls %s into %s\n", goplsVersion, gobin)
	if err := goCmd(gobin, "install", "golang.org/x/tools/gopls@"+goplsVersion); err != nil {
		return "", fmt.Errorf("installing gopls: %w", err)
	}
	return filepath.Join(gobin, "gopls"), nil
}
