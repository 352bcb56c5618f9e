package nexmark

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/connector"
	"github.com/tributarydb/tributary/internal/stream"
)

func init() {
	connector.Register("nexmark", connector.Spec{
		Doc: "the standard Nexmark benchmark streams: Person, Auction and Bid",
		Options: []connector.OptionSpec{
			{Name: "nexmark.table.type", Required: true, Doc: "Person | Auction | Bid"},
			{Name: "nexmark.event.num", Doc: "events to generate over all types (default unbounded)"},
			{Name: "nexmark.max.chunk.size", Default: "1024", Doc: "rows per chunk"},
			{Name: "nexmark.use.real.time", Default: "false", Doc: "emit events when their time comes"},
			{Name: "nexmark.min.event.gap.in.ns", Default: "100000", Doc: "nanoseconds between events"},
			{Name: "nexmark.split.num", Default: "1", Doc: "number of splits (combined into one reader)"},
			{Name: "nexmark.base.time", Doc: "time of event 0, ms since the Unix epoch (default: reader start)"},
			{Name: "nexmark.person.proportion", Default: "1", Doc: "share of person events"},
			{Name: "nexmark.auction.proportion", Default: "3", Doc: "share of auction events"},
			{Name: "nexmark.bid.proportion", Default: "46", Doc: "share of bid events"},
			{Name: "nexmark.active.people", Default: "1000", Doc: "people active at once"},
			{Name: "nexmark.in.flight.auctions", Default: "100", Doc: "auctions open at once"},
			{Name: "nexmark.num.categories", Default: "5", Doc: "number of auction categories"},
			{Name: "nexmark.hot.seller.ratio", Default: "4", Doc: "1 in N auctions is by a non-hot seller"},
			{Name: "nexmark.hot.auction.ratio", Default: "2", Doc: "1 in N bids is on a non-hot auction"},
			{Name: "nexmark.hot.bidder.ratio", Default: "4", Doc: "1 in N bids is by a non-hot bidder"},
		},
		Columns:   defaultColumns,
		Validate:  func(cfg connector.SourceConfig) error { _, err := compile(cfg); return err },
		NewReader: newReader,
	})
}

var tableColumns = map[string][]catalog.Column{
	"person": {
		{Name: "id", Type: base.Int64}, {Name: "name", Type: base.Varchar}, {Name: "email_address", Type: base.Varchar},
		{Name: "credit_card", Type: base.Varchar}, {Name: "city", Type: base.Varchar}, {Name: "state", Type: base.Varchar},
		{Name: "date_time", Type: base.Timestamp}, {Name: "extra", Type: base.Varchar},
	},
	"auction": {
		{Name: "id", Type: base.Int64}, {Name: "item_name", Type: base.Varchar}, {Name: "description", Type: base.Varchar},
		{Name: "initial_bid", Type: base.Int64}, {Name: "reserve", Type: base.Int64}, {Name: "date_time", Type: base.Timestamp},
		{Name: "expires", Type: base.Timestamp}, {Name: "seller", Type: base.Int64}, {Name: "category", Type: base.Int64},
		{Name: "extra", Type: base.Varchar},
	},
	"bid": {
		{Name: "auction", Type: base.Int64}, {Name: "bidder", Type: base.Int64}, {Name: "price", Type: base.Int64},
		{Name: "channel", Type: base.Varchar}, {Name: "url", Type: base.Varchar}, {Name: "date_time", Type: base.Timestamp},
		{Name: "extra", Type: base.Varchar},
	},
}

func defaultColumns(cfg connector.SourceConfig) ([]catalog.Column, error) {
	tt := strings.ToLower(cfg.Options["nexmark.table.type"])
	cols, ok := tableColumns[tt]
	if !ok {
		return nil, connector.Errorf("invalid value %q for option \"nexmark.table.type\": want Person, Auction or Bid", cfg.Options["nexmark.table.type"])
	}
	return append([]catalog.Column(nil), cols...), nil
}

const (
	firstPersonID   = 1000
	firstAuctionID  = 1000
	firstCategoryID = 10
	personIDLead    = 10
	auctionIDLead   = 10
	hotSellerRatio  = 100
	hotAuctionRatio = 100
	hotBidderRatio  = 100
	hotChannelRatio = 2
)

type gen struct {
	table                          string
	kind                           int // 0 person, 1 auction, 2 bid
	eventNum                       int64
	chunk                          int
	realTime                       bool
	gapNS                          int64
	baseUS                         int64
	hasBase                        bool
	pProp, aProp, bProp, total     int64
	activePeople, inFlight, numCat int64
	hotSeller, hotAuction, hotBid  int64
	colIdx                         []int
}

func compile(cfg connector.SourceConfig) (*gen, error) {
	g := &gen{table: strings.ToLower(cfg.Options["nexmark.table.type"])}
	all, ok := tableColumns[g.table]
	if !ok {
		return nil, connector.Errorf("invalid value %q for option \"nexmark.table.type\": want Person, Auction or Bid", cfg.Options["nexmark.table.type"])
	}
	g.kind = map[string]int{"person": 0, "auction": 1, "bid": 2}[g.table]
	ints := []struct {
		name string
		def  int64
		min  int64
		dst  *int64
	}{
		{"nexmark.event.num", math.MaxInt64, 0, &g.eventNum},
		{"nexmark.min.event.gap.in.ns", 100000, 0, &g.gapNS},
		{"nexmark.person.proportion", 1, 1, &g.pProp},
		{"nexmark.auction.proportion", 3, 1, &g.aProp},
		{"nexmark.bid.proportion", 46, 1, &g.bProp},
		{"nexmark.active.people", 1000, 1, &g.activePeople},
		{"nexmark.in.flight.auctions", 100, 1, &g.inFlight},
		{"nexmark.num.categories", 5, 1, &g.numCat},
		{"nexmark.hot.seller.ratio", 4, 1, &g.hotSeller},
		{"nexmark.hot.auction.ratio", 2, 1, &g.hotAuction},
		{"nexmark.hot.bidder.ratio", 4, 1, &g.hotBid},
	}
	for _, o := range ints {
		v, err := cfg.Int(o.name, o.def)
		if err != nil {
			return nil, err
		}
		if v < o.min {
			return nil, connector.Errorf("option %q must be at least %d", o.name, o.min)
		}
		*o.dst = v
	}
	g.total = g.pProp + g.aProp + g.bProp
	ch, err := cfg.Int("nexmark.max.chunk.size", 1024)
	if err != nil {
		return nil, err
	}
	if ch < 1 || ch > 1<<16 {
		return nil, connector.Errorf("nexmark.max.chunk.size must be between 1 and 65536")
	}
	g.chunk = int(ch)
	if g.realTime, err = cfg.Bool("nexmark.use.real.time", false); err != nil {
		return nil, err
	}
	if _, err := cfg.Int("nexmark.split.num", 1); err != nil {
		return nil, err
	}
	if bt, ok := cfg.Options["nexmark.base.time"]; ok && bt != "" {
		ms, err := cfg.Int("nexmark.base.time", 0)
		if err != nil {
			return nil, err
		}
		g.baseUS, g.hasBase = ms*1000, true
	}
	if cfg.Relation != nil {
		for _, c := range cfg.Relation.Columns {
			j := -1
			for k, a := range all {
				if a.Name == c.Name {
					j = k
				}
			}
			if j < 0 {
				return nil, connector.Errorf("column %q is not a column of nexmark %s", c.Name, g.table)
			}
			if c.Type.Kind != all[j].Type.Kind {
				return nil, base.NotSupported("nexmark %s: column %q must be %s, not %s", g.table, c.Name, all[j].Type, c.Type)
			}
			g.colIdx = append(g.colIdx, j)
		}
	}
	return g, nil
}

// rng is a small deterministic generator seeded per event.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	x := r.s
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
func (r *rng) intn(n int64) int64 {
	if n <= 0 {
		return 0
	}
	return int64(r.next() % uint64(n))
}
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func (r *rng) str(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + r.intn(26))
	}
	return string(b)
}

func (g *gen) lastBase0PersonID(ev int64) int64 {
	epoch, off := ev/g.total, ev%g.total
	if off >= g.pProp {
		off = g.pProp - 1
	}
	return epoch*g.pProp + off
}

func (g *gen) lastBase0AuctionID(ev int64) int64 {
	epoch, off := ev/g.total, ev%g.total
	switch {
	case off < g.pProp:
		epoch--
		off = g.aProp - 1
	case off >= g.pProp+g.aProp:
		off = g.aProp - 1
	default:
		off -= g.pProp
	}
	return epoch*g.aProp + off
}

func (g *gen) nextBase0PersonID(ev int64, r *rng) int64 {
	num := g.lastBase0PersonID(ev) + 1
	active := min(num, g.activePeople)
	return num - active + r.intn(active+personIDLead)
}

func (g *gen) nextBase0AuctionID(ev int64, r *rng) int64 {
	maxA := g.lastBase0AuctionID(ev)
	minA := max(maxA-g.inFlight, 0)
	return minA + r.intn(maxA-minA+1+auctionIDLead)
}

func price(r *rng) int64 { return int64(math.Round(math.Pow(10, r.float()*6) * 100)) }

func (g *gen) timeOf(ev int64) int64 { return g.baseUS + ev*g.gapNS/1000 }

var (
	firstNames = []string{"Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"}
	lastNames  = []string{"Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"}
	states     = []string{"AZ", "CA", "ID", "OR", "WA", "WY"}
	cities     = []string{"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent", "Cheyenne"}
	channels   = []string{"Google", "Facebook", "Baidu", "Apple"}
)

func extra(r *rng, size, avg int) string {
	if size >= avg {
		return ""
	}
	return r.str(avg - size)
}

// row fills out with event ev's row (ev must be of the reader's kind).
func (g *gen) row(ev int64, out []base.Datum) {
	r := &rng{s: uint64(ev)*0x2545f4914f6cdd1d + 1}
	ts := g.timeOf(ev)
	var all []base.Datum
	switch g.kind {
	case 0:
		id := g.lastBase0PersonID(ev) + firstPersonID
		name := firstNames[r.intn(int64(len(firstNames)))] + " " + lastNames[r.intn(int64(len(lastNames)))]
		email := r.str(7) + "@" + r.str(5) + ".com"
		cc := fmt.Sprintf("%04d %04d %04d %04d", r.intn(10000), r.intn(10000), r.intn(10000), r.intn(10000))
		city, state := cities[r.intn(int64(len(cities)))], states[r.intn(int64(len(states)))]
		all = []base.Datum{base.DInt64(id), base.DText(name), base.DText(email), base.DText(cc), base.DText(city), base.DText(state),
			base.DTimestamp(ts), base.DText(extra(r, len(name)+len(email)+len(cc)+len(city)+len(state)+16, 200))}
	case 1:
		id := g.lastBase0AuctionID(ev) + firstAuctionID
		var seller int64
		if r.intn(g.hotSeller) > 0 {
			seller = (g.lastBase0PersonID(ev) / hotSellerRatio) * hotSellerRatio
		} else {
			seller = g.nextBase0PersonID(ev, r)
		}
		seller += firstPersonID
		cat := firstCategoryID + r.intn(g.numCat)
		initial := price(r)
		// Auctions close within about twice the time the next in-flight
		// auctions take to open.
		horizon := g.timeOf(ev+g.inFlight*g.total/g.aProp) - ts
		expires := ts + 1000 + r.intn(max(horizon*2, 1))
		name, desc := r.str(20), r.str(100)
		reserve := initial + price(r)
		all = []base.Datum{base.DInt64(id), base.DText(name), base.DText(desc), base.DInt64(initial), base.DInt64(reserve),
			base.DTimestamp(ts), base.DTimestamp(expires), base.DInt64(seller), base.DInt64(cat), base.DText(extra(r, 20+100+40, 500))}
	default:
		var auction, bidder int64
		if r.intn(g.hotAuction) > 0 {
			auction = (g.lastBase0AuctionID(ev) / hotAuctionRatio) * hotAuctionRatio
		} else {
			auction = g.nextBase0AuctionID(ev, r)
		}
		auction += firstAuctionID
		if r.intn(g.hotBid) > 0 {
			bidder = (g.lastBase0PersonID(ev)/hotBidderRatio)*hotBidderRatio + 1
		} else {
			bidder = g.nextBase0PersonID(ev, r)
		}
		bidder += firstPersonID
		p := price(r)
		var channel, url string
		if r.intn(hotChannelRatio) > 0 {
			i := r.intn(int64(len(channels)))
			channel, url = channels[i], "https://www.nexmark.com/"+strings.ToLower(channels[i])+"/item.htm?query=1"
		} else {
			channel = fmt.Sprintf("channel-%d", r.intn(10000))
			url = "https://www.nexmark.com/" + r.str(5) + "/" + r.str(5) + "/" + r.str(5) + "/item.htm?query=1&channel_id=" + fmt.Sprint(r.intn(1<<20))
		}
		all = []base.Datum{base.DInt64(auction), base.DInt64(bidder), base.DInt64(p), base.DText(channel), base.DText(url),
			base.DTimestamp(ts), base.DText(extra(r, 32+len(url), 100))}
	}
	for i, j := range g.colIdx {
		out[i] = all[j]
	}
}

// kindOf returns the type of event ev: 0 person, 1 auction, 2 bid.
func (g *gen) kindOf(ev int64) int {
	off := ev % g.total
	switch {
	case off < g.pProp:
		return 0
	case off < g.pProp+g.aProp:
		return 1
	}
	return 2
}

type reader struct {
	g     *gen
	types []base.Type
	next  int64 // next event number
}

func newReader(cfg connector.SourceConfig) (stream.SourceReader, error) {
	g, err := compile(cfg)
	if err != nil {
		return nil, err
	}
	if !g.hasBase {
		g.baseUS = time.Now().UnixMicro()
	}
	r := &reader{g: g, types: connector.ColumnTypes(cfg.Relation)}
	if cfg.Offset != nil {
		if len(cfg.Offset) != 8 {
			return nil, fmt.Errorf("nexmark: invalid checkpoint")
		}
		r.next = int64(binary.BigEndian.Uint64(cfg.Offset))
	}
	return r, nil
}

func (r *reader) Close() error { return nil }

func (r *reader) Read(ctx context.Context) (*base.Chunk, []byte, error) {
	g := r.g
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if r.next >= g.eventNum {
			return nil, nil, io.EOF
		}
		limit := g.eventNum
		if g.realTime {
			now := time.Now().UnixMicro()
			if g.timeOf(r.next) > now {
				wait := time.Duration(g.timeOf(r.next)-now) * time.Microsecond
				t := time.NewTimer(min(wait, 100*time.Millisecond))
				select {
				case <-ctx.Done():
					t.Stop()
					return nil, nil, ctx.Err()
				case <-t.C:
				}
				continue
			}
			if g.gapNS > 0 {
				limit = min(limit, (now-g.baseUS)*1000/g.gapNS+1)
			}
		}
		c := base.NewChunk(r.types, g.chunk)
		row := make([]base.Datum, len(r.types))
		// Scan at most a few chunks' worth of events per call, so a
		// rare type (Person: 1 in 50) still returns regularly.
		for scanned := 0; c.Len() < g.chunk && r.next < limit && scanned < 64*g.chunk; scanned++ {
			if g.kindOf(r.next) == g.kind {
				g.row(r.next, row)
				c.AppendRow(row)
			}
			r.next++
		}
		cp := binary.BigEndian.AppendUint64(nil, uint64(r.next))
		if c.Len() == 0 {
			return nil, cp, nil
		}
		return c, cp, nil
	}
}
