package datagen

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/connector"
	"github.com/tributarydb/tributary/internal/connector/conformance"
)

var cols = []catalog.Column{
	{Name: "id", Type: base.Int32}, {Name: "name", Type: base.Varchar}, {Name: "score", Type: base.Float64},
	{Name: "amount", Type: base.Numeric}, {Name: "ok", Type: base.Bool}, {Name: "ts", Type: base.TimestampTZ},
	{Name: "big", Type: base.Int64},
}

func opts(extra ...string) map[string]string {
	m := map[string]string{
		"datagen.rows.per.second": "100000",
		"fields.id.kind":          "sequence", "fields.id.start": "1",
		"fields.name.length": "5", "fields.score.min": "-1", "fields.score.max": "1",
		"fields.amount.max": "50", "fields.ts.basetime": "2025-03-01T00:00:00Z", "fields.ts.max_past": "1 hour",
		"fields.big.min": "10", "fields.big.max": "12", "fields.big.seed": "99",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	return m
}

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Case{Connector: "datagen", Columns: cols, Options: opts(), Rows: 3000, Deterministic: true})
}

func TestConformanceFinite(t *testing.T) {
	conformance.Run(t, conformance.Case{Connector: "datagen", Columns: cols, Options: opts("fields.id.end", "2500"), Rows: 2500, Finite: true, Deterministic: true})
}

func TestValues(t *testing.T) {
	rel := &catalog.Relation{Name: "s", Kind: catalog.KindSource, Columns: cols}
	o := opts()
	o["connector"] = "datagen"
	r, err := connector.NewReader(connector.SourceConfig{Relation: rel, Options: o})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c, _, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	lo := int64(1740787200000000 - 3600000000)
	for i := 0; i < c.Len(); i++ {
		row := c.Row(i)
		if row[0].I != int64(i+1) {
			t.Fatalf("row %d: id %d", i, row[0].I)
		}
		if len(row[1].S) != 5 || row[2].F < -1 || row[2].F > 1 || row[6].I < 10 || row[6].I > 12 {
			t.Fatalf("row %d out of bounds: %v", i, row)
		}
		if row[5].I < lo || row[5].I > lo+3600000000 {
			t.Fatalf("row %d: ts %d outside the hour before basetime", i, row[5].I)
		}
	}
}

func TestErrors(t *testing.T) {
	rel := &catalog.Relation{Name: "s", Kind: catalog.KindSource, Columns: cols}
	for _, tc := range []struct{ k, v, want string }{
		{"fields.nope.kind", "random", `names column "nope"`},
		{"fields.id.kind", "zigzag", "want sequence or random"},
		{"fields.ok.kind", "sequence", "cannot be a sequence"},
		{"datagen.rows.per.second", "fast", "want a number"},
		{"fields.ts.max_past", "soon", "want an interval"},
	} {
		o := opts(tc.k, tc.v)
		o["connector"] = "datagen"
		err := connector.Validate(connector.SourceConfig{Relation: rel, Options: o})
		var be *base.Error
		if !errors.As(err, &be) || !strings.Contains(be.Message, tc.want) {
			t.Errorf("%s=%s: got %v, want %q", tc.k, tc.v, err, tc.want)
		}
	}
}
