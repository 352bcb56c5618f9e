package datagen

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/connector"
	"github.com/tributarydb/tributary/internal/stream"
)

func init() {
	connector.Register("datagen", connector.Spec{
		Doc: "generates rows from per-column rules (sequence or random), for tests and demos",
		Options: []connector.OptionSpec{
			{Name: "datagen.rows.per.second", Default: "10", Doc: "rows generated per second, over all splits"},
			{Name: "datagen.split.num", Default: "1", Doc: "number of splits (combined into one reader)"},
			{Name: "fields.<col>.kind", Doc: "sequence | random (default random)"},
			{Name: "fields.<col>.start", Doc: "first value of a sequence (default 0)"},
			{Name: "fields.<col>.end", Doc: "last value of a sequence; the source ends after it (default: the type's maximum)"},
			{Name: "fields.<col>.min", Doc: "smallest random number (default 0)"},
			{Name: "fields.<col>.max", Doc: "largest random number (default 32767)"},
			{Name: "fields.<col>.seed", Doc: "random seed (default: the column's position)"},
			{Name: "fields.<col>.length", Doc: "length of random strings (default 10)"},
			{Name: "fields.<col>.max_past", Doc: "random timestamps lie up to this far before the base time (default 1 day)"},
			{Name: "fields.<col>.max_past_mode", Doc: "absolute: base = basetime or reader start (default); relative: base = generation time"},
			{Name: "fields.<col>.basetime", Doc: "base time of absolute random timestamps (RFC 3339)"},
		},
		Validate:  func(cfg connector.SourceConfig) error { _, err := compile(cfg); return err },
		NewReader: newReader,
	})
}

type kind uint8

const (
	kindRandom kind = iota
	kindSequence
)

// field generates one column.
type field struct {
	typ            base.Type
	kind           kind
	start, end     int64
	min, max       float64
	seed           uint64
	length         int
	maxPast        time.Duration
	relative       bool
	base           int64 // µs; 0 = reader start
	hasBase        bool
	intMin, intMax int64
}

type gen struct {
	fields []field
	rate   float64
}

func compile(cfg connector.SourceConfig) (*gen, error) {
	rel := cfg.Relation
	rate, err := cfg.Float("datagen.rows.per.second", 10)
	if err != nil {
		return nil, err
	}
	if rate <= 0 {
		return nil, connector.Errorf("datagen.rows.per.second must be positive")
	}
	if n, err := cfg.Int("datagen.split.num", 1); err != nil {
		return nil, err
	} else if n < 1 {
		return nil, connector.Errorf("datagen.split.num must be at least 1")
	}
	for k := range cfg.Options {
		if col, _, ok := fieldKey(k); ok && rel.ColumnIndex(col) < 0 {
			return nil, connector.Errorf("option %q names column %q, which the source does not have", k, col)
		}
	}
	g := &gen{rate: rate}
	for i, c := range rel.Columns {
		f, err := compileField(cfg, i, c)
		if err != nil {
			return nil, err
		}
		g.fields = append(g.fields, f)
	}
	return g, nil
}

func fieldKey(k string) (col, prop string, ok bool) {
	rest, ok := strings.CutPrefix(k, "fields.")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(rest, '.')
	if i < 0 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

func compileField(cfg connector.SourceConfig, i int, c catalog.Column) (field, error) {
	p := "fields." + c.Name + "."
	f := field{typ: c.Type, min: 0, max: 32767, seed: uint64(i + 1), length: 10, maxPast: 24 * time.Hour}
	switch k := strings.ToLower(cfg.String(p+"kind", "random")); k {
	case "random":
	case "sequence":
		f.kind = kindSequence
	default:
		return f, connector.Errorf("invalid value %q for option %q: want sequence or random", k, p+"kind")
	}
	var err error
	if f.start, err = cfg.Int(p+"start", 0); err != nil {
		return f, err
	}
	if f.end, err = cfg.Int(p+"end", math.MaxInt64); err != nil {
		return f, err
	}
	if f.min, err = cfg.Float(p+"min", 0); err != nil {
		return f, err
	}
	if f.max, err = cfg.Float(p+"max", 32767); err != nil {
		return f, err
	}
	if f.max < f.min {
		return f, connector.Errorf("%smax (%g) is below %smin (%g)", p, f.max, p, f.min)
	}
	if s, err := cfg.Int(p+"seed", int64(i+1)); err != nil {
		return f, err
	} else {
		f.seed = uint64(s)
	}
	if l, err := cfg.Int(p+"length", 10); err != nil {
		return f, err
	} else if l < 0 || l > 1<<20 {
		return f, connector.Errorf("%slength must be between 0 and 1048576", p)
	} else {
		f.length = int(l)
	}
	if f.maxPast, err = cfg.Duration(p+"max_past", 24*time.Hour); err != nil {
		return f, err
	}
	switch m := strings.ToLower(cfg.String(p+"max_past_mode", "absolute")); m {
	case "absolute":
	case "relative":
		f.relative = true
	default:
		return f, connector.Errorf("invalid value %q for option %q: want absolute or relative", m, p+"max_past_mode")
	}
	if bt := cfg.String(p+"basetime", ""); bt != "" {
		d, err := base.ParseText(base.TimestampTZ, bt, time.UTC)
		if err != nil {
			return f, connector.Errorf("invalid value %q for option %q: want a timestamp", bt, p+"basetime")
		}
		f.base, f.hasBase = d.I, true
	}
	switch c.Type.Kind {
	case base.KindInt16:
		f.intMin, f.intMax = math.MinInt16, math.MaxInt16
	case base.KindInt32:
		f.intMin, f.intMax = math.MinInt32, math.MaxInt32
	case base.KindInt64:
		f.intMin, f.intMax = math.MinInt64, math.MaxInt64
	case base.KindFloat32, base.KindFloat64, base.KindNumeric, base.KindText:
	case base.KindBool, base.KindDate, base.KindTimestamp, base.KindTimestampTZ:
		if f.kind == kindSequence {
			return f, base.NotSupported("datagen: column %q of type %s cannot be a sequence", c.Name, c.Type)
		}
	default:
		return f, base.NotSupported("datagen: column %q has type %s, which datagen does not generate", c.Name, c.Type)
	}
	if f.intMax != 0 && f.kind == kindSequence && f.end > f.intMax {
		f.end = f.intMax
	}
	return f, nil
}

// splitmix64 is a fast, well-mixed hash: random values are a function of
// (seed, row), so any row can be regenerated.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (f *field) rand(n uint64, k uint64) uint64 {
	return splitmix64(f.seed*0x100000001b3 ^ splitmix64(n*8+k))
}

func (f *field) unit(n uint64) float64 { return float64(f.rand(n, 0)>>11) / (1 << 53) }

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// value appends row n's value; false when a sequence is past its end.
func (f *field) value(v *base.Vector, n uint64, start, now int64) bool {
	if f.kind == kindSequence {
		x := f.start + int64(n)
		if x > f.end || x < f.start {
			return false
		}
		switch f.typ.Kind {
		case base.KindFloat32, base.KindFloat64:
			v.AppendFloat(float64(x))
		case base.KindNumeric:
			v.Append(base.DNumeric(apd.New(x, 0)))
		case base.KindText:
			v.AppendString(strconv.FormatInt(x, 10))
		default:
			v.AppendInt(x)
		}
		return true
	}
	switch f.typ.Kind {
	case base.KindInt16, base.KindInt32, base.KindInt64:
		lo, hi := int64(math.Ceil(f.min)), int64(math.Floor(f.max))
		lo, hi = max(lo, f.intMin), min(hi, f.intMax)
		span := uint64(hi - lo + 1)
		if span == 0 {
			v.AppendInt(lo + int64(f.rand(n, 0)))
		} else {
			v.AppendInt(lo + int64(f.rand(n, 0)%span))
		}
	case base.KindFloat32, base.KindFloat64:
		v.AppendFloat(f.min + f.unit(n)*(f.max-f.min))
	case base.KindNumeric:
		x := f.min + f.unit(n)*(f.max-f.min)
		v.Append(base.DNumeric(apd.New(int64(math.Round(x*100)), -2)))
	case base.KindText:
		b := make([]byte, f.length)
		for i := range b {
			b[i] = letters[f.rand(n, uint64(i+1))%uint64(len(letters))]
		}
		v.AppendBytes(b)
	case base.KindBool:
		v.Append(base.DBool(f.rand(n, 0)&1 == 1))
	case base.KindDate, base.KindTimestamp, base.KindTimestampTZ:
		b := start
		if f.relative {
			b = now
		} else if f.hasBase {
			b = f.base
		}
		ts := b - int64(f.unit(n)*float64(f.maxPast.Microseconds()))
		switch f.typ.Kind {
		case base.KindDate:
			v.Append(base.DDate(floorDiv(ts, 86_400_000_000)))
		case base.KindTimestamp:
			v.Append(base.DTimestamp(ts))
		default:
			v.Append(base.DTimestampTZ(ts))
		}
	}
	return true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

type reader struct {
	g       *gen
	types   []base.Type
	next    uint64 // next row number
	started time.Time
	emitted float64 // rows emitted since started
	startUS int64
	done    bool
}

func newReader(cfg connector.SourceConfig) (stream.SourceReader, error) {
	g, err := compile(cfg)
	if err != nil {
		return nil, err
	}
	r := &reader{g: g, types: connector.ColumnTypes(cfg.Relation), started: time.Now()}
	r.startUS = r.started.UnixMicro()
	if len(cfg.Offset) == 8 {
		r.next = binary.BigEndian.Uint64(cfg.Offset)
	} else if cfg.Offset != nil {
		return nil, fmt.Errorf("datagen: invalid checkpoint (%d bytes)", len(cfg.Offset))
	}
	return r, nil
}

// Read emits the rows due by now at the configured rate, at most one
// chunk, waiting (≤100ms at a time) when none is due.
func (r *reader) Read(ctx context.Context) (*base.Chunk, []byte, error) {
	if r.done {
		return nil, nil, io.EOF
	}
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		due := time.Since(r.started).Seconds()*r.g.rate - r.emitted
		if due >= 1 {
			n := int(min(due, float64(base.MaxChunkRows)))
			return r.generate(n)
		}
		wait := time.Duration((1 - due) / r.g.rate * float64(time.Second))
		wait = min(max(wait, time.Millisecond), 100*time.Millisecond)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, nil, ctx.Err()
		case <-t.C:
		}
	}
}

func (r *reader) generate(n int) (*base.Chunk, []byte, error) {
	c := base.NewChunk(r.types, n)
	now := time.Now().UnixMicro()
	rows := 0
	for ; rows < n; rows++ {
		row := r.next + uint64(rows)
		ok := true
		for i := range r.g.fields {
			if !r.g.fields[i].value(c.Cols[i], row, r.startUS, now) {
				ok = false
				break
			}
		}
		if !ok {
			// Drop the partial row: truncate every column to rows.
			trunc := base.NewChunk(r.types, rows)
			for i := 0; i < rows; i++ {
				trunc.AppendRow(c.Row(i))
			}
			c = trunc
			r.done = true
			break
		}
	}
	if len(r.types) == 0 {
		c.Rows = rows
	}
	r.next += uint64(rows)
	r.emitted += float64(n)
	cp := binary.BigEndian.AppendUint64(nil, r.next)
	if rows == 0 {
		return nil, nil, io.EOF
	}
	return c, cp, nil
}

func (r *reader) Close() error { return nil }
