package stream

import (
	"bytes"
	"math"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
)

// appendVecKey must produce exactly base.EncodeKey's bytes (state written
// by one path is read by the other).
func TestAppendVecKeyMatchesEncodeKey(t *testing.T) {
	cases := []struct {
		typ  base.Type
		vals []base.Datum
	}{
		{base.Int64, []base.Datum{base.DInt64(0), base.DInt64(-1), base.DInt64(math.MinInt64), base.DInt64(math.MaxInt64), base.NullOf(base.KindInt64)}},
		{base.Int32, []base.Datum{base.DInt32(7), base.DInt32(-7)}},
		{base.TimestampTZ, []base.Datum{base.DTimestampTZ(1740819600000000), base.DTimestampTZ(-5)}},
		{base.Date, []base.Datum{base.DDate(-3), base.DDate(20000)}},
		{base.Float64, []base.Datum{base.DFloat64(0), base.DFloat64(math.Copysign(0, -1)), base.DFloat64(math.NaN()), base.DFloat64(math.Inf(-1)), base.DFloat64(-2.5), base.DFloat64(1e300), base.NullOf(base.KindFloat64)}},
		{base.Text, []base.Datum{base.DText(""), base.DText("u-123"), base.DText("a\x00b\x00"), base.DText("\xff\x01"), base.NullOf(base.KindText)}},
		{base.Varchar, []base.Datum{base.DText("google")}},
		{base.Bool, []base.Datum{base.DBool(true), base.DBool(false), base.NullOf(base.KindBool)}},
		{base.Numeric, []base.Datum{base.NullOf(base.KindNumeric)}},
	}
	for _, c := range cases {
		v := base.NewVector(c.typ, len(c.vals))
		for _, d := range c.vals {
			v.Append(d)
		}
		for i, d := range c.vals {
			want := base.EncodeKey([]byte("p"), v.Get(i), false)
			got := appendVecKey([]byte("p"), v, i)
			if !bytes.Equal(got, want) {
				t.Errorf("%v %v: got %x, want %x", c.typ, d, got, want)
			}
		}
	}
}
