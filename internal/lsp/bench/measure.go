package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.lsp.dev/uri"

	"github.com/factoryscope/factoryscope/internal/lsp/internal/benchmod"
)

// server is one language server to measure.
type server struct {
	name   string
	argv   []string
	env    []string // added to the environment
	edit   string   // the line an edit adds, with %d for a number
	marker string   // in the message of each diagnostic counted
	base   int      // diagnostics with the marker in the unedited file
}

// result is what measure saw, in one or more rounds.
type result struct {
	name    string
	open    []time.Duration
	edits   []time.Duration
	added   []time.Duration // of the edits that add a line: a text not seen before
	typing  []time.Duration // last edit of the stream -> final diagnostics
	peakRSS int64           // bytes, the highest of the rounds; 0 if unknown
	stale   int             // publishes for a version older than one already published
	editCPU time.Duration   // the server's CPU time during the sequential edits
}

// merge returns r with the measurements of o added.
func (r *result) merge(o *result) *result {
	if r == nil {
		return o
	}
	r.open = append(r.open, o.open...)
	r.edits = append(r.edits, o.edits...)
	r.added = append(r.added, o.added...)
	r.typing = append(r.typing, o.typing...)
	r.peakRSS = max(r.peakRSS, o.peakRSS)
	r.editCPU += o.editCPU
	r.stale += o.stale
	return r
}

const (
	openTimeout = 3 * time.Minute // a cold build cache
	waitTimeout = time.Minute
)

// measure starts the server in mod, opens the first big file, makes the
// sequential edits and the typing stream, and shuts the server down.
func (s server) measure(mod string, env []string, logDir string, edits int, pause time.Duration, typing int, interval time.Duration) (*result, error) {
	logName := filepath.Join(logDir, strings.NewReplacer(" ", "_", "/", "_").Replace(s.name)+".log")
	logFile, err := os.OpenFile(logName, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(s.argv[0], s.argv[1:]...)
	cmd.Dir, cmd.Env, cmd.Stderr = mod, append(slices.Clip(env), s.env...), logFile
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{}) // closed when the server has exited
	go func() {
		_ = cmd.Wait() // a server killed below, or one that exits after exit
		close(exited)
	}()
	defer func() { // on error paths: the server must not outlive the run
		select {
		case <-exited:
		default:
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	c := newConn(stdout, stdin, s.marker)
	res := &result{name: s.name}
	if err := s.session(c, mod, cmd.Process.Pid, res, edits, pause, typing, interval); err != nil {
		return nil, fmt.Errorf("%w (server log: %s)", err, logName)
	}
	res.peakRSS = peakRSS(cmd.Process.Pid)
	res.stale = c.staleCount()
	if _, err := c.call("shutdown", nil, waitTimeout); err != nil {
		return nil, err
	}
	_ = c.notify("exit", nil)
	_ = stdin.Close()
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		return nil, fmt.Errorf("did not exit after shutdown and exit (server log: %s)", logName)
	}
	return res, nil
}

func (s server) session(c *conn, mod string, pid int, res *result, edits int, pause time.Duration, typing int, interval time.Duration) error {
	root := uri.File(mod)
	_, err := c.call("initialize", map[string]any{
		"processId":        os.Getpid(),
		"rootUri":          root,
		"workspaceFolders": []map[string]any{{"uri": root, "name": "module"}},
		"capabilities": map[string]any{
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{"versionSupport": true},
				"synchronization":    map[string]any{"didSave": true},
			},
		},
	}, openTimeout)
	if err != nil {
		return err
	}
	if err := c.notify("initialized", map[string]any{}); err != nil {
		return err
	}
	path := filepath.Join(mod, filepath.FromSlash(benchmod.File(0)))
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	u := string(uri.File(path))
	before, _, ok := strings.Cut(string(text), benchmod.Anchor)
	if !ok {
		return fmt.Errorf("%s has no line %q", path, benchmod.Anchor)
	}
	line := strings.Count(before, "\n") // where lines are added, 0-based
	version, added := 1, 0

	start := time.Now()
	err = c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": u, "languageId": "go", "version": version, "text": string(text),
	}})
	if err != nil {
		return err
	}
	at, err := c.wait(u, version, s.base, openTimeout)
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	res.open = append(res.open, at.Sub(start))

	// change adds a line at the anchor (add) or removes the last one
	// added, and returns when it was sent.
	change := func(add bool, n int) (time.Time, error) {
		version++
		var rng map[string]any
		var newText string
		if add {
			rng = lspRange(line, line)
			newText = fmt.Sprintf(s.edit, n)
			added++
		} else {
			rng = lspRange(line, line+1)
			added--
		}
		sent := time.Now()
		return sent, c.notify("textDocument/didChange", map[string]any{
			"textDocument":   map[string]any{"uri": u, "version": version},
			"contentChanges": []map[string]any{{"range": rng, "text": newText}},
		})
	}
	cpu := cpuTime(pid)
	for i := range edits {
		sent, err := change(i%2 == 0, i)
		if err != nil {
			return err
		}
		at, err := c.wait(u, version, s.base+added, waitTimeout)
		if err != nil {
			return fmt.Errorf("edit %d: %w", i+1, err)
		}
		res.edits = append(res.edits, at.Sub(sent))
		if i%2 == 0 {
			res.added = append(res.added, at.Sub(sent))
		}
		time.Sleep(pause)
	}
	res.editCPU = cpuTime(pid) - cpu

	if typing > 0 {
		var last time.Time
		streamStart := time.Now()
		for k := range typing {
			time.Sleep(time.Until(streamStart.Add(time.Duration(k) * interval)))
			if last, err = change(true, 1000+k); err != nil {
				return err
			}
		}
		at, err := c.wait(u, version, s.base+added, waitTimeout)
		if err != nil {
			return fmt.Errorf("typing stream: %w", err)
		}
		res.typing = append(res.typing, at.Sub(last))
	}
	return nil
}

func lspRange(from, to int) map[string]any {
	return map[string]any{
		"start": map[string]int{"line": from, "character": 0},
		"end":   map[string]int{"line": to, "character": 0},
	}
}

// peakRSS returns the process's peak resident set size (VmHWM) in bytes,
// or 0 where /proc does not give it.
func peakRSS(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// cpuTime returns the CPU time the process used so far (user and system,
// all threads), or 0 where /proc does not give it.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses:
	// utime and stime are the 12th and 13th, in clock ticks of 1/100 s.
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(u+st) * 10 * time.Millisecond
}

// percentile returns the nearest-rank p-th percentile of ds.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	ds = slices.Sorted(slices.Values(ds))
	i := (p*len(ds)+99)/100 - 1
	return ds[max(i, 0)]
}

func printTable(w io.Writer, rows []*result, rounds, edits, typing int, interval time.Duration) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }
	fmt.Fprintf(w, "| server (defaults unless given) | open -> first diagnostics | edit -> diagnostics p50 | p95 | max | p50, edits to a new text | typing: last edit -> final diagnostics | peak RSS | CPU per edit | stale publishes |\n")
	fmt.Fprintf(w, "|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		rss := "n/a"
		if r.peakRSS > 0 {
			rss = fmt.Sprintf("%.0f MiB", float64(r.peakRSS)/(1<<20))
		}
		typ := "-"
		if len(r.typing) > 0 {
			typ = ms(percentile(r.typing, 50))
		}
		cpu := "n/a"
		if r.editCPU > 0 {
			cpu = ms(r.editCPU / time.Duration(len(r.edits)))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", r.name, ms(percentile(r.open, 50)),
			ms(percentile(r.edits, 50)), ms(percentile(r.edits, 95)), ms(percentile(r.edits, 100)), ms(percentile(r.added, 50)), typ, rss, cpu, r.stale)
	}
	fmt.Fprintf(w, "\n%d round(s), interleaved; per round and server: open, %d sequential edits, a typing stream of %d edits %v apart.\n", rounds, edits, typing, interval)
	fmt.Fprintln(w, "Every other sequential edit removes the line the one before added, back to a text the server saw before; the others make a text never seen.")
	if rounds > 1 {
		fmt.Fprintln(w, "Open and typing: median of the rounds; edit percentiles: all rounds' edits pooled; peak RSS: the highest.")
	}
}
