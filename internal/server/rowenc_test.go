package server

import (
	"bytes"
	"math"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
)

// appendChunkRow must write exactly base.EncodeRow's bytes.
func TestAppendChunkRowMatchesEncodeRow(t *testing.T) {
	types := []base.Type{base.Varchar, base.Text, base.Float64, base.Float32, base.Int16, base.Int32, base.Int64,
		base.TimestampTZ, base.Timestamp, base.Date, base.Bool, base.Bytea, base.Int64}
	rows := [][]base.Datum{
		{base.DText("imp-1"), base.DText(""), base.DFloat64(1.25), base.DFloat32(-0.5), base.DInt16(-3), base.DInt32(1 << 20), base.DInt64(math.MinInt64),
			base.DTimestampTZ(1740819600000000), base.DTimestamp(-1), base.DDate(20000), base.DBool(true), base.DBytea([]byte{0, 1, 255}), base.NullOf(base.KindInt64)},
		{base.NullOf(base.KindText), base.DText("x\x00y"), base.DFloat64(math.NaN()), base.NullOf(base.KindFloat32), base.NullOf(base.KindInt16), base.DInt32(-7), base.DInt64(math.MaxInt64),
			base.NullOf(base.KindTimestampTZ), base.DTimestamp(0), base.DDate(-1), base.DBool(false), base.NullOf(base.KindBytea), base.NullOf(base.KindInt64)},
	}
	c := base.NewChunk(types, len(rows))
	for _, r := range rows {
		c.AppendRow(r)
	}
	if !fastRowKinds(c.Cols) {
		t.Fatal("fastRowKinds: false")
	}
	for i, r := range rows {
		want := append([]base.Datum(nil), r...)
		want[len(want)-1] = base.DInt64(int64(1000 + i))
		w := base.EncodeRow([]byte("x"), want)
		g := appendChunkRow([]byte("x"), c.Cols, i, len(types)-1, int64(1000+i))
		if !bytes.Equal(g, w) {
			t.Errorf("row %d:\n got %x\nwant %x", i, g, w)
		}
		w = base.EncodeRow(nil, r)
		g = appendChunkRow(nil, c.Cols, i, -1, 0)
		if !bytes.Equal(g, w) {
			t.Errorf("row %d without id:\n got %x\nwant %x", i, g, w)
		}
	}
	if fastRowKinds(base.NewChunk([]base.Type{base.Numeric}, 0).Cols) {
		t.Error("numeric has no fast path")
	}
}
