package kafka

import (
	"testing"
	"time"
)

// BenchmarkRead measures reading JSON impressions from a 4-partition
// kfake topic (decode included); it reports records/s.
func BenchmarkRead(b *testing.B) {
	const n = 100000
	tc := newCluster(b, "bench", 4)
	tc.produceJSON(b, "bench", 4, impressions(0, n)...)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := NewReader(sourceConfig(impressionCols, nil, "topic", "bench", "properties.bootstrap.server", tc.addr))
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		got := 0
		for got < n {
			c, _, err := r.Read(b.Context())
			if err != nil {
				b.Fatal(err)
			}
			if c != nil {
				got += c.Len()
			}
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "records/s")
		r.Close()
	}
}
