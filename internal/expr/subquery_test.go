package expr

import (
	"testing"

	"github.com/tributarydb/tributary/internal/base"
)

// fakeRunner returns fixed rows and records the outer stack it saw.
type fakeRunner struct {
	rows  [][]base.Datum
	outer [][]base.Datum
}

func (f *fakeRunner) RunSubquery(ctx *Context, plan any, maxRows int) ([][]base.Datum, error) {
	f.outer = ctx.Outer
	if maxRows >= 0 && len(f.rows) > maxRows {
		return f.rows[:maxRows], nil
	}
	return f.rows, nil
}

func ints(vs ...any) [][]base.Datum {
	var out [][]base.Datum
	for _, v := range vs {
		if v == nil {
			out = append(out, []base.Datum{base.NullOf(base.KindInt32)})
		} else {
			out = append(out, []base.Datum{base.DInt32(int64(v.(int)))})
		}
	}
	return out
}

func TestSubquery(t *testing.T) {
	eq, _, _, err := LookupBinaryOp("=", base.Int32, base.Int32)
	if err != nil {
		t.Fatal(err)
	}
	lt, _, _, _ := LookupBinaryOp("<", base.Int32, base.Int32)
	x := &ColRef{Idx: 0, Typ: base.Int32}
	cases := []struct {
		e    *Subquery
		rows [][]base.Datum
		arg  base.Datum
		want string // "t", "f", "NULL", a number, or "!code"
	}{
		{&Subquery{Kind: SubqueryScalar, Typ: base.Int32}, ints(5), base.DInt32(0), "5"},
		{&Subquery{Kind: SubqueryScalar, Typ: base.Int32}, ints(), base.DInt32(0), "NULL"},
		{&Subquery{Kind: SubqueryScalar, Typ: base.Int32}, ints(1, 2), base.DInt32(0), "!21000"},
		{&Subquery{Kind: SubqueryExists, Typ: base.Bool}, ints(1), base.DInt32(0), "t"},
		{&Subquery{Kind: SubqueryExists, Typ: base.Bool, Not: true}, ints(), base.DInt32(0), "t"},
		{&Subquery{Kind: SubqueryIn, Arg: x, Op: eq, Typ: base.Bool}, ints(1, 2), base.DInt32(2), "t"},
		{&Subquery{Kind: SubqueryIn, Arg: x, Op: eq, Typ: base.Bool}, ints(1, nil), base.DInt32(2), "NULL"},
		{&Subquery{Kind: SubqueryIn, Arg: x, Op: eq, Typ: base.Bool, Not: true}, ints(1, nil), base.DInt32(2), "NULL"},
		{&Subquery{Kind: SubqueryIn, Arg: x, Op: eq, Typ: base.Bool, Not: true}, ints(1, 3), base.DInt32(2), "t"},
		{&Subquery{Kind: SubqueryIn, Arg: x, Op: eq, Typ: base.Bool}, ints(), base.NullOf(base.KindInt32), "f"},
		{&Subquery{Kind: SubqueryAll, Arg: x, Op: lt, Typ: base.Bool}, ints(5, 6), base.DInt32(2), "t"},
		{&Subquery{Kind: SubqueryAll, Arg: x, Op: lt, Typ: base.Bool}, ints(5, nil), base.DInt32(2), "NULL"},
		{&Subquery{Kind: SubqueryAll, Arg: x, Op: lt, Typ: base.Bool}, ints(), base.DInt32(2), "t"},
		{&Subquery{Kind: SubqueryAny, Arg: x, Op: lt, Typ: base.Bool}, ints(1, 6), base.DInt32(2), "t"},
	}
	for i, c := range cases {
		r := &fakeRunner{rows: c.rows}
		ctx := &Context{Subquery: r, Outer: [][]base.Datum{{base.DText("outer")}}}
		row := []base.Datum{c.arg}
		d, err := c.e.EvalRow(ctx, row)
		got := ""
		switch {
		case err != nil:
			got = "!" + base.AsError(err).Code
		case d.Null:
			got = "NULL"
		default:
			got = formatText(d, c.e.Typ, nil)
		}
		if got != c.want {
			t.Errorf("case %d %s: got %s want %s", i, c.e, got, c.want)
		}
		if err == nil && (len(r.outer) != 2 || r.outer[1][0].S != "outer" || distinct(r.outer[0][0], row[0])) {
			t.Errorf("case %d: outer stack not pushed: %v", i, r.outer)
		}
		// Columnar evaluation over a one-column chunk agrees.
		ch := base.NewChunk([]base.Type{base.Int32}, 1)
		ch.AppendRow(row)
		v, verr := Clone(c.e).Eval(ctx, ch)
		if (verr != nil) != (err != nil) || err == nil && distinct(v.Get(0), d) {
			t.Errorf("case %d: Eval disagrees: %v %v", i, v, verr)
		}
	}
}

func TestParamAndOuterRef(t *testing.T) {
	ctx := &Context{Params: []base.Datum{base.DText("42"), base.DInt32(7)}, Outer: [][]base.Datum{{base.DInt64(9)}}}
	p := &Param{Idx: 0, Typ: base.Int64}
	d, err := p.EvalRow(ctx, nil)
	if err != nil || d.I != 42 || d.K != base.KindInt64 {
		t.Fatalf("param: %v %v", d, err)
	}
	if _, err := (&Param{Idx: 5, Typ: base.Int32}).EvalRow(ctx, nil); base.AsError(err).Code != base.CodeUndefinedParameter {
		t.Fatalf("missing param: %v", err)
	}
	o := &OuterRef{Depth: 0, Idx: 0, Typ: base.Int64}
	if d, err := o.EvalRow(ctx, nil); err != nil || d.I != 9 {
		t.Fatalf("outer: %v %v", d, err)
	}
}

func TestLookupErrors(t *testing.T) {
	_, _, err := LookupFunc("foo", []base.Type{base.Int32})
	e := base.AsError(err)
	if e.Code != "42883" || e.Message != "function foo(integer) does not exist" ||
		e.Hint != "No function matches the given name and argument types. You might need to add explicit type casts." {
		t.Fatalf("%+v", e)
	}
	_, _, _, err = LookupBinaryOp("+", base.Int32, base.Text)
	if e := base.AsError(err); e.Message != "operator does not exist: integer + text" || e.Code != "42883" {
		t.Fatalf("%+v", e)
	}
	_, err = CommonType([]base.Type{base.Int32, base.Text}, "CASE")
	if e := base.AsError(err); e.Message != "CASE types integer and text cannot be matched" || e.Code != "42804" {
		t.Fatalf("%+v", e)
	}
	for _, c := range []struct {
		in   []base.Type
		want base.Type
	}{
		{[]base.Type{base.Int32, base.Int64}, base.Int64},
		{[]base.Type{base.Int32, base.Numeric}, base.Numeric},
		{[]base.Type{base.Int32, base.Float64, base.Numeric}, base.Float64},
		{[]base.Type{base.Unknown, base.Unknown}, base.Text},
		{[]base.Type{base.Unknown, base.Date}, base.Date},
		{[]base.Type{base.Date, base.Timestamp}, base.Timestamp},
		{[]base.Type{base.Timestamp, base.TimestampTZ}, base.TimestampTZ},
		{[]base.Type{base.Varchar, base.Text}, base.Varchar},
		{[]base.Type{base.Text, base.Varchar}, base.Text},
	} {
		got, err := CommonType(c.in, "UNION")
		if err != nil || got != c.want {
			t.Errorf("CommonType(%v) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	if _, _, err := LookupAgg("min", []base.Type{base.Bool}, false); base.AsError(err).Code != "42883" {
		t.Fatalf("min(boolean) must not exist: %v", err)
	}
	if a, casts, err := LookupAgg("max", []base.Type{base.Varchar}, false); err != nil || a.Ret != base.Text || casts[0] != base.Varchar {
		t.Fatalf("max(varchar): %v %v %v", a, casts, err)
	}
	if a, _, err := LookupAgg("count", nil, false); err != nil || !a.Star {
		t.Fatalf("count(*): %v", err)
	}
	if !IsAggregate("SUM") || IsAggregate("lower") || !IsWindowFunc("row_number") || IsWindowFunc("sum") {
		t.Fatal("IsAggregate/IsWindowFunc")
	}
}
