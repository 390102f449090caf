// Package benchmod generates the module the language server's benchmarks
// edit: one package of 50 files (about 11,000 lines) with two singleton
// sites per file, a singleton lib.Get configured in .golangci.yml, and
// the packages it depends on. The in-process benchmarks and the
// side-by-side comparison with gopls (internal/lsp/bench) use the same module.
package benchmod

import (
	"fmt"
	"strings"
)

// Files is the number of files of the big package.
const Files = 50

// Module returns the module's files by slash-separated name relative to
// its root. The big package's files are big/file00.go ... big/file49.go.
func Module() map[string]string {
	m := map[string]string{
		"go.mod":             "module example.com/m\n\ngo 1.24\n",
		".golangci.yml":      golangci,
		"userctx/userctx.go": userctx,
		"lib/lib.go":         lib,
	}
	for i := range Files {
		m[File(i)] = file(i)
	}
	return m
}

// File returns the name of file i of the big package.
func File(i int) string { return fmt.Sprintf("big/file%02d.go", i) }

// Anchor is a line of every big file, inside a function, before which an
// edit can insert a statement.
const Anchor = "\treturn counts, nil\n"

const golangci = `version: "2"
linters:
  settings:
    custom:
      factoryscope:
        type: module
        settings:
          rules:
            - singleton: example.com/m/lib.Get
              replacement: example.com/m/lib.Create
`

const userctx = `package userctx

import "context"

// User is the user of one request.
type User struct{ Name string }

// FromContext returns the request's user.
func FromContext(ctx context.Context) *User { return &User{} }
`

const lib = `package lib

import "example.com/m/userctx"

// Factory builds things.
type Factory struct{ u *userctx.User }

var global = &Factory{}

// Get returns the process-wide factory.
func Get() *Factory { return global }

// Create returns a factory for one user.
func Create(u *userctx.User) *Factory { return &Factory{u: u} }
`

// file returns file i of a generated package: about 200 lines of
// handlers, types and helpers using the standard library, with two
// singleton sites.
func file(i int) string {
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
