// Package lsp is factoryscope's language server: it runs the analyzers on
// the package of each edited file, publishes their diagnostics and offers
// their suggested fixes as code actions, next to gopls.
package lsp

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/factoryscope/factoryscope/analyzer"
)

// Options configure a server. The zero value serves the configured suite.
type Options struct {
	// NewSuite builds the analyzers from a configuration, validated for
	// the module at dir; nil means analyzer.New. Tests substitute their
	// own.
	NewSuite func(cfg analyzer.Config, dir string) (analyzer.Suite, error)
	// Debounce is how long the server waits after an edit before it
	// analyses. 0 means not at all, as gopls does: the analysis starts at
	// once, and a newer edit of the package cancels it and starts another.
	Debounce time.Duration
	// Env is the environment of the go command; nil means os.Environ().
	Env []string
	// CacheDir is where the server keeps, between runs, the facts of
	// dependencies (the standard library's among them) and the go
	// command's listings of their export data, so that a new server does
	// not analyse or list them again; "" means factoryscope in the user's
	// cache directory. Unused with NewSuite.
	CacheDir string
	// Log receives the server's own messages; nil discards them.
	Log io.Writer
}

// ErrNoShutdown is returned by Serve when the connection ended without a
// shutdown request before it.
var ErrNoShutdown = errors.New("connection ended without shutdown")

// Serve speaks LSP over rwc until the client sends exit, the connection
// closes or ctx is done. It returns nil after a shutdown request followed
// by exit, ErrNoShutdown otherwise.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := newServer(ctx, opts)
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(rwc), jsonrpc2.WithCodec(codec{}))
	s.client = protocol.ClientDispatcher(conn)
	h := protocol.ServerHandler(s, jsonrpc2.MethodNotFoundHandler)
	conn.Go(ctx, protocol.CancelHandler(func(ctx context.Context, req *jsonrpc2.Request) (res any, err error) {
		// Notifications run in order on the read goroutine (a didChange
		// must not overtake the previous one); requests run concurrently.
		if req.IsCall() {
			jsonrpc2.Async(ctx)
		}
		defer func() {
			if p := recover(); p != nil { // a bug must not take the editor's server down
				s.logf("panic in %s: %v\n%s", req.Method(), p, debug.Stack())
				if req.IsCall() {
					res, err = nil, fmt.Errorf("internal error in %s: %v", req.Method(), p)
				}
			}
		}()
		return h(ctx, req)
	}))
	go s.worker()
	select {
	case <-s.exited:
	case <-conn.Done():
	case <-ctx.Done():
	}
	s.stop()
	closed := make(chan struct{})
	go func() { _ = conn.Close(); close(closed) }()
	select { // a reader blocked on a stream that never closes must not keep us
	case <-closed:
	case <-time.After(time.Second):
	}
	if !s.wasShutdown() {
		return ErrNoShutdown
	}
	return nil
}

// Main runs the language server over stdio with the given arguments (those
// after "lsp") and returns the process exit code: 0 after shutdown and
// exit, 1 if the client went away without shutdown, 2 for bad flags.
func Main(args []string) int {
	fs := flag.NewFlagSet("factoryscope lsp", flag.ContinueOnError)
	debounce := fs.Duration("debounce", 0, "quiet time after an edit before analysing (0: start at once; a newer edit cancels a running analysis)")
	logFile := fs.String("logfile", "", "append the server's log to this file (default: standard error)")
	fs.Bool("stdio", true, "speak LSP over standard input and output (the only transport; accepted for clients that pass it)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: factoryscope lsp [-debounce D] [-logfile FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "factoryscope lsp: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	var log io.Writer = os.Stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, "factoryscope lsp:", err)
			return 2
		}
		defer f.Close()
		log = f
	}
	// An analysis of a large package allocates tens of megabytes that are
	// garbage once it is published. With four times the default headroom,
	// and a collection between analyses (see collect), a collection rarely
	// interrupts one: go run ./internal/lsp/bench -variant GOGC=200 shows the cost
	// per keystroke (more CPU, a slower 95th percentile) and the peak
	// memory saved. GOGC in the environment still decides.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	err := Serve(context.Background(), stdio{}, Options{Debounce: *debounce, Log: log})
	if err != nil {
		fmt.Fprintln(log, "factoryscope lsp:", err)
		return 1
	}
	return 0
}

// stdio is the server's end of standard input and output.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error {
	return errors.Join(os.Stdin.Close(), os.Stdout.Close())
}
