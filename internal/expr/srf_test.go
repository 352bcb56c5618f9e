package expr

import (
	"math"
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
)

func TestSetFuncs(t *testing.T) {
	ctx := &Context{}
	run := func(name string, args ...base.Datum) string {
		t.Helper()
		ts := make([]base.Type, len(args))
		for i, a := range args {
			ts[i] = base.Type{Kind: a.K, Elem: base.Kind(a.I)}
			if a.K != base.KindArray {
				ts[i].Elem = 0
			}
		}
		fn, _, err := LookupSetFunc(name, ts)
		if err != nil {
			return "lookup: " + err.Error()
		}
		rows, err := fn.SetRows(ctx, args)
		if err != nil {
			return "error: " + err.Error()
		}
		out := make([]string, len(rows))
		for i, r := range rows {
			if r.Null {
				out[i] = "NULL"
			} else {
				out[i] = formatText(r, fn.Ret, nil)
			}
		}
		return strings.Join(out, "|")
	}
	arr := base.DArray(base.KindInt32, []base.Datum{base.DInt32(3), base.NullOf(base.KindInt32), base.DInt32(1)})
	tests := []struct{ got, want string }{
		{run("unnest", arr), "3|NULL|1"},
		{run("unnest", base.NullOf(base.KindArray)), ""},
		{run("generate_series", base.DInt32(2147483646), base.DInt32(2147483647)), "2147483646|2147483647"},
		{run("generate_series", base.DInt32(5), base.DInt32(1), base.DInt32(-2)), "5|3|1"},
		{run("generate_series", base.DInt32(1), base.DInt32(2), base.DInt32(0)), "error: step size cannot equal zero"},
		{run("regexp_split_to_table", base.DText("a,b,,c"), base.DText(",")), "a|b||c"},
		{run("regexp_split_to_table", base.DText("héllo"), base.DText("")), "h|é|l|l|o"},
		{run("regexp_split_to_table", base.DText(" a  b "), base.DText(`\s+`)), "|a|b|"},
		{run("jsonb_object_keys", base.DJSONB(`{"b": 1, "aa": 2}`)), "b|aa"},
		{run("jsonb_object_keys", base.DJSONB(`[1]`)), "error: cannot call jsonb_object_keys on an array"},
		{run("jsonb_array_elements_text", base.DJSONB(`[1, "x", null]`)), "1|x|NULL"},
		{run("regexp_matches", base.DText("a1b22"), base.DText(`([a-z])(\d+)`), base.DText("g")), "{a,1}|{b,22}"},
		{run("unnest", base.DInt32(1)), "lookup: function unnest(integer) does not exist"},
	}
	for i, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%d: got %q, want %q", i, tc.got, tc.want)
		}
	}
}

func TestDistinctKey(t *testing.T) {
	num := func(s string) base.Datum { d, _ := base.ParseText(base.Numeric, s, nil); return d }
	iv := func(s string) base.Datum { d, _ := base.ParseText(base.IntervalT, s, nil); return d }
	same := [][2]base.Datum{
		{num("1.0"), num("1.00")},
		{base.DFloat64(0), base.DFloat64(math.Copysign(0, -1))},
		{iv("1 day"), iv("24 hours")},
		{base.DArray(base.KindNumeric, []base.Datum{num("2.50")}), base.DArray(base.KindNumeric, []base.Datum{num("2.5")})},
	}
	for _, p := range same {
		if distinctKey(p[:1]) != distinctKey(p[1:]) {
			t.Errorf("%v and %v should share a DISTINCT key", p[0], p[1])
		}
	}
	if distinctKey([]base.Datum{base.DText("a"), base.DText("b")}) == distinctKey([]base.Datum{base.DText("ab"), base.DText("")}) {
		t.Error("tuples with different fields must not collide")
	}
	if distinctKey([]base.Datum{base.NullOf(base.KindText)}) == distinctKey([]base.Datum{base.DText("")}) {
		t.Error("NULL and '' must differ")
	}
}
