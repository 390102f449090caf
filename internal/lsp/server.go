package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/factoryscope/factoryscope/internal/lsp/internal/driver"
)

// fixAllKind is the code action kind of "apply every fix in the file".
const fixAllKind protocol.CodeActionKind = "source.fixAll.factoryscope"

type server struct {
	protocol.UnimplementedServer
	ctx    context.Context // the connection's; cancelled when it ends
	opts   Options
	client protocol.Client
	exited chan struct{}
	once   sync.Once // closes exited
	kick   chan struct{}
	timer  *time.Timer

	// sendMu orders diagnostics notifications with the document state
	// they were computed from (a late publish must not revive a closed
	// file).
	sendMu sync.Mutex

	mu         sync.Mutex
	enc        encoding
	root       string // first workspace folder
	configFile string // named by the client's settings; "" to discover
	docs       map[string]*document
	dirty      map[string]time.Time // open files to analyse, by last change
	inflight   *inflight
	owner      map[string]string // published file -> package ID
	cfg        configState
	shutdown   bool
	watch      bool          // the client watches files for us on request
	lastErr    string        // last message shown, not repeated
	analysed   chan struct{} // closed and replaced after each publish
	garbage    bool          // an analysis ran since the last collection
}

// document is an open file.
type document struct {
	uri     uri.URI
	version int32
	text    []byte // replaced, never modified in place
	// What was last published for it, computed from the text of version
	// analysed.
	analysed int32
	diags    []published
}

type published struct {
	d   driver.Diagnostic
	lsp protocol.Diagnostic
}

type inflight struct {
	dir    string
	test   bool // the test variant, which has the directory's test files too
	cancel context.CancelFunc
}

func newServer(ctx context.Context, opts Options) *server {
	opts.Debounce = max(opts.Debounce, 0)
	go executableSum() // the disk cache's key, ready for the first analysis
	s := &server{
		ctx:      ctx,
		opts:     opts,
		exited:   make(chan struct{}),
		kick:     make(chan struct{}, 1),
		docs:     map[string]*document{},
		dirty:    map[string]time.Time{},
		owner:    map[string]string{},
		analysed: make(chan struct{}),
	}
	s.timer = time.AfterFunc(time.Hour, s.poke)
	s.timer.Stop()
	return s
}

func (s *server) poke() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *server) logf(format string, args ...any) {
	if s.opts.Log != nil {
		fmt.Fprintf(s.opts.Log, "factoryscope lsp: "+format+"\n", args...)
	}
}

// showError shows msg to the user once (until a different message).
func (s *server) showError(msg string) {
	s.mu.Lock()
	repeat := msg == s.lastErr
	s.lastErr = msg
	s.mu.Unlock()
	s.logf("%s", msg)
	if !repeat {
		_ = s.client.ShowMessage(s.ctx, &protocol.ShowMessageParams{Type: protocol.MessageTypeError, Message: "factoryscope: " + msg})
	}
}

func (s *server) wasShutdown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shutdown
}

func (s *server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timer.Stop()
	if s.inflight != nil {
		s.inflight.cancel()
	}
}

// settings is the shape of initializationOptions and of the settings of
// workspace/didChangeConfiguration: {"factoryscope": {"config": "path"}},
// or the inner object alone.
type settings struct {
	Factoryscope *struct {
		Config *string `json:"config"`
	} `json:"factoryscope"`
	Config *string `json:"config"`
}

// configFileSetting returns the config file named in raw settings, and whether
// they name one at all (an empty string means: discover again).
func configFileSetting(raw []byte) (string, bool) {
	var st settings
	if len(raw) == 0 || json.Unmarshal(raw, &st) != nil {
		return "", false
	}
	if st.Factoryscope != nil && st.Factoryscope.Config != nil {
		return *st.Factoryscope.Config, true
	}
	if st.Config != nil {
		return *st.Config, true
	}
	return "", false
}

// rootOf returns the workspace root of the initialize request: its first
// workspace folder, else the deprecated rootUri or rootPath.
func rootOf(p *protocol.InitializeParams) string {
	if folders, ok := p.WorkspaceFolders.Get(); ok && len(folders) > 0 {
		return fsPath(folders[0].URI)
	}
	if p.RootURI != nil { //nolint:staticcheck // SA1019: fallback for clients that send no workspaceFolders (Neovim 0.7)
		return fsPath(*p.RootURI) //nolint:staticcheck // SA1019: fallback for clients that send no workspaceFolders (Neovim 0.7)
	}
	if path, ok := p.RootPath.Get(); ok { //nolint:staticcheck // SA1019: fallback for clients that send no workspaceFolders (Neovim 0.7)
		return path
	}
	return ""
}

func (s *server) Initialize(_ context.Context, p *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var offered []protocol.PositionEncodingKind
	if p.Capabilities.General != nil {
		offered = p.Capabilities.General.PositionEncodings
	}
	s.enc = negotiate(offered, p.ClientInfo.Name)
	s.root = rootOf(p)
	if cf, ok := configFileSetting(p.InitializationOptions); ok {
		s.configFile = cf
	}
	if ws := p.Capabilities.Workspace; ws != nil && ws.DidChangeWatchedFiles != nil &&
		ws.DidChangeWatchedFiles.DynamicRegistration != nil && *ws.DidChangeWatchedFiles.DynamicRegistration {
		s.watch = true
	}
	change := protocol.TextDocumentSyncKindIncremental
	yes := true
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			PositionEncoding: s.enc.kind(),
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: &yes,
				Change:    &change,
				Save:      protocol.Boolean(true),
			},
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix, fixAllKind},
			},
		},
		ServerInfo: protocol.ServerInfo{Name: "factoryscope"},
	}, nil
}

// Initialized asks the client to report changes of configuration files
// and Go files made outside the editor, when it can. The request is sent
// from its own goroutine: this notification runs on the read goroutine,
// which must stay free to read the reply. Watching is optional (without
// it, outside changes are seen on the next edit), so a failure is only
// logged: a notification has no reply to carry an error.
func (s *server) Initialized(context.Context, *protocol.InitializedParams) error {
	s.mu.Lock()
	watch := s.watch
	s.mu.Unlock()
	if watch {
		go func() {
			if err := s.registerWatchers(); err != nil {
				s.logf("registering file watchers: %v", err)
			}
		}()
	}
	return nil
}

// registerWatchers asks the client to watch configuration and Go files.
func (s *server) registerWatchers() error {
	opts, err := protocol.Marshal(&protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
		{GlobPattern: protocol.Pattern("**/.golangci.{yml,yaml,json}")},
		{GlobPattern: protocol.Pattern("**/*.{go,mod}")},
	}})
	if err != nil {
		return err
	}
	return s.client.RegisterCapability(s.ctx, &protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID: "factoryscope-watch", Method: "workspace/didChangeWatchedFiles", RegisterOptions: opts,
	}}})
}

func (s *server) Shutdown(context.Context) error {
	s.mu.Lock()
	s.shutdown = true
	s.mu.Unlock()
	s.stop()
	return nil
}

func (s *server) Exit(context.Context) error {
	s.once.Do(func() { close(s.exited) })
	return nil
}

func fsPath(u uri.URI) string {
	if u.Scheme() != "file" {
		return ""
	}
	return filepath.Clean(u.FsPath())
}

// Notification handlers never return errors: the connection treats an
// error from a notification as fatal.

func (s *server) DidOpen(_ context.Context, p *protocol.DidOpenTextDocumentParams) error {
	path := fsPath(p.TextDocument.URI)
	if path == "" || filepath.Ext(path) != ".go" {
		return nil // a saved .golangci.yml is noticed through didSave
	}
	s.mu.Lock()
	s.docs[path] = &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text), analysed: -1}
	s.markDirty(path)
	s.mu.Unlock()
	return nil
}

func (s *server) DidChange(_ context.Context, p *protocol.DidChangeTextDocumentParams) error {
	path := fsPath(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	doc := s.docs[path]
	if doc == nil {
		return nil
	}
	text := doc.text
	for _, ch := range p.ContentChanges {
		switch ch := ch.(type) {
		case *protocol.TextDocumentContentChangeWholeDocument:
			text = []byte(ch.Text)
		case *protocol.TextDocumentContentChangePartial:
			m := newMapper(text)
			start, err1 := m.offset(ch.Range.Start, s.enc)
			end, err2 := m.offset(ch.Range.End, s.enc)
			if err1 != nil || err2 != nil || end < start {
				s.logf("%s: bad change range %v: %v %v", path, ch.Range, err1, err2)
				continue
			}
			next := make([]byte, 0, len(text)-(end-start)+len(ch.Text))
			next = append(append(append(next, text[:start]...), ch.Text...), text[end:]...)
			text = next
		}
	}
	doc.text = text
	doc.version = p.TextDocument.Version
	s.markDirty(path)
	return nil
}

func (s *server) DidSave(_ context.Context, p *protocol.DidSaveTextDocumentParams) error {
	if path := fsPath(p.TextDocument.URI); filepath.Ext(path) == ".go" {
		s.diskChanged(path)
	} else {
		s.diskChanged() // go.mod, a configuration file, ...
	}
	return nil
}

func (s *server) DidChangeWatchedFiles(_ context.Context, p *protocol.DidChangeWatchedFilesParams) error {
	var files []string
	for _, ch := range p.Changes {
		path := fsPath(ch.URI)
		if filepath.Ext(path) != ".go" {
			s.diskChanged()
			return nil
		}
		files = append(files, path)
	}
	s.diskChanged(files...)
	return nil
}

// diskChanged re-analyses every open file: a saved file can change the
// facts (directives, constructors) that other packages see, and its
// package's export data.
func (s *server) diskChanged(files ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.drv != nil {
		s.cfg.drv.Invalidate(files...)
	}
	for path := range s.docs {
		s.markDirty(path)
	}
}

func (s *server) DidClose(_ context.Context, p *protocol.DidCloseTextDocumentParams) error {
	path := fsPath(p.TextDocument.URI)
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.mu.Lock()
	doc := s.docs[path]
	delete(s.docs, path)
	delete(s.dirty, path)
	delete(s.owner, path)
	// The package loses the file's unsaved text: analyse its other open
	// files again.
	for other := range s.docs {
		if filepath.Dir(other) == filepath.Dir(path) {
			s.markDirty(other)
		}
	}
	s.mu.Unlock()
	if doc != nil {
		_ = s.client.PublishDiagnostics(s.ctx, &protocol.PublishDiagnosticsParams{URI: doc.uri, Diagnostics: []protocol.Diagnostic{}})
	}
	return nil
}

func (s *server) DidChangeConfiguration(_ context.Context, p *protocol.DidChangeConfigurationParams) error {
	cf, ok := configFileSetting(p.Settings)
	if !ok {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.configFile = cf
	for path := range s.docs {
		s.markDirty(path)
	}
	return nil
}

// markDirty schedules path for analysis after the debounce delay (at
// once by default) and cancels a running analysis of a package that has
// the file, whose result would be stale. s.mu is held.
func (s *server) markDirty(path string) {
	if s.shutdown {
		return
	}
	s.dirty[path] = time.Now()
	if in := s.inflight; in != nil && in.dir == filepath.Dir(path) && (in.test || !driver.IsTest(path)) {
		in.cancel()
	}
	if s.opts.Debounce == 0 {
		s.poke()
		return
	}
	s.timer.Reset(s.opts.Debounce)
}
