package server

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/tributarydb/tributary/examples"
)

// TestPlayground is issue 9's acceptance, in-process: the marketing mesh
// loads, paid_media_performance has rows shortly after, and its totals
// grow; every domain's data products are populated.
func TestPlayground(t *testing.T) {
	if testing.Short() {
		t.Skip("streams for a few seconds")
	}
	cfg := DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.BarrierIntervalMS = 100
	srv, err := Open(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Serve(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; srv.Close() })
	sub, err := fs.Sub(examples.MarketingMesh, "marketing-mesh")
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout, _ = os.Open(os.DevNull)
	err = LoadPlayground(ctx, srv, sub)
	os.Stdout = stdout
	if err != nil {
		t.Fatal(err)
	}
	conn := connect(t, srv.Addr())
	total := func() (rows int, impressions int64) {
		t.Helper()
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM (SELECT * FROM paid_media.paid_media_performance LIMIT 5) t").Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRow(ctx, "SELECT coalesce(sum(impressions), 0)::bigint FROM paid_media.paid_media_performance").Scan(&impressions); err != nil {
			t.Fatal(err)
		}
		return rows, impressions
	}
	rows, first := total()
	if rows != 5 || first == 0 {
		t.Fatalf("paid_media_performance: %d rows, %d impressions", rows, first)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		time.Sleep(200 * time.Millisecond)
		if _, n := total(); n > first {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("totals did not grow from %d impressions", first)
		}
	}
	for _, q := range []string{
		"SELECT count(*) FROM paid_media.platform_spend",
		"SELECT count(*) FROM crm.customer_clv",
		"SELECT count(*) FROM attribution.touchpoints",
		"SELECT count(*) FROM attribution.last_touch",
		"SELECT count(*) FROM attribution.cross_domain_attribution WHERE attributed_conversions > 0",
		"SELECT count(*) FROM attribution.campaign_roas WHERE roas > 0",
		"SELECT count(*) FROM governance.data_product_freshness WHERE last_updated IS NOT NULL",
	} {
		var n int64
		if err := conn.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n == 0 {
			t.Errorf("%s: 0", q)
		}
	}
	for _, st := range srv.rt.Jobs() {
		if st.Failed != "" {
			t.Errorf("job %d failed: %s", st.ID, st.Failed)
		}
	}
}
