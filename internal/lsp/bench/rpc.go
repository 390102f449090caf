package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"time"
)

// conn is a minimal LSP client over a server's standard input and output.
// It answers every server request (configuration, progress, registration)
// with an empty result, and records publishDiagnostics notifications with
// the time they arrived. It is the same for every server measured, so
// the client's own cost is the same too.
type conn struct {
	w      io.Writer
	wmu    sync.Mutex
	marker string // diagnostics counted are those whose message contains it

	mu      sync.Mutex
	nextID  int
	pending map[int]chan response
	changed chan struct{} // closed and replaced on every publish
	last    map[string]publish
	stale   int   // publishes older than one already received
	readErr error // why the reader stopped
}

type publish struct {
	version int
	count   int // diagnostics with the marker
	at      time.Time
}

type message struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id,omitempty"`
	Method  string           `json:"method,omitempty"`
	Params  json.RawMessage  `json:"params,omitempty"`
	Result  json.RawMessage  `json:"result,omitempty"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type response struct {
	result json.RawMessage
	err    error
}

func newConn(r io.Reader, w io.Writer, marker string) *conn {
	c := &conn{w: w, marker: marker, pending: map[int]chan response{}, changed: make(chan struct{}), last: map[string]publish{}}
	go c.read(bufio.NewReader(r))
	return c
}

func (c *conn) send(m any) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n", len(body)); err != nil {
		return err
	}
	_, err = c.w.Write(body)
	return err
}

// call sends a request and waits for its response.
func (c *conn) call(method string, params any, timeout time.Duration) (json.RawMessage, error) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan response, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	if err := c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		return nil, err
	}
	select {
	case r := <-ch:
		return r.result, r.err
	case <-time.After(timeout):
		if err := c.err(); err != nil {
			return nil, fmt.Errorf("%s: no response: %w", method, err)
		}
		return nil, fmt.Errorf("%s: no response in %v", method, timeout)
	}
}

func (c *conn) notify(method string, params any) error {
	return c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

func (c *conn) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.readErr
}

func (c *conn) read(r *bufio.Reader) {
	tp := textproto.NewReader(r)
	for {
		m, err := readMessage(tp, r)
		if err != nil {
			c.mu.Lock()
			c.readErr = err
			close(c.changed)
			c.changed = make(chan struct{})
			c.mu.Unlock()
			return
		}
		switch {
		case m.Method != "" && m.ID != nil: // a request from the server
			_ = c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": answer(m)})
		case m.Method == "textDocument/publishDiagnostics":
			c.published(m.Params)
		case m.Method == "" && m.ID != nil:
			id, err := strconv.Atoi(string(*m.ID))
			if err != nil {
				continue
			}
			c.mu.Lock()
			ch := c.pending[id]
			delete(c.pending, id)
			c.mu.Unlock()
			if ch == nil {
				continue
			}
			r := response{result: m.Result}
			if m.Error != nil {
				r.err = fmt.Errorf("error %d: %s", m.Error.Code, m.Error.Message)
			}
			ch <- r
		}
	}
}

func readMessage(tp *textproto.Reader, r *bufio.Reader) (*message, error) {
	h, err := tp.ReadMIMEHeader()
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(h.Get("Content-Length"))
	if err != nil {
		return nil, fmt.Errorf("bad Content-Length: %w", err)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// answer is the result of a server request: one null setting per item
// asked by workspace/configuration (the server's defaults), null else.
func answer(m *message) any {
	if m.Method != "workspace/configuration" {
		return nil
	}
	var p struct {
		Items []json.RawMessage `json:"items"`
	}
	_ = json.Unmarshal(m.Params, &p)
	return make([]any, len(p.Items))
}

func (c *conn) published(raw json.RawMessage) {
	at := time.Now()
	var p struct {
		URI         string `json:"uri"`
		Version     *int   `json:"version"`
		Diagnostics []struct {
			Message string `json:"message"`
		} `json:"diagnostics"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return
	}
	v := -1
	if p.Version != nil {
		v = *p.Version
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.last[p.URI]; ok && v >= 0 && v < prev.version {
		c.stale++
	}
	n := 0
	for _, d := range p.Diagnostics {
		if strings.Contains(d.Message, c.marker) {
			n++
		}
	}
	c.last[p.URI] = publish{version: v, count: n, at: at}
	close(c.changed)
	c.changed = make(chan struct{})
}

var errTimeout = errors.New("timed out")

// wait waits for a publish for uri at version with count diagnostics and
// returns when it arrived.
func (c *conn) wait(uri string, version, count int, timeout time.Duration) (time.Time, error) {
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		p, ok := c.last[uri]
		ch, rerr := c.changed, c.readErr
		c.mu.Unlock()
		if ok && p.version == version && p.count == count {
			return p.at, nil
		}
		if rerr != nil {
			return time.Time{}, fmt.Errorf("server connection: %w", rerr)
		}
		select {
		case <-ch:
		case <-deadline:
			return time.Time{}, fmt.Errorf("%w waiting for %d diagnostics at version %d; last publish: version %d, %d diagnostics", errTimeout, count, version, p.version, p.count)
		}
	}
}

func (c *conn) staleCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stale
}
