package nexmark

import (
	"testing"

	"github.com/tributarydb/tributary/internal/connector/conformance"
)

func TestConformance(t *testing.T) {
	for _, tt := range []string{"Person", "Auction", "Bid"} {
		t.Run(tt, func(t *testing.T) {
			cols := tableColumns[map[string]string{"Person": "person", "Auction": "auction", "Bid": "bid"}[tt]]
			opts := map[string]string{"nexmark.table.type": tt, "nexmark.base.time": "1700000000000", "nexmark.max.chunk.size": "100"}
			conformance.Run(t, conformance.Case{Connector: "nexmark", Columns: cols, Options: opts, Rows: 500, Deterministic: true})
			opts["nexmark.event.num"] = "5000"
			want := map[string]int{"Person": 100, "Auction": 300, "Bid": 4600}[tt]
			conformance.Run(t, conformance.Case{Connector: "nexmark", Columns: cols, Options: opts, Rows: want, Finite: true, Deterministic: true})
		})
	}
}
