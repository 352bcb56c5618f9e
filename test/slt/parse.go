package slt

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// Kind is the kind of a record.
type Kind int

// Record kinds.
const (
	KindStatement Kind = iota
	KindQuery
	KindHalt
)

// SortMode says how query results are ordered before comparison.
type SortMode int

// Sort modes.
const (
	NoSort SortMode = iota
	RowSort
	ValueSort
)

func (m SortMode) String() string {
	switch m {
	case RowSort:
		return "rowsort"
	case ValueSort:
		return "valuesort"
	}
	return "nosort"
}

// Record is one test record of a .slt file.
type Record struct {
	Kind Kind
	Line int // 1-based line of the record's header (after any skipif/onlyif)

	SQL string

	// Statement and query error expectations.
	ExpectError  bool
	ErrorPattern string // SQLSTATE (5 alnum) or regexp; empty: any error
	// statement count N
	ExpectCount int64
	HasCount    bool

	// Query expectations.
	Types    string
	Sort     SortMode
	Label    string
	Expected []string // one entry per result line
	HasSep   bool     // the record has a ---- line

	SkipIf []string
	OnlyIf []string

	// Positions in the file's lines (0-based), used by rewrite: the header line, the
	// first line after the SQL (the ---- line or the end of the record), and the end of the
	// record (index of the terminating blank line or len(lines)).
	headerIdx int
	sqlEnd    int
	end       int
}

// Runs reports whether the record applies to engine.
func (r *Record) Runs(engine string) bool {
	for _, e := range r.SkipIf {
		if e == engine {
			return false
		}
	}
	if len(r.OnlyIf) == 0 {
		return true
	}
	for _, e := range r.OnlyIf {
		if e == engine {
			return true
		}
	}
	return false
}

// File is a parsed .slt file.
type File struct {
	Path    string
	Lines   []string
	Records []*Record
}

var sqlstateRe = regexp.MustCompile(`^[0-9A-Za-z]{5}$`)

// IsSQLState reports whether an error expectation names a SQLSTATE.
func IsSQLState(p string) bool { return sqlstateRe.MatchString(p) }

// ParseFile reads and parses a .slt file.
func ParseFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses the contents of a .slt file; path is used in error messages.
func Parse(path string, data []byte) (*File, error) {
	f := &File{Path: path}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		f.Lines = append(f.Lines, strings.TrimSuffix(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	lines := f.Lines
	i := 0
	errorf := func(idx int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", path, idx+1, fmt.Sprintf(format, args...))
	}
	isBlank := func(s string) bool { return strings.TrimSpace(s) == "" }
	isComment := func(s string) bool { return strings.HasPrefix(strings.TrimSpace(s), "#") }
	var skipIf, onlyIf []string
	for i < len(lines) {
		line := lines[i]
		if isBlank(line) || isComment(line) {
			i++
			continue
		}
		fields := strings.Fields(stripComment(line))
		if len(fields) == 0 {
			i++
			continue
		}
		switch fields[0] {
		case "skipif", "onlyif":
			if len(fields) < 2 {
				return nil, errorf(i, "%s needs an engine name", fields[0])
			}
			if fields[0] == "skipif" {
				skipIf = append(skipIf, fields[1])
			} else {
				onlyIf = append(onlyIf, fields[1])
			}
			i++
			continue
		case "halt":
			f.Records = append(f.Records, &Record{Kind: KindHalt, Line: i + 1, SkipIf: skipIf, OnlyIf: onlyIf, headerIdx: i, sqlEnd: i + 1, end: i + 1})
			skipIf, onlyIf = nil, nil
			i++
			continue
		case "statement", "query":
		default:
			return nil, errorf(i, "unknown directive %q", fields[0])
		}
		r := &Record{Line: i + 1, SkipIf: skipIf, OnlyIf: onlyIf, headerIdx: i}
		skipIf, onlyIf = nil, nil
		header := line
		rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(header), fields[0]))
		if fields[0] == "statement" {
			r.Kind = KindStatement
			switch {
			case len(fields) >= 2 && fields[1] == "ok":
			case len(fields) >= 2 && fields[1] == "error":
				r.ExpectError = true
				r.ErrorPattern = strings.TrimSpace(strings.TrimPrefix(rest, "error"))
			case len(fields) >= 3 && fields[1] == "count":
				n, err := strconv.ParseInt(fields[2], 10, 64)
				if err != nil {
					return nil, errorf(i, "bad count %q", fields[2])
				}
				r.HasCount, r.ExpectCount = true, n
			default:
				return nil, errorf(i, "expected statement ok|error|count, found %q", header)
			}
		} else {
			r.Kind = KindQuery
			if len(fields) < 2 {
				return nil, errorf(i, "query needs a type string or error")
			}
			if fields[1] == "error" {
				r.ExpectError = true
				r.ErrorPattern = strings.TrimSpace(strings.TrimPrefix(rest, "error"))
			} else {
				r.Types = fields[1]
				opts := fields[2:]
				if len(opts) > 0 {
					switch opts[0] {
					case "rowsort":
						r.Sort = RowSort
						opts = opts[1:]
					case "valuesort":
						r.Sort = ValueSort
						opts = opts[1:]
					case "nosort":
						opts = opts[1:]
					}
				}
				if len(opts) > 1 {
					return nil, errorf(i, "unexpected %q after the label", strings.Join(opts[1:], " "))
				}
				if len(opts) == 1 {
					r.Label = opts[0]
				}
			}
		}
		i++
		// SQL lines up to ----, a blank line, or the end of the file.
		var sql []string
		for i < len(lines) && !isBlank(lines[i]) && lines[i] != "----" {
			sql = append(sql, lines[i])
			i++
		}
		r.sqlEnd = i
		r.SQL = strings.Join(sql, "\n")
		if strings.TrimSpace(r.SQL) == "" {
			return nil, errorf(r.headerIdx, "record without SQL")
		}
		if i < len(lines) && lines[i] == "----" {
			if r.Kind != KindQuery || r.ExpectError {
				return nil, errorf(i, "---- is only allowed in a query record")
			}
			r.HasSep = true
			i++
			for i < len(lines) && !isBlank(lines[i]) {
				r.Expected = append(r.Expected, lines[i])
				i++
			}
		}
		r.end = i
		f.Records = append(f.Records, r)
	}
	return f, nil
}

// stripComment removes a trailing "# ..." comment from a directive line.
func stripComment(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		return s[:i]
	}
	return s
}

// CountQueries returns the number of query records in f.
func (f *File) CountQueries() int {
	n := 0
	for _, r := range f.Records {
		if r.Kind == KindQuery {
			n++
		}
	}
	return n
}
