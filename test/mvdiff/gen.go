package mvdiff

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"time"
)

// stmt is one DML statement in both dialects (pg differs for key overwrites).
type stmt struct {
	tri, pg string
}

// gen produces random rows and DML over the three tables. It tracks the live keys of each
// table approximately (exactly after refresh); a statement aimed at a key that is gone is
// harmless: it affects zero rows on both engines.
type gen struct {
	r      *rand.Rand
	live   map[string]map[string]bool // table -> live keys
	prefix string                     // key prefix (concurrent writers own disjoint prefixes)
}

func newGen(seed int64, prefix string) *gen {
	return &gen{
		r:      rand.New(rand.NewSource(seed)),
		live:   map[string]map[string]bool{impressions.name: {}, conversions.name: {}, campaigns.name: {}, crmConversions.name: {}},
		prefix: prefix,
	}
}

const (
	impressionKeys = 4000
	conversionKeys = 1500
	campaignKeys   = 30 // c00..c29; impressions and conversions also name c30..c32 (never a campaign)
	userKeys       = 300
)

var (
	platforms = []string{"google", "meta", "tiktok", "programmatic"}
	channels  = []string{"search", "social", "display", "video"}
	baseTime  = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
)

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }
func (g *gen) intn(n int) int        { return g.r.Intn(n) }

func q(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (g *gen) orNull(p float64, s string) string {
	if g.chance(p) {
		return "NULL"
	}
	return s
}

func (g *gen) campaign() string { return q(fmt.Sprintf("c%02d", g.intn(campaignKeys+3))) }
func (g *gen) user() string     { return q(fmt.Sprintf("u%03d", g.intn(userKeys))) }
func (g *gen) platform() string { return q(platforms[g.intn(len(platforms))]) }

// cost is a multiple of 0.25, so float sums are exact in any order.
func (g *gen) cost() string { return fmt.Sprintf("%g", float64(g.intn(41))*0.25) }

func (g *gen) revenue() string {
	c := g.intn(50000)
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}

func (g *gen) ts(span time.Duration) string {
	t := baseTime.Add(time.Duration(g.r.Int63n(int64(span/time.Second))) * time.Second)
	return q(t.Format("2006-01-02 15:04:05+00"))
}

func (g *gen) key(tbl string) string {
	switch tbl {
	case impressions.name:
		return fmt.Sprintf("%simp-%05d", g.prefix, g.intn(impressionKeys))
	case conversions.name, crmConversions.name:
		return fmt.Sprintf("%scv-%05d", g.prefix, g.intn(conversionKeys))
	default:
		return fmt.Sprintf("c%02d", g.intn(campaignKeys))
	}
}

// liveKey returns a live key of tbl (or a random one when none is known).
func (g *gen) liveKey(tbl string) string {
	m := g.live[tbl]
	if len(m) == 0 {
		return g.key(tbl)
	}
	// Sample through a few random probes, then a sorted scan (deterministic per seed).
	for range 8 {
		if k := g.key(tbl); m[k] {
			return k
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys[g.intn(len(keys))]
}

// row returns the VALUES tuple (without parentheses) for a new row of tbl with key k.
func (g *gen) row(tbl, k string) string {
	switch tbl {
	case impressions.name:
		return strings.Join([]string{q(k), g.campaign(), q(fmt.Sprintf("ag%d", g.intn(6))), q(fmt.Sprintf("cr%d", g.intn(10))),
			g.orNull(0.03, g.platform()), g.orNull(0.03, g.cost()), g.orNull(0.03, g.user()), g.orNull(0.01, g.ts(72*time.Hour))}, ", ")
	case conversions.name, crmConversions.name:
		return strings.Join([]string{q(k), g.orNull(0.03, g.user()), g.campaign(), g.orNull(0.03, g.revenue()), g.ts(96 * time.Hour)}, ", ")
	default:
		return strings.Join([]string{q(k), q(fmt.Sprintf("Campaign %s %d", strings.ToUpper(k), g.intn(100))),
			g.orNull(0.1, q(channels[g.intn(len(channels))])), fmt.Sprint(50 * (1 + g.intn(40))), []string{"true", "false", "true", "true", "NULL"}[g.intn(5)]}, ", ")
	}
}

func tableByName(name string) *table {
	for _, t := range append(allTables, &crmConversions) {
		if t.name == name {
			return t
		}
	}
	panic(name)
}

// upsertPG turns a Tributary INSERT into PostgreSQL's overwrite equivalent.
func upsertPG(t *table, insert string) string {
	sets := make([]string, 0, len(t.cols)-1)
	for _, c := range t.cols[1:] {
		sets = append(sets, c+" = EXCLUDED."+c)
	}
	return insert + " ON CONFLICT (" + t.pk + ") DO UPDATE SET " + strings.Join(sets, ", ")
}

// insert inserts n rows with distinct keys (new or existing: an existing key overwrites).
func (g *gen) insert(tbl string, n int, existing bool) stmt {
	t := tableByName(tbl)
	seen := map[string]bool{}
	var tuples []string
	for len(tuples) < n {
		var k string
		if existing {
			k = g.liveKey(tbl)
		} else {
			k = g.key(tbl)
		}
		if seen[k] {
			if len(seen) >= len(g.live[tbl]) && existing {
				break
			}
			continue
		}
		seen[k] = true
		g.live[tbl][k] = true
		tuples = append(tuples, "("+g.row(tbl, k)+")")
	}
	s := "INSERT INTO " + tbl + " VALUES " + strings.Join(tuples, ", ")
	return stmt{tri: s, pg: upsertPG(t, s)}
}

func same(s string) stmt { return stmt{tri: s, pg: s} }

// setClause returns a random SET assignment for a non-key column of tbl.
func (g *gen) setClause(tbl string) string {
	switch tbl {
	case impressions.name:
		switch g.intn(7) {
		case 0:
			return "cost_usd = " + g.orNull(0.05, g.cost())
		case 1:
			return "cost_usd = cost_usd + 0.25"
		case 2:
			return "user_id = " + g.orNull(0.05, g.user())
		case 3:
			return "platform = " + g.orNull(0.05, g.platform())
		case 4:
			return "campaign_id = " + g.campaign()
		case 5:
			return "event_time = event_time + INTERVAL '" + fmt.Sprint(g.intn(40)-20) + " minutes'"
		default:
			return "event_time = " + g.ts(72*time.Hour) + ", cost_usd = " + g.cost()
		}
	case conversions.name, crmConversions.name:
		switch g.intn(4) {
		case 0:
			return "revenue_usd = " + g.orNull(0.05, g.revenue())
		case 1:
			return "user_id = " + g.user()
		case 2:
			return "converted_at = " + g.ts(96*time.Hour)
		default:
			return "campaign_id = " + g.campaign() + ", revenue_usd = revenue_usd + 1.50"
		}
	default:
		switch g.intn(4) {
		case 0:
			return "channel = " + g.orNull(0.1, q(channels[g.intn(len(channels))]))
		case 1:
			return "active = NOT active"
		case 2:
			return "daily_budget = " + fmt.Sprint(50*(1+g.intn(40)))
		default:
			return "campaign_name = upper(campaign_name)"
		}
	}
}

// predicate returns a WHERE condition selecting a small group of rows of tbl.
func (g *gen) predicate(tbl string) string {
	switch tbl {
	case impressions.name:
		switch g.intn(3) {
		case 0:
			return "user_id = " + g.user()
		case 1:
			return "campaign_id = " + g.campaign() + " AND platform = " + g.platform() + " AND creative_id = " + q(fmt.Sprintf("cr%d", g.intn(10)))
		default:
			return "cost_usd = " + g.cost() + " AND ad_group_id = " + q(fmt.Sprintf("ag%d", g.intn(6)))
		}
	case conversions.name, crmConversions.name:
		if g.chance(0.5) {
			return "user_id = " + g.user()
		}
		return "revenue_usd < " + fmt.Sprint(g.intn(10))
	default:
		return "channel = " + q(channels[g.intn(len(channels))]) + " AND daily_budget < " + fmt.Sprint(50*(1+g.intn(10)))
	}
}

// pickTable picks the table of the next statement.
func (g *gen) pickTable() string {
	switch x := g.intn(100); {
	case x < 55:
		return impressions.name
	case x < 92:
		return conversions.name
	default:
		return campaigns.name
	}
}

// next returns one random DML statement on tbl.
func (g *gen) next(tbl string) stmt {
	t := tableByName(tbl)
	pkEq := func() string { return t.pk + " = " + q(g.liveKey(tbl)) }
	if tbl != impressions.name && g.intn(4000) == 0 { // empty the table (views go through their empty states)
		g.live[tbl] = map[string]bool{}
		return same("DELETE FROM " + tbl)
	}
	switch x := g.intn(1000); {
	case x < 10: // many rows at once
		switch tbl {
		case impressions.name:
			if g.chance(0.3) { // every row: more than one chunk of changes
				return same("UPDATE paid_media_impressions SET cost_usd = cost_usd + 0.25, user_id = user_id || ''")
			}
			return same("UPDATE paid_media_impressions SET cost_usd = cost_usd + 0.25, event_time = event_time + INTERVAL '7 minutes' WHERE platform = " + g.platform())
		case campaigns.name:
			return same("UPDATE campaigns SET active = NOT active")
		default:
			return same("UPDATE " + tbl + " SET converted_at = converted_at - INTERVAL '1 hour'")
		}
	case x < 30: // change the primary key to a fresh one
		old := g.liveKey(tbl)
		k := g.key(tbl)
		if g.live[tbl][k] {
			return same("UPDATE " + tbl + " SET " + g.setClause(tbl) + " WHERE " + t.pk + " = " + q(old))
		}
		delete(g.live[tbl], old)
		g.live[tbl][k] = true
		return same("UPDATE " + tbl + " SET " + t.pk + " = " + q(k) + " WHERE " + t.pk + " = " + q(old))
	}
	switch x := g.intn(100); {
	case x < 35: // new rows (a key that exists already overwrites)
		n := 1
		if g.chance(0.3) {
			n = 2 + g.intn(5)
		}
		return g.insert(tbl, n, false)
	case x < 50: // overwrite existing keys
		return g.insert(tbl, 1+g.intn(2), true)
	case x < 68:
		return same("UPDATE " + tbl + " SET " + g.setClause(tbl) + " WHERE " + pkEq())
	case x < 75:
		return same("UPDATE " + tbl + " SET " + g.setClause(tbl) + " WHERE " + g.predicate(tbl))
	case x < 94:
		if tbl == campaigns.name && g.chance(0.6) { // keep the dimension populated
			return g.insert(tbl, 1, false)
		}
		k := g.liveKey(tbl)
		delete(g.live[tbl], k)
		if g.chance(0.2) {
			k2 := g.liveKey(tbl)
			delete(g.live[tbl], k2)
			return same("DELETE FROM " + tbl + " WHERE " + t.pk + " IN (" + q(k) + ", " + q(k2) + ")")
		}
		return same("DELETE FROM " + tbl + " WHERE " + t.pk + " = " + q(k))
	default:
		return same("DELETE FROM " + tbl + " WHERE " + g.predicate(tbl))
	}
}

// nextByKey returns a random DML statement on tbl that touches rows by primary key only
// (concurrent writers owning disjoint key prefixes then never touch each other's rows).
func (g *gen) nextByKey(tbl string) stmt {
	t := tableByName(tbl)
	switch x := g.intn(100); {
	case x < 40:
		return g.insert(tbl, 1+g.intn(3), false)
	case x < 55:
		return g.insert(tbl, 1, true)
	case x < 80:
		k := g.liveKey(tbl)
		return same("UPDATE " + tbl + " SET " + g.setClause(tbl) + " WHERE " + t.pk + " = " + q(k))
	default:
		k := g.liveKey(tbl)
		delete(g.live[tbl], k)
		return same("DELETE FROM " + tbl + " WHERE " + t.pk + " = " + q(k))
	}
}
