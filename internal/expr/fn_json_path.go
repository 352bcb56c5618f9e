package expr

import (
	"strconv"
	"strings"

	"github.com/tributarydb/tributary/internal/base"
)

// jsonb modification by path: jsonb - integer, jsonb - text[], #-,
// jsonb_set, jsonb_insert, and jsonb_pretty.

func init() {
	j, t, i4 := base.JSONB, base.Text, base.Int32
	tArr := base.ArrayOf(t)
	regBin("-", j, i4, j, func(_ *Context, a []base.Datum) (base.Datum, error) {
		x, err := parseJSONB(a[0])
		if err != nil {
			return base.Datum{}, err
		}
		switch x.Kind {
		case base.JSONArray:
			i, ok := arrayIndex(len(x.Arr), a[1].I)
			if !ok {
				return a[0], nil
			}
			r := &base.JSONValue{Kind: base.JSONArray}
			r.Arr = append(append(r.Arr, x.Arr[:i]...), x.Arr[i+1:]...)
			return canonical(r)
		case base.JSONObject:
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "cannot delete from object using integer index")
		}
		return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "cannot delete from scalar")
	})
	regBin("-", j, tArr, j, func(_ *Context, a []base.Datum) (base.Datum, error) {
		x, err := parseJSONB(a[0])
		if err != nil {
			return base.Datum{}, err
		}
		drop := map[string]bool{}
		for _, k := range a[1].A {
			if !k.Null {
				drop[k.S] = true
			}
		}
		switch x.Kind {
		case base.JSONObject:
			r := &base.JSONValue{Kind: base.JSONObject}
			for i, k := range x.Keys {
				if !drop[k] {
					r.Keys = append(r.Keys, k)
					r.Vals = append(r.Vals, x.Vals[i])
				}
			}
			return canonical(r)
		case base.JSONArray:
			r := &base.JSONValue{Kind: base.JSONArray}
			for _, e := range x.Arr {
				if !(e.Kind == base.JSONString && drop[e.Str]) {
					r.Arr = append(r.Arr, e)
				}
			}
			return canonical(r)
		}
		return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "cannot delete from scalar")
	})
	regBin("#-", j, tArr, j, func(_ *Context, a []base.Datum) (base.Datum, error) {
		x, err := parseJSONB(a[0])
		if err != nil {
			return base.Datum{}, err
		}
		if x.Kind != base.JSONObject && x.Kind != base.JSONArray {
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "cannot delete path in scalar")
		}
		path, err := jsonPathKeys(a[1])
		if err != nil {
			return base.Datum{}, err
		}
		if len(path) == 0 {
			return a[0], nil
		}
		if err := jsonEditPath(x, path, 0, jsonDelete, nil); err != nil {
			return base.Datum{}, err
		}
		return canonical(x)
	})
	set := func(_ *Context, a []base.Datum) (base.Datum, error) {
		create := len(a) < 4 || a[3].Bool()
		return jsonbSetOrInsert(a, map[bool]jsonEdit{true: jsonSetCreate, false: jsonSet}[create])
	}
	regFunc("jsonb_set", ts(j, tArr, j), j, set)
	regFunc("jsonb_set", ts(j, tArr, j, base.Bool), j, set)
	insert := func(_ *Context, a []base.Datum) (base.Datum, error) {
		after := len(a) > 3 && a[3].Bool()
		return jsonbSetOrInsert(a, map[bool]jsonEdit{true: jsonInsertAfter, false: jsonInsertBefore}[after])
	}
	regFunc("jsonb_insert", ts(j, tArr, j), j, insert)
	regFunc("jsonb_insert", ts(j, tArr, j, base.Bool), j, insert)
	regFunc("jsonb_pretty", ts(j), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		x, err := parseJSONB(a[0])
		if err != nil {
			return base.Datum{}, err
		}
		var b strings.Builder
		jsonPretty(&b, x, 0)
		return txt(b.String()), nil
	})
}

// jsonEdit is the operation applied at the last step of a path.
type jsonEdit uint8

const (
	jsonDelete jsonEdit = iota
	jsonSet
	jsonSetCreate
	jsonInsertBefore
	jsonInsertAfter
)

func jsonbSetOrInsert(a []base.Datum, op jsonEdit) (base.Datum, error) {
	x, err := parseJSONB(a[0])
	if err != nil {
		return base.Datum{}, err
	}
	nv, err := parseJSONB(a[2])
	if err != nil {
		return base.Datum{}, err
	}
	if x.Kind != base.JSONObject && x.Kind != base.JSONArray {
		return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "cannot set path in scalar")
	}
	path, err := jsonPathKeys(a[1])
	if err != nil {
		return base.Datum{}, err
	}
	if len(path) == 0 {
		return a[0], nil
	}
	if err := jsonEditPath(x, path, 0, op, nv); err != nil {
		return base.Datum{}, err
	}
	return canonical(x)
}

func jsonPathKeys(d base.Datum) ([]string, error) {
	out := make([]string, len(d.A))
	for i, p := range d.A {
		if p.Null {
			return nil, base.Errorf(base.CodeNullValueNotAllowed, "path element at position %d is null", i+1)
		}
		out[i] = p.S
	}
	return out, nil
}

// arrayIndex resolves a possibly negative index into an array of n.
func arrayIndex(n int, i int64) (int, bool) {
	if i < 0 {
		i += int64(n)
	}
	if i < 0 || i >= int64(n) {
		return 0, false
	}
	return int(i), true
}

// jsonEditPath applies op at path[k:] inside v (an object or array),
// following PostgreSQL's setPath: a missing intermediate step leaves the
// value unchanged; array steps must be integers.
func jsonEditPath(v *base.JSONValue, path []string, k int, op jsonEdit, nv *base.JSONValue) error {
	last := k == len(path)-1
	key := path[k]
	switch v.Kind {
	case base.JSONObject:
		idx := -1
		for i, kk := range v.Keys {
			if kk == key {
				idx = i
				break
			}
		}
		if !last {
			if idx >= 0 {
				return jsonEditPath(&v.Vals[idx], path, k+1, op, nv)
			}
			return nil
		}
		switch op {
		case jsonDelete:
			if idx >= 0 {
				v.Keys = append(v.Keys[:idx:idx], v.Keys[idx+1:]...)
				v.Vals = append(v.Vals[:idx:idx], v.Vals[idx+1:]...)
			}
		case jsonSet, jsonSetCreate:
			if idx >= 0 {
				v.Vals[idx] = *nv
			} else if op == jsonSetCreate {
				v.Keys = append(v.Keys, key)
				v.Vals = append(v.Vals, *nv)
			}
		default:
			if idx >= 0 {
				return base.Errorf(base.CodeInvalidParameterValue, "cannot replace existing key").
					WithHint("Try using the function jsonb_set to replace key value.")
			}
			v.Keys = append(v.Keys, key)
			v.Vals = append(v.Vals, *nv)
		}
		return nil
	case base.JSONArray:
		i64, err := strconv.ParseInt(strings.TrimSpace(key), 10, 32)
		if err != nil {
			if op == jsonDelete {
				return base.Errorf(base.CodeInvalidParameterValue, "path element at position %d is not an integer: \"%s\"", k+1, key)
			}
			return base.Errorf(base.CodeInvalidParameterValue, "path element at position %d is not an integer: \"%s\"", k+1, key)
		}
		n := len(v.Arr)
		i, ok := arrayIndex(n, i64)
		if !last {
			if ok {
				return jsonEditPath(&v.Arr[i], path, k+1, op, nv)
			}
			return nil
		}
		switch op {
		case jsonDelete:
			if ok {
				v.Arr = append(v.Arr[:i:i], v.Arr[i+1:]...)
			}
		case jsonSet, jsonSetCreate:
			switch {
			case ok:
				v.Arr[i] = *nv
			case op == jsonSetCreate && i64 < 0:
				v.Arr = append([]base.JSONValue{*nv}, v.Arr...)
			case op == jsonSetCreate:
				v.Arr = append(v.Arr, *nv)
			}
		default:
			pos := n // beyond the end: append
			switch {
			case ok:
				pos = i
				if op == jsonInsertAfter {
					pos++
				}
			case i64 < 0:
				pos = 0
			}
			arr := make([]base.JSONValue, 0, n+1)
			arr = append(append(append(arr, v.Arr[:pos]...), *nv), v.Arr[pos:]...)
			v.Arr = arr
		}
		return nil
	}
	// A scalar in the middle of the path: nothing to do.
	return nil
}

// jsonPretty writes jsonb_pretty's layout: one element per line, four
// spaces per level.
func jsonPretty(b *strings.Builder, v *base.JSONValue, depth int) {
	ind := func(d int) { b.WriteString(strings.Repeat("    ", d)) }
	switch v.Kind {
	case base.JSONArray:
		if len(v.Arr) == 0 {
			// PostgreSQL still breaks the line inside an empty container.
			b.WriteString("[\n")
			ind(depth)
			b.WriteString("]")
			return
		}
		b.WriteString("[\n")
		for i := range v.Arr {
			if i > 0 {
				b.WriteString(",\n")
			}
			ind(depth + 1)
			jsonPretty(b, &v.Arr[i], depth+1)
		}
		b.WriteString("\n")
		ind(depth)
		b.WriteString("]")
	case base.JSONObject:
		if len(v.Keys) == 0 {
			b.WriteString("{\n")
			ind(depth)
			b.WriteString("}")
			return
		}
		b.WriteString("{\n")
		for i := range v.Keys {
			if i > 0 {
				b.WriteString(",\n")
			}
			ind(depth + 1)
			b.Write(base.AppendJSONString(nil, v.Keys[i]))
			b.WriteString(": ")
			jsonPretty(b, &v.Vals[i], depth+1)
		}
		b.WriteString("\n")
		ind(depth)
		b.WriteString("}")
	default:
		b.WriteString(v.String())
	}
}
