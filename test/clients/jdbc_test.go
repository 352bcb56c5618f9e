package clients

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const jdbcJar = "/usr/share/java/postgresql.jar"

// jdbcURL turns a postgres:// URL into the driver's jdbc:postgresql:// form.
func jdbcURL(t testing.TB, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := url.Values{}
	q.Set("user", u.User.Username())
	if p, ok := u.User.Password(); ok {
		q.Set("password", p)
	}
	q.Set("sslmode", "disable")
	return "jdbc:postgresql://" + u.Host + u.Path + "?" + q.Encode()
}

// jdbcMetadata is what DatabaseMetaData must list for jdbc/Main.java's objects: the lines
// PostgreSQL 15 and the same driver print (CLIENTS_ORACLE=1 proves them). Every getTables
// (types TABLE, VIEW, MATERIALIZED VIEW), getColumns and getPrimaryKeys line about these
// objects must be one of them.
var jdbcMetadata = []string{
	"SCHEMA jdbc_s",
	"SCHEMA public",
	"TABLE jdbc_s items TABLE catalog items",
	"TABLE jdbc_s pairs TABLE null",
	"TABLE jdbc_s cheap_items VIEW null",
	"TABLE public jdbc_types TABLE null",
	"COLUMN jdbc_s items id 1 int4 4 10 0 NO null null",
	"COLUMN jdbc_s items name 2 varchar 12 30 0 NO null null",
	"COLUMN jdbc_s items price 3 numeric 2 10 2 YES 0 unit price",
	"COLUMN jdbc_s items tags 4 _text 2003 2147483647 0 YES null null",
	"COLUMN jdbc_s items added 5 timestamptz 93 35 6 YES null null",
	"COLUMN jdbc_s cheap_items id 1 int4 4 10 0 YES null null",
	"COLUMN jdbc_s cheap_items name 2 varchar 12 30 0 YES null null",
	"COLUMN jdbc_s cheap_items price 3 numeric 2 10 2 YES null null",
	"COLUMN jdbc_s pairs a 1 int4 4 10 0 NO null null",
	"COLUMN jdbc_s pairs b 2 text 12 2147483647 0 NO null null",
	"COLUMN jdbc_s pairs c 3 int4 4 10 0 NO null null",
	"PK jdbc_s items id 1 items_pkey",
	"PK jdbc_s pairs b 1 pairs_pkey",
	"PK jdbc_s pairs a 2 pairs_pkey",
}

// TestJDBC runs jdbc/Main.java (Java 17 single-file program) with the Debian JDBC driver.
func TestJDBC(t *testing.T) {
	timed(t)
	java := requireCmd(t, "java")
	jar := requireFile(t, jdbcJar)
	raw := target(t)
	src, err := filepath.Abs(filepath.Join("jdbc", "Main.java"))
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, 120*time.Second, t.TempDir(), nil, java, "-Duser.timezone=UTC", "-cp", jar, src, jdbcURL(t, raw))
	t.Logf("java Main.java took %v", r.Elapsed.Round(time.Millisecond))
	lines := strings.Split(r.Stdout, "\n")
	have := map[string]bool{}
	failed := false
	for _, l := range lines {
		have[l] = true
		if strings.HasPrefix(l, "FAIL: ") {
			failed = true
			t.Errorf("jdbc: %s", strings.TrimPrefix(l, "FAIL: "))
		}
	}
	var stderr []string // the JVM's "Picked up JAVA_TOOL_OPTIONS" notes are not errors
	for _, l := range strings.Split(strings.TrimSpace(r.Stderr), "\n") {
		if l != "" && !strings.HasPrefix(l, "Picked up ") {
			stderr = append(stderr, l)
		}
	}
	if (r.Exit != 0 && !failed) || len(stderr) > 0 {
		t.Errorf("java Main.java: exit %d\nstdout:\n%s\nstderr:\n%s", r.Exit, tail(r.Stdout, 3000), tail(r.Stderr, 3000))
	}
	expected := map[string]bool{}
	for _, want := range jdbcMetadata {
		expected[want] = true
		if !have[want] {
			t.Errorf("jdbc DatabaseMetaData: missing line %q", want)
		}
	}
	var meta []string
	for _, l := range lines {
		for _, p := range []string{"SCHEMA ", "TABLE ", "COLUMN ", "PK ", "CATALOG ", "TABLETYPES", "PRODUCT ", "SESSION ", "default RSMD", "binary GETOBJECT"} {
			if strings.HasPrefix(l, p) {
				meta = append(meta, l)
			}
		}
		for _, p := range []string{"TABLE jdbc_s ", "TABLE public ", "COLUMN ", "PK "} {
			if strings.HasPrefix(l, p) && !expected[l] {
				t.Errorf("jdbc DatabaseMetaData: unexpected line %q", l)
			}
		}
	}
	t.Logf("jdbc metadata:\n%s", strings.Join(meta, "\n"))
	if n := len(lines); n > 1 {
		t.Log(lines[n-2])
	}
}
