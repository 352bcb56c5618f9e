// Package testenv holds what the test harnesses share: finding the repository root,
// building and starting a throwaway tributary server, and creating throwaway databases on
// the PostgreSQL oracle named by TRIBUTARY_PG_URL.
//
// Conventions: locally a missing prerequisite (no cmd/tributary yet, no oracle URL) skips
// the test; with CI=true it fails, so CI can never pass by skipping everything.
package testenv

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// CI reports whether we run under CI (CI=true), where skipping is failing.
func CI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v == "true" || v == "1" || v == "yes"
}

// SkipOrFail skips the test locally and fails it under CI.
func SkipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if CI() {
		t.Fatalf("%s (CI=true: not skipping)", msg)
	}
	t.Skip(msg)
}

// RepoRoot returns the directory holding go.mod, searching up from the working directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
	buildDir  string
)

// TributaryBinary builds ./cmd/tributary once per test process and returns the binary's
// path. When cmd/tributary does not exist it skips (fails under CI). TRIBUTARY_BIN, when
// set, names a prebuilt binary to use instead.
func TributaryBinary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("TRIBUTARY_BIN"); p != "" {
		return p
	}
	root := RepoRoot(t)
	matches, _ := filepath.Glob(filepath.Join(root, "cmd", "tributary", "*.go"))
	if len(matches) == 0 {
		SkipOrFail(t, "cmd/tributary does not exist yet")
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "tributary-bin-")
		if buildErr != nil {
			return
		}
		buildPath = filepath.Join(buildDir, "tributary")
		cmd := exec.Command("go", "build", "-o", buildPath, "./cmd/tributary")
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build ./cmd/tributary: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

// Cleanup removes the built binary; call it from TestMain after m.Run.
func Cleanup() {
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
}

// FreePort returns a currently free TCP port on 127.0.0.1.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Server is a running tributary server started by StartTributary.
type Server struct {
	URL     string
	Port    int
	DataDir string
	cmd     *exec.Cmd
	out     *syncBuffer
	done    chan struct{}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Output returns what the server printed so far.
func (s *Server) Output() string { return s.out.String() }

// Exited reports whether the server process has ended.
func (s *Server) Exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Stop kills the server and waits for it.
func (s *Server) Stop() {
	if s.cmd.Process != nil && !s.Exited() {
		_ = s.cmd.Process.Kill()
	}
	<-s.done
}

// StartTributary builds (once) and starts a fresh tributary server on a free port with a
// temporary data directory, waits until it accepts connections (20 s), and registers its
// stop with t.Cleanup. On failure the server's output is logged.
func StartTributary(t testing.TB) *Server {
	t.Helper()
	bin := TributaryBinary(t)
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		s, err := startOnce(t, bin)
		if err == nil {
			t.Cleanup(func() {
				s.Stop()
				if t.Failed() {
					t.Logf("tributary server output:\n%s", tail(s.Output(), 8000))
				}
			})
			return s
		}
		lastErr = err
		// A port taken between FreePort and the server's bind: try another.
	}
	t.Fatalf("starting tributary: %v", lastErr)
	return nil
}

func startOnce(t testing.TB, bin string) (*Server, error) {
	port := FreePort(t)
	dir := t.TempDir()
	s := &Server{
		Port:    port,
		DataDir: dir,
		URL:     fmt.Sprintf("postgres://root@127.0.0.1:%d/dev?sslmode=disable", port),
		out:     &syncBuffer{},
		done:    make(chan struct{}),
	}
	s.cmd = exec.Command(bin, "server", "--listen", fmt.Sprintf("127.0.0.1:%d", port), "--data-dir", dir)
	s.cmd.Stdout = s.out
	s.cmd.Stderr = s.out
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.done)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, s.URL)
		if err == nil {
			_ = conn.Close(ctx)
			cancel()
			return s, nil
		}
		cancel()
		if s.Exited() {
			return nil, fmt.Errorf("server exited before accepting connections: %v\n%s", err, tail(s.Output(), 8000))
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("server did not accept connections within 20s: %v\n%s", err, tail(s.Output(), 8000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "...\n" + s[len(s)-n:]
}

// OracleURL returns TRIBUTARY_PG_URL, skipping (failing under CI) when it is unset.
func OracleURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("TRIBUTARY_PG_URL")
	if u == "" {
		SkipOrFail(t, "TRIBUTARY_PG_URL is not set (start one with scripts/pg.sh start)")
	}
	return u
}

// WithDatabase returns rawURL with its database replaced by db.
func WithDatabase(rawURL, db string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	u.Path = "/" + db
	return u.String(), nil
}

// FreshDatabase creates database name on the server of adminURL (dropping a leftover of
// the same name first), registers its drop with t.Cleanup, and returns its URL.
func FreshDatabase(t testing.TB, adminURL, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatalf("connecting to %s: %v", adminURL, err)
	}
	defer admin.Close(context.Background())
	ident := pgx.Identifier{name}.Sanitize()
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)"); err != nil {
		t.Fatalf("dropping database %s: %v", name, err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+ident); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, adminURL)
		if err != nil {
			t.Logf("dropping database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)"); err != nil {
			t.Logf("dropping database %s: %v", name, err)
		}
	})
	u, err := WithDatabase(adminURL, name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// OracleSettings are the session settings Tributary defaults to; connections to the
// PostgreSQL oracle set them explicitly so results do not depend on its configuration.
var OracleSettings = map[string]string{
	"timezone":           "UTC",
	"datestyle":          "ISO, MDY",
	"intervalstyle":      "postgres",
	"extra_float_digits": "1",
}

// ConnectOracle is Connect with OracleSettings.
func ConnectOracle(t testing.TB, rawURL string) *pgx.Conn {
	t.Helper()
	return connect(t, rawURL, OracleSettings)
}

// Connect opens a connection with a 20 s timeout and closes it at t.Cleanup.
func Connect(t testing.TB, rawURL string) *pgx.Conn {
	t.Helper()
	return connect(t, rawURL, nil)
}

func connect(t testing.TB, rawURL string, params map[string]string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		t.Fatalf("parsing %s: %v", rawURL, err)
	}
	for k, v := range params {
		if _, set := cfg.RuntimeParams[k]; !set {
			cfg.RuntimeParams[k] = v
		}
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connecting to %s: %v", rawURL, err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}
