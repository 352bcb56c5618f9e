package pgwire

import (
	"net"
	"sync"
)

// connReader reads the socket on its own goroutine into a bounded buffer.
// The connection goroutine reads from the buffer; meanwhile the reader sees
// a dropped connection at once (and cancels the running statement) instead
// of only at the next protocol read.
type connReader struct {
	src     net.Conn
	limit   int
	onError func()

	mu   sync.Mutex
	cond sync.Cond
	buf  []byte
	off  int
	err  error // sticky: the socket's error, or an interrupt
}

func newConnReader(src net.Conn, limit int, onError func()) *connReader {
	r := &connReader{src: src, limit: limit, onError: onError}
	r.cond.L = &r.mu
	return r
}

func (r *connReader) run() {
	tmp := make([]byte, 32<<10)
	for {
		n, err := r.src.Read(tmp)
		r.mu.Lock()
		// Bounded read-ahead: a client pipelining faster than we execute
		// waits in TCP, not in our memory.
		for len(r.buf)-r.off+n > r.limit && r.err == nil {
			r.cond.Wait()
		}
		if r.err != nil {
			r.mu.Unlock()
			return
		}
		if r.off == len(r.buf) {
			r.buf, r.off = r.buf[:0], 0
		}
		r.buf = append(r.buf, tmp[:n]...)
		drained := r.off == len(r.buf)
		if err != nil {
			r.err = err
		}
		r.cond.Broadcast()
		r.mu.Unlock()
		if err != nil {
			// Pipelined messages still buffered (e.g. a Terminate behind
			// the running query) mean the client finished talking rather
			// than died: let them be processed without cancelling.
			if drained {
				r.onError()
			}
			return
		}
	}
}

// Read implements io.Reader for pgproto3.
func (r *connReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.off == len(r.buf) && r.err == nil {
		r.cond.Wait()
	}
	if r.off < len(r.buf) {
		n := copy(p, r.buf[r.off:])
		r.off += n
		r.cond.Broadcast()
		return n, nil
	}
	return 0, r.err
}

// buffered is the number of bytes read ahead.
func (r *connReader) buffered() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.buf) - r.off
}

// failure is the sticky error, if any.
func (r *connReader) failure() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

// interrupt makes Read fail with err once the buffer is consumed (shutdown
// or close).
func (r *connReader) interrupt(err error) {
	r.mu.Lock()
	if r.err == nil {
		r.err = err
	}
	r.cond.Broadcast()
	r.mu.Unlock()
}
