package slt

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the expected results of .slt files from the server's output")

// RewriteMode reports whether -rewrite was given.
func RewriteMode() bool { return *rewrite }

// RecordTimeout bounds the execution of one record.
var RecordTimeout = 60 * time.Second

// Failure is one record whose outcome differed from its expectation.
type Failure struct {
	Path string
	Rec  *Record
	Msg  string
}

func (f Failure) String() string {
	return fmt.Sprintf("%s:%d: %s\nSQL:\n%s", f.Path, f.Rec.Line, f.Msg, indent(f.Rec.SQL))
}

// Result summarizes a file's run.
type Result struct {
	Ran, Skipped int
	Failures     []Failure
	// Rewritten holds the new file contents in rewrite mode (nil otherwise or when
	// nothing changed).
	Rewritten []byte
	// Aborted is set when the run stopped early (connection lost).
	Aborted string
}

// RunFile runs the .slt file at path on conn as engine ("tributary" or "postgres"),
// reporting every failing record (file:line, SQL, expected and got) with t.Errorf and
// continuing with the next record. In rewrite mode (-rewrite) it rewrites the file's
// expected query results from the server's output instead of comparing them.
func RunFile(t *testing.T, conn *pgx.Conn, path string, engine string) {
	t.Helper()
	f, err := ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res := Run(context.Background(), conn, f, engine, *rewrite)
	for _, fl := range res.Failures {
		t.Error(fl.String())
	}
	if res.Aborted != "" {
		t.Errorf("%s: run aborted: %s", path, res.Aborted)
	}
	if res.Rewritten != nil {
		if err := os.WriteFile(path, res.Rewritten, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote %s", path)
	}
	t.Logf("%s: %d records ran, %d skipped, %d failed", path, res.Ran, res.Skipped, len(res.Failures))
}

// Run executes f on conn as engine. With rewrite, query results are not compared but
// collected into Result.Rewritten.
func Run(ctx context.Context, conn *pgx.Conn, f *File, engine string, rewrite bool) *Result {
	res := &Result{}
	labels := map[string][]string{}
	newResults := map[*Record][]string{}
	newTypes := map[*Record]string{}
	fail := func(r *Record, format string, args ...any) {
		res.Failures = append(res.Failures, Failure{Path: f.Path, Rec: r, Msg: fmt.Sprintf(format, args...)})
	}
records:
	for _, r := range f.Records {
		if !r.Runs(engine) {
			res.Skipped++
			continue
		}
		if r.Kind == KindHalt {
			break
		}
		res.Ran++
		rctx, cancel := context.WithTimeout(ctx, RecordTimeout)
		results, err := execAll(rctx, conn.PgConn(), r.SQL)
		if err == nil && rctx.Err() != nil {
			err = rctx.Err()
		}
		cancel()
		switch {
		case r.ExpectError:
			if err == nil {
				fail(r, "expected an error matching %q, but the %s succeeded", r.ErrorPattern, kindName(r))
			} else if ok, why := MatchError(r.ErrorPattern, err); !ok {
				fail(r, "expected an error matching %q, got %s", r.ErrorPattern, why)
			}
		case err != nil:
			fail(r, "unexpected error: %s", DescribeError(err))
		case r.Kind == KindStatement:
			if r.HasCount {
				var n int64
				if len(results) > 0 {
					n = results[len(results)-1].CommandTag.RowsAffected()
				}
				if n != r.ExpectCount {
					fail(r, "expected %d rows affected, got %d", r.ExpectCount, n)
				}
			}
		default: // a query
			var last *execResult
			for _, rs := range results {
				if rs.FieldDescriptions != nil {
					last = rs
				}
			}
			if last == nil {
				fail(r, "the query returned no result set")
				break
			}
			got := FormatRows(last.Rows, r.Sort)
			if len(r.Types) != len(last.FieldDescriptions) {
				if rewrite {
					newTypes[r] = typeString(last.FieldDescriptions)
				} else {
					fail(r, "type string %q has %d columns, the result has %d", r.Types, len(r.Types), len(last.FieldDescriptions))
				}
			}
			if rewrite {
				newResults[r] = got
			} else {
				want := append([]string(nil), r.Expected...)
				if r.Sort != NoSort {
					sort.Strings(want)
				}
				if !equalLines(want, got) {
					fail(r, "results differ (%s)\n%s", r.Sort, diffText(want, got))
				}
			}
			if r.Label != "" {
				if prev, ok := labels[r.Label]; ok && !equalLines(prev, got) {
					fail(r, "results differ from the earlier query labelled %q\n%s", r.Label, diffText(prev, got))
				} else if !ok {
					labels[r.Label] = got
				}
			}
		}
		if err != nil && conn.PgConn().IsClosed() {
			res.Aborted = fmt.Sprintf("%s:%d: connection lost: %s", f.Path, r.Line, DescribeError(err))
			break records
		}
	}
	if rewrite && len(newResults) > 0 {
		out := rewriteFile(f, newResults, newTypes)
		res.Rewritten = out
	}
	return res
}

type execResult struct {
	FieldDescriptions []pgconn.FieldDescription // nil when the statement returns no rows
	Rows              [][][]byte
	CommandTag        pgconn.CommandTag
}

// execAll runs sql over the simple query protocol and returns every statement's result;
// values are the raw text the server sent (nil for NULL).
func execAll(ctx context.Context, pc *pgconn.PgConn, sql string) ([]*execResult, error) {
	mrr := pc.Exec(ctx, sql)
	var out []*execResult
	for mrr.NextResult() {
		rr := mrr.ResultReader()
		res := &execResult{}
		if fds := rr.FieldDescriptions(); fds != nil {
			res.FieldDescriptions = append([]pgconn.FieldDescription{}, fds...)
		}
		for rr.NextRow() {
			vals := rr.Values()
			row := make([][]byte, len(vals))
			for i, v := range vals {
				if v != nil {
					row[i] = append([]byte{}, v...)
				}
			}
			res.Rows = append(res.Rows, row)
		}
		tag, err := rr.Close()
		res.CommandTag = tag
		if err != nil {
			_ = mrr.Close()
			return out, err
		}
		out = append(out, res)
	}
	return out, mrr.Close()
}

func kindName(r *Record) string {
	if r.Kind == KindQuery {
		return "query"
	}
	return "statement"
}

// MatchError reports whether err matches an error expectation: "" matches any error, a
// five-character alphanumeric pattern is compared with the SQLSTATE, anything else is a
// regexp on the message. The second result describes err.
func MatchError(pattern string, err error) (bool, string) {
	why := DescribeError(err)
	if pattern == "" {
		return true, why
	}
	var pgErr *pgconn.PgError
	isPg := errors.As(err, &pgErr)
	if IsSQLState(pattern) {
		return isPg && strings.EqualFold(pgErr.Code, pattern), why
	}
	re, rerr := regexp.Compile(pattern)
	if rerr != nil {
		return false, fmt.Sprintf("(bad regexp %q: %v) %s", pattern, rerr, why)
	}
	msg := err.Error()
	if isPg {
		msg = pgErr.Message
	}
	return re.MatchString(msg), why
}

// DescribeError renders err with its SQLSTATE when it is a server error.
func DescribeError(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Sprintf("%s: %s (SQLSTATE %s)", pgErr.Severity, pgErr.Message, pgErr.Code)
	}
	return err.Error()
}

// FormatValue renders one raw text value the way expectations spell it.
func FormatValue(v []byte) string {
	if v == nil {
		return "NULL"
	}
	if len(v) == 0 {
		return "(empty)"
	}
	s := string(v)
	if strings.ContainsAny(s, "\n\r") {
		s = strings.ReplaceAll(s, "\r", `\r`)
		s = strings.ReplaceAll(s, "\n", `\n`)
	}
	return s
}

// FormatRows renders result rows as expectation lines, sorted per mode.
func FormatRows(rows [][][]byte, mode SortMode) []string {
	var out []string
	for _, row := range rows {
		if mode == ValueSort {
			for _, v := range row {
				out = append(out, FormatValue(v))
			}
			continue
		}
		vals := make([]string, len(row))
		for i, v := range row {
			vals[i] = FormatValue(v)
		}
		out = append(out, strings.Join(vals, " "))
	}
	if mode != NoSort {
		sort.Strings(out)
	}
	return out
}

func typeString(fds []pgconn.FieldDescription) string {
	var b strings.Builder
	for _, fd := range fds {
		switch fd.DataTypeOID {
		case 20, 21, 23, 26:
			b.WriteByte('I')
		case 700, 701, 1700:
			b.WriteByte('R')
		case 16:
			b.WriteByte('B')
		default:
			b.WriteByte('T')
		}
	}
	if b.Len() == 0 {
		return "T"
	}
	return b.String()
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

const maxShown = 40

func diffText(want, got []string) string {
	var b strings.Builder
	first := -1
	for i := 0; i < len(want) || i < len(got); i++ {
		if i >= len(want) || i >= len(got) || want[i] != got[i] {
			first = i
			break
		}
	}
	fmt.Fprintf(&b, "expected (%d lines):\n", len(want))
	writeLines(&b, want)
	fmt.Fprintf(&b, "got (%d lines):\n", len(got))
	writeLines(&b, got)
	if first >= 0 {
		fmt.Fprintf(&b, "first difference at result line %d", first+1)
	}
	return b.String()
}

func writeLines(b *strings.Builder, lines []string) {
	for i, l := range lines {
		if i == maxShown {
			fmt.Fprintf(b, "    ... %d more\n", len(lines)-maxShown)
			break
		}
		b.WriteString("    ")
		b.WriteString(l)
		b.WriteByte('\n')
	}
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// rewriteFile returns f's text with the result blocks of the records in results replaced.
func rewriteFile(f *File, results map[*Record][]string, types map[*Record]string) []byte {
	var out []string
	pos := 0
	for _, r := range f.Records {
		got, ok := results[r]
		if !ok {
			continue
		}
		out = append(out, f.Lines[pos:r.headerIdx]...)
		header := f.Lines[r.headerIdx]
		if ts, ok := types[r]; ok {
			header = queryHeader(ts, r)
		}
		out = append(out, header)
		out = append(out, f.Lines[r.headerIdx+1:r.sqlEnd]...)
		out = append(out, "----")
		out = append(out, got...)
		pos = r.end
	}
	out = append(out, f.Lines[pos:]...)
	return []byte(strings.Join(out, "\n") + "\n")
}

func queryHeader(types string, r *Record) string {
	h := "query " + types
	if r.Sort != NoSort {
		h += " " + r.Sort.String()
	}
	if r.Label != "" {
		if r.Sort == NoSort {
			h += " nosort"
		}
		h += " " + r.Label
	}
	return h
}
