package batch

import (
	"testing"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/expr"
	"github.com/tributarydb/tributary/internal/plan"
)

// chunkSource replays prebuilt chunks (benchmarks: no storage overhead).
type chunkSource struct {
	chunks []*base.Chunk
	types  []base.Type
	pos    int
}

func (s *chunkSource) Types() []base.Type          { return s.types }
func (s *chunkSource) Open(ctx *ExecContext) error { s.pos = 0; return nil }
func (s *chunkSource) Close() error                { return nil }
func (s *chunkSource) Next() (*base.Chunk, error) {
	if s.pos >= len(s.chunks) {
		return nil, nil
	}
	s.pos++
	return s.chunks[s.pos-1], nil
}

// intSource builds n rows of (k, v) with k = f(i), v = i.
func intSource(n int, key func(i int) int64) *chunkSource {
	types := []base.Type{base.Int64, base.Int64}
	s := &chunkSource{types: types}
	for i := 0; i < n; i += base.MaxChunkRows {
		c := base.NewChunk(types, base.MaxChunkRows)
		for j := i; j < min(i+base.MaxChunkRows, n); j++ {
			c.Cols[0].AppendInt(key(j))
			c.Cols[1].AppendInt(int64(j))
		}
		s.chunks = append(s.chunks, c)
	}
	return s
}

func drainOp(b *testing.B, op Operator) int {
	ctx := &ExecContext{}
	rows := 0
	if err := drain(ctx, op, func(c *base.Chunk) error { rows += c.Len(); return nil }); err != nil {
		b.Fatal(err)
	}
	return rows
}

func benchAgg(b *testing.B, groups int) {
	const n = 1 << 20
	src := intSource(n, func(i int) int64 { return int64((i * 7919) % groups) })
	node := &plan.Aggregate{GroupBy: []expr.Expr{ci(0)},
		Aggs: []plan.AggCall{agg(b, "count", false), agg(b, "sum", false, ci(1))},
		Cols: pcols(base.Int64, base.Int64, base.Numeric)}
	b.ReportAllocs()
	b.SetBytes(n * 16)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got := drainOp(b, newHashAgg(node, src)); got != groups {
			b.Fatalf("%d groups", got)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
}

// SELECT k, count(*), sum(v) FROM t GROUP BY k over 1M bigint rows.
func BenchmarkHashAgg1M_1kGroups(b *testing.B)   { benchAgg(b, 1000) }
func BenchmarkHashAgg1M_100kGroups(b *testing.B) { benchAgg(b, 100_000) }

// SELECT * FROM l JOIN r ON l.k = r.k, 100k × 100k unique keys.
func BenchmarkHashJoin100kx100k(b *testing.B) {
	const n = 100_000
	l := intSource(n, func(i int) int64 { return int64((i * 7919) % n) })
	r := intSource(n, func(i int) int64 { return int64(i) })
	node := &plan.Join{Kind: plan.JoinInner, LeftKeys: []expr.Expr{ci(0)}, RightKeys: []expr.Expr{ci(0)}, NullEqual: []bool{false}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got := drainOp(b, newJoin(node, l, r)); got != n {
			b.Fatalf("%d rows", got)
		}
	}
	b.ReportMetric(float64(2*n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
}

// ORDER BY over 1M bigint rows.
func BenchmarkSort1M(b *testing.B) {
	const n = 1 << 20
	src := intSource(n, func(i int) int64 { return int64((i * 7919) % n) })
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if got := drainOp(b, &sortOp{input: src, keys: []plan.SortKey{{Expr: ci(0)}}}); got != n {
			b.Fatalf("%d rows", got)
		}
	}
}
