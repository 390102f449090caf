package lsp

import (
	"path/filepath"
	"reflect"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/lsp/internal/driver"
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
// good one (or, at first, none: source directives only) stays in force.
func (s *server) driverFor(dir string) (drv *driver.Driver, changed bool) {
	s.mu.Lock()
	named, root := s.configFile, s.root
	s.mu.Unlock()

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
		cfg, err = analyzer.LoadFile(named)
	} else {
		cfg, source, err = analyzer.Discover(dir)
	}
	var suite analyzer.Suite
	if err == nil {
		newSuite := s.opts.NewSuite
		if newSuite == nil {
			newSuite = analyzer.New
		}
		suite, err = newSuite(cfg)
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
		suite, _ = analyzer.New(analyzer.Config{})
		cfg, source = analyzer.Config{}, ""
		if s.opts.NewSuite != nil {
			suite, _ = s.opts.NewSuite(analyzer.Config{})
		}
	case cur.loaded && cur.source == source && reflect.DeepEqual(cur.cfg, cfg):
		return cur.drv, false
	default:
		s.lastErr = "" // a later error is news again
	}
	changed = cur.loaded
	*cur = configState{loaded: true, cfg: cfg, source: source, drv: driver.New(suite, s.opts.Env)}
	return cur.drv, changed
}
