package pgwire

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Config configures a Server. The zero value is usable: no TLS, no
// connection limit, slog.Default, defaults below.
type Config struct {
	TLS            *tls.Config   // nil: SSLRequest is answered 'N'
	MaxConnections int           // 0: unlimited; beyond it clients get 53300
	Logger         *slog.Logger  // nil: slog.Default()
	MaxMessageSize int           // largest frontend message body; 0: 64 MiB
	AuthTimeout    time.Duration // startup + authentication; 0: 60 s
	WriteTimeout   time.Duration // one flush to a client; 0: 60 s; <0: none
}

const (
	defaultMaxMessageSize = 64 << 20
	defaultAuthTimeout    = 60 * time.Second
	defaultWriteTimeout   = 60 * time.Second
)

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = errors.New("pgwire: server closed")

// Server accepts PostgreSQL connections and serves each in its own
// goroutine against a Backend.
type Server struct {
	cfg     Config
	backend Backend
	log     *slog.Logger

	mu        sync.Mutex
	listeners map[net.Listener]struct{}
	conns     map[*conn]struct{}
	byPID     map[uint32]*conn
	nextPID   uint32
	active    int // authenticated-or-authenticating sessions (for MaxConnections)

	closing atomic.Bool
	wg      sync.WaitGroup

	// internalPanics counts panics recovered outside session calls, i.e.
	// bugs in pgwire itself (tests assert it stays 0).
	internalPanics atomic.Int64
}

// NewServer returns a server that is not yet listening.
func NewServer(cfg Config, backend Backend) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxMessageSize <= 0 {
		cfg.MaxMessageSize = defaultMaxMessageSize
	}
	if cfg.AuthTimeout <= 0 {
		cfg.AuthTimeout = defaultAuthTimeout
	}
	if cfg.WriteTimeout == 0 {
		cfg.WriteTimeout = defaultWriteTimeout
	}
	return &Server{
		cfg:       cfg,
		backend:   backend,
		log:       cfg.Logger,
		listeners: map[net.Listener]struct{}{},
		conns:     map[*conn]struct{}{},
		byPID:     map[uint32]*conn{},
	}
}

// Serve accepts connections on ln until Shutdown (then it returns
// ErrServerClosed) or a permanent accept error. It may be called for several
// listeners at once.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closing.Load() {
		s.mu.Unlock()
		ln.Close()
		return ErrServerClosed
	}
	s.listeners[ln] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, ln)
		s.mu.Unlock()
	}()

	var backoff time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.closing.Load() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				// Transient (e.g. EMFILE surfaces as temporary): back off, as
				// net/http does, instead of spinning.
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		if !s.track() {
			nc.Close()
			return ErrServerClosed
		}
		go func() {
			defer s.wg.Done()
			s.serveConn(nc)
		}()
	}
}

// ServeConn serves one already accepted connection and returns when it
// ends. Serve uses it; it is exported for in-process transports (net.Pipe).
func (s *Server) ServeConn(nc net.Conn) {
	if !s.track() {
		nc.Close()
		return
	}
	defer s.wg.Done()
	s.serveConn(nc)
}

// Shutdown stops accepting, closes idle connections (sending 57P01), and
// waits for busy ones to finish their current request. When ctx ends first
// it closes every connection (cancelling running statements) and returns
// ctx.Err().
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing.Store(true)
	for ln := range s.listeners {
		ln.Close()
	}
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.shutdownIfIdle()
	}
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	// Busy connections notice closing when they next become idle; poll in
	// case one did so between the snapshot above and now.
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return nil
		case <-tick.C:
			s.mu.Lock()
			for c := range s.conns {
				c.shutdownIfIdle()
			}
			s.mu.Unlock()
		case <-ctx.Done():
			s.mu.Lock()
			for c := range s.conns {
				c.kill()
			}
			s.mu.Unlock()
			<-done
			return ctx.Err()
		}
	}
}

// Cancel cancels the statement running on the connection with process id
// pid, as a CancelRequest would (for pg_cancel_backend). It reports whether
// such a connection exists.
func (s *Server) Cancel(pid uint32) bool {
	s.mu.Lock()
	c := s.byPID[pid]
	s.mu.Unlock()
	if c == nil {
		return false
	}
	c.cancelRunning()
	return true
}

// track adds a connection to the wait group unless shutting down; under
// s.mu so that no Add races with Shutdown's Wait.
func (s *Server) track() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing.Load() {
		return false
	}
	s.wg.Add(1)
	return true
}

// cancelRequest handles a CancelRequest packet: the secret must match.
func (s *Server) cancelRequest(pid uint32, secret []byte) {
	s.mu.Lock()
	c := s.byPID[pid]
	s.mu.Unlock()
	if c == nil || subtle.ConstantTimeCompare(c.secret[:], secret) != 1 {
		s.log.Debug("pgwire: cancel request for unknown backend", "pid", pid)
		return
	}
	c.cancelRunning()
}

func (s *Server) register(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns[c] = struct{}{}
}

// admit assigns a process id and counts the connection against
// MaxConnections; false means the server is full.
func (s *Server) admit(c *conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg.MaxConnections > 0 && s.active >= s.cfg.MaxConnections {
		return false
	}
	s.active++
	c.admitted = true
	for {
		s.nextPID++
		if s.nextPID == 0 {
			s.nextPID = 1
		}
		if s.byPID[s.nextPID] == nil {
			break
		}
	}
	c.pid = s.nextPID
	s.byPID[c.pid] = c
	return true
}

func (s *Server) unregister(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
	if c.admitted {
		s.active--
		delete(s.byPID, c.pid)
	}
}
