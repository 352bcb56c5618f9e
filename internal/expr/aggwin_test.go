package expr

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tributarydb/tributary/internal/base"
)

func readLines(t *testing.T, name string) [][]string {
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		out = append(out, strings.Split(l, "|"))
	}
	return out
}

func splitVals(s string) []string {
	if strings.Contains(s, ";") {
		return strings.Split(s, ";")
	}
	return strings.Split(s, ",")
}

func aggSQL(c []string) string {
	var rows []string
	for _, v := range splitVals(c[2]) {
		rows = append(rows, fmt.Sprintf("(%s::%s)", v, c[1]))
	}
	return fmt.Sprintf("SELECT %s FROM (VALUES %s) t(x)", c[0], strings.Join(rows, ","))
}

func winSQL(c []string) string {
	var rows []string
	for _, kv := range strings.Split(c[2], ",") {
		p := strings.SplitN(kv, ":", 2)
		rows = append(rows, fmt.Sprintf("(%s, %s::int4)", p[0], p[1]))
	}
	return fmt.Sprintf("SELECT k || ':' || coalesce((%s OVER (%s))::text, 'NULL') FROM (VALUES %s) t(k,x) ORDER BY 1", c[0], c[1], strings.Join(rows, ","))
}

func generateAggWin(t *testing.T, conn *pgx.Conn) {
	ctx := context.Background()
	for _, f := range []struct {
		in, out string
		sql     func([]string) string
	}{{"testdata/aggs.txt", "testdata/aggs.expected", aggSQL}, {"testdata/windows.txt", "testdata/windows.expected", winSQL}} {
		var b strings.Builder
		for _, c := range readLines(t, f.in) {
			rows, err := conn.Query(ctx, f.sql(c), pgx.QueryExecModeSimpleProtocol)
			if err != nil {
				t.Fatal(err)
			}
			var res []string
			for rows.Next() {
				v := rows.RawValues()[0]
				if v == nil {
					res = append(res, "NULL")
				} else {
					res = append(res, string(v))
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatalf("%s: %v", f.sql(c), err)
			}
			rows.Close()
			fmt.Fprintf(&b, "%s\t%s\n", strings.Join(c, "|"), strconv.Quote(strings.Join(res, ",")))
		}
		if err := os.WriteFile(f.out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGenerateAggWindowExpected(t *testing.T) {
	if *pgURL == "" {
		t.Skip("no -pg URL")
	}
	conn, err := pgx.Connect(context.Background(), *pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	generateAggWin(t, conn)
}

func readExpected(t *testing.T, name string) [][2]string {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Skip("no expected file")
	}
	var out [][2]string
	for _, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		k := strings.LastIndexByte(l, '\t')
		want, err := strconv.Unquote(l[k+1:])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, [2]string{l[:k], want})
	}
	return out
}

func evalLit(t *testing.T, src string) base.Datum {
	e, err := bindSQL(src)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	d, err := e.EvalRow(&Context{}, nil)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return d
}

var aggCallRE = regexp.MustCompile(`^(\w+)\((DISTINCT )?(.*?)( ORDER BY x( DESC)?)?\)$`)

func TestAggregateCases(t *testing.T) {
	for _, c := range readExpected(t, "testdata/aggs.expected") {
		parts := strings.Split(c[0], "|")
		m := aggCallRE.FindStringSubmatch(parts[0])
		if m == nil {
			t.Fatalf("bad agg call %q", parts[0])
		}
		colType, _ := bindSQL("NULL::" + parts[1])
		var argTypes []base.Type
		var consts []base.Datum // nil entry: the column
		if m[3] != "*" {
			for _, a := range splitArgs(m[3]) {
				if a == "x" {
					argTypes = append(argTypes, colType.Type())
					consts = append(consts, base.Datum{K: 255})
				} else {
					d := evalLit(t, a+"::text")
					argTypes = append(argTypes, base.Text)
					consts = append(consts, d)
				}
			}
		}
		agg, casts, err := LookupAgg(m[1], argTypes, m[2] != "")
		if err != nil {
			t.Errorf("%s: %v", parts[0], err)
			continue
		}
		if m[4] != "" {
			agg = agg.WithOrderBy([]SortSpec{{Desc: m[5] != "", NullsFirst: m[5] != ""}})
		}
		var rows [][]base.Datum
		for _, v := range splitVals(parts[2]) {
			x := evalLit(t, v+"::"+parts[1])
			var args []base.Datum
			for i, k := range consts {
				if k.K == 255 {
					xx := x
					if !typeEq(casts[i], colType.Type()) && !x.Null {
						if xx, err = castDatum(nil, x, casts[i]); err != nil {
							t.Fatal(err)
						}
					}
					args = append(args, xx)
				} else {
					args = append(args, k)
				}
			}
			if m[4] != "" {
				args = append(args, x)
			}
			rows = append(rows, args)
		}
		// Plain accumulation, then again with extra rows added and retracted.
		for pass := 0; pass < 2; pass++ {
			st := agg.NewState()
			for i, r := range rows {
				if err := st.Add(r); err != nil {
					t.Fatal(err)
				}
				if pass == 1 {
					// add the previous row again and retract it
					j := (i + len(rows) - 1) % len(rows)
					if err := st.Add(rows[j]); err != nil {
						t.Fatal(err)
					}
					if err := st.Retract(rows[j]); err != nil {
						t.Fatalf("%s retract: %v", parts[0], err)
					}
				}
			}
			d := st.Result()
			got := "NULL"
			if !d.Null {
				got = formatText(d, agg.Ret, nil)
			}
			if got != c[1] {
				t.Errorf("%s over %s (pass %d): got %q want %q", parts[0], parts[2], pass, got, c[1])
			}
		}
	}
}

var frameRE = regexp.MustCompile(`^(?:ORDER BY k)?(?: (ROWS|RANGE|GROUPS) BETWEEN (.+?) AND (.+?)(?: EXCLUDE (CURRENT ROW|GROUP|TIES))?)?$`)

func parseBound(t *testing.T, s string, rangeMode bool) FrameBound {
	switch s {
	case "UNBOUNDED PRECEDING":
		return FrameBound{Kind: BoundUnboundedPreceding}
	case "UNBOUNDED FOLLOWING":
		return FrameBound{Kind: BoundUnboundedFollowing}
	case "CURRENT ROW":
		return FrameBound{Kind: BoundCurrentRow}
	}
	f := strings.Fields(s)
	n, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	b := FrameBound{Kind: BoundPreceding, Offset: n, RangeOffset: base.DInt32(n)}
	if f[1] == "FOLLOWING" {
		b.Kind = BoundFollowing
	}
	return b
}

func TestWindowCases(t *testing.T) {
	for _, c := range readExpected(t, "testdata/windows.expected") {
		parts := strings.Split(c[0], "|")
		call := parts[0]
		name := call[:strings.IndexByte(call, '(')]
		argSrc := strings.TrimSuffix(call[len(name)+1:], ")")
		var argTypes []base.Type
		var consts []string
		if argSrc != "" && argSrc != "*" {
			for _, a := range strings.Split(argSrc, ", ") {
				argTypes = append(argTypes, base.Int32)
				consts = append(consts, a)
			}
		}
		w, _, err := LookupWindow(name, argTypes)
		if err != nil {
			t.Errorf("%s: %v", call, err)
			continue
		}
		m := frameRE.FindStringSubmatch(parts[1])
		if m == nil {
			t.Fatalf("bad frame %q", parts[1])
		}
		frame := DefaultFrame()
		if m[1] != "" {
			frame.Mode = map[string]FrameMode{"ROWS": FrameRows, "RANGE": FrameRange, "GROUPS": FrameGroups}[m[1]]
			frame.Start = parseBound(t, m[2], m[1] == "RANGE")
			frame.End = parseBound(t, m[3], m[1] == "RANGE")
			frame.Exclude = map[string]FrameExclude{"": ExcludeNoOthers, "CURRENT ROW": ExcludeCurrentRow, "GROUP": ExcludeGroup, "TIES": ExcludeTies}[m[4]]
		}
		type row struct{ k, x base.Datum }
		var rows []row
		for _, kv := range strings.Split(parts[2], ",") {
			p := strings.SplitN(kv, ":", 2)
			rows = append(rows, row{evalLit(t, p[0]), evalLit(t, p[1]+"::int4")})
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].k.I < rows[j].k.I })
		var args, keys [][]base.Datum
		for _, r := range rows {
			var a []base.Datum
			for _, cs := range consts {
				if cs == "x" {
					a = append(a, r.x)
				} else {
					a = append(a, evalLit(t, cs))
				}
			}
			args = append(args, a)
			if parts[1] != "" {
				keys = append(keys, []base.Datum{r.k})
			}
		}
		out := base.NewVector(w.Ret, len(rows))
		if err := w.Eval(args, keys, frame, out); err != nil {
			t.Errorf("%s: %v", c[0], err)
			continue
		}
		var res []string
		for i := range rows {
			v := "NULL"
			if d := out.Get(i); !d.Null {
				v, _ = castText(nil, d)
			}
			res = append(res, strconv.FormatInt(rows[i].k.I, 10)+":"+v)
		}
		sort.Strings(res)
		if got := strings.Join(res, ","); got != c[1] {
			t.Errorf("%s OVER (%s): got %q want %q", call, parts[1], got, c[1])
		}
	}
}

// splitArgs splits "x, ', '" on top-level ", " outside quotes.
func splitArgs(s string) []string {
	var out []string
	inQ := false
	start := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			inQ = !inQ
		case !inQ && strings.HasPrefix(s[i:], ", "):
			out = append(out, s[start:i])
			start = i + 2
			i++
		}
	}
	return append(out, s[start:])
}
