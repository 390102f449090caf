package shareuse

import (
	"context"
	"fmt"
	"net/http"

	"example.com/id/agents"
	"example.com/id/marked"
)

// Two sites in one handler share one factory: what the first registers,
// the second reads.
func two(w http.ResponseWriter, r *http.Request) {
	agents.Marked().Register("search")       // want `call agents.ForMarked with marked.FromContext\(r.Context\(\)\) instead, once for the 2 uses in two`
	fmt.Fprintln(w, agents.Marked().Tools()) // want `once for the 2 uses in two`
}

func three(w http.ResponseWriter, r *http.Request) {
	// The comment above the first site stays with it.
	agents.Marked().Register("search") // want `once for the 3 uses in three`
	if r.Method == http.MethodPost {
		agents.Marked().Register("write") // want `once for the 3 uses in three`
	}
	fmt.Fprintln(w, agents.Marked().Tools()) // want `once for the 3 uses in three`
}

// A closure shares the factory of the function that declares it.
func closure(w http.ResponseWriter, r *http.Request) {
	agents.Marked().Register("search") // want `once for the 2 uses in closure`
	done := make(chan []string)
	go func() {
		done <- agents.Marked().Tools() // want `once for the 2 uses in closure`
	}()
	fmt.Fprintln(w, <-done)
}

// One factory for the whole loop, declared before it.
func loop(w http.ResponseWriter, r *http.Request, names []string) {
	for _, name := range names {
		agents.Marked().Register(name) // want `once for the 2 uses in loop`
	}
	fmt.Fprintln(w, agents.Marked().Tools()) // want `once for the 2 uses in loop`
}

// The argument is declared after a goroutine's site: that site keeps the
// inline form; the two after it share.
func late(w http.ResponseWriter, r *http.Request) {
	go func() {
		agents.Marked().Register("early") // want `call agents.ForMarked with marked.FromContext\(r.Context\(\)\) instead$`
	}()
	uctx := marked.FromContext(r.Context())
	_ = uctx
	agents.Marked().Register("late")         // want `call agents.ForMarked with uctx instead, once for the 2 uses in late`
	fmt.Fprintln(w, agents.Marked().Tools()) // want `once for the 2 uses in late`
}

// Different arguments: each site keeps its own.
func different(ctx context.Context, mux *http.ServeMux) {
	agents.Marked().Register("boot") // want `with marked.FromContext\(ctx\) instead$`
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		agents.Marked().Register("req") // want `with marked.FromContext\(r.Context\(\)\) instead$`
	})
}

// The name is taken: the next free one is used.
func taken(w http.ResponseWriter, r *http.Request) {
	factory := "search"
	agents.Marked().Register(factory)        // want `once for the 2 uses in taken`
	fmt.Fprintln(w, agents.Marked().Tools()) // want `once for the 2 uses in taken`
}

// Declared in an if statement's header: shared inside its body.
func header(w http.ResponseWriter, r *http.Request) {
	if ctx := r.Context(); ctx != nil {
		agents.Marked().Register("a")            // want `with marked.FromContext\(ctx\) instead, once for the 2 uses in header`
		fmt.Fprintln(w, agents.Marked().Tools()) // want `once for the 2 uses in header`
	}
}

// A value that is not called as-is is read whole too.
func value(w http.ResponseWriter, r *http.Request) {
	f := agents.Marked() // want `once for the 2 uses in value`
	f.Register("search")
	fmt.Fprintln(w, agents.Marked().Tools()) // want `once for the 2 uses in value`
}

// A factory that an earlier fix declared (as an editor applies one quick
// fix at a time) is reused, not made a second time.
func reuse(w http.ResponseWriter, r *http.Request) {
	factory := agents.ForMarked(marked.FromContext(r.Context()))
	factory.Register("search")
	fmt.Fprintln(w, agents.Marked().Tools()) // want `use factory, declared above as agents.ForMarked\(marked.FromContext\(r.Context\(\)\)\)`
}

// A variable assigned after its declaration could hold an older value at
// the declaration: each site keeps its own call.
func reassigned(w http.ResponseWriter, r *http.Request, users []string) {
	ctx := r.Context()
	for _, u := range users {
		ctx = context.WithValue(ctx, "user", u)
		agents.Marked().Register("a") // want `with marked.FromContext\(ctx\) instead$`
		agents.Marked().Register("b") // want `with marked.FromContext\(ctx\) instead$`
	}
}

// A handler registered here is called once per request: its factory is
// declared inside it, not in the function that registers it.
func routes(mux *http.ServeMux) {
	mux.HandleFunc("/x", func(w http.ResponseWriter, r *http.Request) {
		agents.Marked().Register("a")            // want `once for the 2 uses in routes`
		fmt.Fprintln(w, agents.Marked().Tools()) // want `once for the 2 uses in routes`
	})
}

// Two groups in one function take two names.
func twoGroups(w http.ResponseWriter, r *http.Request) {
	agents.Marked().Register("a") // want `once for the 2 uses in twoGroups`
	agents.Ambig2().Register("a") // want `once for the 2 uses in twoGroups`
	agents.Marked().Register("b") // want `once for the 2 uses in twoGroups`
	agents.Ambig2().Register("b") // want `once for the 2 uses in twoGroups`
}

// A goto could jump over the declaration: inline.
func jump(w http.ResponseWriter, r *http.Request, skip bool) {
	if skip {
		goto done
	}
	agents.Marked().Register("a") // want `instead$`
	agents.Marked().Register("b") // want `instead$`
done:
	fmt.Fprintln(w, "done")
}

// A guard keeps the sites, and their declaration, on its path.
func guard(w http.ResponseWriter, r *http.Request, authed bool) {
	if authed {
		agents.Marked().Register("a") // want `once for the 2 uses in guard`
		agents.Marked().Register("b") // want `once for the 2 uses in guard`
	}
}
