package expr

import (
	"crypto/rand"
	"fmt"

	"github.com/tributarydb/tributary/internal/base"
)

// DefaultVersion is what version() returns when Context.Version is empty.
const DefaultVersion = "PostgreSQL 15.0 (Tributary, compatible with RisingWave) on x86_64-pc-linux-gnu"

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func init() {
	t := base.Text
	regFunc("version", nil, t, func(ctx *Context, _ []base.Datum) (base.Datum, error) {
		if ctx == nil {
			return txt(DefaultVersion), nil
		}
		return txt(orDefault(ctx.Version, DefaultVersion)), nil
	})
	user := func(ctx *Context, _ []base.Datum) (base.Datum, error) {
		if ctx == nil {
			return txt("root"), nil
		}
		return txt(orDefault(ctx.User, "root")), nil
	}
	for _, n := range []string{"current_user", "session_user", "user", "current_role"} {
		regFunc(n, nil, t, user)
	}
	// current_setting(name [, missing_ok]) reads the session's settings
	// (SHOW's values).
	setting := func(ctx *Context, a []base.Datum) (base.Datum, error) {
		if ctx == nil || ctx.Setting == nil {
			return base.Datum{}, base.Errorf(base.CodeUndefinedObject, "unrecognized configuration parameter %q", a[0].S)
		}
		v, err := ctx.Setting(a[0].S)
		if err != nil {
			if len(a) > 1 && a[1].I != 0 {
				return base.NullOf(base.KindText), nil
			}
			return base.Datum{}, err
		}
		return txt(v), nil
	}
	regFunc("current_setting", ts(t), t, setting)
	regFunc("current_setting", ts(t, base.Bool), t, setting)
	regFunc("current_database", nil, t, func(ctx *Context, _ []base.Datum) (base.Datum, error) {
		if ctx == nil {
			return txt("dev"), nil
		}
		return txt(orDefault(ctx.Database, "dev")), nil
	})
	regFunc("current_catalog", nil, t, func(ctx *Context, _ []base.Datum) (base.Datum, error) {
		if ctx == nil {
			return txt("dev"), nil
		}
		return txt(orDefault(ctx.Database, "dev")), nil
	})
	regFunc("current_schema", nil, t, func(ctx *Context, _ []base.Datum) (base.Datum, error) {
		if ctx == nil || len(ctx.SearchPath) == 0 {
			return txt("public"), nil
		}
		return txt(ctx.SearchPath[0]), nil
	})
	regFunc("current_schemas", ts(base.Bool), base.ArrayOf(t), func(ctx *Context, a []base.Datum) (base.Datum, error) {
		var out []base.Datum
		if a[0].I != 0 {
			out = append(out, txt("pg_catalog"))
		}
		path := []string{"public"}
		if ctx != nil && len(ctx.SearchPath) > 0 {
			path = ctx.SearchPath
		}
		for _, s := range path {
			out = append(out, txt(s))
		}
		return base.DArray(base.KindText, out), nil
	})
	regFunc("gen_random_uuid", nil, t, func(_ *Context, _ []base.Datum) (base.Datum, error) {
		var b [16]byte
		_, _ = rand.Read(b[:])
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		return txt(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])), nil
	}, volatile)
	count := func(nulls bool) scalarFn {
		return func(_ *Context, a []base.Datum) (base.Datum, error) {
			n := int64(0)
			for _, d := range a {
				if d.Null == nulls {
					n++
				}
			}
			return i32(n), nil
		}
	}
	regFunc("num_nulls", ts(tAny), base.Int32, count(true), variadic, nonStrict)
	regFunc("num_nonnulls", ts(tAny), base.Int32, count(false), variadic, nonStrict)
	regFunc("pg_typeof", ts(tAny), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(datumType(a[0]).String()), nil
	}, nonStrict)
}
