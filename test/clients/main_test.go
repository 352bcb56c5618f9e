package clients

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tributarydb/tributary/test/testenv"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.Cleanup()
	os.Exit(code)
}

// serverOpts configures startServer.
type serverOpts struct {
	DataDir string // "" → a fresh t.TempDir()
	Auth    string // "" → trust
	TLSCert string // PEM files; both set → --tls-cert/--tls-key
	TLSKey  string
}

// server is a tributary process started by startServer. Unlike testenv.StartTributary it
// takes --auth/--tls flags, can reuse a data directory, and stops gracefully (SIGTERM) so
// the same directory can be started again.
type server struct {
	Port    int
	DataDir string
	Host    string // 127.0.0.1
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

// URL returns a libpq-style URL for user (password may be empty) and extra query params
// (default sslmode=disable).
func (s *server) URL(user, password, query string) string {
	if query == "" {
		query = "sslmode=disable"
	}
	auth := user
	if password != "" {
		auth += ":" + password
	}
	return fmt.Sprintf("postgres://%s@%s:%d/dev?%s", auth, s.Host, s.Port, query)
}

// RootURL is the trust-mode URL for root without TLS.
func (s *server) RootURL() string { return s.URL("root", "", "") }

// PID is the server's process id.
func (s *server) PID() int { return s.cmd.Process.Pid }

func (s *server) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Stop ends the server with SIGTERM (SIGKILL after 15 s) and waits for it.
func (s *server) Stop() {
	if s.exited() {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// startServer starts tributary and waits (20 s) until it answers the protocol. Under SCRAM
// a server-sent authentication error counts as ready. Stop is registered with t.Cleanup
// (calling it earlier is fine); the server's output is logged when the test failed.
func startServer(t testing.TB, o serverOpts) *server {
	t.Helper()
	bin := testenv.TributaryBinary(t)
	if o.DataDir == "" {
		o.DataDir = t.TempDir()
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		s, err := startServerOnce(bin, testenv.FreePort(t), o)
		if err == nil {
			t.Cleanup(func() {
				s.Stop()
				if t.Failed() {
					t.Logf("tributary server output (port %d):\n%s", s.Port, tail(s.out.String(), 6000))
				}
			})
			return s
		}
		lastErr = err
	}
	t.Fatalf("starting tributary: %v", lastErr)
	return nil
}

func startServerOnce(bin string, port int, o serverOpts) (*server, error) {
	s := &server{Port: port, DataDir: o.DataDir, Host: "127.0.0.1", out: &syncBuffer{}, done: make(chan struct{})}
	args := []string{"server", "--listen", fmt.Sprintf("127.0.0.1:%d", port), "--data-dir", o.DataDir}
	if o.Auth != "" {
		args = append(args, "--auth", o.Auth)
	}
	if o.TLSCert != "" {
		args = append(args, "--tls-cert", o.TLSCert, "--tls-key", o.TLSKey)
	}
	s.cmd = exec.Command(bin, args...)
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
		conn, err := pgx.Connect(ctx, s.RootURL())
		cancel()
		if err == nil {
			_ = conn.Close(context.Background())
			return s, nil
		}
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && o.Auth != "" {
			return s, nil // it speaks the protocol; root simply has no password
		}
		if s.exited() {
			return nil, fmt.Errorf("server exited before accepting connections: %v\n%s", err, tail(s.out.String(), 6000))
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("server did not accept connections within 20s: %v\n%s", err, tail(s.out.String(), 6000))
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

// peakRSS reads VmHWM (peak resident set size) of pid from /proc, in kB.
func peakRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				break
			}
			return strconv.ParseInt(f[0], 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

// requireCmd returns the path of a client program, skipping (failing under CI) when it is
// missing. An absolute name is checked as a file.
func requireCmd(t testing.TB, name string) string {
	t.Helper()
	if filepath.IsAbs(name) {
		if _, err := os.Stat(name); err != nil {
			testenv.SkipOrFail(t, "%s is not installed (scripts/deps.sh installs it)", name)
		}
		return name
	}
	p, err := exec.LookPath(name)
	if err != nil {
		testenv.SkipOrFail(t, "%s is not installed (scripts/deps.sh installs it)", name)
	}
	return p
}

// requireFile is requireCmd for a file that is not a program (a jar).
func requireFile(t testing.TB, path string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		testenv.SkipOrFail(t, "%s is missing (scripts/deps.sh installs it)", path)
	}
	return path
}

// cmdResult is what a client program did.
type cmdResult struct {
	Stdout, Stderr string
	Exit           int
	Elapsed        time.Duration
}

// run runs a program with a timeout, in dir (may be ""), with extra environment entries.
func run(t testing.TB, timeout time.Duration, dir string, env []string, name string, args ...string) cmdResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	r := cmdResult{Stdout: stdout.String(), Stderr: stderr.String(), Elapsed: time.Since(start)}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			r.Exit = ee.ExitCode()
		} else {
			t.Fatalf("running %s: %v", name, err)
		}
		if ctx.Err() != nil {
			t.Errorf("%s %s: timed out after %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), timeout, tail(r.Stdout, 4000), tail(r.Stderr, 4000))
		}
	}
	return r
}

// connect opens a pgx connection closed at t.Cleanup.
func connect(t testing.TB, url string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connecting to %s: %v", url, err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// mustExec runs statements one by one on conn, failing the test on the first error.
func mustExec(t testing.TB, conn *pgx.Conn, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_, err := conn.Exec(ctx, s)
		cancel()
		if err != nil {
			t.Fatalf("setup %q: %v", s, err)
		}
	}
}

// sqlstate returns the SQLSTATE of a server error, or "" when err is not one.
func sqlstate(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

// timed logs how long the test took at its end.
func timed(t testing.TB) {
	start := time.Now()
	t.Cleanup(func() { t.Logf("%s took %v", t.Name(), time.Since(start).Round(time.Millisecond)) })
}

// oracle reports whether CLIENTS_ORACLE=1 asks the URL-only tests to run against a fresh
// database on the PostgreSQL oracle (TRIBUTARY_PG_URL) instead of tributary: that proves
// the tests expect what PostgreSQL does.
func oracle() bool { return os.Getenv("CLIENTS_ORACLE") == "1" }

// target returns the URL of the server a test talks to: a fresh tributary server or, under
// CLIENTS_ORACLE=1, a fresh oracle database.
func target(t testing.TB) string {
	t.Helper()
	if oracle() {
		name := "clients_" + strings.ToLower(strings.NewReplacer("/", "_", "-", "_").Replace(t.Name()))
		return testenv.FreshDatabase(t, testenv.OracleURL(t), name)
	}
	return startServer(t, serverOpts{}).RootURL()
}
