package pgwire

import (
	"context"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestPsql drives the real psql binary (libpq) when it is installed.
func TestPsql(t *testing.T) {
	psql, err := exec.LookPath("psql")
	if err != nil {
		t.Skip("psql not installed")
	}
	ts := startServer(t, Config{TLS: selfSignedTLS(t)})
	host, port, _ := net.SplitHostPort(ts.addr)
	run := func(stdin string, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, psql, append([]string{"-X", "-A", "-h", host, "-p", port, "-U", "root", "-d", "dev"}, args...)...)
		cmd.Env = append(cmd.Environ(), "PGSSLMODE=require", "PGCONNECT_TIMEOUT=10")
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil && !strings.Contains(string(out), "ERROR") {
			t.Fatalf("psql %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	if out := run("", "-c", "rows 2"); out != "n|s\n0|row 0\n1|row 1\n(2 rows)\n" {
		t.Fatalf("%q", out)
	}
	out := run("1\tone\n2\ttwo\n\\.\n", "-c", "copy t from stdin")
	if !strings.Contains(out, "COPY 2") {
		t.Fatalf("%q", out)
	}
	if out := run("", "-c", "copy t to stdout"); out != "1\tone\n2\ttwo\n" {
		t.Fatalf("%q", out)
	}
	if out := run("", "-c", "error", "-v", "VERBOSITY=verbose"); !strings.Contains(out, "ERROR:  42P01: relation \"nope\" does not exist\nDETAIL:  some detail\nHINT:  some hint") {
		t.Fatalf("%q", out)
	}
}
