package marketing

import (
	"context"
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/connector"
	"github.com/tributarydb/tributary/internal/connector/conformance"
)

func opts(table string, start time.Time) map[string]string {
	return map[string]string{"marketing.table.type": table, "marketing.start.time": start.UTC().Format(time.RFC3339Nano),
		"marketing.impressions.per.second": "1000", "marketing.seed": "7"}
}

func TestConformance(t *testing.T) {
	start := time.Now().Add(-30 * time.Minute)
	for _, tt := range []string{"impressions", "conversions"} {
		t.Run(tt, func(t *testing.T) {
			conformance.Run(t, conformance.Case{Connector: "marketing", Columns: tableColumns[tt], Options: opts(tt, start), Rows: 300, Deterministic: true})
		})
	}
}

// TestConversionsFollowImpressions checks the world's consistency: every
// conversion's user saw an impression shortly before it, and the data is
// skewed (the top campaign has more impressions than the smallest).
func TestConversionsFollowImpressions(t *testing.T) {
	start := time.Now().Add(-20 * time.Minute)
	cutoff := time.Now().UnixMicro()
	read := func(tt string) [][]any {
		tcol := 7
		if tt == "conversions" {
			tcol = 2
		}
		rel := &catalog.Relation{Name: tt, Kind: catalog.KindSource, Columns: tableColumns[tt]}
		o := opts(tt, start)
		o["connector"] = "marketing"
		r, err := connector.NewReader(connector.SourceConfig{Relation: rel, Options: o})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var rows [][]any
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			c, _, err := r.Read(ctx)
			cancel()
			if err != nil {
				return rows
			}
			for i := 0; i < c.Len(); i++ {
				if c.Row(i)[tcol].I >= cutoff {
					return rows
				}
				var row []any
				for _, d := range c.Row(i) {
					switch {
					case d.S != "":
						row = append(row, d.S)
					case d.F != 0:
						row = append(row, d.F)
					default:
						row = append(row, d.I)
					}
				}
				rows = append(rows, row)
			}
		}
	}
	imps, convs := read("impressions"), read("conversions")
	if len(imps) < 1000000 || len(convs) < 200 {
		t.Fatalf("%d impressions, %d conversions", len(imps), len(convs))
	}
	seen := map[string][]int64{}
	perCampaign := map[string]int{}
	for _, r := range imps {
		seen[r[6].(string)] = append(seen[r[6].(string)], r[7].(int64))
		perCampaign[r[1].(string)]++
	}
	if perCampaign["google-brand-search"] < 4*perCampaign["programmatic-ctv"] {
		t.Fatalf("campaign mix not skewed: %v", perCampaign)
	}
	matched := 0
	for _, cv := range convs {
		at := cv[2].(int64)
		for _, ts := range seen[cv[1].(string)] {
			if ts < at && at-ts <= int64(time.Hour/time.Microsecond) {
				matched++
				break
			}
		}
	}
	// Conversions of impressions from before the start are "organic".
	if matched < len(convs)*9/10 {
		t.Fatalf("only %d of %d conversions follow an impression of the same user", matched, len(convs))
	}
}
