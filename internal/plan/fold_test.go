package plan

import (
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/sql/parser"
)

// TestFoldConstants checks PostgreSQL-style constant simplification on the
// select list of bound queries over t (a int, b text, ...).
func TestFoldConstants(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"SELECT NULL::int + (a - 2) FROM t", "NULL"},
		{"SELECT round(NULL::numeric(10,2), 1) / NULLIF(a - 2, 0) FROM t", "NULL"},
		{"SELECT 100.10 / NULLIF(NULL::numeric, 0) * (a + a) FROM t", "NULL"},
		{"SELECT 1 + 2 * 3 FROM t", "7"},
		{"SELECT CASE WHEN false THEN 1/0 ELSE a END FROM t", "t.a"},
		{"SELECT coalesce(NULL::int, 2, 1/0) FROM t", "2"},
		{"SELECT false AND a/0 = 1 FROM t", "false"},
		{"SELECT a + 1 FROM t", "(t.a + 1)"},
		{"SELECT now() FROM t", "now()"},
		{"SELECT '2024-01-01'::date + 1 FROM t", "('2024-01-01'::date + 1)"},
	}
	for _, tc := range tests {
		n, _ := bindSQL(t, tc.sql)
		p, ok := n.(*Project)
		if !ok {
			t.Fatalf("%s: root is %T", tc.sql, n)
		}
		if got := p.Exprs[0].String(); !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %s, want %s", tc.sql, got, tc.want)
		}
	}
	// Constant errors surface at plan time, even with no rows to read.
	for _, sql := range []string{"SELECT 1/0 FROM t WHERE false", "SELECT NULL::int + (2147483647 + 1) FROM t", "SELECT CASE WHEN a > 0 THEN 1 ELSE 1/0 END FROM t"} {
		stmt, err := parser.ParseOne(sql)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := NewBinder(BindContext{Catalog: newTestCatalog(t), SQL: sql}).Bind(stmt); err == nil {
			t.Errorf("%s: want a plan-time error", sql)
		}
	}
}
