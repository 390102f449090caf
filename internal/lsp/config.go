package lsp

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sync"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/internal/lsp/internal/driver"
)

// configState is the configuration in force and the driver built from it.
type configState struct {
	loaded bool
	cfg    analyzer.Config
	source string // file it came from, "" for none
	drv    *driver.Driver
}

// driverFor returns the driver for analysing a file in dir. The
// configuration is read again each time (a few stat calls and one small
// file), so an edit of the file takes effect on the next analysis without
// a restart; the analyzers are rebuilt only when it changed, in which case
// changed is true. A bad configuration is shown to the user and the last
// good one (or, at first, none: source directives only) stays in force;
// drv is nil only if not even that one can be built.
//
// The configuration is discovered from dir and validated for dir's module,
// never for the server's working directory, which is the editor's: the
// same file gets the same diagnostics whatever directory the server was
// started in, those of the CLI run in the file's module.
func (s *server) driverFor(dir string) (drv *driver.Driver, changed bool) {
	s.mu.Lock()
	named, root := s.configFile, s.root
	s.mu.Unlock()

	newSuite := s.opts.NewSuite
	if newSuite == nil {
		newSuite = analyzer.New
	}
	build := func(cfg analyzer.Config) (*driver.Driver, error) {
		suite, err := newSuite(cfg, dir)
		if err != nil {
			return nil, err
		}
		return driver.New(suite, s.opts.Env)
	}
	var (
		cfg    analyzer.Config
		source string
		err    error
	)
	if named != "" {
		if !filepath.IsAbs(named) && root != "" {
			named = filepath.Join(root, named)
		}
		source = named
		cfg, err = analyzer.LoadFile(named, dir)
	} else {
		cfg, source, err = analyzer.Discover(dir)
	}
	if err == nil {
		drv, err = build(cfg)
	}

	var msg string
	defer func() { // after the unlock below
		if msg != "" {
			s.showError(msg)
		}
	}()
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := &s.cfg
	switch {
	case err != nil:
		msg = "bad configuration: " + err.Error()
		if cur.drv != nil {
			return cur.drv, false
		}
		cfg, source = analyzer.Config{}, ""
		if drv, err = build(cfg); err != nil {
			msg += "; without it: " + err.Error()
			return nil, false
		}
	case cur.loaded && cur.source == source && reflect.DeepEqual(cur.cfg, cfg):
		return cur.drv, false
	default:
		s.lastErr = "" // a later error is news again
	}
	changed = cur.loaded
	if s.opts.NewSuite == nil { // the analyzers are a function of cfg
		if root, key := s.cacheDir(), factCacheKey(cfg); root != "" && key != "" {
			drv.CacheFacts(filepath.Join(root, "facts"), key)
			drv.CacheListings(filepath.Join(root, "listings"))
		}
	}
	*cur = configState{loaded: true, cfg: cfg, source: source, drv: drv}
	return cur.drv, changed
}

// cacheDir is where what the server learns about dependencies is kept
// between runs, "" for nowhere.
func (s *server) cacheDir() string {
	if s.opts.CacheDir != "" {
		return s.opts.CacheDir
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "factoryscope")
}

// factCacheKey identifies the analyzers that cfg configures in this
// binary, which compute the facts the disk cache keeps; "" if the binary
// cannot be read.
func factCacheKey(cfg analyzer.Config) string {
	sum := executableSum()
	js, err := json.Marshal(cfg)
	if sum == "" || err != nil {
		return ""
	}
	return sum + "\x00" + string(js)
}

// executableSum is the hash of the running binary: the code of the
// analyzers.
var executableSum = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})
