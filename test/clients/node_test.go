package clients

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tributarydb/tributary/test/testenv"
)

// TestNodePostgres installs node-postgres from node/package-lock.json (npm ci) and runs
// node/client.js against a fresh server.
func TestNodePostgres(t *testing.T) {
	timed(t)
	node := requireCmd(t, "node")
	npm := requireCmd(t, "npm")
	dir, err := filepath.Abs("node")
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, 5*time.Minute, dir, []string{"npm_config_update_notifier=false"}, npm, "ci", "--no-audit", "--no-fund")
	t.Logf("npm ci took %v", r.Elapsed.Round(time.Millisecond))
	if r.Exit != 0 {
		// Locally the registry may be out of reach (skip); under CI this fails.
		testenv.SkipOrFail(t, "npm ci: exit %d\n%s\n%s", r.Exit, tail(r.Stdout, 3000), tail(r.Stderr, 3000))
	}
	url := target(t)
	r = run(t, 2*time.Minute, dir, []string{"CLIENT_DSN=" + url, "TZ=UTC"}, node, "client.js")
	t.Logf("node client.js took %v", r.Elapsed.Round(time.Millisecond))
	failed := false
	for _, line := range strings.Split(r.Stdout, "\n") {
		if strings.HasPrefix(line, "FAIL: ") {
			failed = true
			t.Errorf("node-postgres: %s", strings.TrimPrefix(line, "FAIL: "))
		}
	}
	if (r.Exit != 0 && !failed) || strings.TrimSpace(r.Stderr) != "" {
		t.Errorf("node client.js: exit %d\nstdout:\n%s\nstderr:\n%s", r.Exit, tail(r.Stdout, 3000), tail(r.Stderr, 3000))
	}
	if lines := strings.Split(strings.TrimSpace(r.Stdout), "\n"); len(lines) > 0 {
		t.Log(lines[len(lines)-1])
	}
}
