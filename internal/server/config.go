package server

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
)

// Config is the server's configuration (flags of `tributary server`).
type Config struct {
	Listen      string // PostgreSQL protocol address
	DataDir     string // catalog and state
	Auth        string // trust | scram-sha-256
	TLSCert     string
	TLSKey      string
	MemoryLimit string // per-query memory, e.g. "1GiB"
	LogLevel    string
	// BarrierIntervalMS is the time between checkpoints of the streaming
	// engine: the bound on how stale a materialized view may be.
	BarrierIntervalMS int
}

// DefaultConfig returns RisingWave-compatible defaults: port 4566 on
// loopback, data in ./tributary-data, trust authentication.
func DefaultConfig() Config {
	return Config{
		Listen:            "127.0.0.1:4566",
		DataDir:           "./tributary-data",
		Auth:              "trust",
		MemoryLimit:       "1GiB",
		LogLevel:          "info",
		BarrierIntervalMS: 1000,
	}
}

// ParseBytes parses a size such as 512MiB, 2GiB, 64MB or 1048576.
func ParseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
		{"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1},
	}
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			n, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), 64)
			if err != nil || n < 0 {
				return 0, fmt.Errorf("invalid size %q", s)
			}
			return int64(n * float64(u.mult)), nil
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q (use e.g. 512MiB or 2GiB)", s)
	}
	return n, nil
}

// NewLogger returns a text logger at the given level.
func NewLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("invalid --log-level %q: use debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}
