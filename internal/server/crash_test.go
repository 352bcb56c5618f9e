package server

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// buildBinary builds cmd/tributary once per test binary run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tributary")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/tributary")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startProcess runs `tributary server` and waits until it accepts clients.
func startProcess(t *testing.T, bin, dir, addr string) (*exec.Cmd, *pgx.Conn) {
	t.Helper()
	cmd := exec.Command(bin, "server", "--listen", addr, "--data-dir", dir, "--log-level", "warn")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, "postgres://root@"+addr+"/dev?sslmode=disable")
		cancel()
		if err == nil {
			return cmd, conn
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("server did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSIGKILLKeepsCommittedRows kills the server with SIGKILL while a
// client is inserting and checks that every acknowledged row (and the
// catalog) survives the restart, several times over.
func TestSIGKILLKeepsCommittedRows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a server process")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	addr := freePort(t)
	acked := 0
	for round := 0; round < 3; round++ {
		cmd, conn := startProcess(t, bin, dir, addr)
		ctx := context.Background()
		if round == 0 {
			for _, q := range []string{
				"CREATE SCHEMA paid_media",
				"CREATE TABLE paid_media.events (id BIGINT PRIMARY KEY, campaign VARCHAR NOT NULL, cost DOUBLE PRECISION)",
				"CREATE TABLE paid_media.log (msg TEXT)",
			} {
				if _, err := conn.Exec(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		} else {
			var n int
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM paid_media.events").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != acked {
				t.Fatalf("round %d: %d rows after SIGKILL, want %d acknowledged", round, n, acked)
			}
			if err := conn.QueryRow(ctx, "SELECT count(*) FROM paid_media.log").Scan(&n); err != nil || n != acked {
				t.Fatalf("round %d: log has %d rows (err %v), want %d", round, n, err, acked)
			}
		}
		// Insert for a while, then kill without warning mid-stream.
		stop := time.Now().Add(300 * time.Millisecond)
		for time.Now().Before(stop) {
			id := acked + 1
			if _, err := conn.Exec(ctx, fmt.Sprintf("INSERT INTO paid_media.events VALUES (%d, 'c%d', %d.5)", id, id%7, id)); err != nil {
				t.Fatal(err)
			}
			if _, err := conn.Exec(ctx, fmt.Sprintf("INSERT INTO paid_media.log VALUES ('row %d')", id)); err != nil {
				t.Fatal(err)
			}
			acked++
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		conn.Close(ctx)
	}
	cmd, conn := startProcess(t, bin, dir, addr)
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	var n int
	var sum float64
	if err := conn.QueryRow(context.Background(), "SELECT count(*), sum(cost) FROM paid_media.events").Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	wantSum := float64(acked*(acked+1))/2 + 0.5*float64(acked)
	if n != acked || sum != wantSum {
		t.Fatalf("after final restart: count=%d sum=%v, want %d and %v", n, sum, acked, wantSum)
	}
	t.Logf("%d acknowledged rows survived 3 SIGKILLs", acked)
}
