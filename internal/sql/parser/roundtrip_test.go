package parser

import (
	"os"
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/sql/ast"
)

// checkRoundTrip asserts the Format invariant for one parsed statement:
// the formatted text re-parses to an Equal tree, and formatting is a
// fixed point (formatting the re-parsed tree gives the same text).
func checkRoundTrip(t testing.TB, src string, stmt ast.Statement) {
	t.Helper()
	out := ast.Format(stmt)
	again, err := Parse(out)
	if err != nil {
		t.Fatalf("re-parse failed\n  source: %s\n  format: %s\n  error:  %v", src, out, err)
	}
	if len(again) != 1 {
		t.Fatalf("re-parse gave %d statements\n  source: %s\n  format: %s", len(again), src, out)
	}
	if d := ast.Diff(stmt, again[0]); d != "" {
		t.Fatalf("round trip changed the tree: %s\n  source: %s\n  format: %s", d, src, out)
	}
	if out2 := ast.Format(again[0]); out2 != out {
		t.Fatalf("format is not a fixed point\n  first:  %s\n  second: %s", out, out2)
	}
}

// readEntries splits a testdata file into entries separated by "----"
// lines; leading "--" comment lines of the file are skipped.
func readEntries(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var entries []string
	for _, e := range strings.Split(string(data), "\n----\n") {
		lines := strings.Split(e, "\n")
		for len(lines) > 0 && strings.HasPrefix(lines[0], "-- ") && len(entries) == 0 {
			lines = lines[1:]
		}
		e = strings.TrimSpace(strings.Join(lines, "\n"))
		if e != "" {
			entries = append(entries, e)
		}
	}
	return entries
}

func TestValidStatements(t *testing.T) {
	entries := readEntries(t, "testdata/valid.sql")
	if len(entries) < 300 {
		t.Fatalf("only %d entries in testdata/valid.sql", len(entries))
	}
	for _, src := range entries {
		stmts, err := Parse(src)
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		if len(stmts) != 1 {
			t.Errorf("Parse(%q): %d statements", src, len(stmts))
			continue
		}
		t.Run("", func(t *testing.T) { checkRoundTrip(t, src, stmts[0]) })
	}
}
