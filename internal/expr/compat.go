package expr

import (
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

// Thin wrappers over internal/base so the whole package goes through one
// place for text I/O, casts and ordering.

func (ctx *Context) loc() *time.Location {
	if ctx == nil || ctx.Location == nil {
		return time.UTC
	}
	return ctx.Location
}

func castDatum(ctx *Context, d base.Datum, to base.Type) (base.Datum, error) {
	if d.Null {
		return base.NullOf(to.Kind), nil
	}
	return base.Cast(d, to, ctx.loc())
}

func parseText(t base.Type, s string, loc *time.Location) (base.Datum, error) {
	if loc == nil {
		loc = time.UTC
	}
	return base.ParseText(t, s, loc)
}

func formatText(d base.Datum, t base.Type, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return base.FormatText(d, t, loc)
}

// cmpDatum orders two non-NULL datums of the same kind.
func cmpDatum(a, b base.Datum) int { return compareValues(a, b) }
