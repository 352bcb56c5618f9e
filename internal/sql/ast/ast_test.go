package ast

import (
	"testing"
)

func TestQuoteIdent(t *testing.T) {
	tests := map[string]string{
		"a": "a", "abc_1$": "abc_1$", "A": `"A"`, "select": `"select"`, "interval": `"interval"`,
		"left": `"left"`, "date": "date", "name": "name", "a b": `"a b"`, `a"b`: `"a""b"`, "1a": `"1a"`, "": `""`,
	}
	for in, want := range tests {
		if got := QuoteIdent(in); got != want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
	if got := QuoteString("it's"); got != "'it''s'" {
		t.Errorf("QuoteString = %s", got)
	}
	if got := (ObjectName{"Public", "t"}).String(); got != `"Public".t` {
		t.Errorf("ObjectName.String = %s", got)
	}
}

func sample() *Query {
	return &Query{
		Span: Span{0, 30},
		Body: &Select{
			Items: []*SelectItem{{Expr: &BinaryExpr{Op: "+", Left: &ColumnRef{Parts: []string{"a"}},
				Right: &BinaryExpr{Op: "*", Left: &NumberLit{Text: "2"}, Right: &ColumnRef{Parts: []string{"b"}}}}}},
			From:  []TableExpr{&TableRef{Name: ObjectName{"t"}, Alias: &Alias{Name: "x"}}},
			Where: &UnaryExpr{Op: "NOT", X: &IsExpr{X: &ColumnRef{Parts: []string{"c"}}, Kind: IsNull}},
		},
	}
}

func TestFormat(t *testing.T) {
	if got, want := Format(sample()), "SELECT a + 2 * b FROM t AS x WHERE NOT c IS NULL"; got != want {
		t.Errorf("Format = %s\nwant %s", got, want)
	}
	e := &BinaryExpr{Op: "*", Left: &BinaryExpr{Op: "+", Left: &NumberLit{Text: "1"}, Right: &NumberLit{Text: "2"}},
		Right: &UnaryExpr{Op: "-", X: &UnaryExpr{Op: "-", X: &NumberLit{Text: "3"}}}}
	if got, want := Format(e), "(1 + 2) * - -3"; got != want {
		t.Errorf("Format = %s, want %s", got, want)
	}
	tl := &TypedLiteral{Type: &TypeName{Name: "interval", IntervalFields: "day"}, Value: "1"}
	if got, want := Format(tl), "INTERVAL '1' DAY"; got != want {
		t.Errorf("Format = %s, want %s", got, want)
	}
}

func TestWalk(t *testing.T) {
	var cols, nodes int
	Inspect(sample(), func(n Node) bool {
		if n == nil {
			return false
		}
		nodes++
		if _, ok := n.(*ColumnRef); ok {
			cols++
		}
		return true
	})
	if cols != 3 || nodes != 13 {
		t.Errorf("visited %d nodes, %d column refs", nodes, cols)
	}
	// Pruning: do not descend into the WHERE clause.
	cols = 0
	Inspect(sample(), func(n Node) bool {
		if _, ok := n.(*UnaryExpr); ok {
			return false
		}
		if _, ok := n.(*ColumnRef); ok {
			cols++
		}
		return true
	})
	if cols != 2 {
		t.Errorf("pruned walk saw %d column refs", cols)
	}
}

func TestEqual(t *testing.T) {
	a, b := sample(), sample()
	b.Span = Span{5, 9}
	b.Body.(*Select).Items[0].Span = Span{1, 2}
	if !Equal(a, b) {
		t.Errorf("positions should be ignored: %s", Diff(a, b))
	}
	b.Body.(*Select).GroupBy = []Expr{}
	if !Equal(a, b) {
		t.Errorf("nil and empty slices should be equal: %s", Diff(a, b))
	}
	b.Body.(*Select).From[0].(*TableRef).Alias.Name = "y"
	if d := Diff(a, b); d == "" {
		t.Errorf("alias change not detected")
	} else if want := `.Body.From[0].Alias.Name: "x" vs "y"`; d != want {
		t.Errorf("Diff = %s, want %s", d, want)
	}
	ClearPositions(b)
	if b.Pos() != 0 || b.End() != 0 {
		t.Errorf("ClearPositions left %d..%d", b.Pos(), b.End())
	}
}
