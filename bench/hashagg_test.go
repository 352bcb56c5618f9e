package bench

import (
	"context"
	"fmt"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tributarydb/tributary/bench/seedgen"
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/plan"
	"github.com/tributarydb/tributary/internal/sql/parser"
	"github.com/tributarydb/tributary/internal/state"
	"github.com/tributarydb/tributary/internal/stream"
)

// The hash aggregation path of the seed pipeline, without the SQL front
// end and the table writes: pre-built chunks of seedgen impressions are
// published straight to the streaming runtime (as a table's committed
// changes are), then Flush waits until the view has counted them.
// b.N is the number of events; events/s is reported.

func BenchmarkSeedView(b *testing.B) {
	for _, v := range []struct{ name, query string }{
		{"full", seedgen.ViewQuery},
		// The same view without COUNT(DISTINCT): the cost of the
		// distinct layer is the difference.
		{"nodistinct", `SELECT campaign_id, ad_group_id, platform, window_start, window_end,
    COUNT(*) AS impressions, SUM(cost_usd) AS spend_usd
FROM TUMBLE(paid_media_impressions, event_time, INTERVAL '15 minutes')
GROUP BY campaign_id, ad_group_id, platform, window_start, window_end`},
	} {
		for _, par := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/par%d", v.name, par), func(b *testing.B) {
				benchView(b, v.query, par)
			})
		}
	}
}

func benchView(b *testing.B, query string, par int) {
	st, err := state.Open(b.TempDir(), state.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var nextID atomic.Uint32
	nextID.Store(1_000_000)
	rt := stream.NewRuntime(stream.Config{Store: st, BarrierInterval: time.Second, Parallelism: par,
		AllocTableID: func() uint32 { return nextID.Add(1) }})
	rt.Start()
	defer rt.Close()

	cat := catalog.New()
	vc := base.Varchar
	cols := []catalog.Column{
		{Name: "impression_id", Type: vc}, {Name: "campaign_id", Type: vc}, {Name: "ad_group_id", Type: vc},
		{Name: "creative_id", Type: vc}, {Name: "platform", Type: vc}, {Name: "cost_usd", Type: base.Float64},
		{Name: "user_id", Type: vc}, {Name: "event_time", Type: base.TimestampTZ},
		{Name: catalog.RowIDColumn, Type: base.Int64, Hidden: true, NotNull: true},
	}
	tbl, err := cat.CreateRelation(&catalog.Relation{Schema: "public", Name: "paid_media_impressions", Kind: catalog.KindTable,
		Columns: cols, PK: []int{len(cols) - 1}}, false)
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := parser.ParseOne(query)
	if err != nil {
		b.Fatal(err)
	}
	n, err := plan.NewBinder(plan.BindContext{Catalog: cat}).BindQuery(stmt)
	if err != nil {
		b.Fatal(err)
	}
	jp, err := stream.Plan(n, cat.RelationByID)
	if err != nil {
		b.Fatal(err)
	}
	mv, err := cat.CreateRelation(&catalog.Relation{Schema: "public", Name: "paid_media_performance", Kind: catalog.KindMaterializedView,
		Columns: jp.Columns, PK: jp.PK, HasUserPK: true, Definition: query}, false)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := rt.CreateJob(ctx, mv.ID, jp, map[uint32]stream.Input{tbl.ID: {Sub: rt.Subscribe(tbl.ID)}}); err != nil {
		b.Fatal(err)
	}
	if err := rt.Flush(ctx); err != nil {
		b.Fatal(err)
	}

	types := make([]base.Type, len(cols))
	for i, c := range cols {
		types[i] = c.Type
	}
	var chunks []*base.Chunk
	for i := 0; i < b.N; i += base.MaxChunkRows {
		m := min(base.MaxChunkRows, b.N-i)
		c := base.NewChunk(types, m)
		for j := 0; j < m; j++ {
			e := seedgen.Gen(1, int64(i+j))
			c.AppendRow([]base.Datum{
				base.DText(e.ImpressionID()), base.DText(e.CampaignID()), base.DText(e.AdGroupID()),
				base.DText(e.CreativeID()), base.DText(e.PlatformName()), base.DFloat64(e.CostUSD()),
				base.DText(e.UserID()), base.DTimestampTZ(e.TimeMicro), base.DInt64(int64(i + j + 1)),
			})
		}
		c.Ops = make([]base.Op, m)
		chunks = append(chunks, c)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	start := time.Now()
	for _, c := range chunks {
		rt.Publish(tbl.ID, c)
	}
	if err := rt.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	el := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	b.ReportMetric(float64(b.N)/el.Seconds(), "events/s")
	// CPU time of the whole process (operators, Pebble flushes and
	// compactions, GC) per event: steadier than wall time on a shared
	// machine.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/event")
	if js := rt.Jobs(); len(js) != 1 || js[0].RowsIn != int64(b.N) || js[0].Failed != "" || js[0].Errors != 0 {
		b.Fatalf("job stats: %+v", js)
	}
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
