package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/pgwire"
	"github.com/tributarydb/tributary/internal/state"
	"github.com/tributarydb/tributary/internal/stream"
)

// Server is one Tributary process: the state store, the catalog and the
// PostgreSQL protocol listener.
type Server struct {
	cfg      Config
	log      *slog.Logger
	store    *state.Store
	memLimit int64

	// writeMu serializes statements that change the catalog or rows, so
	// each commits one batch against a catalog nobody else is changing.
	writeMu sync.Mutex
	// cat is replaced (never mutated) by DDL; readers load it atomically.
	cat atomic.Pointer[catalog.Catalog]

	// rt maintains the materialized views; idCat is the catalog copy of
	// the DDL statement in progress, from which the runtime allocates
	// state-table IDs (guarded by writeMu).
	rt              *stream.Runtime
	idCat           *catalog.Catalog
	barrierInterval time.Duration

	tlsConfig *tls.Config
	wire      *pgwire.Server
	ln        net.Listener
	closeOnce sync.Once
}

// Open opens the data directory (taking its lock), loads the catalog and
// prepares the listener. It fails with a clear error if another process
// holds the directory or its files cannot be read.
func Open(cfg Config, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.Default()
	}
	memLimit, err := ParseBytes(cfg.MemoryLimit)
	if err != nil {
		return nil, fmt.Errorf("--memory-limit: %w", err)
	}
	switch cfg.Auth {
	case "trust", "scram-sha-256":
	default:
		return nil, fmt.Errorf("--auth %q: use trust or scram-sha-256", cfg.Auth)
	}
	s := &Server{cfg: cfg, log: logger, memLimit: memLimit}
	if cfg.TLSCert != "" || cfg.TLSKey != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("--tls-cert/--tls-key: %w", err)
		}
		s.tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	s.store, err = state.Open(cfg.DataDir, state.Options{Logger: logger})
	if err != nil {
		return nil, err
	}
	if err := s.loadCatalog(); err != nil {
		s.store.Close()
		return nil, err
	}
	s.barrierInterval = time.Duration(cfg.BarrierIntervalMS) * time.Millisecond
	if err := s.startRuntime(); err != nil {
		s.rt.Close()
		s.store.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) loadCatalog() error {
	data, err := s.store.LoadCatalog()
	if err != nil {
		return err
	}
	if len(data) == 0 {
		c := catalog.New()
		b := s.store.NewBatch()
		defer b.Close()
		bytes, err := c.Marshal()
		if err != nil {
			return err
		}
		b.SetCatalog(bytes)
		if err := b.Commit(true); err != nil {
			return err
		}
		s.cat.Store(c)
		return nil
	}
	c, err := catalog.Unmarshal(data)
	if err != nil {
		return fmt.Errorf("data directory %q: catalog unreadable: %w", s.cfg.DataDir, err)
	}
	s.cat.Store(c)
	return nil
}

// Catalog returns the current catalog.
func (s *Server) Catalog() *catalog.Catalog { return s.cat.Load() }

// Addr returns the listening address once Serve has started listening.
func (s *Server) Addr() net.Addr {
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// Listen binds the protocol address; Serve calls it when not done yet.
func (s *Server) Listen() error {
	if s.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Listen, err)
	}
	s.ln = ln
	return nil
}

// Serve accepts connections until ctx is cancelled, then shuts down
// gracefully: no new connections, running statements finish or are
// cancelled after a grace period.
func (s *Server) Serve(ctx context.Context) error {
	if err := s.Listen(); err != nil {
		return err
	}
	s.wire = pgwire.NewServer(pgwire.Config{TLS: s.tlsConfig, Logger: s.log}, &backend{srv: s})
	s.log.Info("tributary is ready", "listen", s.ln.Addr().String(), "data_dir", s.cfg.DataDir,
		"connect", fmt.Sprintf("psql -h %s -p %d -U root -d dev", hostOf(s.ln.Addr()), portOf(s.ln.Addr())))
	errc := make(chan error, 1)
	go func() { errc <- s.wire.Serve(s.ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.wire.Shutdown(sctx)
	<-errc
	if errors.Is(err, context.DeadlineExceeded) {
		err = nil
	}
	return err
}

// Close releases the data directory. Every acknowledged write is already
// synced, so Close has nothing to flush but Pebble's own files.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		if s.ln != nil {
			s.ln.Close()
		}
		if s.rt != nil {
			s.rt.Close()
		}
		err = s.store.Close()
	})
	return err
}

func hostOf(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	return "127.0.0.1"
}

func portOf(a net.Addr) int {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.Port
	}
	return 4566
}

// commitCatalog persists c (plus whatever the batch holds) in one synced
// batch and publishes it. Callers hold writeMu.
func (s *Server) commitCatalog(c *catalog.Catalog, b *state.Batch) error {
	data, err := c.Marshal()
	if err != nil {
		return err
	}
	b.SetCatalog(data)
	if err := b.Commit(true); err != nil {
		return base.Errorf(base.CodeIOError, "could not commit: %v", err)
	}
	s.cat.Store(c)
	return nil
}
