package expr

import (
	"math"
	"strconv"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

func parseJSONB(d base.Datum) (*base.JSONValue, error) { return base.ParseJSON(d.S) }

func jsonDatum(v *base.JSONValue) base.Datum { return base.DJSONB(v.String()) }

// jsonText is ->> / #>> output: strings unquoted, JSON null → SQL NULL.
func jsonText(v *base.JSONValue) base.Datum {
	switch v.Kind {
	case base.JSONNull:
		return base.NullOf(base.KindText)
	case base.JSONString:
		return txt(v.Str)
	}
	return txt(v.String())
}

func jsonIndex(v *base.JSONValue, i int64) *base.JSONValue {
	if v.Kind != base.JSONArray {
		return nil
	}
	n := int64(len(v.Arr))
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return nil
	}
	return &v.Arr[i]
}

func jsonKey(v *base.JSONValue, k string) *base.JSONValue {
	r, ok := v.Get(k)
	if !ok {
		return nil
	}
	return r
}

// jsonPath follows a text[] path: keys for objects, integers for arrays.
func jsonPath(v *base.JSONValue, path []base.Datum) *base.JSONValue {
	for _, p := range path {
		if p.Null || v == nil {
			return nil
		}
		switch v.Kind {
		case base.JSONObject:
			v = jsonKey(v, p.S)
		case base.JSONArray:
			i, err := strconv.ParseInt(strings.TrimSpace(p.S), 10, 64)
			if err != nil {
				return nil
			}
			v = jsonIndex(v, i)
		default:
			return nil
		}
	}
	return v
}

// jsonContains is jsonb @> (PostgreSQL's JsonbDeepContains).
func jsonContains(a, b *base.JSONValue) bool {
	if a.Kind != b.Kind {
		// A top-level array contains a scalar that is one of its elements.
		if a.Kind == base.JSONArray && b.Kind != base.JSONObject && b.Kind != base.JSONArray {
			for i := range a.Arr {
				if jsonEqual(&a.Arr[i], b) {
					return true
				}
			}
		}
		return false
	}
	switch a.Kind {
	case base.JSONObject:
		for i, k := range b.Keys {
			av := jsonKey(a, k)
			if av == nil {
				return false
			}
			bv := &b.Vals[i]
			if bv.Kind == base.JSONObject || bv.Kind == base.JSONArray {
				if !jsonContains(av, bv) {
					return false
				}
			} else if !jsonEqual(av, bv) {
				return false
			}
		}
		return true
	case base.JSONArray:
		for i := range b.Arr {
			bv := &b.Arr[i]
			found := false
			for j := range a.Arr {
				av := &a.Arr[j]
				if bv.Kind == base.JSONObject || bv.Kind == base.JSONArray {
					if av.Kind == bv.Kind && jsonContains(av, bv) {
						found = true
						break
					}
				} else if jsonEqual(av, bv) {
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
	return jsonEqual(a, b)
}

func jsonEqual(a, b *base.JSONValue) bool {
	if a.Kind != b.Kind {
		return false
	}
	if a.Kind == base.JSONNumber {
		x, err1 := base.ParseNumeric(a.Str)
		y, err2 := base.ParseNumeric(b.Str)
		if err1 == nil && err2 == nil {
			return x.Cmp(y) == 0
		}
	}
	return a.String() == b.String()
}

func jsonExists(v *base.JSONValue, k string) bool {
	switch v.Kind {
	case base.JSONObject:
		return jsonKey(v, k) != nil
	case base.JSONArray:
		for i := range v.Arr {
			if v.Arr[i].Kind == base.JSONString && v.Arr[i].Str == k {
				return true
			}
		}
	case base.JSONString:
		return v.Str == k
	}
	return false
}

// toJSON converts a datum to a JSON value as to_jsonb does.
func toJSON(ctx *Context, d base.Datum) (*base.JSONValue, error) {
	if d.Null {
		return &base.JSONValue{Kind: base.JSONNull}, nil
	}
	switch d.K {
	case base.KindJSONB:
		return parseJSONB(d)
	case base.KindBool:
		return &base.JSONValue{Kind: base.JSONBool, Bool: d.I != 0}, nil
	case base.KindInt16, base.KindInt32, base.KindInt64, base.KindOid:
		return &base.JSONValue{Kind: base.JSONNumber, Str: strconv.FormatInt(d.I, 10)}, nil
	case base.KindFloat32, base.KindFloat64, base.KindNumeric:
		s := textOf(ctx, d)
		if d.K != base.KindNumeric && (math.IsNaN(d.F) || math.IsInf(d.F, 0)) || d.K == base.KindNumeric && d.D.Form != 0 {
			return &base.JSONValue{Kind: base.JSONString, Str: s}, nil
		}
		return &base.JSONValue{Kind: base.JSONNumber, Str: s}, nil
	case base.KindTimestamp, base.KindTimestampTZ, base.KindDate:
		s := textOf(ctx, d)
		if d.K != base.KindDate && !isInfTS(d.I) {
			// JSON uses ISO 8601 with a T separator and a full offset.
			s = strings.Replace(s, " ", "T", 1)
			if d.K == base.KindTimestampTZ {
				if k := strings.LastIndexAny(s, "+-"); k > 10 && len(s)-k == 3 {
					s += ":00"
				}
			}
		}
		return &base.JSONValue{Kind: base.JSONString, Str: s}, nil
	case base.KindArray:
		out := &base.JSONValue{Kind: base.JSONArray}
		for _, e := range d.A {
			v, err := toJSON(ctx, e)
			if err != nil {
				return nil, err
			}
			out.Arr = append(out.Arr, *v)
		}
		return out, nil
	}
	return &base.JSONValue{Kind: base.JSONString, Str: textOf(ctx, d)}, nil
}

func canonical(v *base.JSONValue) (base.Datum, error) {
	s, err := base.CanonicalJSONB(v.String())
	if err != nil {
		return base.Datum{}, err
	}
	return base.DJSONB(s), nil
}

func init() {
	j, t, i4 := base.JSONB, base.Text, base.Int32
	tArr := base.ArrayOf(t)
	get := func(text bool, byIdx bool) scalarFn {
		return func(_ *Context, a []base.Datum) (base.Datum, error) {
			v, err := parseJSONB(a[0])
			if err != nil {
				return base.Datum{}, err
			}
			var r *base.JSONValue
			if byIdx {
				r = jsonIndex(v, a[1].I)
			} else if v.Kind == base.JSONObject {
				r = jsonKey(v, a[1].S)
			}
			if r == nil {
				if text {
					return base.NullOf(base.KindText), nil
				}
				return base.NullOf(base.KindJSONB), nil
			}
			if text {
				return jsonText(r), nil
			}
			return jsonDatum(r), nil
		}
	}
	regBin("->", j, t, j, get(false, false))
	regBin("->", j, i4, j, get(false, true))
	regBin("->>", j, t, t, get(true, false))
	regBin("->>", j, i4, t, get(true, true))
	path := func(text bool) scalarFn {
		return func(_ *Context, a []base.Datum) (base.Datum, error) {
			v, err := parseJSONB(a[0])
			if err != nil {
				return base.Datum{}, err
			}
			var p []base.Datum
			if len(a) == 2 && a[1].K == base.KindArray {
				p = a[1].A
			} else {
				p = a[1:]
			}
			r := jsonPath(v, p)
			if r == nil {
				if text {
					return base.NullOf(base.KindText), nil
				}
				return base.NullOf(base.KindJSONB), nil
			}
			if text {
				return jsonText(r), nil
			}
			return jsonDatum(r), nil
		}
	}
	regBin("#>", j, tArr, j, path(false))
	regBin("#>>", j, tArr, t, path(true))
	regFunc("jsonb_extract_path", ts(j, t), j, path(false), variadic)
	regFunc("jsonb_extract_path_text", ts(j, t), t, path(true), variadic)
	regFunc("json_extract_path", ts(j, t), j, path(false), variadic)
	regFunc("json_extract_path_text", ts(j, t), t, path(true), variadic)
	contains := func(flip bool) scalarFn {
		return func(_ *Context, a []base.Datum) (base.Datum, error) {
			x, err := parseJSONB(a[0])
			if err != nil {
				return base.Datum{}, err
			}
			y, err := parseJSONB(a[1])
			if err != nil {
				return base.Datum{}, err
			}
			if flip {
				x, y = y, x
			}
			return base.DBool(jsonContains(x, y)), nil
		}
	}
	regBin("@>", j, j, base.Bool, contains(false))
	regBin("<@", j, j, base.Bool, contains(true))
	regBin("?", j, t, base.Bool, func(_ *Context, a []base.Datum) (base.Datum, error) {
		v, err := parseJSONB(a[0])
		if err != nil {
			return base.Datum{}, err
		}
		return base.DBool(jsonExists(v, a[1].S)), nil
	})
	anyAll := func(all bool) scalarFn {
		return func(_ *Context, a []base.Datum) (base.Datum, error) {
			v, err := parseJSONB(a[0])
			if err != nil {
				return base.Datum{}, err
			}
			for _, k := range a[1].A {
				if k.Null {
					continue
				}
				e := jsonExists(v, k.S)
				if e && !all {
					return base.DBool(true), nil
				}
				if !e && all {
					return base.DBool(false), nil
				}
			}
			return base.DBool(all), nil
		}
	}
	regBin("?|", j, tArr, base.Bool, anyAll(false))
	regBin("?&", j, tArr, base.Bool, anyAll(true))
	regBin("||", j, j, j, func(_ *Context, a []base.Datum) (base.Datum, error) {
		x, err := parseJSONB(a[0])
		if err != nil {
			return base.Datum{}, err
		}
		y, err := parseJSONB(a[1])
		if err != nil {
			return base.Datum{}, err
		}
		if x.Kind == base.JSONObject && y.Kind == base.JSONObject {
			r := &base.JSONValue{Kind: base.JSONObject}
			r.Keys = append(r.Keys, x.Keys...)
			r.Vals = append(r.Vals, x.Vals...)
			for i, k := range y.Keys {
				replaced := false
				for m, rk := range r.Keys {
					if rk == k {
						r.Vals[m] = y.Vals[i]
						replaced = true
					}
				}
				if !replaced {
					r.Keys = append(r.Keys, k)
					r.Vals = append(r.Vals, y.Vals[i])
				}
			}
			return canonical(r)
		}
		r := &base.JSONValue{Kind: base.JSONArray}
		for _, v := range []*base.JSONValue{x, y} {
			if v.Kind == base.JSONArray {
				r.Arr = append(r.Arr, v.Arr...)
			} else {
				r.Arr = append(r.Arr, *v)
			}
		}
		return canonical(r)
	})
	regBin("-", j, t, j, func(_ *Context, a []base.Datum) (base.Datum, error) {
		x, err := parseJSONB(a[0])
		if err != nil {
			return base.Datum{}, err
		}
		switch x.Kind {
		case base.JSONObject:
			r := &base.JSONValue{Kind: base.JSONObject}
			for i, k := range x.Keys {
				if k != a[1].S {
					r.Keys = append(r.Keys, k)
					r.Vals = append(r.Vals, x.Vals[i])
				}
			}
			return canonical(r)
		case base.JSONArray:
			r := &base.JSONValue{Kind: base.JSONArray}
			for _, e := range x.Arr {
				if !(e.Kind == base.JSONString && e.Str == a[1].S) {
					r.Arr = append(r.Arr, e)
				}
			}
			return canonical(r)
		}
		return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "cannot delete from scalar")
	})
	regFunc("jsonb_typeof", ts(j), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		v, err := parseJSONB(a[0])
		if err != nil {
			return base.Datum{}, err
		}
		return txt(v.TypeName()), nil
	})
	regFunc("jsonb_array_length", ts(j), i4, func(_ *Context, a []base.Datum) (base.Datum, error) {
		v, err := parseJSONB(a[0])
		if err != nil {
			return base.Datum{}, err
		}
		switch v.Kind {
		case base.JSONArray:
			return i32(int64(len(v.Arr))), nil
		case base.JSONObject:
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "cannot get array length of a non-array")
		}
		return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "cannot get array length of a scalar")
	})
	buildObj := func(ctx *Context, a []base.Datum) (base.Datum, error) {
		if len(a)%2 != 0 {
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "argument list must have even number of elements").
				WithHint("The arguments of jsonb_build_object() must consist of alternating keys and values.")
		}
		r := &base.JSONValue{Kind: base.JSONObject}
		for i := 0; i < len(a); i += 2 {
			if a[i].Null {
				return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "argument %d: key must not be null", i+1)
			}
			v, err := toJSON(ctx, a[i+1])
			if err != nil {
				return base.Datum{}, err
			}
			r.Keys = append(r.Keys, textOf(ctx, a[i]))
			r.Vals = append(r.Vals, *v)
		}
		return canonical(r)
	}
	buildArr := func(ctx *Context, a []base.Datum) (base.Datum, error) {
		r := &base.JSONValue{Kind: base.JSONArray, Arr: []base.JSONValue{}}
		for _, d := range a {
			v, err := toJSON(ctx, d)
			if err != nil {
				return base.Datum{}, err
			}
			r.Arr = append(r.Arr, *v)
		}
		return canonical(r)
	}
	for _, p := range []string{"jsonb", "json"} {
		regFunc(p+"_build_object", ts(tAny), j, buildObj, variadic, nonStrict)
		regFunc(p+"_build_object", nil, j, func(_ *Context, _ []base.Datum) (base.Datum, error) { return base.DJSONB("{}"), nil })
		regFunc(p+"_build_array", ts(tAny), j, buildArr, variadic, nonStrict)
		regFunc(p+"_build_array", nil, j, func(_ *Context, _ []base.Datum) (base.Datum, error) { return base.DJSONB("[]"), nil })
	}
	regFunc("to_jsonb", ts(tAny), j, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		v, err := toJSON(ctx, a[0])
		if err != nil {
			return base.Datum{}, err
		}
		return canonical(v)
	})
	regFunc("jsonb_strip_nulls", ts(j), j, func(_ *Context, a []base.Datum) (base.Datum, error) {
		v, err := parseJSONB(a[0])
		if err != nil {
			return base.Datum{}, err
		}
		var strip func(v *base.JSONValue)
		strip = func(v *base.JSONValue) {
			switch v.Kind {
			case base.JSONObject:
				var ks []string
				var vs []base.JSONValue
				for i, k := range v.Keys {
					if v.Vals[i].Kind != base.JSONNull {
						strip(&v.Vals[i])
						ks = append(ks, k)
						vs = append(vs, v.Vals[i])
					}
				}
				v.Keys, v.Vals = ks, vs
			case base.JSONArray:
				for i := range v.Arr {
					strip(&v.Arr[i])
				}
			}
		}
		strip(v)
		return canonical(v)
	})
}
