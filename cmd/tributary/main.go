// Command tributary is the Tributary server and its tools: flags and wiring
// only; the work is done in internal/server.
package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/tributarydb/tributary/examples"
	"github.com/tributarydb/tributary/internal/server"
)

func main() {
	root := &cobra.Command{
		Use:           "tributary",
		Short:         "Tributary: a streaming SQL database for the real-time layer of a data mesh",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(serverCmd(), playgroundCmd())
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "tributary:", err)
		os.Exit(1)
	}
}

// serverFlags binds the flags shared by `server` and `playground`.
func serverFlags(cmd *cobra.Command, cfg *server.Config) {
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", cfg.Listen, "address for the PostgreSQL protocol (loopback by default)")
	f.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "directory for the catalog and all state")
	f.StringVar(&cfg.Auth, "auth", cfg.Auth, "client authentication: trust or scram-sha-256")
	f.StringVar(&cfg.TLSCert, "tls-cert", "", "PEM certificate file; with --tls-key enables TLS (sslmode=require)")
	f.StringVar(&cfg.TLSKey, "tls-key", "", "PEM private key file for --tls-cert")
	f.StringVar(&cfg.MemoryLimit, "memory-limit", cfg.MemoryLimit, "memory a single query may hold, e.g. 512MiB, 2GiB")
	f.IntVar(&cfg.BarrierIntervalMS, "barrier-interval-ms", cfg.BarrierIntervalMS, "milliseconds between streaming checkpoints (the staleness bound of materialized views; min 10)")
	f.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "debug, info, warn or error")
}

func serverCmd() *cobra.Command {
	cfg := server.DefaultConfig()
	cmd := &cobra.Command{
		Use:   "server",
		Short: "Run the server (PostgreSQL protocol on --listen, state in --data-dir)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cfg, nil)
		},
	}
	serverFlags(cmd, &cfg)
	return cmd
}

func playgroundCmd() *cobra.Command {
	cfg := server.DefaultConfig()
	cfg.DataDir = ""
	cmd := &cobra.Command{
		Use:   "playground",
		Short: "Run the server on a fresh data directory with the marketing mesh example loaded",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.DataDir == "" {
				dir, err := os.MkdirTemp("", "tributary-playground-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				cfg.DataDir = dir
			}
			return run(cfg, func(ctx context.Context, srv *server.Server) error {
				sub, err := fs.Sub(examples.MarketingMesh, "marketing-mesh")
				if err != nil {
					return err
				}
				return server.LoadPlayground(ctx, srv, sub)
			})
		},
	}
	serverFlags(cmd, &cfg)
	cmd.Flags().Lookup("data-dir").Usage = "directory for state (default: a fresh temporary directory, removed on exit)"
	return cmd
}

// run starts the server and blocks until SIGINT/SIGTERM, then shuts down
// gracefully. after, if set, runs once the server accepts connections.
func run(cfg server.Config, after func(context.Context, *server.Server) error) error {
	logger, err := server.NewLogger(os.Stderr, cfg.LogLevel)
	if err != nil {
		return err
	}
	slog.SetDefault(logger)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := server.Open(cfg, logger)
	if err != nil {
		return err
	}
	if err := srv.Listen(); err != nil {
		srv.Close()
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ctx) }()
	if after != nil {
		if err := after(ctx, srv); err != nil {
			logger.Error("playground setup failed", "err", err)
			stop()
		}
	}
	err = <-errc
	if cerr := srv.Close(); err == nil {
		err = cerr
	}
	return err
}
