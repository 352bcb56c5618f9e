package stream

import (
	"fmt"
	"math/rand"
	"runtime"
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

// BenchmarkHashAggImpressions feeds synthetic impression rows through
// the seed's paid_media_performance view (project (TUMBLE) → hash agg
// with COUNT(*), SUM, COUNT(DISTINCT) → materialize) and reports
// events/s. b.N is the number of rows (use -benchtime=1000000x for 1M).
func BenchmarkHashAggImpressions(b *testing.B) {
	for _, par := range []int{1, runtime.NumCPU()} {
		b.Run(fmt.Sprintf("par%d", par), func(b *testing.B) {
			// The default barrier interval (1s): state is written once
			// per changed group per epoch.
			e, imp, _, _ := seedEnvInterval(b, par, time.Second)
			benchImpressions(b, e, imp)
		})
	}
}

func benchImpressions(b *testing.B, e *env, imp *table) {
	e.createMV("paid_media_performance", seedPaidMediaPerformance)
	e.flush()
	r := rand.New(rand.NewSource(1))
	types := relTypes(imp.rel)
	const chunk = 1024
	// Pre-build chunks so that the measurement is the engine, not the
	// generator: 200 campaigns × 2 ad groups × 4 platforms, 100k users,
	// one day of event times (96 windows).
	var chunks []*base.Chunk
	platforms := []string{"google", "meta", "tiktok", "programmatic"}
	for i := 0; i < b.N; i += chunk {
		n := min(chunk, b.N-i)
		c := base.NewChunk(types, n)
		for j := 0; j < n; j++ {
			c.AppendRow([]base.Datum{
				base.DText(fmt.Sprintf("imp-%d", i+j)),
				base.DText(fmt.Sprintf("c%d", r.Intn(200))),
				base.DText(fmt.Sprintf("ag%d", r.Intn(2))),
				base.DText("cr"),
				base.DText(platforms[r.Intn(4)]),
				base.DFloat64(float64(r.Intn(500)) / 100),
				base.DText(fmt.Sprintf("u%d", r.Intn(100000))),
				base.DTimestampTZ(seedT0 + int64(r.Intn(86400))*1_000_000),
				base.DInt64(int64(i + j + 1)),
			})
		}
		c.Ops = make([]base.Op, n)
		chunks = append(chunks, c)
	}
	b.ResetTimer()
	start := time.Now()
	for _, c := range chunks {
		e.rt.Publish(imp.rel.ID, c)
	}
	e.flush()
	el := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/el.Seconds(), "events/s")
	if st := e.rt.Jobs(); len(st) != 1 || st[0].RowsIn != int64(b.N) || st[0].Failed != "" {
		b.Fatalf("stats: %+v", st)
	}
}
