package server

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestKafkaSeedSource runs the seed's paid_media_impressions source
// (verbatim but for the bootstrap address) and paid_media_performance
// view over a 4-partition kfake topic.
func TestKafkaSeedSource(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	const topic = "paid-media.impressions"
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(4, topic))
	if err != nil {
		t.Fatal(err)
	}
	defer cluster.Close()
	prod, err := kgo.NewClient(kgo.SeedBrokers(cluster.ListenAddrs()...), kgo.RecordPartitioner(kgo.ManualPartitioner()), kgo.ProducerLinger(0))
	if err != nil {
		t.Fatal(err)
	}
	defer prod.Close()
	produce := func(recs []*kgo.Record) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := prod.ProduceSync(ctx, recs...).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}

	_, conn := startServer(t, t.TempDir())
	execAll(t, conn, `CREATE SOURCE paid_media_impressions (
    impression_id  VARCHAR,
    campaign_id    VARCHAR,
    ad_group_id    VARCHAR,
    creative_id    VARCHAR,
    platform       VARCHAR,   -- 'google', 'meta', 'tiktok', 'programmatic'
    cost_usd       DOUBLE PRECISION,
    user_id        VARCHAR,
    event_time     TIMESTAMPTZ
)
WITH (
    connector = 'kafka',
    topic = 'paid-media.impressions',
    properties.bootstrap.server = '`+cluster.ListenAddrs()[0]+`',
    scan.startup.mode = 'latest'
)
FORMAT PLAIN ENCODE JSON`, `CREATE MATERIALIZED VIEW paid_media_performance AS
SELECT
    campaign_id,
    ad_group_id,
    platform,
    window_start,
    window_end,
    COUNT(*)           AS impressions,
    SUM(cost_usd)      AS spend_usd,
    COUNT(DISTINCT user_id) AS unique_users_reached
FROM TUMBLE(
    paid_media_impressions,
    event_time,
    INTERVAL '15 minutes'
)
GROUP BY campaign_id, ad_group_id, platform, window_start, window_end`)

	// scan.startup.mode = 'latest': the reader starts at the end of each
	// partition when the view's job starts; produce a warm-up record per
	// round until one is seen, so the real data all follows the start.
	deadline := time.Now().Add(20 * time.Second)
	for round := 0; ; round++ {
		produce([]*kgo.Record{{Topic: topic, Partition: int32(round % 4),
			Value: fmt.Appendf(nil, `{"impression_id":"w%d","campaign_id":"warmup","event_time":"2025-03-01T00:00:00Z","cost_usd":0}`, round)}})
		var n int64
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM paid_media_performance WHERE campaign_id = 'warmup'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the source never started reading")
		}
		time.Sleep(100 * time.Millisecond)
	}

	const n = 10000
	type key struct {
		camp, ag, plat string
		window         int64
	}
	type agg struct {
		n     int64
		users map[string]bool
	}
	groups := map[key]*agg{}
	var spend float64
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	plats := []string{"google", "meta", "tiktok", "programmatic"}
	recs := make([]*kgo.Record, 0, n+n/10)
	for i := 0; i < n; i++ {
		ms := base + int64(i)*1003
		camp, ag, plat, user, cost := fmt.Sprintf("camp-%d", i%7), fmt.Sprintf("ag-%d", i%13), plats[i%4], fmt.Sprintf("u-%d", i%1000), float64(i%500)/100+0.25
		ts := fmt.Sprint(ms)
		if i%2 == 0 {
			ts = fmt.Sprintf("%q", time.UnixMilli(ms).UTC().Format(time.RFC3339Nano))
		}
		recs = append(recs, &kgo.Record{Topic: topic, Partition: int32(i % 4), Value: fmt.Appendf(nil,
			`{"impression_id":"imp-%d","campaign_id":%q,"ad_group_id":%q,"creative_id":"cr-%d","platform":%q,"cost_usd":%g,"user_id":%q,"event_time":%s}`,
			i, camp, ag, i%29, plat, cost, user, ts)})
		if i%10 == 0 { // malformed records interleaved: skipped
			recs = append(recs, &kgo.Record{Topic: topic, Partition: int32(i % 4), Value: []byte(`{"campaign_id": "bad", "cost_usd": "lots"}`)})
		}
		k := key{camp, ag, plat, ms / (15 * 60 * 1000)}
		g := groups[k]
		if g == nil {
			g = &agg{users: map[string]bool{}}
			groups[k] = g
		}
		g.n++
		g.users[user] = true
		spend += cost
	}
	var wantUsers int64
	for _, g := range groups {
		wantUsers += int64(len(g.users))
	}
	produce(recs)

	q := "SELECT count(*), coalesce(sum(impressions), 0)::bigint, coalesce(sum(spend_usd), 0), coalesce(sum(unique_users_reached), 0)::bigint FROM paid_media_performance WHERE campaign_id <> 'warmup'"
	deadline = time.Now().Add(30 * time.Second)
	for {
		if _, err := conn.Exec(context.Background(), "FLUSH"); err != nil {
			t.Fatal(err)
		}
		var rows, imps, users int64
		var got float64
		if err := conn.QueryRow(context.Background(), q).Scan(&rows, &imps, &got, &users); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if imps == n {
			if rows != int64(len(groups)) || users != wantUsers || math.Abs(got-spend) > 1e-6 {
				t.Fatalf("groups %d (want %d), users %d (want %d), spend %v (want %v)", rows, len(groups), users, wantUsers, got, spend)
			}
			break
		}
		if imps > n || time.Now().After(deadline) {
			t.Fatalf("impressions %d, want %d", imps, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
