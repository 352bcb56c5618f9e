// Command seedbench measures the seed pipeline: impressions from the
// deterministic generator (bench/seedgen) flow into the seed's
// paid_media_performance materialized view; it reports the time until
// the view has counted every event.
//
//	go run ./bench/cmd/seedbench -events 1000000
//
// The server runs in this process (internal/server over a temporary data
// directory) and is driven over the PostgreSQL protocol with pgx:
//
//	-source table (default): CREATE TABLE paid_media_impressions (the
//	    seed's source columns), CREATE MATERIALIZED VIEW, then COPY FROM
//	    STDIN (FORMAT binary, encoded from the generator) in batches of
//	    -batch rows, FLUSH.
//
// While loading, a second connection polls the view every -poll and
// records, per batch, the delay from the COPY's commit to the first poll
// that sees the batch counted (visible latency; its resolution is the
// poll interval, its floor the barrier interval). At the end the view's
// totals are checked against the generator's: sum(impressions),
// sum(spend_usd), the number of rows and sum(unique_users_reached).
//
// Printed: events, seconds, events/s, COPY and visible latency
// percentiles, CPU seconds of the process (getrusage; client, generator
// and server together), peak RSS (VmHWM).
package main

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tributarydb/tributary/bench/seedgen"
	"github.com/tributarydb/tributary/internal/server"
)

func main() {
	var (
		events     = flag.Int64("events", 1_000_000, "number of impressions")
		batch      = flag.Int("batch", 100_000, "rows per COPY")
		seed       = flag.Uint64("seed", 1, "generator seed")
		source     = flag.String("source", "table", "how events enter: table (COPY into a table) or posix_fs (JSON-lines files read by a source)")
		barrierMS  = flag.Int("barrier-ms", 1000, "barrier interval of the streaming engine (ms)")
		poll       = flag.Duration("poll", 50*time.Millisecond, "visibility poll interval (0: no polling)")
		dir        = flag.String("dir", "", "data directory (default: a temporary one, removed at exit)")
		distinct   = flag.Bool("check-distinct", true, "also check sum(unique_users_reached) (memory: ~40 B/event after the run)")
		cpuProfile = flag.String("cpuprofile", "", "write a CPU profile of the load phase")
		memProfile = flag.String("memprofile", "", "write an allocation profile (allocs) at the end")
		jsonlOut   = flag.String("write-jsonl", "", "also write the events as JSON lines to this file and exit")
	)
	flag.Parse()
	if *jsonlOut != "" {
		if err := writeJSONL(*jsonlOut, *seed, *events); err != nil {
			fatal(err)
		}
		return
	}
	if *source != "table" && *source != "posix_fs" {
		fatal(fmt.Errorf("-source %q: want table or posix_fs", *source))
	}
	if err := run(*source, *events, *batch, *seed, *barrierMS, *poll, *dir, *distinct, *cpuProfile, *memProfile); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "seedbench:", err)
	os.Exit(1)
}

func writeJSONL(path string, seed uint64, n int64) error { return writeJSONLRange(path, seed, 0, n) }

// writeJSONLRange writes events [start, end) as JSON lines.
func writeJSONLRange(path string, seed uint64, start, end int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	var buf []byte
	for i := start; i < end; i++ {
		e := seedgen.Gen(seed, i)
		buf = e.AppendJSON(buf)
		if len(buf) > 1<<20 {
			if _, err := f.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if _, err := f.Write(buf); err != nil {
		return err
	}
	return f.Close()
}

// copyReader is the COPY FROM STDIN payload (PostgreSQL's binary COPY
// format) of events [next, end), encoded straight from the generator, as
// a bulk loader would: the client's share of the CPU stays small, and the
// server decodes binary values (no text parsing of timestamps).
type copyReader struct {
	seed      uint64
	next, end int64
	buf       []byte
	off       int
	trailer   bool
}

// pgEpochMicros is 2000-01-01 in µs since the Unix epoch (binary
// timestamptz counts from there).
const pgEpochMicros = 946684800 * 1_000_000

func newCopyReader(seed uint64, start, end int64) *copyReader {
	r := &copyReader{seed: seed, next: start, end: end}
	r.buf = append(r.buf, "PGCOPY\n\xff\r\n\x00"...)
	r.buf = binary.BigEndian.AppendUint32(r.buf, 0) // flags
	r.buf = binary.BigEndian.AppendUint32(r.buf, 0) // header extension length
	return r
}

func appendField(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func (r *copyReader) Read(p []byte) (int, error) {
	for r.off == len(r.buf) {
		r.buf, r.off = r.buf[:0], 0
		if r.next >= r.end {
			if r.trailer {
				return 0, io.EOF
			}
			r.trailer = true
			r.buf = binary.BigEndian.AppendUint16(r.buf, 0xffff)
			break
		}
		for ; r.next < r.end && len(r.buf) < 64<<10; r.next++ {
			e := seedgen.Gen(r.seed, r.next)
			b := binary.BigEndian.AppendUint16(r.buf, uint16(len(seedgen.Columns)))
			b = binary.BigEndian.AppendUint32(b, 0) // impression_id length, patched below
			n := len(b)
			b = append(b, "imp-"...)
			b = strconv.AppendInt(b, e.ID, 10)
			binary.BigEndian.PutUint32(b[n-4:], uint32(len(b)-n))
			b = appendField(b, e.CampaignID())
			b = appendField(b, e.AdGroupID())
			b = appendField(b, e.CreativeID())
			b = appendField(b, e.PlatformName())
			b = binary.BigEndian.AppendUint32(b, 8)
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(e.CostUSD()))
			b = appendField(b, e.UserID())
			b = binary.BigEndian.AppendUint32(b, 8)
			b = binary.BigEndian.AppendUint64(b, uint64(e.TimeMicro-pgEpochMicros))
			r.buf = b
		}
	}
	n := copy(p, r.buf[r.off:])
	r.off += n
	return n, nil
}

var copySQL = "COPY paid_media_impressions (" + strings.Join(seedgen.Columns, ", ") + ") FROM STDIN (FORMAT binary)"

type batchMark struct {
	cum       int64 // events up to and including this batch
	copyStart time.Time
	committed time.Time
	seen      time.Time
}

func run(source string, events int64, batchRows int, seed uint64, barrierMS int, poll time.Duration, dir string, checkDistinct bool, cpuProfile, memProfile string) error {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "seedbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	cfg := server.DefaultConfig()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = dir
	cfg.BarrierIntervalMS = barrierMS
	cfg.LogLevel = "warn"
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := server.Open(cfg, logger)
	if err != nil {
		return err
	}
	if err := srv.Listen(); err != nil {
		return err
	}
	sctx, cancel := context.WithCancel(ctx)
	served := make(chan struct{})
	go func() { _ = srv.Serve(sctx); close(served) }()
	defer func() {
		cancel()
		<-served
		srv.Close()
	}()
	url := "postgres://root@" + srv.Addr().String() + "/dev?sslmode=disable"
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if source == "posix_fs" {
		return runPosixFS(ctx, conn, events, batchRows, seed, barrierMS, poll, dir, checkDistinct, cpuProfile)
	}
	for _, q := range []string{seedgen.CreateTable, seedgen.CreateView} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", strings.SplitN(q, "\n", 2)[0], err)
		}
	}

	var marks []*batchMark
	var mu sync.Mutex
	pollDone := make(chan struct{})
	stopPoll := make(chan struct{})
	if poll > 0 {
		pconn, err := pgx.Connect(ctx, url)
		if err != nil {
			return err
		}
		defer pconn.Close(ctx)
		go func() {
			defer close(pollDone)
			t := time.NewTicker(poll)
			defer t.Stop()
			for {
				select {
				case <-stopPoll:
					return
				case <-t.C:
				}
				var n int64
				if err := pconn.QueryRow(ctx, "SELECT coalesce(sum(impressions), 0)::bigint FROM paid_media_performance").Scan(&n); err != nil {
					fmt.Fprintln(os.Stderr, "seedbench: poll:", err)
					return
				}
				now := time.Now()
				mu.Lock()
				for _, m := range marks {
					if m.seen.IsZero() && m.cum <= n {
						m.seen = now
					}
				}
				mu.Unlock()
			}
		}()
	} else {
		close(pollDone)
	}

	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer f.Close()
	}
	ru0 := rusage()
	start := time.Now()
	for next := int64(0); next < events; {
		end := min(next+int64(batchRows), events)
		m := &batchMark{cum: end, copyStart: time.Now()}
		mu.Lock()
		marks = append(marks, m)
		mu.Unlock()
		tag, err := conn.PgConn().CopyFrom(ctx, newCopyReader(seed, next, end), copySQL)
		if err != nil {
			return fmt.Errorf("COPY: %w", err)
		}
		if tag.RowsAffected() != end-next {
			return fmt.Errorf("COPY %d rows, want %d", tag.RowsAffected(), end-next)
		}
		mu.Lock()
		m.committed = time.Now()
		mu.Unlock()
		next = end
	}
	loaded := time.Since(start)
	if _, err := conn.Exec(ctx, "FLUSH"); err != nil {
		return err
	}
	elapsed := time.Since(start)
	ru1 := rusage()
	if cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	// Let the poller see the last batches (they are visible now).
	if poll > 0 {
		time.Sleep(2 * poll)
	}
	close(stopPoll)
	<-pollDone
	hwm := vmHWM()

	var copyLat, visLat []time.Duration
	for _, m := range marks {
		copyLat = append(copyLat, m.committed.Sub(m.copyStart))
		if !m.seen.IsZero() {
			visLat = append(visLat, max(0, m.seen.Sub(m.committed)))
		}
	}
	cpu := ru1.sub(ru0)
	fmt.Printf("seedbench: source=table events=%d batch=%d barrier=%dms poll=%v GOMAXPROCS=%d\n", events, batchRows, barrierMS, poll, runtime.GOMAXPROCS(0))
	fmt.Printf("  seconds       %.2f (COPY %.2f + final FLUSH %.2f)\n", elapsed.Seconds(), loaded.Seconds(), (elapsed - loaded).Seconds())
	fmt.Printf("  events/s      %.0f\n", float64(events)/elapsed.Seconds())
	fmt.Printf("  COPY latency  p50 %v p99 %v (per %d-row batch, to commit)\n", pct(copyLat, 50), pct(copyLat, 99), batchRows)
	if len(visLat) > 0 {
		fmt.Printf("  visible       p50 %v p99 %v max %v (commit → counted in the view; %d batches)\n", pct(visLat, 50), pct(visLat, 99), pct(visLat, 100), len(visLat))
	}
	printCost(cpu, elapsed, hwm)
	return check(conn, seed, events, checkDistinct, memProfile)
}

func printCost(cpu cpuTimes, elapsed time.Duration, hwm int64) {
	fmt.Printf("  CPU seconds   %.2f (user %.2f, sys %.2f) = %.2f cores\n", cpu.user+cpu.sys, cpu.user, cpu.sys, (cpu.user+cpu.sys)/elapsed.Seconds())
	fmt.Printf("  peak RSS      %d MiB (VmHWM)\n", hwm>>20)
}

// check compares the view's totals with the generator's (after the
// measurement: the expectation's memory does not count in peak RSS).
func check(conn *pgx.Conn, seed uint64, events int64, checkDistinct bool, memProfile string) error {
	ctx := context.Background()
	var got struct {
		rows, imps, distinct int64
		spend                float64
	}
	if err := conn.QueryRow(ctx, `SELECT count(*), coalesce(sum(impressions), 0)::bigint, coalesce(sum(spend_usd), 0)::float8,
		coalesce(sum(unique_users_reached), 0)::bigint FROM paid_media_performance`).Scan(&got.rows, &got.imps, &got.spend, &got.distinct); err != nil {
		return err
	}
	if memProfile != "" {
		f, err := os.Create(memProfile)
		if err != nil {
			return err
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
		f.Close()
	}
	want := seedgen.Expect(seed, events, checkDistinct)
	fmt.Printf("  view          %d rows, sum(impressions) %d, sum(spend_usd) %.2f, sum(unique_users_reached) %d\n", got.rows, got.imps, got.spend, got.distinct)
	var bad []string
	if got.imps != want.Events {
		bad = append(bad, fmt.Sprintf("sum(impressions) = %d, want %d", got.imps, want.Events))
	}
	if math.Abs(got.spend*100-float64(want.CostCents)) > 0.5 {
		bad = append(bad, fmt.Sprintf("sum(spend_usd) = %.2f, want %.2f", got.spend, float64(want.CostCents)/100))
	}
	if got.rows != want.Groups {
		bad = append(bad, fmt.Sprintf("rows = %d, want %d", got.rows, want.Groups))
	}
	if want.Distinct >= 0 && got.distinct != want.Distinct {
		bad = append(bad, fmt.Sprintf("sum(unique_users_reached) = %d, want %d", got.distinct, want.Distinct))
	}
	if len(bad) > 0 {
		return fmt.Errorf("view does not match the generator: %s", strings.Join(bad, "; "))
	}
	fmt.Printf("  check         ok (totals equal the generator's%s)\n", map[bool]string{true: ", distinct pairs included", false: ""}[want.Distinct >= 0])
	return nil
}

// runPosixFS writes the events as JSON-lines files (batchRows events per
// file, before the clock starts), declares the seed's source over them
// with the posix_fs connector, creates the view and measures until the
// view has counted every event (polled every poll, 10 ms at least).
func runPosixFS(ctx context.Context, conn *pgx.Conn, events int64, batchRows int, seed uint64, barrierMS int, poll time.Duration, dir string, checkDistinct bool, cpuProfile string) error {
	in, err := os.MkdirTemp(dir, "impressions-")
	if err != nil {
		return err
	}
	genStart := time.Now()
	for next, f := int64(0), 0; next < events; f++ {
		end := min(next+int64(batchRows), events)
		name := filepath.Join(in, fmt.Sprintf("impressions-%06d.jsonl", f))
		if err := writeJSONLRange(name, seed, next, end); err != nil {
			return err
		}
		next = end
	}
	genTime := time.Since(genStart)
	src := strings.Replace(seedgen.CreateTable, "CREATE TABLE", "CREATE SOURCE", 1) +
		fmt.Sprintf(" WITH (connector = 'posix_fs', posix_fs.root = '%s', match_pattern = '*.jsonl') FORMAT PLAIN ENCODE JSON", in)
	if _, err := conn.Exec(ctx, src); err != nil {
		return fmt.Errorf("CREATE SOURCE: %w", err)
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer f.Close()
	}
	ru0 := rusage()
	start := time.Now()
	if _, err := conn.Exec(ctx, seedgen.CreateView); err != nil {
		return fmt.Errorf("CREATE MATERIALIZED VIEW: %w", err)
	}
	poll = max(poll, 10*time.Millisecond)
	deadline := start.Add(time.Hour)
	for {
		var n int64
		if err := conn.QueryRow(ctx, "SELECT coalesce(sum(impressions), 0)::bigint FROM paid_media_performance").Scan(&n); err != nil {
			return err
		}
		if n >= events {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("view counted %d of %d events after an hour", n, events)
		}
		time.Sleep(poll)
	}
	elapsed := time.Since(start)
	ru1 := rusage()
	if cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	hwm := vmHWM()
	fmt.Printf("seedbench: source=posix_fs events=%d files=%d barrier=%dms poll=%v GOMAXPROCS=%d (JSON lines written in %.2fs, not counted)\n",
		events, (events+int64(batchRows)-1)/int64(batchRows), barrierMS, poll, runtime.GOMAXPROCS(0), genTime.Seconds())
	fmt.Printf("  seconds       %.2f (CREATE MATERIALIZED VIEW → every event counted)\n", elapsed.Seconds())
	fmt.Printf("  events/s      %.0f\n", float64(events)/elapsed.Seconds())
	printCost(ru1.sub(ru0), elapsed, hwm)
	return check(conn, seed, events, checkDistinct, "")
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))].Round(time.Millisecond)
}

type cpuTimes struct{ user, sys float64 }

func (a cpuTimes) sub(b cpuTimes) cpuTimes { return cpuTimes{a.user - b.user, a.sys - b.sys} }

func rusage() cpuTimes {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return cpuTimes{tv(ru.Utime), tv(ru.Stime)}
}

// vmHWM is the process's peak resident set size in bytes.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:")), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}
