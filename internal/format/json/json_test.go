package json

import (
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

func TestDecode(t *testing.T) {
	cols := []catalog.Column{{Name: "id", Type: base.Int64}, {Name: "Name", Type: base.Varchar}, {Name: "cost", Type: base.Float64},
		{Name: "ts", Type: base.TimestampTZ}, {Name: "ok", Type: base.Bool}, {Name: "meta", Type: base.JSONB}, {Name: "amount", Type: base.Numeric}}
	d := NewDecoder(cols)
	row := make([]base.Datum, len(cols))
	if err := d.Decode([]byte(`{"id": 7, "name": "x", "cost": 1.5, "ts": "2025-03-01 10:00:00+00", "ok": true, "meta": {"a": [1]}, "amount": 12.50, "extra": 1}`), row); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, c := range cols {
		got = append(got, base.FormatText(row[i], c.Type, time.UTC))
	}
	want := []string{"7", "x", "1.5", "2025-03-01 10:00:00+00", "t", `{"a": [1]}`, "12.50"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("col %s: %q, want %q", cols[i].Name, got[i], want[i])
		}
	}
	if err := d.Decode([]byte(`{"id": null}`), row); err != nil || !row[0].Null || !row[1].Null {
		t.Fatalf("nulls: %v %v", err, row)
	}
	for _, bad := range []string{`{"id": "x"}`, `[1]`, `{"id": 1.5}`, `{"id": 1`, `{"cost": {}}`, `{} {}`} {
		if err := d.Decode([]byte(bad), row); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
