package marketing

import (
	"container/heap"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/connector"
	"github.com/tributarydb/tributary/internal/stream"
)

func init() {
	connector.Register("marketing", connector.Spec{
		Doc: "simulated paid-media impressions and CRM conversions of the same users (playground data)",
		Options: []connector.OptionSpec{
			{Name: "marketing.table.type", Required: true, Doc: "impressions | conversions"},
			{Name: "marketing.impressions.per.second", Default: "50", Doc: "impressions per second"},
			{Name: "marketing.users", Default: "20000", Doc: "number of distinct users"},
			{Name: "marketing.seed", Default: "1", Doc: "seed of the simulated world"},
			{Name: "marketing.backfill", Default: "5 minutes", Doc: "start this far in the past"},
			{Name: "marketing.start.time", Doc: "explicit start time (RFC 3339) instead of now - backfill"},
			{Name: "marketing.max.conversion.delay", Default: "1 hour", Doc: "longest delay from impression to conversion"},
		},
		Columns:   func(cfg connector.SourceConfig) ([]catalog.Column, error) { return defaultColumns(cfg) },
		Validate:  func(cfg connector.SourceConfig) error { _, err := compile(cfg); return err },
		NewReader: newReader,
	})
}

var tableColumns = map[string][]catalog.Column{
	"impressions": {
		{Name: "impression_id", Type: base.Varchar}, {Name: "campaign_id", Type: base.Varchar},
		{Name: "ad_group_id", Type: base.Varchar}, {Name: "creative_id", Type: base.Varchar},
		{Name: "platform", Type: base.Varchar}, {Name: "cost_usd", Type: base.Float64},
		{Name: "user_id", Type: base.Varchar}, {Name: "event_time", Type: base.TimestampTZ},
	},
	"conversions": {
		{Name: "conversion_id", Type: base.Varchar}, {Name: "user_id", Type: base.Varchar},
		{Name: "converted_at", Type: base.TimestampTZ}, {Name: "revenue_usd", Type: base.Float64},
	},
}

func defaultColumns(cfg connector.SourceConfig) ([]catalog.Column, error) {
	tt := strings.ToLower(cfg.Options["marketing.table.type"])
	cols, ok := tableColumns[tt]
	if !ok {
		return nil, connector.Errorf("invalid value %q for option \"marketing.table.type\": want impressions or conversions", tt)
	}
	return append([]catalog.Column(nil), cols...), nil
}

// campaign is one advertiser campaign of the simulated world.
type campaign struct {
	id, platform string
	weight       float64 // share of impressions
	cpm          float64 // cost per thousand impressions, USD
	cvr          float64 // conversion probability per impression
	aov          float64 // median order value, USD
	adGroups     int
}

// The conversion rates are per impression (click-through × conversion),
// calibrated so that campaign ROAS lands between about 0.5 (CTV, open
// web) and 6 (brand search), as advertisers see.
var campaigns = []campaign{
	{"google-brand-search", "google", 22, 9.0, 0.00064, 85, 3},
	{"meta-retargeting", "meta", 18, 11.0, 0.00058, 95, 2},
	{"meta-spring-sale", "meta", 14, 7.5, 0.00031, 60, 4},
	{"google-shopping", "google", 10, 7.0, 0.00025, 110, 3},
	{"meta-prospecting", "meta", 9, 6.0, 0.00013, 55, 3},
	{"tiktok-ugc", "tiktok", 8, 4.5, 0.00017, 40, 4},
	{"tiktok-creators", "tiktok", 6, 5.0, 0.00022, 45, 2},
	{"google-youtube", "google", 5, 10.0, 0.00011, 70, 2},
	{"programmatic-open-web", "programmatic", 5, 2.2, 0.000026, 50, 2},
	{"programmatic-ctv", "programmatic", 3, 25.0, 0.0001, 120, 1},
}

var cumWeights = func() []float64 {
	out := make([]float64, len(campaigns))
	sum := 0.0
	for i, c := range campaigns {
		sum += c.weight
		out[i] = sum
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}()

// gridEpoch anchors impression numbers to time: impression n happens at
// gridEpoch + n/rate.
var gridEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()

type world struct {
	table    string
	rate     float64
	users    int64
	seed     uint64
	start    int64 // µs: first impression / conversion time emitted
	maxDelay int64 // µs
	colIdx   []int // per relation column: index in the table type's columns
}

func compile(cfg connector.SourceConfig) (*world, error) {
	w := &world{table: strings.ToLower(cfg.Options["marketing.table.type"])}
	all, ok := tableColumns[w.table]
	if !ok {
		return nil, connector.Errorf("invalid value %q for option \"marketing.table.type\": want impressions or conversions", w.table)
	}
	var err error
	if w.rate, err = cfg.Float("marketing.impressions.per.second", 50); err != nil {
		return nil, err
	}
	if w.rate <= 0 || w.rate > 1e6 {
		return nil, connector.Errorf("marketing.impressions.per.second must be in (0, 1000000]")
	}
	if w.users, err = cfg.Int("marketing.users", 20000); err != nil {
		return nil, err
	}
	if w.users < 1 {
		return nil, connector.Errorf("marketing.users must be at least 1")
	}
	seed, err := cfg.Int("marketing.seed", 1)
	if err != nil {
		return nil, err
	}
	w.seed = uint64(seed)
	backfill, err := cfg.Duration("marketing.backfill", 5*time.Minute)
	if err != nil {
		return nil, err
	}
	w.start = time.Now().Add(-backfill).UnixMicro()
	if st := cfg.String("marketing.start.time", ""); st != "" {
		d, err := base.ParseText(base.TimestampTZ, st, time.UTC)
		if err != nil {
			return nil, connector.Errorf("invalid value %q for option \"marketing.start.time\": want a timestamp", st)
		}
		w.start = d.I
	}
	if w.start < gridEpoch {
		return nil, connector.Errorf("marketing.start.time must be after 2024-01-01")
	}
	md, err := cfg.Duration("marketing.max.conversion.delay", time.Hour)
	if err != nil {
		return nil, err
	}
	w.maxDelay = max(md.Microseconds(), 1)
	if cfg.Relation != nil {
		for _, c := range cfg.Relation.Columns {
			j := -1
			for k, a := range all {
				if a.Name == c.Name {
					j = k
				}
			}
			if j < 0 {
				return nil, connector.Errorf("column %q is not a column of marketing %s (they are: %s)", c.Name, w.table, names(all))
			}
			if c.Type.Kind != all[j].Type.Kind {
				return nil, base.NotSupported("marketing %s: column %q must be %s, not %s", w.table, c.Name, all[j].Type, c.Type)
			}
			w.colIdx = append(w.colIdx, j)
		}
	}
	return w, nil
}

func names(cols []catalog.Column) string {
	s := make([]string, len(cols))
	for i, c := range cols {
		s[i] = c.Name
	}
	return strings.Join(s, ", ")
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// unit returns a uniform number in [0, 1) for (impression n, draw k).
func (w *world) unit(n int64, k uint64) float64 {
	h := splitmix64(w.seed*0x9e3779b97f4a7c15 ^ splitmix64(uint64(n)*16+k))
	return float64(h>>11) / (1 << 53)
}

func (w *world) normal(n int64, k uint64) float64 {
	u1, u2 := w.unit(n, k), w.unit(n, k+1)
	return math.Sqrt(-2*math.Log(1-u1)) * math.Cos(2*math.Pi*u2)
}

func (w *world) timeOf(n int64) int64 { return gridEpoch + int64(float64(n)*1e6/w.rate) }

// firstAt is the first impression at or after t.
func (w *world) firstAt(t int64) int64 {
	n := int64(math.Floor(float64(t-gridEpoch) * w.rate / 1e6))
	for n > 0 && w.timeOf(n-1) >= t {
		n--
	}
	for w.timeOf(n) < t {
		n++
	}
	return n
}

type impression struct {
	n        int64
	camp     *campaign
	adGroup  int
	creative int
	user     int64
	cost     float64
	at       int64
}

func (w *world) impression(n int64) impression {
	u := w.unit(n, 0)
	ci := 0
	for ci < len(cumWeights)-1 && u >= cumWeights[ci] {
		ci++
	}
	c := &campaigns[ci]
	// Heavy users: the user index is skewed toward small numbers.
	uu := w.unit(n, 1)
	user := int64(uu * uu * float64(w.users))
	cost := c.cpm / 1000 * (0.5 + w.unit(n, 2))
	return impression{n: n, camp: c, adGroup: int(w.unit(n, 3) * float64(c.adGroups)), creative: int(w.unit(n, 4) * 3),
		user: user, cost: math.Round(cost*1e6) / 1e6, at: w.timeOf(n)}
}

// conversion reports whether impression n leads to a conversion, when,
// and its order value.
func (w *world) conversion(im impression) (at int64, revenue float64, ok bool) {
	p := im.camp.cvr
	if im.user < w.users/10 {
		p *= 1.5 // heavy users buy more
	}
	if w.unit(im.n, 5) >= p {
		return 0, 0, false
	}
	delay := 90e6 * math.Exp(1.2*w.normal(im.n, 6))
	d := min(int64(delay), w.maxDelay)
	rev := im.camp.aov * math.Exp(0.5*w.normal(im.n, 8))
	return im.at + max(d, 1_000_000), math.Round(rev*100) / 100, true
}

func userID(u int64) string { return fmt.Sprintf("user-%05d", u) }

// ---------------------------------------------------------------------------
// Readers

type reader struct {
	w     *world
	types []base.Type
	// impressions: next impression number.
	next int64
	// conversions: impressions up to scan (exclusive) are in pending or
	// emitted; (lastAt, lastN) is the last conversion emitted.
	scan          int64
	pending       convHeap
	lastAt, lastN int64
}

func newReader(cfg connector.SourceConfig) (stream.SourceReader, error) {
	w, err := compile(cfg)
	if err != nil {
		return nil, err
	}
	r := &reader{w: w, types: connector.ColumnTypes(cfg.Relation)}
	switch w.table {
	case "impressions":
		r.next = w.firstAt(w.start)
		if cfg.Offset != nil {
			if len(cfg.Offset) != 8 {
				return nil, fmt.Errorf("marketing: invalid checkpoint")
			}
			r.next = int64(binary.BigEndian.Uint64(cfg.Offset))
		}
	default:
		r.lastAt, r.lastN = w.start-1, math.MaxInt64
		if cfg.Offset != nil {
			if len(cfg.Offset) != 16 {
				return nil, fmt.Errorf("marketing: invalid checkpoint")
			}
			r.lastAt = int64(binary.BigEndian.Uint64(cfg.Offset))
			r.lastN = int64(binary.BigEndian.Uint64(cfg.Offset[8:]))
		}
		r.scan = w.firstAt(r.lastAt - w.maxDelay - 1_000_000)
	}
	return r, nil
}

func (r *reader) Close() error { return nil }

// Read returns the rows whose time has come, waiting up to 100ms at a
// time for the next one.
func (r *reader) Read(ctx context.Context) (*base.Chunk, []byte, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		now := time.Now().UnixMicro()
		var c *base.Chunk
		var cp []byte
		if r.w.table == "impressions" {
			c, cp = r.impressions(now)
		} else {
			c, cp = r.conversions(ctx, now)
		}
		if c != nil {
			return c, cp, nil
		}
		t := time.NewTimer(min(100*time.Millisecond, time.Duration(1e9/r.w.rate)))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, nil, ctx.Err()
		case <-t.C:
		}
	}
}

func (r *reader) impressions(now int64) (*base.Chunk, []byte) {
	c := base.NewChunk(r.types, 64)
	row := make([]base.Datum, len(r.types))
	for c.Len() < base.MaxChunkRows && r.w.timeOf(r.next) <= now {
		im := r.w.impression(r.next)
		for i, j := range r.w.colIdx {
			switch j {
			case 0:
				row[i] = base.DText(fmt.Sprintf("imp-%d", im.n))
			case 1:
				row[i] = base.DText(im.camp.id)
			case 2:
				row[i] = base.DText(fmt.Sprintf("%s-ag%d", im.camp.id, im.adGroup+1))
			case 3:
				row[i] = base.DText(fmt.Sprintf("%s-ag%d-cr%d", im.camp.id, im.adGroup+1, im.creative+1))
			case 4:
				row[i] = base.DText(im.camp.platform)
			case 5:
				row[i] = base.DFloat64(im.cost)
			case 6:
				row[i] = base.DText(userID(im.user))
			case 7:
				row[i] = base.DTimestampTZ(im.at)
			}
		}
		c.AppendRow(row)
		r.next++
	}
	if c.Len() == 0 {
		return nil, nil
	}
	return c, binary.BigEndian.AppendUint64(nil, uint64(r.next))
}

type pendingConv struct {
	at, n int64
	user  int64
	rev   float64
}

type convHeap []pendingConv

func (h convHeap) Len() int { return len(h) }
func (h convHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].n < h[j].n
}
func (h convHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *convHeap) Push(x any)   { *h = append(*h, x.(pendingConv)) }
func (h *convHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (r *reader) conversions(ctx context.Context, now int64) (*base.Chunk, []byte) {
	// Simulate every impression up to now; queue its conversion if it is
	// after the last one emitted.
	for i := 0; r.w.timeOf(r.scan) <= now; i++ {
		if i%65536 == 65535 && ctx.Err() != nil {
			return nil, nil
		}
		im := r.w.impression(r.scan)
		if at, rev, ok := r.w.conversion(im); ok {
			if at > r.lastAt || (at == r.lastAt && im.n > r.lastN) {
				heap.Push(&r.pending, pendingConv{at: at, n: im.n, user: im.user, rev: rev})
			}
		}
		r.scan++
	}
	c := base.NewChunk(r.types, 16)
	row := make([]base.Datum, len(r.types))
	for c.Len() < base.MaxChunkRows && len(r.pending) > 0 && r.pending[0].at <= now {
		p := heap.Pop(&r.pending).(pendingConv)
		for i, j := range r.w.colIdx {
			switch j {
			case 0:
				row[i] = base.DText(fmt.Sprintf("cv-%d", p.n))
			case 1:
				row[i] = base.DText(userID(p.user))
			case 2:
				row[i] = base.DTimestampTZ(p.at)
			case 3:
				row[i] = base.DFloat64(p.rev)
			}
		}
		c.AppendRow(row)
		r.lastAt, r.lastN = p.at, p.n
	}
	if c.Len() == 0 {
		return nil, nil
	}
	cp := binary.BigEndian.AppendUint64(nil, uint64(r.lastAt))
	return c, binary.BigEndian.AppendUint64(cp, uint64(r.lastN))
}
