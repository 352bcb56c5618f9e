package parser

import (
	"testing"

	"github.com/tributarydb/tributary/internal/sql/ast"
)

// FuzzParse checks that parsing never panics and that whatever parses
// satisfies the Format round-trip invariant.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"SELECT 1", "SELECT a FROM t WHERE b = 1", "CREATE TABLE t (a int)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		stmts, err := Parse(src)
		if err != nil {
			return
		}
		for _, s := range stmts {
			out := ast.Format(s)
			again, err := Parse(out)
			if err != nil {
				t.Fatalf("re-parse failed\n  source: %q\n  format: %q\n  error:  %v", src, out, err)
			}
			if len(again) != 1 {
				t.Fatalf("re-parse gave %d statements\n  source: %q\n  format: %q", len(again), src, out)
			}
			if d := ast.Diff(s, again[0]); d != "" {
				t.Fatalf("round trip changed the tree: %s\n  source: %q\n  format: %q", d, src, out)
			}
		}
	})
}
