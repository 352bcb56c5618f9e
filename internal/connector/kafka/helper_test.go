package kafka

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// testCluster is a kfake broker on a loopback port with a producer.
type testCluster struct {
	c    *kfake.Cluster
	addr string
	cl   *kgo.Client
	adm  *kadm.Client
}

// newCluster starts a kfake cluster (127.0.0.1, random port) holding
// topic with the given number of partitions; it is closed with the test.
func newCluster(t testing.TB, topic string, partitions int32) *testCluster {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, topic))
	if err != nil {
		t.Fatal(err)
	}
	addrs := c.ListenAddrs()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addrs...), kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.ProducerLinger(0), kgo.MetadataMinAge(50*time.Millisecond), kgo.DefaultProduceTopic(topic))
	if err != nil {
		c.Close()
		t.Fatal(err)
	}
	tc := &testCluster{c: c, addr: addrs[0], cl: cl, adm: kadm.NewClient(cl)}
	t.Cleanup(func() {
		cl.Close()
		c.Close()
	})
	return tc
}

// produce writes records synchronously (each names its partition).
func (tc *testCluster) produce(t testing.TB, recs ...*kgo.Record) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for len(recs) > 0 {
		n := min(len(recs), 1000)
		// Records for partitions the producer does not know yet (just
		// added) fail at once: refresh the metadata and retry those.
		batch := recs[:n]
		for attempt := 0; len(batch) > 0; attempt++ {
			var failed []*kgo.Record
			for _, res := range tc.cl.ProduceSync(ctx, batch...) {
				if res.Err != nil {
					if attempt >= 50 || ctx.Err() != nil {
						t.Fatalf("produce: %v", res.Err)
					}
					failed = append(failed, res.Record)
				}
			}
			if batch = failed; len(batch) > 0 {
				tc.cl.ForceMetadataRefresh()
				time.Sleep(100 * time.Millisecond)
			}
		}
		recs = recs[n:]
	}
}

// produceJSON writes one record per value, round robin over partitions
// (value i goes to partition i % partitions).
func (tc *testCluster) produceJSON(t testing.TB, topic string, partitions int32, values ...[]byte) {
	t.Helper()
	recs := make([]*kgo.Record, len(values))
	for i, v := range values {
		recs[i] = &kgo.Record{Topic: topic, Partition: int32(i) % partitions, Value: v}
	}
	tc.produce(t, recs...)
}

// addPartitions grows topic by n partitions.
func (tc *testCluster) addPartitions(t testing.TB, topic string, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rs, err := tc.adm.CreatePartitions(ctx, n, topic)
	if err == nil {
		err = rs.Error()
	}
	if err != nil {
		t.Fatalf("create partitions: %v", err)
	}
}

// impressionJSON is the i-th test impression (the seed's columns);
// event_time alternates RFC 3339 text and epoch milliseconds.
func impressionJSON(i int) []byte {
	ms := impressionMillis(i)
	var ts string
	if i%2 == 0 {
		ts = fmt.Sprintf("%q", time.UnixMilli(ms).UTC().Format(time.RFC3339Nano))
	} else {
		ts = fmt.Sprint(ms)
	}
	return fmt.Appendf(nil, `{"impression_id":"imp-%d","campaign_id":"camp-%d","ad_group_id":"ag-%d","creative_id":"cr-%d","platform":%q,"cost_usd":%g,"user_id":"u-%d","event_time":%s}`,
		i, i%7, i%13, i%29, platforms[i%4], impressionCost(i), i%1000, ts)
}

var platforms = []string{"google", "meta", "tiktok", "programmatic"}

func impressionCost(i int) float64 { return float64(i%500)/100 + 0.25 }

func impressionMillis(i int) int64 {
	return time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC).UnixMilli() + int64(i)*1003
}
