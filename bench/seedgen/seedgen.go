// Package seedgen generates the seed pipeline's paid-media impressions
// (shared/seed/marketing-data-mesh-with-risingwave.txt,
// paid_media_impressions) deterministically, as rows or JSON lines, and
// computes what the seed's paid_media_performance view must hold for
// them.
//
// Event i is a pure function of (seed, i): any range of events can be
// generated independently and in any order. Event times advance by 1 ms
// per event (plus up to 5 s of jitter), so 1M events span about 17
// minutes (2 windows of 15 minutes) and 10M about 2.8 hours (12 windows):
// the shape of a live stream, not of a random backfill. There are 200
// campaigns × 3 ad groups × 4 platforms (2,400 groups per window) and
// 100,000 users.
package seedgen

import (
	"strconv"
	"time"
)

// Shape of the data.
const (
	Campaigns = 200
	AdGroups  = 3
	Creatives = 10
	Platforms = 4
	Users     = 100_000
	// StepMicros is the event-time advance per event.
	StepMicros = 1000
	// JitterMicros bounds the random lateness added to an event time.
	JitterMicros = 5_000_000
	// WindowMicros is the view's TUMBLE size (15 minutes).
	WindowMicros = 15 * 60 * 1_000_000
)

// T0 is the event time of event 0 (µs since the Unix epoch).
var T0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC).UnixMicro()

// Columns of paid_media_impressions, in order, and their SQL types.
var Columns = []string{"impression_id", "campaign_id", "ad_group_id", "creative_id", "platform", "cost_usd", "user_id", "event_time"}

// CreateTable is the table the harness loads (the seed's source columns).
const CreateTable = `CREATE TABLE paid_media_impressions (
    impression_id  VARCHAR,
    campaign_id    VARCHAR,
    ad_group_id    VARCHAR,
    creative_id    VARCHAR,
    platform       VARCHAR,
    cost_usd       DOUBLE PRECISION,
    user_id        VARCHAR,
    event_time     TIMESTAMPTZ
)`

// ViewQuery is the seed's paid_media_performance, verbatim.
const ViewQuery = `SELECT
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
GROUP BY campaign_id, ad_group_id, platform, window_start, window_end`

// CreateView creates the seed's view.
const CreateView = "CREATE MATERIALIZED VIEW paid_media_performance AS " + ViewQuery

var (
	campaignNames = names("cmp-", Campaigns)
	adGroupNames  = names("ag-", AdGroups)
	creativeNames = names("cr-", Creatives)
	userNames     = names("u-", Users)
	// PlatformNames are the seed's platforms.
	PlatformNames = []string{"google", "meta", "tiktok", "programmatic"}
)

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

// Event is one impression in compact form (indexes into the name pools).
type Event struct {
	ID        int64
	Campaign  int
	AdGroup   int
	Creative  int
	Platform  int
	CostCents int64 // cost_usd = CostCents / 100
	User      int
	TimeMicro int64 // event_time, µs since the Unix epoch (UTC)
}

func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Gen returns event i of the stream with the given seed.
func Gen(seed uint64, i int64) Event {
	h := mix(seed*0x9e3779b97f4a7c15 + uint64(i) + 1)
	h2 := mix(h ^ 0x5bd1e995)
	return Event{
		ID:        i,
		Campaign:  int(h % Campaigns),
		AdGroup:   int((h >> 8) % AdGroups),
		Creative:  int((h >> 12) % Creatives),
		Platform:  int((h >> 20) % Platforms),
		CostCents: 1 + int64((h>>24)%500),
		User:      int((h2 >> 3) % Users),
		TimeMicro: T0 + i*StepMicros + int64((h2>>32)%JitterMicros),
	}
}

// ImpressionID is the event's impression_id.
func (e *Event) ImpressionID() string { return "imp-" + strconv.FormatInt(e.ID, 10) }

// CampaignID and the others return the event's column values.
func (e *Event) CampaignID() string { return campaignNames[e.Campaign] }

// AdGroupID is the event's ad_group_id.
func (e *Event) AdGroupID() string { return adGroupNames[e.AdGroup] }

// CreativeID is the event's creative_id.
func (e *Event) CreativeID() string { return creativeNames[e.Creative] }

// PlatformName is the event's platform.
func (e *Event) PlatformName() string { return PlatformNames[e.Platform] }

// UserID is the event's user_id.
func (e *Event) UserID() string { return userNames[e.User] }

// CostUSD is the event's cost_usd.
func (e *Event) CostUSD() float64 { return float64(e.CostCents) / 100 }

// Time is the event's event_time.
func (e *Event) Time() time.Time { return time.UnixMicro(e.TimeMicro).UTC() }

// AppendJSON appends the event as one JSON line (with the trailing
// newline), as a Kafka or file source would carry it.
func (e *Event) AppendJSON(b []byte) []byte {
	b = append(b, `{"impression_id":"imp-`...)
	b = strconv.AppendInt(b, e.ID, 10)
	b = append(b, `","campaign_id":"`...)
	b = append(b, e.CampaignID()...)
	b = append(b, `","ad_group_id":"`...)
	b = append(b, e.AdGroupID()...)
	b = append(b, `","creative_id":"`...)
	b = append(b, e.CreativeID()...)
	b = append(b, `","platform":"`...)
	b = append(b, e.PlatformName()...)
	b = append(b, `","cost_usd":`...)
	b = strconv.AppendFloat(b, e.CostUSD(), 'f', -1, 64)
	b = append(b, `,"user_id":"`...)
	b = append(b, e.UserID()...)
	b = append(b, `","event_time":"`...)
	b = e.Time().AppendFormat(b, "2006-01-02T15:04:05.000000Z07:00")
	b = append(b, "\"}\n"...)
	return b
}

// Totals are what paid_media_performance must hold after events [0, n).
type Totals struct {
	Events    int64 // sum(impressions)
	CostCents int64 // sum(spend_usd) × 100
	Groups    int64 // rows of the view
	Distinct  int64 // sum(unique_users_reached); -1: not computed
}

// Expect computes the view's totals for events [0, n). With distinct,
// it also counts distinct (group, user) pairs, which needs memory in
// proportion to n (about 40 bytes per event).
func Expect(seed uint64, n int64, distinct bool) Totals {
	t := Totals{Events: n, Distinct: -1}
	type gk struct {
		c, ag, p int
		w        int64
	}
	groups := map[gk]struct{}{}
	var pairs map[uint64]struct{}
	if distinct {
		pairs = make(map[uint64]struct{}, n)
	}
	for i := int64(0); i < n; i++ {
		e := Gen(seed, i)
		t.CostCents += e.CostCents
		// T0 is aligned to 15 minutes and times never precede it, so w
		// numbers the TUMBLE windows from 0.
		w := (e.TimeMicro - T0) / WindowMicros
		k := gk{e.Campaign, e.AdGroup, e.Platform, w}
		groups[k] = struct{}{}
		if distinct {
			// campaign (8 bits) | ad group (2) | platform (2) | window (20) | user (17)
			p := uint64(e.Campaign)<<41 | uint64(e.AdGroup)<<39 | uint64(e.Platform)<<37 | uint64(w)<<17 | uint64(e.User)
			pairs[p] = struct{}{}
		}
	}
	t.Groups = int64(len(groups))
	if distinct {
		t.Distinct = int64(len(pairs))
	}
	return t
}
