package stream

import (
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/state"
)

// stateTable is an operator's view of one state table. Keys are
// memcomparable encodings of key datums; values are rows of datums.
//
// Why not state.StateTable directly: an operator flushes its writes into
// the epoch's batch at a barrier but keeps processing the next epoch
// before that batch commits (the runtime waits for every actor). A plain
// write buffer would then read stale committed state. stateTable keeps
// every flushed-but-uncommitted epoch as an immutable overlay layer until
// the runtime reports the epoch committed, so reads always see the
// operator's own writes: current buffer → uncommitted layers → Pebble.
//
// Rows handed to put are retained; rows returned by get/scan must not be
// modified. Not safe for concurrent use: one actor owns it (parallel
// actors of one operator share the table ID, but their key sets are
// disjoint by construction of the hash distribution).
type stateTable struct {
	rt        *Runtime
	id        uint32
	valTypes  []base.Type
	desc      []bool // per key column; nil: all ascending
	prefixLen int    // key columns of the indexed scan prefix (0: none)
	cur       *overlay
	layers    []*overlay // flushed, not yet committed; oldest first
	// lazy: overlays log writes and build their key index only when read
	// (tables written far more than read back, e.g. an aggregation's,
	// whose operator caches what it wrote). Not for indexed tables.
	lazy bool
}

type ovEntry struct {
	row []base.Datum // nil and raw nil: deleted
	raw []byte       // the row already encoded (putRawEnc), shared, never modified
}

type ovWrite struct {
	k string
	e ovEntry
}

type overlay struct {
	epoch uint64
	// m indexes the writes by key; nil while a lazy overlay has not been
	// read: its writes are only in log, in order (the last one wins).
	m        map[string]ovEntry
	log      []ovWrite
	byPrefix map[string]map[string]struct{}
}

func newOverlay(indexed, lazy bool) *overlay {
	o := &overlay{}
	if !lazy || indexed {
		o.m = map[string]ovEntry{}
	}
	if indexed {
		o.byPrefix = map[string]map[string]struct{}{}
	}
	return o
}

// index returns the overlay's writes by key, building the index of a lazy
// overlay on first use (it stays indexed from then on).
func (o *overlay) index() map[string]ovEntry {
	if o.m == nil {
		o.m = make(map[string]ovEntry, len(o.log))
		for _, w := range o.log {
			o.m[w.k] = w.e
		}
		o.log = nil
	}
	return o.m
}

func (o *overlay) set(k string, e ovEntry) {
	if o.m == nil {
		o.log = append(o.log, ovWrite{k, e})
		return
	}
	o.m[k] = e
}

func (o *overlay) empty() bool { return len(o.m) == 0 && len(o.log) == 0 }

func newStateTable(rt *Runtime, id uint32, valTypes []base.Type, prefixLen int, desc []bool) *stateTable {
	return &stateTable{rt: rt, id: id, valTypes: valTypes, desc: desc, prefixLen: prefixLen, cur: newOverlay(prefixLen > 0, false)}
}

// setLazy makes the table's overlays lazy (see stateTable.lazy); call it
// before the first write.
func (t *stateTable) setLazy() {
	if t.prefixLen > 0 {
		return
	}
	t.lazy = true
	t.cur = newOverlay(false, true)
}

// entryRow decodes an overlay entry (nil, false: deleted).
func (t *stateTable) entryRow(e ovEntry) ([]base.Datum, bool, error) {
	if e.row != nil {
		return e.row, true, nil
	}
	if e.raw == nil {
		return nil, false, nil
	}
	row, err := base.DecodeRow(e.raw, t.valTypes)
	if err != nil {
		return nil, false, err
	}
	return row, true, nil
}

// encodeKey appends the memcomparable encoding of key to dst.
func (t *stateTable) encodeKey(dst []byte, key []base.Datum) []byte {
	for i, d := range key {
		dst = base.EncodeKey(dst, d, t.desc != nil && i < len(t.desc) && t.desc[i])
	}
	return dst
}

func (t *stateTable) trim() {
	c := t.rt.committed.Load()
	n := 0
	for n < len(t.layers) && t.layers[n].epoch <= c {
		n++
	}
	if n > 0 {
		t.layers = append(t.layers[:0], t.layers[n:]...)
	}
}

// get returns the row under key.
func (t *stateTable) get(key []base.Datum) ([]base.Datum, bool, error) {
	return t.getEnc(string(t.encodeKey(nil, key)))
}

func (t *stateTable) getEnc(k string) ([]base.Datum, bool, error) {
	if e, ok := t.cur.index()[k]; ok {
		return t.entryRow(e)
	}
	t.trim()
	for i := len(t.layers) - 1; i >= 0; i-- {
		if e, ok := t.layers[i].index()[k]; ok {
			return t.entryRow(e)
		}
	}
	v, ok, err := t.rt.cfg.Store.Get(t.id, []byte(k))
	if err != nil || !ok {
		return nil, false, err
	}
	row, err := base.DecodeRow(v, t.valTypes)
	if err != nil {
		return nil, false, err
	}
	return row, true, nil
}

// put sets key → row (row is retained).
func (t *stateTable) put(key, row []base.Datum) {
	k := t.encodeKey(nil, key)
	t.setEnc(k, row, key)
}

func (t *stateTable) putEnc(k string, row []base.Datum) {
	if t.cur.byPrefix == nil {
		t.cur.set(k, ovEntry{row: row})
		return
	}
	t.setEnc([]byte(k), row, nil)
}

func (t *stateTable) del(key []base.Datum) {
	k := t.encodeKey(nil, key)
	t.setEnc(k, nil, key)
}

func (t *stateTable) delEnc(k string) { t.cur.set(k, ovEntry{}) }

// putRawEnc sets k → the row encoded in raw (base.EncodeRow), which is
// retained and must never be modified; it may be shared. Not for indexed
// tables.
func (t *stateTable) putRawEnc(k string, raw []byte) {
	if t.cur.byPrefix != nil {
		panic("stream: indexed state table written without key datums")
	}
	t.cur.set(k, ovEntry{raw: raw})
}

// setEnc records a write; key (optional) gives the datums to compute the
// indexed prefix without re-decoding.
func (t *stateTable) setEnc(k []byte, row []base.Datum, key []base.Datum) {
	ks := string(k)
	t.cur.set(ks, ovEntry{row: row})
	if t.cur.byPrefix != nil {
		if key == nil {
			panic("stream: indexed state table written without key datums")
		}
		p := string(t.encodeKey(nil, key[:t.prefixLen]))
		s := t.cur.byPrefix[p]
		if s == nil {
			s = map[string]struct{}{}
			t.cur.byPrefix[p] = s
		}
		s[ks] = struct{}{}
	}
}

var errStopScan = errors.New("stop scan")

// scan calls fn in key order for every live row whose key starts with
// the encoding of prefix. fn may return errStopScan to end early. fn must
// not write to the table.
func (t *stateTable) scan(prefix []base.Datum, fn func(k string, row []base.Datum) error) error {
	return t.scanEnc(t.encodeKey(nil, prefix), len(prefix) == t.prefixLen && t.prefixLen > 0, fn)
}

func (t *stateTable) scanEnc(p []byte, indexed bool, fn func(k string, row []base.Datum) error) error {
	t.trim()
	ps := string(p)
	// Collect overlay entries newest-wins.
	merged := map[string]ovEntry{}
	collect := func(o *overlay) {
		if indexed && o.byPrefix != nil {
			for k := range o.byPrefix[ps] {
				merged[k] = o.m[k]
			}
			return
		}
		for k, e := range o.index() {
			if strings.HasPrefix(k, ps) {
				merged[k] = e
			}
		}
	}
	for _, l := range t.layers {
		collect(l)
	}
	collect(t.cur)
	keys := make([]string, 0, len(merged))
	for k := range merged {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var end []byte
	if len(p) > 0 {
		end = prefixSuccessor(p)
	}
	it, err := t.rt.cfg.Store.NewIterator(t.id, p, end)
	if err != nil {
		return err
	}
	defer it.Close()
	call := func(k string, e ovEntry) error {
		row, ok, err := t.entryRow(e)
		if err != nil || !ok {
			return err
		}
		return fn(k, row)
	}
	bi := 0
	for ok := it.First(); ok; ok = it.Next() {
		k := string(it.Key())
		for bi < len(keys) && keys[bi] < k {
			if err := call(keys[bi], merged[keys[bi]]); err != nil {
				return stopOK(err)
			}
			bi++
		}
		if bi < len(keys) && keys[bi] == k {
			if err := call(keys[bi], merged[keys[bi]]); err != nil {
				return stopOK(err)
			}
			bi++
			continue
		}
		row, err := base.DecodeRow(it.Value(), t.valTypes)
		if err != nil {
			return err
		}
		if err := fn(k, row); err != nil {
			return stopOK(err)
		}
	}
	if err := it.Error(); err != nil {
		return err
	}
	for ; bi < len(keys); bi++ {
		if err := call(keys[bi], merged[keys[bi]]); err != nil {
			return stopOK(err)
		}
	}
	return nil
}

func stopOK(err error) error {
	if err == errStopScan {
		return nil
	}
	return err
}

func prefixSuccessor(p []byte) []byte {
	s := append([]byte(nil), p...)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] != 0xff {
			s[i]++
			return s[:i+1]
		}
	}
	return nil
}

// kvWrite is one encoded write destined for the epoch batch.
type kvWrite struct {
	key, val []byte // val nil: delete
}

// flush turns the current buffer into encoded writes and keeps it as the
// uncommitted layer of epoch.
func (t *stateTable) flush(epoch uint64, out []kvWrite) []kvWrite {
	t.trim()
	o := t.cur
	if o.empty() {
		return out
	}
	// Keys and encoded rows go to one arena (the batch copies them): a
	// few allocations per flush instead of two per write.
	size := 0
	for _, w := range o.log {
		size += len(w.k) + len(w.e.raw)
		if w.e.row != nil {
			size += 64
		}
	}
	arena := make([]byte, 0, size+len(o.m)*96)
	out = slices.Grow(out, len(o.m)+len(o.log))
	add := func(k string, e ovEntry) {
		if cap(arena)-len(arena) < len(k)+len(e.raw)+64 {
			arena = make([]byte, 0, max(1<<16, 2*(len(k)+len(e.raw)+64)))
		}
		s := len(arena)
		arena = append(arena, k...)
		w := kvWrite{key: arena[s:len(arena):len(arena)]}
		switch {
		case e.raw != nil:
			w.val = e.raw
		case e.row != nil:
			s = len(arena)
			arena = base.EncodeRow(arena, e.row)
			w.val = arena[s:len(arena):len(arena)]
		}
		out = append(out, w)
	}
	if o.m != nil {
		for k, e := range o.m {
			add(k, e)
		}
	}
	// A lazy overlay's log may write a key twice: the batch keeps the
	// last write, as the index would.
	for _, w := range o.log {
		add(w.k, w.e)
	}
	o.epoch = epoch
	t.layers = append(t.layers, o)
	t.cur = newOverlay(t.prefixLen > 0, t.lazy)
	if t.cur.m == nil {
		t.cur.log = make([]ovWrite, 0, len(o.log)) // epochs tend to look alike
	}
	return out
}

func applyWrites(b *state.Batch, id uint32, ws []kvWrite) {
	for _, w := range ws {
		if w.val == nil {
			b.Delete(id, w.key)
		} else {
			b.Put(id, w.key, w.val)
		}
	}
}
