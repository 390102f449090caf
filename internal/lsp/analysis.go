package lsp

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/factoryscope/factoryscope/internal/lsp/internal/driver"
)

// worker analyses dirty files one package at a time until the connection
// ends.
func (s *server) worker() {
	for {
		select {
		case <-s.kick:
		case <-s.ctx.Done():
			return
		}
		for s.runOne() {
		}
		s.collect()
	}
}

// collect runs the garbage collector, in the background, when an
// analysis left garbage behind and no other is waiting: the collection
// happens while the user reads the diagnostics, and the next analysis
// starts with the heap's whole headroom instead of paying for a
// collection in its middle.
func (s *server) collect() {
	s.mu.Lock()
	garbage := s.garbage
	s.garbage = false
	s.mu.Unlock()
	if garbage {
		go runtime.GC()
	}
}

// runOne analyses the package of one dirty file whose last edit is older
// than the debounce delay, and reports whether to look for another.
func (s *server) runOne() bool {
	s.mu.Lock()
	if s.shutdown {
		s.mu.Unlock()
		return false
	}
	now := time.Now()
	file, wait := "", time.Duration(-1)
	for _, path := range slices.Sorted(maps.Keys(s.dirty)) {
		if s.docs[path] == nil {
			delete(s.dirty, path)
			continue
		}
		if d := s.opts.Debounce - now.Sub(s.dirty[path]); d > 0 {
			if wait < 0 || d < wait {
				wait = d
			}
			continue
		}
		file = path
		break
	}
	if file == "" {
		if wait > 0 {
			s.timer.Reset(wait)
		}
		s.mu.Unlock()
		return false
	}
	dir, test := filepath.Dir(file), driver.IsTest(file)
	var taken []string
	for path := range s.dirty { // the same package: analysed now
		if filepath.Dir(path) == dir && driver.IsTest(path) == test {
			taken = append(taken, path)
			delete(s.dirty, path)
		}
	}
	overlay := map[string][]byte{}
	versions := map[string]int32{}
	for path, doc := range s.docs {
		overlay[path] = doc.text
		versions[path] = doc.version
	}
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	s.inflight = &inflight{dir: dir, test: test, cancel: cancel}
	s.mu.Unlock()

	configStart := time.Now()
	drv, changed := s.driverFor(dir)
	configTime := time.Since(configStart)
	if drv == nil { // no analyzers at all; driverFor showed why
		s.mu.Lock()
		s.inflight = nil
		s.mu.Unlock()
		return true
	}
	if changed { // new analyzers: every open file's diagnostics may differ
		s.mu.Lock()
		for path := range s.docs {
			if filepath.Dir(path) != dir || driver.IsTest(path) != test {
				s.dirty[path] = time.Time{}
			}
		}
		s.mu.Unlock()
	}
	start := time.Now()
	res, err := analyze(ctx, drv, file, overlay)
	s.mu.Lock()
	s.inflight = nil
	s.mu.Unlock()
	if ctx.Err() != nil {
		// Cancelled by a newer edit, which marked its own file dirty: the
		// package's files wait for their turn again, in case the edit was
		// of another package of the directory.
		s.mu.Lock()
		for _, path := range taken {
			if _, dirty := s.dirty[path]; !dirty && s.docs[path] != nil && !s.shutdown {
				s.dirty[path] = time.Time{}
			}
		}
		s.mu.Unlock()
		return true
	}
	if err != nil {
		s.showError(fmt.Sprintf("cannot analyse %s: %v", file, err))
		return true
	}
	how := fmt.Sprintf("configuration %v, %v", configTime.Round(time.Millisecond), res.Times)
	if res.Reused {
		how = "the result for the same text before"
	} else {
		s.mu.Lock()
		s.garbage = true
		s.mu.Unlock()
	}
	s.logf("analysed %s in %v (%s): %d diagnostics", res.PkgID, time.Since(start).Round(time.Millisecond), how, len(res.Diagnostics))
	s.publish(res, versions)
	return true
}

// analyze runs the driver, turning a panic into an error: a bug in an
// analysis must not take the server down.
func analyze(ctx context.Context, drv *driver.Driver, file string, overlay map[string][]byte) (res *driver.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("internal error: %v\n%s", p, debug.Stack())
		}
	}()
	return drv.Analyze(ctx, file, overlay)
}

// publish sends the diagnostics of every open file of the analysed
// package whose text has not changed since, and clears files the package
// no longer has.
func (s *server) publish(res *driver.Result, versions map[string]int32) {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.mu.Lock()
	// A test variant also holds the package's other files; they are
	// published from the package itself.
	testVariant := strings.Contains(res.PkgID, " [") || strings.HasSuffix(res.PkgID, ".test")
	byFile := map[string][]driver.Diagnostic{}
	for _, d := range res.Diagnostics {
		byFile[filepath.Clean(d.File)] = append(byFile[filepath.Clean(d.File)], d)
	}
	var out []*protocol.PublishDiagnosticsParams
	inPkg := map[string]bool{}
	for _, f := range res.Files {
		f = filepath.Clean(f)
		if testVariant != driver.IsTest(f) {
			continue
		}
		inPkg[f] = true
		doc := s.docs[f]
		if doc == nil || doc.version != versions[f] {
			continue // closed, or edited since: a newer analysis is due
		}
		m := newMapper(doc.text)
		doc.analysed, doc.diags = doc.version, nil
		diags := []protocol.Diagnostic{}
		for _, d := range byFile[f] {
			p := published{d: d, lsp: s.toLSP(m, d)}
			doc.diags = append(doc.diags, p)
			diags = append(diags, p.lsp)
		}
		s.owner[f] = res.PkgID
		out = append(out, &protocol.PublishDiagnosticsParams{URI: doc.uri, Version: protocol.NewOptional(doc.version), Diagnostics: diags})
	}
	for f, id := range s.owner {
		if id == res.PkgID && !inPkg[f] {
			delete(s.owner, f)
			if doc := s.docs[f]; doc != nil {
				doc.diags = nil
				out = append(out, &protocol.PublishDiagnosticsParams{URI: doc.uri, Diagnostics: []protocol.Diagnostic{}})
			}
		}
	}
	close(s.analysed)
	s.analysed = make(chan struct{})
	var lost []string // errors outside any file we can show them in
	for f, ds := range byFile {
		if !inPkg[f] {
			for _, d := range ds {
				if d.Severity == driver.Error {
					lost = append(lost, d.Message)
				}
			}
		}
	}
	s.mu.Unlock()
	for _, p := range out {
		_ = s.client.PublishDiagnostics(s.ctx, p)
	}
	if len(lost) > 0 {
		s.showError(lost[0])
	}
}

func (s *server) toLSP(m *mapper, d driver.Diagnostic) protocol.Diagnostic {
	p := protocol.Diagnostic{
		Range:    m.rng(d.Start, d.End, s.enc),
		Severity: protocol.DiagnosticSeverityWarning,
		Source:   protocol.NewOptional("factoryscope"),
		Message:  protocol.String(d.Message),
	}
	if d.Severity == driver.Error {
		// The package's own errors are gopls's to report; this one only
		// says why factoryscope has nothing to say.
		p.Severity = protocol.DiagnosticSeverityInformation
	}
	if code := cmp.Or(d.Category, d.Analyzer); code != "" {
		p.Code = protocol.String(code)
	}
	if d.URL != "" {
		p.CodeDescription = protocol.CodeDescription{Href: uri.URI(d.URL)}
	}
	return p
}
