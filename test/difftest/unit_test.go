package difftest

import (
	"errors"
	"strings"
	"testing"
)

func TestGenDeterministic(t *testing.T) {
	render := func(seed int64) string {
		g := newGen(seed)
		g.schema()
		var b strings.Builder
		for _, tb := range g.tables {
			b.WriteString(tb.createSQL() + ";" + tb.insertSQL() + ";")
		}
		for i := 0; i < 200; i++ {
			b.WriteString(g.query().SQL() + ";")
		}
		return b.String()
	}
	if a, b := render(42), render(42); a != b {
		t.Fatal("the same seed generated different SQL")
	}
	if render(42) == render(43) {
		t.Fatal("different seeds generated the same SQL")
	}
}

func TestGenShapes(t *testing.T) {
	g := newGen(1)
	g.schema()
	if n := len(g.tables); n < 3 || n > 4 {
		t.Fatalf("%d tables", n)
	}
	var all strings.Builder
	for i := 0; i < 3000; i++ {
		all.WriteString(g.query().SQL() + "\n")
	}
	s := all.String()
	for _, want := range []string{"LEFT JOIN", "RIGHT JOIN", "FULL JOIN", " JOIN ", "GROUP BY", "HAVING", "EXISTS", " IN (SELECT", "NOT IN", "UNION", "INTERSECT", "EXCEPT", "DISTINCT", "ORDER BY", "LIMIT", "LIKE", "BETWEEN", "IS NULL", "CASE WHEN", "COALESCE", "count(DISTINCT", "avg(", "sum(", "min(", "max(", "count(*)"} {
		if !strings.Contains(s, want) {
			t.Errorf("3000 queries never contain %q", want)
		}
	}
}

func TestDateAdd(t *testing.T) {
	for _, c := range []struct {
		days int
		want string
	}{{0, "2024-01-01"}, {59, "2024-02-29"}, {60, "2024-03-01"}, {-1, "2023-12-31"}, {366, "2025-01-01"}, {-19723, "1970-01-01"}} {
		if got := dateAdd(2024, 1, 1, c.days); got != c.want {
			t.Errorf("dateAdd(2024-01-01, %d) = %s, want %s", c.days, got, c.want)
		}
	}
}

func TestCompare(t *testing.T) {
	ok := func(rows ...string) outcome { return outcome{rows: rows} }
	fail := func(code string) outcome { return outcome{code: code, err: errors.New(code)} }
	for _, c := range []struct {
		a, b    outcome
		ordered bool
		match   bool
	}{
		{ok("1", "2"), ok("2", "1"), false, true},
		{ok("1", "2"), ok("2", "1"), true, false},
		{ok("1", "1"), ok("1"), false, false},
		{ok("NULL"), ok("(empty)"), false, false},
		{fail("22003"), fail("22012"), false, true},
		{fail("22003"), fail("42601"), false, false},
		{fail("22003"), ok(), false, false},
		{ok(), fail("22003"), false, false},
	} {
		if got := compare(c.a, c.b, c.ordered) == ""; got != c.match {
			t.Errorf("compare(%v, %v, %v) match=%v, want %v", c.a, c.b, c.ordered, got, c.match)
		}
	}
}

func TestMinimize(t *testing.T) {
	g := newGen(5)
	g.schema()
	// A synthetic "bug": any query mentioning a LIKE fails. The minimizer should keep a
	// LIKE and drop most everything else.
	for i := 0; i < 200; i++ {
		q := g.query()
		sql := q.SQL()
		if !strings.Contains(sql, "LIKE") {
			continue
		}
		min := minimize(q, func(q *query) bool { return strings.Contains(q.SQL(), "LIKE") })
		msql := min.SQL()
		if !strings.Contains(msql, "LIKE") {
			t.Fatalf("minimized query lost the failure: %s", msql)
		}
		if len(msql) > len(sql) {
			t.Fatalf("minimized query grew:\n%s\n%s", sql, msql)
		}
	}
}
