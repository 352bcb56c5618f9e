package clients

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// debianPython is Debian's python3, which has python3-psycopg2 (a pyenv python earlier on
// PATH would not).
const debianPython = "/usr/bin/python3"

// TestPsycopg2 runs python/client_test.py (psycopg2) against a fresh server.
func TestPsycopg2(t *testing.T) {
	timed(t)
	py := requireCmd(t, debianPython)
	if r := run(t, 30*time.Second, "", nil, py, "-c", "import psycopg2"); r.Exit != 0 {
		requireCmd(t, "/usr/lib/python3/dist-packages/psycopg2") // skips, or fails under CI
		t.Fatalf("import psycopg2: %s", r.Stderr)
	}
	url := target(t)
	script, err := filepath.Abs(filepath.Join("python", "client_test.py"))
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, 120*time.Second, t.TempDir(), []string{"CLIENT_DSN=" + url, "PYTHONDONTWRITEBYTECODE=1"}, py, script)
	t.Logf("psycopg2 script took %v", r.Elapsed.Round(time.Millisecond))
	failed := false
	for _, line := range strings.Split(r.Stdout, "\n") {
		if strings.HasPrefix(line, "FAIL: ") {
			failed = true
			t.Errorf("psycopg2: %s", strings.TrimPrefix(line, "FAIL: "))
		}
	}
	if r.Exit != 0 || r.Stderr != "" {
		if !failed || r.Stderr != "" {
			t.Errorf("python3 client_test.py: exit %d\nstdout:\n%s\nstderr:\n%s", r.Exit, tail(r.Stdout, 4000), tail(r.Stderr, 4000))
		}
	}
	if lines := strings.Split(strings.TrimSpace(r.Stdout), "\n"); len(lines) > 0 {
		t.Log(lines[len(lines)-1])
	}
}
