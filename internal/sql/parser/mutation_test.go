package parser

import (
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/sql/ast"
	"github.com/tributarydb/tributary/internal/sql/scanner"
)

// TestMutations is a cheap, deterministic complement to FuzzParse: it
// deletes, duplicates and swaps single tokens of every valid test
// statement and checks the fuzz property (no panic; whatever parses
// round-trips through Format) on each variant. Random byte mutation rarely
// reaches deep grammar; token edits of valid SQL do.
// insertions are tokens inserted before each token of each statement.
var insertions = []string{"(", ")", ",", "-", "NOT", "::int", "'x'", "x", "1", "AS", "[1]", ".", "*",
	"IS NULL", "ORDER BY 1", "INTERVAL '1' DAY", "~", "||", "OVER w", "FILTER (WHERE x)", "DISTINCT",
	"$1", `"Q"`, "ARRAY[1]", "(SELECT 1)", "UNION SELECT 1", "AND", "IN (1)", "BETWEEN 1 AND 2",
	"LIKE 'x'", "AT TIME ZONE 'x'", `COLLATE "C"`, "WITH", "FROM t", "=", "timestamp", "day", "secret",
	"emit", "format", "on", "set", "default", "EXISTS", "ROW", "varchar(3)", "double precision"}

func TestMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, src := range readEntries(t, "testdata/valid.sql") {
		toks, err := scanner.Tokenize(src)
		if err != nil {
			continue
		}
		toks = toks[:len(toks)-1] // EOF
		raw := make([]string, len(toks))
		for i, tk := range toks {
			raw[i] = tk.Raw
		}
		variant := func(parts []string) {
			s := strings.Join(parts, " ")
			stmts, err := Parse(s)
			if err != nil {
				return
			}
			for _, st := range stmts {
				out := ast.Format(st)
				again, err := Parse(out)
				if err != nil || len(again) != 1 {
					t.Errorf("re-parse failed\n  source: %s\n  format: %s\n  error:  %v", s, out, err)
					return
				}
				if d := ast.Diff(st, again[0]); d != "" {
					t.Errorf("round trip changed the tree: %s\n  source: %s\n  format: %s", d, s, out)
					return
				}
			}
		}
		for i := range raw {
			del := append(append([]string{}, raw[:i]...), raw[i+1:]...)
			variant(del)
			dup := append(append([]string{}, raw[:i+1]...), raw[i:]...)
			variant(dup)
			for _, ins := range insertions {
				variant(append(append(append([]string{}, raw[:i]...), ins), raw[i:]...))
			}
			if i+1 < len(raw) {
				sw := append([]string{}, raw...)
				sw[i], sw[i+1] = sw[i+1], sw[i]
				variant(sw)
			}
		}
	}
}
