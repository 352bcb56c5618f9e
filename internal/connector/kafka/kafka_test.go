package kafka

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/connector"
	"github.com/tributarydb/tributary/internal/connector/conformance"
)

var impressionCols = []catalog.Column{
	{Name: "impression_id", Type: base.Varchar}, {Name: "campaign_id", Type: base.Varchar},
	{Name: "ad_group_id", Type: base.Varchar}, {Name: "creative_id", Type: base.Varchar},
	{Name: "platform", Type: base.Varchar}, {Name: "cost_usd", Type: base.Float64},
	{Name: "user_id", Type: base.Varchar}, {Name: "event_time", Type: base.TimestampTZ},
}

func sourceConfig(cols []catalog.Column, offset []byte, opts ...string) connector.SourceConfig {
	o := map[string]string{"connector": "kafka"}
	for i := 0; i+1 < len(opts); i += 2 {
		o[opts[i]] = opts[i+1]
	}
	rel := &catalog.Relation{ID: 7, Schema: "public", Name: "src", Kind: catalog.KindSource, Columns: cols, AppendOnly: true}
	return connector.SourceConfig{Relation: rel, Options: o, Format: "plain", Encode: "json", Offset: offset, Splits: 1}
}

func open(t *testing.T, cfg connector.SourceConfig) *Reader {
	t.Helper()
	r, err := connector.NewReader(cfg)
	if err != nil {
		t.Fatal(err)
	}
	kr := r.(*Reader)
	t.Cleanup(func() { kr.Close() })
	return kr
}

// readRows reads until n rows arrived (failing after 30 s); it returns
// the rows as text and the last checkpoint.
func readRows(t *testing.T, r *Reader, n int) ([][]string, []byte) {
	t.Helper()
	var rows [][]string
	var cp []byte
	deadline := time.Now().Add(30 * time.Second)
	for len(rows) < n {
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		c, p, err := r.Read(ctx)
		cancel()
		if err != nil {
			t.Fatalf("Read after %d rows (want %d): %v", len(rows), n, err)
		}
		cp = p
		if c == nil {
			continue
		}
		for i := 0; i < c.Len(); i++ {
			rows = append(rows, rowText(c.Row(i), r.types))
		}
	}
	if len(rows) != n {
		t.Fatalf("read %d rows, want exactly %d", len(rows), n)
	}
	return rows, cp
}

// expectIdle checks that no row arrives within d.
func expectIdle(t *testing.T, r *Reader, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	for {
		c, _, err := r.Read(ctx)
		if err != nil {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Read: %v", err)
			}
			return
		}
		if c != nil && c.Len() > 0 {
			t.Fatalf("unexpected rows: %v", rowText(c.Row(0), r.types))
		}
	}
}

func rowText(row []base.Datum, types []base.Type) []string {
	out := make([]string, len(row))
	for i, d := range row {
		if d.Null {
			out[i] = "NULL"
		} else {
			out[i] = base.FormatText(d, types[i], time.UTC)
		}
	}
	return out
}

func impressionRow(i int) []string {
	return []string{fmt.Sprintf("imp-%d", i), fmt.Sprintf("camp-%d", i%7), fmt.Sprintf("ag-%d", i%13), fmt.Sprintf("cr-%d", i%29),
		platforms[i%4], base.FormatText(base.DFloat64(impressionCost(i)), base.Float64, time.UTC), fmt.Sprintf("u-%d", i%1000),
		base.FormatText(base.DTimestampTZ(impressionMillis(i)*1000), base.TimestampTZ, time.UTC)}
}

func impressions(from, to int) [][]byte {
	out := make([][]byte, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, impressionJSON(i))
	}
	return out
}

// checkImpressions checks that rows are exactly impressions [0, n), each once.
func checkImpressions(t *testing.T, rows [][]string, n int) {
	t.Helper()
	seen := make(map[string]bool, n)
	for _, row := range rows {
		var i int
		if _, err := fmt.Sscanf(row[0], "imp-%d", &i); err != nil || i < 0 || i >= n {
			t.Fatalf("unexpected row %v", row)
		}
		if seen[row[0]] {
			t.Fatalf("duplicate row %v", row)
		}
		seen[row[0]] = true
		if want := impressionRow(i); strings.Join(row, "|") != strings.Join(want, "|") {
			t.Fatalf("row %d:\n got %v\nwant %v", i, row, want)
		}
	}
	if len(seen) != n {
		t.Fatalf("%d distinct rows, want %d", len(seen), n)
	}
}

func TestCheckpointEncoding(t *testing.T) {
	for _, m := range []map[int32]int64{{}, {0: 0}, {0: 5, 3: 1 << 40, 1: 127, 2: 128}} {
		b := encodeCheckpoint(m)
		got, err := decodeCheckpoint(b)
		if err != nil || len(got) != len(m) {
			t.Fatalf("%v: %v %v", m, got, err)
		}
		for p, o := range m {
			if got[p] != o {
				t.Fatalf("%v: %v", m, got)
			}
		}
	}
	for _, bad := range [][]byte{nil, {2}, {1}, {1, 1, 0}, {1, 0, 9}} {
		if _, err := decodeCheckpoint(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

func TestConformance(t *testing.T) {
	tc := newCluster(t, "conf", 1)
	tc.produceJSON(t, "conf", 1, impressions(0, 3000)...)
	conformance.Run(t, conformance.Case{Connector: "kafka", Columns: impressionCols, Format: "plain", Encode: "json",
		Options: map[string]string{"topic": "conf", "properties.bootstrap.server": tc.addr}, Rows: 2500, Deterministic: true})
}

// TestConformanceMultiPartition: with 4 partitions the interleaving of
// partitions may differ on resume, so rows are not compared in order.
func TestConformanceMultiPartition(t *testing.T) {
	tc := newCluster(t, "conf4", 4)
	tc.produceJSON(t, "conf4", 4, impressions(0, 6000)...)
	conformance.Run(t, conformance.Case{Connector: "kafka", Columns: impressionCols, Format: "plain", Encode: "json",
		Options: map[string]string{"topic": "conf4", "properties.bootstrap.server": tc.addr}, Rows: 3000})
}

func TestOptions(t *testing.T) {
	for _, tt := range []struct {
		opts []string
		want string
	}{
		{[]string{"properties.foo.bar", "1"}, "unknown option"},
		{[]string{"properties.sasl.kerberos.service.name", "kafka"}, "unknown option"},
		{[]string{"scan.startup.mode", "middle"}, "want earliest or latest"},
		{[]string{"scan.startup.timestamp.millis", "yesterday"}, "invalid value"},
		{[]string{"properties.security.protocol", "sasl_ssl"}, "requires option"},
		{[]string{"properties.security.protocol", "sasl_plaintext", "properties.sasl.username", "u", "properties.sasl.mechanism", "GSSAPI"}, "unsupported value"},
		{[]string{"properties.sasl.username", "u"}, "needs properties.security.protocol"},
		{[]string{"properties.ssl.ca.location", "/nonexistent"}, "needs properties.security.protocol"},
		{[]string{"properties.security.protocol", "ssl", "properties.ssl.ca.location", "/nonexistent"}, "cannot read"},
		{[]string{"properties.isolation.level", "dirty"}, "want read_committed"},
		{[]string{"topic.metadata.refresh.interval.ms", "1"}, "at least 10"},
		{[]string{"properties.fetch.max.bytes", "-5"}, "positive"},
	} {
		opts := append([]string{"topic", "t", "properties.bootstrap.server", "127.0.0.1:1"}, tt.opts...)
		err := connector.Validate(sourceConfig(impressionCols, nil, opts...))
		var be *base.Error
		if !errors.As(err, &be) || be.Code != base.CodeInvalidParameterValue || !strings.Contains(be.Error()+" "+be.Hint, tt.want) {
			t.Errorf("%v: got %v, want 22023 %q", tt.opts, err, tt.want)
		}
	}
	ok := [][]string{
		{"properties.security.protocol", "sasl_plaintext", "properties.sasl.username", "u", "properties.sasl.password", "p", "properties.sasl.mechanism", "SCRAM-SHA-512"},
		{"properties.security.protocol", "ssl", "properties.ssl.endpoint.identification.algorithm", "none"},
		{"scan.startup.mode", "latest", "properties.client.id", "x", "properties.fetch.wait.max.ms", "100", "properties.metadata.max.age.ms", "1000"},
	}
	for _, o := range ok {
		opts := append([]string{"topic", "t", "properties.bootstrap.server", "127.0.0.1:1"}, o...)
		if err := connector.Validate(sourceConfig(impressionCols, nil, opts...)); err != nil {
			t.Errorf("%v: %v", o, err)
		}
	}
	cfg := sourceConfig(impressionCols, nil, "topic", "t", "properties.bootstrap.server", "127.0.0.1:1")
	cfg.Format = "upsert"
	if err := connector.Validate(cfg); err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Errorf("FORMAT UPSERT: %v", err)
	}
}

// TestImpressions reads 10,000 JSON impressions from 4 partitions.
func TestImpressions(t *testing.T) {
	const n = 10000
	tc := newCluster(t, "imps", 4)
	tc.produceJSON(t, "imps", 4, impressions(0, n)...)
	r := open(t, sourceConfig(impressionCols, nil, "topic", "imps", "properties.bootstrap.server", tc.addr))
	rows, cp := readRows(t, r, n)
	checkImpressions(t, rows, n)
	expectIdle(t, r, 300*time.Millisecond)
	next, err := decodeCheckpoint(cp)
	if err != nil {
		t.Fatal(err)
	}
	if len(next) != 4 || next[0]+next[1]+next[2]+next[3] != n {
		t.Fatalf("checkpoint %v", next)
	}
	st := r.Stats()
	if st.Partitions != 4 || st.Records != n || st.Errors != 0 || st.Lag != 0 {
		t.Fatalf("stats %+v", st)
	}
}

// TestResume stops mid-stream and resumes from the checkpoint: no
// duplicates, no gaps, including records produced while stopped.
func TestResume(t *testing.T) {
	const n = 6000
	tc := newCluster(t, "res", 4)
	tc.produceJSON(t, "res", 4, impressions(0, 4000)...)
	r := open(t, sourceConfig(impressionCols, nil, "topic", "res", "properties.bootstrap.server", tc.addr))
	var rows [][]string
	var cp []byte
	for len(rows) < 1500 {
		c, p, err := r.Read(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		cp = p
		for i := 0; c != nil && i < c.Len(); i++ {
			rows = append(rows, rowText(c.Row(i), r.types))
		}
	}
	r.Close()
	tc.produceJSON(t, "res", 4, impressions(4000, n)...)
	r2 := open(t, sourceConfig(impressionCols, cp, "topic", "res", "properties.bootstrap.server", tc.addr))
	more, _ := readRows(t, r2, n-len(rows))
	checkImpressions(t, append(rows, more...), n)
	expectIdle(t, r2, 300*time.Millisecond)

	// A bad checkpoint is refused.
	if _, err := connector.NewReader(sourceConfig(impressionCols, []byte{9}, "topic", "res", "properties.bootstrap.server", tc.addr)); err == nil {
		t.Fatal("no error for a bad checkpoint")
	}
}

func TestMalformed(t *testing.T) {
	cols := []catalog.Column{{Name: "id", Type: base.Int32}, {Name: "name", Type: base.Varchar}, {Name: "cost", Type: base.Float64},
		{Name: "ts", Type: base.TimestampTZ}, {Name: "meta", Type: base.JSONB}, {Name: "amount", Type: base.Numeric}}
	tc := newCluster(t, "bad", 2)
	good := []string{
		`{"id": 1, "name": "a", "cost": 1.5, "ts": "2025-03-01T10:00:00Z", "meta": {"k": [1, 2]}, "amount": 12.50}`,
		`{"id": 2, "ts": 1740823200000, "extra": true}`,
		`{"ID": 3, "Name": "c", "ts": "2025-03-01T10:00:00.250+02:00"}`,
		`{"id": null, "name": "d"}`,
	}
	bad := []string{
		`{"id": 1`,                // truncated JSON
		`not json`,                // not JSON
		`[1, 2]`,                  // not an object
		`{"id": "seven"}`,         // wrong type
		`{"id": 3000000000}`,      // int4 overflow
		`{"cost": 1e400}`,         // float overflow
		`{"ts": "yesterday-ish"}`, // bad timestamp
		`{"cost": {"nested": 1}}`, // object into a number
		`{"id": 1.5}`,             // not an integer
		`{"amount": "12.3.4"}`,    // bad numeric
	}
	var vals [][]byte
	for i := 0; i < len(good) || i < len(bad); i++ {
		if i < len(good) {
			vals = append(vals, []byte(good[i]))
		}
		if i < len(bad) {
			vals = append(vals, []byte(bad[i]))
		}
	}
	tc.produceJSON(t, "bad", 2, vals...)
	// A tombstone: skipped, not counted.
	tc.produce(t, &kgo.Record{Topic: "bad", Partition: 0, Key: []byte("k")})
	r := open(t, sourceConfig(cols, nil, "topic", "bad", "properties.bootstrap.server", tc.addr))
	rows, cp := readRows(t, r, len(good))
	got := map[string]bool{}
	for _, row := range rows {
		got[strings.Join(row, "|")] = true
	}
	for _, want := range []string{
		`1|a|1.5|2025-03-01 10:00:00+00|{"k": [1, 2]}|12.50`,
		`2|NULL|NULL|2025-03-01 10:00:00+00|NULL|NULL`,
		`3|c|NULL|2025-03-01 08:00:00.25+00|NULL|NULL`,
		`NULL|d|NULL|NULL|NULL|NULL`,
	} {
		if !got[want] {
			t.Errorf("missing row %s in %v", want, got)
		}
	}
	// Every record consumed by the checkpoint, bad ones included.
	deadline := time.Now().Add(10 * time.Second)
	for {
		next, _ := decodeCheckpoint(cp)
		if next[0]+next[1] == int64(len(vals)+1) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("checkpoint %v, want %d records consumed", next, len(vals)+1)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, p, err := r.Read(ctx)
		cancel()
		if err == nil {
			cp = p
		}
	}
	if r.Errors() != int64(len(bad)) {
		t.Fatalf("Errors() = %d, want %d", r.Errors(), len(bad))
	}
	m, ok := r.LastMalformed()
	if !ok || m.Reason == "" || len(m.Payload) == 0 {
		t.Fatalf("LastMalformed: %+v %v", m, ok)
	}
	found := false
	for _, b := range bad {
		found = found || string(m.Payload) == b
	}
	if !found {
		t.Fatalf("LastMalformed payload %q is not a bad record", m.Payload)
	}
	t.Logf("last malformed: partition %d offset %d %q: %s", m.Partition, m.Offset, m.Payload, m.Reason)
}

// TestStartupModes: latest skips what was there when the reader started,
// earliest reads it, a timestamp starts in between.
func TestStartupModes(t *testing.T) {
	tc := newCluster(t, "modes", 3)
	base0 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	var recs []*kgo.Record
	for i := 0; i < 90; i++ {
		recs = append(recs, &kgo.Record{Topic: "modes", Partition: int32(i % 3), Value: impressionJSON(i), Timestamp: base0.Add(time.Duration(i) * time.Second)})
	}
	tc.produce(t, recs...)

	latest := open(t, sourceConfig(impressionCols, nil, "topic", "modes", "properties.bootstrap.server", tc.addr, "scan.startup.mode", "latest"))
	for i := 0; latest.cl == nil; i++ { // resolve the positions (at the end) before producing more
		if i == 100 {
			t.Fatal("the latest reader did not start")
		}
		expectIdle(t, latest, 100*time.Millisecond)
	}
	earliest := open(t, sourceConfig(impressionCols, nil, "topic", "modes", "properties.bootstrap.server", tc.addr, "scan.startup.mode", "earliest"))
	byTime := open(t, sourceConfig(impressionCols, nil, "topic", "modes", "properties.bootstrap.server", tc.addr,
		"scan.startup.mode", "latest", "scan.startup.timestamp.millis", fmt.Sprint(base0.Add(60*time.Second).UnixMilli())))

	tc.produceJSON(t, "modes", 3, impressions(90, 120)...)
	rows, _ := readRows(t, latest, 30)
	for _, row := range rows {
		var i int
		fmt.Sscanf(row[0], "imp-%d", &i)
		if i < 90 {
			t.Fatalf("latest read an old record: %v", row)
		}
	}
	expectIdle(t, latest, 200*time.Millisecond)
	rows, _ = readRows(t, earliest, 120)
	checkImpressions(t, rows, 120)
	rows, _ = readRows(t, byTime, 60)
	for _, row := range rows {
		var i int
		fmt.Sscanf(row[0], "imp-%d", &i)
		if i < 60 {
			t.Fatalf("timestamp start read an old record: %v", row)
		}
	}
	expectIdle(t, byTime, 200*time.Millisecond)
}

// TestNewPartitions: partitions added to the topic are picked up.
func TestNewPartitions(t *testing.T) {
	tc := newCluster(t, "grow", 2)
	tc.produceJSON(t, "grow", 2, impressions(0, 100)...)
	r := open(t, sourceConfig(impressionCols, nil, "topic", "grow", "properties.bootstrap.server", tc.addr,
		"topic.metadata.refresh.interval.ms", "100"))
	rows, _ := readRows(t, r, 100)
	tc.addPartitions(t, "grow", 2)
	var recs []*kgo.Record
	for i := 100; i < 200; i++ {
		recs = append(recs, &kgo.Record{Topic: "grow", Partition: int32(i % 4), Value: impressionJSON(i)})
	}
	t0 := time.Now()
	tc.produce(t, recs...)
	t.Logf("produced in %v", time.Since(t0))
	more, cp := readRows(t, r, 100)
	t.Logf("read in %v", time.Since(t0))
	checkImpressions(t, append(rows, more...), 200)
	next, _ := decodeCheckpoint(cp)
	if len(next) != 4 || next[2] != 25 || next[3] != 25 {
		t.Fatalf("checkpoint %v", next)
	}
}

// TestUnavailable: a reader of a missing topic keeps retrying and
// returns when canceled; it starts once the topic exists.
func TestUnavailable(t *testing.T) {
	tc := newCluster(t, "other", 1)
	r := open(t, sourceConfig(impressionCols, nil, "topic", "later", "properties.bootstrap.server", tc.addr))
	expectIdle(t, r, 500*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := tc.adm.CreateTopic(ctx, 2, 1, nil, "later"); err != nil {
		t.Fatal(err)
	}
	tc.produceJSON(t, "later", 2, impressions(0, 10)...)
	rows, _ := readRows(t, r, 10)
	checkImpressions(t, rows, 10)
}

// TestUnreachableBroker: a reader whose broker is down retries and
// returns when canceled.
func TestUnreachableBroker(t *testing.T) {
	r := open(t, sourceConfig(impressionCols, nil, "topic", "t", "properties.bootstrap.server", "127.0.0.1:1"))
	start := time.Now()
	expectIdle(t, r, 300*time.Millisecond)
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Read took %v to return after its deadline", d)
	}
}

// TestKcatProducer: records produced by kcat (librdkafka), an
// independent client, are read exactly once.
func TestKcatProducer(t *testing.T) {
	kcat, err := exec.LookPath("kcat")
	if err != nil {
		t.Skip("kcat not installed")
	}
	const n = 2000
	tc := newCluster(t, "kcat", 4)
	var in bytes.Buffer
	for _, v := range impressions(0, n) {
		in.Write(v)
		in.WriteByte('\n')
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, kcat, "-P", "-b", tc.addr, "-t", "kcat", "-X", "partitioner=random")
	cmd.Stdin = &in
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kcat: %v\n%s", err, out)
	}
	r := open(t, sourceConfig(impressionCols, nil, "topic", "kcat", "properties.bootstrap.server", tc.addr))
	rows, cp := readRows(t, r, n)
	checkImpressions(t, rows, n)
	next, _ := decodeCheckpoint(cp)
	used := 0
	for _, o := range next {
		if o > 0 {
			used++
		}
	}
	t.Logf("kcat spread %d records over %d partitions: %v", n, used, next)
}

// TestLag: Stats reports the records left behind the high watermark.
func TestLag(t *testing.T) {
	tc := newCluster(t, "lag", 1)
	tc.produceJSON(t, "lag", 1, impressions(0, 3000)...)
	r := open(t, sourceConfig(impressionCols, nil, "topic", "lag", "properties.bootstrap.server", tc.addr))
	if st := r.Stats(); st.Lag != -1 {
		t.Fatalf("lag before reading: %+v", st)
	}
	c, _, err := r.Read(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st := r.Stats()
	if st.Lag != int64(3000-c.Len()) || st.Records != int64(c.Len()) || st.Next[0] != int64(c.Len()) {
		t.Fatalf("after %d rows: %+v", c.Len(), st)
	}
	if c.Len() < 3000 && st.LagSeconds <= 0 {
		t.Fatalf("LagSeconds %v", st.LagSeconds)
	}
	readRows(t, r, 3000-c.Len())
	if st := r.Stats(); st.Lag != 0 || st.LagSeconds != 0 {
		t.Fatalf("caught up: %+v", st)
	}
}

// TestSplits: readers of splits 0 and 1 of 2 read disjoint partitions
// that together hold every record.
func TestSplits(t *testing.T) {
	tc := newCluster(t, "splits", 5)
	tc.produceJSON(t, "splits", 5, impressions(0, 1000)...)
	var all [][]string
	for split, want := range []int{600, 400} { // partitions 0, 2, 4 and 1, 3
		cfg := sourceConfig(impressionCols, nil, "topic", "splits", "properties.bootstrap.server", tc.addr)
		cfg.Split, cfg.Splits = split, 2
		r := open(t, cfg)
		rows, cp := readRows(t, r, want)
		expectIdle(t, r, 200*time.Millisecond)
		next, _ := decodeCheckpoint(cp)
		for p := range next {
			if int(p)%2 != split {
				t.Fatalf("split %d read partition %d", split, p)
			}
		}
		all = append(all, rows...)
	}
	checkImpressions(t, all, 1000)
}

// TestSASL reads from a kfake cluster requiring SASL (PLAIN and
// SCRAM-SHA-256 users); wrong credentials read nothing and keep retrying.
func TestSASL(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(2, "sasl"), kfake.EnableSASL(),
		kfake.Superuser("PLAIN", "plainuser", "plainpass"), kfake.Superuser("SCRAM-SHA-256", "scramuser", "scrampass"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	addr := c.ListenAddrs()[0]
	prod, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.SASL(plain.Auth{User: "plainuser", Pass: "plainpass"}.AsMechanism()),
		kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer prod.Close()
	tc := &testCluster{c: c, addr: addr, cl: prod}
	tc.produceJSON(t, "sasl", 2, impressions(0, 100)...)
	for _, mech := range [][3]string{{"PLAIN", "plainuser", "plainpass"}, {"SCRAM-SHA-256", "scramuser", "scrampass"}} {
		r := open(t, sourceConfig(impressionCols, nil, "topic", "sasl", "properties.bootstrap.server", addr,
			"properties.security.protocol", "sasl_plaintext", "properties.sasl.mechanism", mech[0],
			"properties.sasl.username", mech[1], "properties.sasl.password", mech[2]))
		rows, _ := readRows(t, r, 100)
		checkImpressions(t, rows, 100)
	}
	bad := open(t, sourceConfig(impressionCols, nil, "topic", "sasl", "properties.bootstrap.server", addr,
		"properties.security.protocol", "sasl_plaintext", "properties.sasl.username", "plainuser", "properties.sasl.password", "wrong"))
	start := time.Now()
	expectIdle(t, bad, 500*time.Millisecond)
	t.Logf("idle in %v", time.Since(start))
	start = time.Now()
	bad.Close()
	t.Logf("closed in %v", time.Since(start))
}

// TestTLS reads over TLS, verifying the broker with
// properties.ssl.ca.location (a self-signed certificate for 127.0.0.1).
func TestTLS(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "kfake"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(2, "tls"),
		kfake.TLS(&tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	addr := c.ListenAddrs()[0]
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	prod, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.DialTLSConfig(&tls.Config{RootCAs: pool}), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer prod.Close()
	tc := &testCluster{c: c, addr: addr, cl: prod}
	tc.produceJSON(t, "tls", 2, impressions(0, 100)...)
	r := open(t, sourceConfig(impressionCols, nil, "topic", "tls", "properties.bootstrap.server", addr,
		"properties.security.protocol", "ssl", "properties.ssl.ca.location", caFile))
	rows, _ := readRows(t, r, 100)
	checkImpressions(t, rows, 100)
	// Without the CA the broker is not trusted: nothing is read.
	untrusted := open(t, sourceConfig(impressionCols, nil, "topic", "tls", "properties.bootstrap.server", addr,
		"properties.security.protocol", "ssl"))
	expectIdle(t, untrusted, 300*time.Millisecond)
}
