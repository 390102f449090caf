package lsp

import (
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// benchFile returns file i of a generated package: about 200 lines of
// handlers, types and helpers using the standard library, with two
// singleton sites.
func benchFile(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `package big

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"example.com/m/lib"
)

// Item%[1]d is a record kept by Store%[1]d.
type Item%[1]d struct {
	ID      int       `+"`json:\"id\"`"+`
	Name    string    `+"`json:\"name\"`"+`
	Tags    []string  `+"`json:\"tags\"`"+`
	Created time.Time `+"`json:\"created\"`"+`
}

// Store%[1]d keeps items in memory.
type Store%[1]d struct {
	mu    sync.Mutex
	items map[int]*Item%[1]d
	next  int
}

// NewStore%[1]d returns an empty store.
func NewStore%[1]d() *Store%[1]d { return &Store%[1]d{items: map[int]*Item%[1]d{}} }

// Add stores an item and returns its id.
func (s *Store%[1]d) Add(name string, tags ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	s.items[s.next] = &Item%[1]d{ID: s.next, Name: name, Tags: tags, Created: time.Now()}
	return s.next
}

// List returns the items sorted by name.
func (s *Store%[1]d) List() []*Item%[1]d {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*Item%[1]d, 0, len(s.items))
	for _, it := range s.items {
		out = append(out, it)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// Find returns the items whose name contains q.
func (s *Store%[1]d) Find(q string) []*Item%[1]d {
	var out []*Item%[1]d
	for _, it := range s.List() {
		if strings.Contains(strings.ToLower(it.Name), strings.ToLower(q)) {
			out = append(out, it)
		}
	}
	return out
}

// ServeHTTP lists or adds items.
func (s *Store%[1]d) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
		f := lib.Get()
		_ = f
		w.Header().Set("Content-Type", "application/json")
		if err := json.NewEncoder(w).Encode(s.Find(r.URL.Query().Get("q"))); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	case http.MethodPost:
		var it Item%[1]d
		if err := json.NewDecoder(r.Body).Decode(&it); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		id := s.Add(it.Name, it.Tags...)
		fmt.Fprintf(w, "%%d\n", id)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// Process%[1]d handles one job.
func Process%[1]d(ctx context.Context, names []string) (map[string]int, error) {
	f := lib.Get()
	_ = f
	counts := map[string]int{}
	for _, n := range names {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		default:
		}
		counts[strings.TrimSpace(n)]++
	}
	return counts, nil
}
`, i)
	for j := range 8 {
		fmt.Fprintf(&b, `
// helper%[1]d_%[2]d formats a summary.
func helper%[1]d_%[2]d(items []*Item%[1]d) string {
	var parts []string
	for k, it := range items {
		if k%%2 == 0 {
			parts = append(parts, fmt.Sprintf("%%d:%%s", it.ID, it.Name))
		} else {
			parts = append(parts, strings.Join(it.Tags, ","))
		}
	}
	return strings.Join(parts, ";")
}
`, i, j)
	}
	return b.String()
}

func benchModule(b *testing.B) (dir string, files map[string]string) {
	b.Helper()
	dir = b.TempDir()
	files = maps.Clone(module)
	for i := range 50 {
		files[fmt.Sprintf("big/file%02d.go", i)] = benchFile(i)
	}
	writeFiles(b, dir, files)
	return dir, files
}

// BenchmarkOpenToDiagnostics measures a new server's first diagnostics
// for a file of the 50-file package: listing the package, reading the
// dependencies' export data (built once, then from the build cache),
// computing their facts, type-checking and analysing.
func BenchmarkOpenToDiagnostics(b *testing.B) {
	dir, _ := benchModule(b)
	path := filepath.Join(dir, "big", "file00.go")
	for range b.N {
		c, _ := start(b, dir, Options{Debounce: time.Millisecond}, nil, "")
		u := c.open(path)
		c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })
	}
}

// BenchmarkDidChangeToDiagnostics measures the time from a didChange of
// one file of a 50-file package to the publishDiagnostics for it, with a
// 1ms debounce (an editor adds the configured debounce, 200ms by default).
func BenchmarkDidChangeToDiagnostics(b *testing.B) {
	dir, files := benchModule(b)
	c, _ := start(b, dir, Options{Debounce: time.Millisecond}, nil, "")
	path := filepath.Join(dir, "big", "file00.go")
	u := c.open(path)
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })
	text := files["big/file00.go"]
	b.ResetTimer()
	for i := range b.N {
		// Alternate between a version with a third site and one without.
		src := text
		if i%2 == 0 {
			src = strings.Replace(text, "\treturn counts, nil", "\t_ = lib.Get()\n\treturn counts, nil", 1)
		}
		want := 2 + (i+1)%2
		c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: src})
		c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == want })
	}
}
