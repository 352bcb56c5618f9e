package expr

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

func arrOf(elem base.Kind, a []base.Datum) base.Datum { return base.DArray(elem, a) }

func elemKind(d base.Datum) base.Kind { return base.Kind(d.I) }

func containsAll(a, b []base.Datum) bool {
	for _, y := range b {
		if y.Null {
			return false
		}
		found := false
		for _, x := range a {
			if !x.Null && compareValues(x, y) == 0 {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func init() {
	A, E, i4, t := tAnyArray, tAnyElement, base.Int32, base.Text
	regFunc("array_length", ts(A, i4), i4, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[1].I != 1 || len(a[0].A) == 0 {
			return base.NullOf(base.KindInt32), nil
		}
		return i32(int64(len(a[0].A))), nil
	})
	regFunc("array_upper", ts(A, i4), i4, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[1].I != 1 || len(a[0].A) == 0 {
			return base.NullOf(base.KindInt32), nil
		}
		return i32(int64(len(a[0].A))), nil
	})
	regFunc("array_lower", ts(A, i4), i4, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[1].I != 1 || len(a[0].A) == 0 {
			return base.NullOf(base.KindInt32), nil
		}
		return i32(1), nil
	})
	regFunc("array_ndims", ts(A), i4, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if len(a[0].A) == 0 {
			return base.NullOf(base.KindInt32), nil
		}
		return i32(1), nil
	})
	regFunc("cardinality", ts(A), i4, func(_ *Context, a []base.Datum) (base.Datum, error) { return i32(int64(len(a[0].A))), nil })
	regFunc("array_position", ts(A, E), i4, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Null {
			return base.NullOf(base.KindInt32), nil
		}
		for i, x := range a[0].A {
			if !distinct(x, a[1]) {
				return i32(int64(i + 1)), nil
			}
		}
		return base.NullOf(base.KindInt32), nil
	}, nonStrict)
	regFunc("array_positions", ts(A, E), base.ArrayOf(i4), func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Null {
			return base.NullOf(base.KindArray), nil
		}
		out := []base.Datum{}
		for i, x := range a[0].A {
			if !distinct(x, a[1]) {
				out = append(out, i32(int64(i+1)))
			}
		}
		return arrOf(base.KindInt32, out), nil
	}, nonStrict)
	toString := func(ctx *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Null || a[1].Null {
			return base.NullOf(base.KindText), nil
		}
		var b strings.Builder
		first := true
		for _, x := range a[0].A {
			var s string
			if x.Null {
				if len(a) < 3 || a[2].Null {
					continue
				}
				s = a[2].S
			} else {
				s = textOf(ctx, x)
			}
			if !first {
				b.WriteString(a[1].S)
			}
			first = false
			b.WriteString(s)
		}
		return txt(b.String()), nil
	}
	regFunc("array_to_string", ts(A, t), t, toString)
	regFunc("array_to_string", ts(A, t, t), t, toString, nonStrict)
	appendFn := func(_ *Context, a []base.Datum) (base.Datum, error) {
		k := elemKind(a[0])
		if a[0].Null {
			k = a[1].K
			return arrOf(k, []base.Datum{a[1]}), nil
		}
		out := append(append([]base.Datum{}, a[0].A...), a[1])
		return arrOf(k, out), nil
	}
	prependFn := func(_ *Context, a []base.Datum) (base.Datum, error) {
		k := elemKind(a[1])
		if a[1].Null {
			return arrOf(a[0].K, []base.Datum{a[0]}), nil
		}
		out := append([]base.Datum{a[0]}, a[1].A...)
		return arrOf(k, out), nil
	}
	catFn := func(_ *Context, a []base.Datum) (base.Datum, error) {
		switch {
		case a[0].Null && a[1].Null:
			return base.NullOf(base.KindArray), nil
		case a[0].Null:
			return a[1], nil
		case a[1].Null:
			return a[0], nil
		}
		out := append(append([]base.Datum{}, a[0].A...), a[1].A...)
		return arrOf(elemKind(a[0]), out), nil
	}
	regFunc("array_append", ts(A, E), A, appendFn, nonStrict)
	regFunc("array_prepend", ts(E, A), A, prependFn, nonStrict)
	regFunc("array_cat", ts(A, A), A, catFn, nonStrict)
	regBin("||", A, A, A, catFn, nonStrict)
	regBin("||", A, E, A, appendFn, nonStrict)
	regBin("||", E, A, A, prependFn, nonStrict)
	regFunc("array_remove", ts(A, E), A, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Null {
			return a[0], nil
		}
		out := []base.Datum{}
		for _, x := range a[0].A {
			if distinct(x, a[1]) {
				out = append(out, x)
			}
		}
		return arrOf(elemKind(a[0]), out), nil
	}, nonStrict)
	regFunc("array_replace", ts(A, E, E), A, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Null {
			return a[0], nil
		}
		out := make([]base.Datum, len(a[0].A))
		for i, x := range a[0].A {
			if !distinct(x, a[1]) {
				out[i] = a[2]
			} else {
				out[i] = x
			}
		}
		return arrOf(elemKind(a[0]), out), nil
	}, nonStrict)
	regBin("@>", A, A, base.Bool, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DBool(containsAll(a[0].A, a[1].A)), nil
	})
	regBin("<@", A, A, base.Bool, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DBool(containsAll(a[1].A, a[0].A)), nil
	})
	regBin("&&", A, A, base.Bool, func(_ *Context, a []base.Datum) (base.Datum, error) {
		for _, y := range a[1].A {
			if !y.Null && containsAll(a[0].A, []base.Datum{y}) {
				return base.DBool(true), nil
			}
		}
		return base.DBool(false), nil
	})
}
