package expr

import (
	"testing"

	"github.com/tributarydb/tributary/internal/base"
)

func intChunk(n int, withNulls bool) *base.Chunk {
	c := base.NewChunk([]base.Type{base.Int64, base.Int64, base.Float64, base.Text}, n)
	for i := 0; i < n; i++ {
		if withNulls && i%7 == 3 {
			c.Cols[0].AppendNull()
		} else {
			c.Cols[0].AppendInt(int64(i))
		}
		c.Cols[1].AppendInt(int64(i % 10))
		c.Cols[2].AppendFloat(float64(i) / 4)
		if i%2 == 0 {
			c.Cols[3].AppendString("even")
		} else {
			c.Cols[3].AppendString("odd")
		}
	}
	return c
}

func mustBin(t testing.TB, op string, l, r Expr) Expr {
	f, lt, rt, err := LookupBinaryOp(op, l.Type(), r.Type())
	if err != nil {
		t.Fatal(err)
	}
	if !typeEq(lt, l.Type()) {
		l = &Cast{Arg: l, To: lt}
	}
	if !typeEq(rt, r.Type()) {
		r = &Cast{Arg: r, To: rt}
	}
	return &Call{Fn: f, Args: []Expr{l, r}}
}

// TestVectorMatchesRows checks that the columnar path agrees with EvalRow
// on every row, including NULLs and short-circuit fallbacks.
func TestVectorMatchesRows(t *testing.T) {
	c := intChunk(200, true)
	a, b := &ColRef{Idx: 0, Typ: base.Int64, Name: "a"}, &ColRef{Idx: 1, Typ: base.Int64, Name: "b"}
	f := &ColRef{Idx: 2, Typ: base.Float64, Name: "f"}
	s := &ColRef{Idx: 3, Typ: base.Text, Name: "s"}
	k := func(v int64) Expr { return &Const{Val: base.DInt64(v), Typ: base.Int64} }
	exprs := []Expr{
		mustBin(t, "+", a, b),
		mustBin(t, "*", a, k(3)),
		mustBin(t, "-", a, b),
		mustBin(t, "<", a, k(50)),
		mustBin(t, ">=", a, b),
		mustBin(t, "=", s, &Const{Val: base.DText("odd"), Typ: base.Text}),
		mustBin(t, "+", f, &Const{Val: base.DFloat64(0.5), Typ: base.Float64}),
		mustBin(t, "<", f, a),
		&And{Args: []Expr{mustBin(t, ">", a, k(10)), mustBin(t, "<", a, k(100))}},
		&Or{Args: []Expr{mustBin(t, "<", a, k(10)), mustBin(t, ">", a, k(190))}},
		&Not{Arg: mustBin(t, "<", a, k(10))},
		&IsNull{Arg: a},
		// b is 0 on every 10th row: the AND must short-circuit like PostgreSQL.
		&And{Args: []Expr{mustBin(t, "<>", b, k(0)), mustBin(t, ">", mustBin(t, "/", a, b), k(2))}},
		&Case{Whens: []When{{Cond: mustBin(t, "<>", b, k(0)), Result: mustBin(t, "/", a, b)}}, Typ: base.Int64},
		&Like{Arg: s, Pattern: &Const{Val: base.DText("o%"), Typ: base.Text}},
		&InList{Arg: b, List: []Expr{k(1), k(2)}},
	}
	for _, e := range exprs {
		for pass := 0; pass < 2; pass++ { // second pass reuses output vectors
			v, err := e.Eval(nil, c)
			if err != nil {
				t.Fatalf("%s: %v", e, err)
			}
			for i := 0; i < c.Len(); i++ {
				d, err := e.EvalRow(nil, c.Row(i))
				if err != nil {
					t.Fatalf("%s row %d: %v", e, i, err)
				}
				if g := v.Get(i); g.Null != d.Null || !d.Null && compareValues(g, d) != 0 {
					t.Fatalf("%s row %d: Eval %v EvalRow %v", e, i, g, d)
				}
			}
		}
	}
	// Division by zero on a non-NULL row must surface as 22012.
	_, err := mustBin(t, "/", a, b).Eval(nil, c)
	if base.AsError(err).Code != base.CodeDivisionByZero {
		t.Fatalf("want 22012, got %v", err)
	}
	// Overflow is detected on the columnar path.
	big := &Const{Val: base.DInt64(1 << 62), Typ: base.Int64}
	_, err = mustBin(t, "*", mustBin(t, "+", a, big), k(4)).Eval(nil, c)
	if base.AsError(err).Code != base.CodeNumericValueOutOfRange {
		t.Fatalf("want 22003, got %v", err)
	}
}

func BenchmarkVecInt64Compare(b *testing.B) {
	c := intChunk(1024, false)
	e := mustBin(b, "<", &ColRef{Idx: 0, Typ: base.Int64}, &Const{Val: base.DInt64(500), Typ: base.Int64})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := e.Eval(nil, c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVecInt64Arith(b *testing.B) {
	c := intChunk(1024, false)
	a := &ColRef{Idx: 0, Typ: base.Int64}
	e := mustBin(b, "+", mustBin(b, "*", a, &Const{Val: base.DInt64(3), Typ: base.Int64}), &ColRef{Idx: 1, Typ: base.Int64})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := e.Eval(nil, c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVecFilterAnd(b *testing.B) {
	c := intChunk(1024, true)
	a := &ColRef{Idx: 0, Typ: base.Int64}
	k := func(v int64) Expr { return &Const{Val: base.DInt64(v), Typ: base.Int64} }
	e := &And{Args: []Expr{mustBin(b, ">", a, k(10)), mustBin(b, "<=", a, k(900)), &IsNull{Arg: a, Not: true}}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := e.Eval(nil, c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVecSumInt64(b *testing.B) {
	c := intChunk(1024, false)
	agg, _, err := LookupAgg("sum", []base.Type{base.Int64}, false)
	if err != nil {
		b.Fatal(err)
	}
	st := agg.NewState().(VectorAggState)
	args := []*base.Vector{c.Cols[0]}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := st.AddVector(args, nil); err != nil {
			b.Fatal(err)
		}
	}
}
