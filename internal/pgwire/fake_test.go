package pgwire

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/xdg-go/scram"
)

// The fake backend understands a tiny command language (one per statement,
// statements split on ';'):
//
//	echo T1 T2 ...       params $1..$n of the named types, one row echoing them
//	rows N               N rows (n int8, s text)
//	sleep                blocks until cancelled
//	error                42P01 with detail, hint and position
//	panic                panics in Execute
//	notice               raises a NOTICE, returns no rows
//	set tz ZONE          changes TimeZone (ParameterStatus)
//	begin / commit / fail  transaction status T / I / E
//	copy t from stdin [csv|binary] / copy t to stdout [csv|binary]
//	select "id", "name" from "t"   (what pgx.CopyFrom prepares)
//	copy "t" ( "id", "name" ) from stdin binary;  (pgx.CopyFrom)
//	create table ...     tag only
type fakeBackend struct {
	mu        sync.Mutex
	users     map[string]scram.StoredCredentials // users needing SCRAM
	sessions  []*fakeSession
	copied    [][]base.Datum
	cancelled chan string // statement kinds that saw their context end
	connects  chan StartupInfo
}

func newFakeBackend() *fakeBackend {
	return &fakeBackend{
		users:     map[string]scram.StoredCredentials{},
		cancelled: make(chan string, 100),
		connects:  make(chan StartupInfo, 1000),
	}
}

func (b *fakeBackend) Method(info StartupInfo) AuthMethod {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.users[info.User]; ok {
		return AuthSCRAM
	}
	return AuthTrust
}

func (b *fakeBackend) Credentials(user string) (scram.StoredCredentials, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c, ok := b.users[user]
	if !ok {
		return c, fmt.Errorf("no user")
	}
	return c, nil
}

func (b *fakeBackend) Connect(ctx context.Context, info StartupInfo) (Session, error) {
	if info.Database == "nodb" {
		return nil, base.Errorf(base.CodeInvalidCatalogName, "database %q does not exist", info.Database)
	}
	select {
	case b.connects <- info:
	default:
	}
	s := &fakeSession{b: b, tx: 'I', loc: time.UTC, info: info}
	b.mu.Lock()
	b.sessions = append(b.sessions, s)
	b.mu.Unlock()
	return s, nil
}

type fakeSession struct {
	b       *fakeBackend
	info    StartupInfo
	tx      byte
	loc     *time.Location
	notices []*base.Error
	changed map[string]string
	closed  bool
}

type fakeStmt struct{ sql string }

func (s *fakeStmt) SQL() string { return s.sql }

func (s *fakeSession) ParameterStatus() map[string]string {
	return map[string]string{
		"server_version":              "15.0 (Tributary 0.1)",
		"server_encoding":             "UTF8",
		"client_encoding":             "UTF8",
		"DateStyle":                   "ISO, MDY",
		"TimeZone":                    "UTC",
		"integer_datetimes":           "on",
		"standard_conforming_strings": "on",
		"IntervalStyle":               "postgres",
		"application_name":            s.info.Params["application_name"],
		"is_superuser":                "on",
		"session_authorization":       s.info.User,
	}
}

func (s *fakeSession) Parse(ctx context.Context, sql string) ([]Statement, error) {
	var out []Statement
	for _, part := range strings.Split(sql, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if part == "syntax" {
			return nil, base.Errorf(base.CodeSyntaxError, "syntax error at or near %q", part).WithPosition(1)
		}
		out = append(out, &fakeStmt{part})
	}
	return out, nil
}

var fakeTypes = map[string]base.Type{
	"bool": base.Bool, "int2": base.Int16, "int4": base.Int32, "int8": base.Int64,
	"float4": base.Float32, "float8": base.Float64, "numeric": base.Numeric,
	"text": base.Text, "varchar": base.Varchar, "bytea": base.Bytea, "date": base.Date,
	"time": base.TimeT, "timestamp": base.Timestamp, "timestamptz": base.TimestampTZ,
	"interval": base.IntervalT, "jsonb": base.JSONB, "oid": base.Oid,
	"unknown": base.Unknown,
}

func fakeType(name string) base.Type {
	if elem, ok := strings.CutSuffix(name, "[]"); ok {
		return base.ArrayOf(fakeTypes[elem])
	}
	t, ok := fakeTypes[name]
	if !ok {
		panic("fake: unknown type " + name)
	}
	return t
}

var copyCols = []Column{{Name: "id", Type: base.Int64}, {Name: "name", Type: base.Text}}

func (s *fakeSession) Describe(ctx context.Context, st Statement, hints []base.Type) ([]base.Type, []Column, error) {
	f := strings.Fields(st.SQL())
	switch f[0] {
	case "echo":
		var params []base.Type
		var cols []Column
		for i, name := range f[1:] {
			t := fakeType(name)
			if t.Kind == base.KindUnknown && i < len(hints) {
				t = hints[i]
			}
			params = append(params, t)
			cols = append(cols, Column{Name: fmt.Sprintf("c%d", i+1), Type: t})
		}
		return params, cols, nil
	case "rows":
		return nil, []Column{{Name: "n", Type: base.Int64, TableOID: 16384, AttrNum: 1}, {Name: "s", Type: base.Text}}, nil
	case "select":
		return nil, copyCols, nil
	case "error":
		return nil, nil, s.err()
	}
	return nil, nil, nil
}

func (s *fakeSession) err() error {
	return base.Errorf(base.CodeUndefinedTable, "relation \"nope\" does not exist").
		WithDetail("some detail").WithHint("some hint").WithPosition(7)
}

func (s *fakeSession) Execute(ctx context.Context, st Statement, params []base.Datum) (Result, error) {
	f := strings.Fields(st.SQL())
	switch f[0] {
	case "echo":
		_, cols, _ := s.Describe(ctx, st, nil)
		for i := range cols {
			if i < len(params) && cols[i].Type.Kind == base.KindUnknown {
				cols[i].Type = base.Type{Kind: params[i].K}
			}
		}
		row := append([]base.Datum(nil), params...)
		return &rowsResult{cols: cols, rows: [][]base.Datum{row}, tag: "SELECT 1"}, nil
	case "rows":
		n, _ := strconv.Atoi(f[1])
		_, cols, _ := s.Describe(ctx, st, nil)
		rows := make([][]base.Datum, n)
		for i := range rows {
			rows[i] = []base.Datum{base.DInt64(int64(i)), base.DText(fmt.Sprintf("row %d", i))}
		}
		return &rowsResult{cols: cols, rows: rows, tag: fmt.Sprintf("SELECT %d", n)}, nil
	case "sleep":
		select {
		case <-ctx.Done():
			s.b.cancelled <- "sleep"
			return nil, ctx.Err()
		case <-time.After(20 * time.Second):
			return nil, fmt.Errorf("sleep was not cancelled")
		}
	case "sleeprows":
		// Returns a result whose Next blocks: cancellation inside Next.
		return &sleepResult{b: s.b}, nil
	case "error":
		return nil, s.err()
	case "internal":
		return nil, fmt.Errorf("boom")
	case "panic":
		panic("fake panic")
	case "notice":
		s.notices = append(s.notices, &base.Error{Message: "this is a notice", Code: "00000"})
		return &rowsResult{tag: "DO"}, nil
	case "set":
		loc, err := time.LoadLocation(f[2])
		if err != nil {
			return nil, base.Errorf(base.CodeInvalidParameterValue, "invalid value for parameter \"TimeZone\": %q", f[2])
		}
		s.loc = loc
		s.changed = map[string]string{"TimeZone": f[2]}
		return &rowsResult{tag: "SET"}, nil
	case "begin":
		s.tx = 'T'
		return &rowsResult{tag: "BEGIN"}, nil
	case "commit":
		s.tx = 'I'
		return &rowsResult{tag: "COMMIT"}, nil
	case "fail":
		s.tx = 'E'
		return nil, base.Errorf(base.CodeInFailedTransaction, "current transaction is aborted")
	case "copy":
		format := CopyFormat{}
		last := strings.Trim(f[len(f)-1], ";")
		switch last {
		case "csv":
			format.Kind = CopyCSV
		case "binary":
			format.Kind = CopyBinary
		}
		if strings.Contains(st.SQL(), "header") {
			format.Header = true
		}
		if strings.Contains(st.SQL(), "from stdin") {
			return &copyInResult{b: s.b, format: format}, nil
		}
		s.b.mu.Lock()
		rows := append([][]base.Datum(nil), s.b.copied...)
		s.b.mu.Unlock()
		return &copyOutResult{rowsResult{cols: copyCols, rows: rows, tag: fmt.Sprintf("COPY %d", len(rows))}, format}, nil
	case "create":
		return &rowsResult{tag: "CREATE TABLE"}, nil
	}
	return nil, base.Errorf(base.CodeSyntaxError, "fake: unknown command %q", f[0])
}

func (s *fakeSession) TxStatus() byte           { return s.tx }
func (s *fakeSession) Location() *time.Location { return s.loc }
func (s *fakeSession) TakeNotices() []*base.Error {
	n := s.notices
	s.notices = nil
	return n
}
func (s *fakeSession) TakeParameterChanges() map[string]string {
	c := s.changed
	s.changed = nil
	return c
}
func (s *fakeSession) Close() error { s.closed = true; return nil }

type rowsResult struct {
	cols   []Column
	rows   [][]base.Datum
	tag    string
	closed bool
}

func (r *rowsResult) Columns() []Column { return r.cols }
func (r *rowsResult) Next(ctx context.Context) ([]base.Datum, error) {
	if len(r.rows) == 0 {
		return nil, nil
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, nil
}
func (r *rowsResult) Tag() string  { return r.tag }
func (r *rowsResult) Close() error { r.closed = true; return nil }

type sleepResult struct{ b *fakeBackend }

func (r *sleepResult) Columns() []Column { return []Column{{Name: "x", Type: base.Int32}} }
func (r *sleepResult) Next(ctx context.Context) ([]base.Datum, error) {
	<-ctx.Done()
	r.b.cancelled <- "sleeprows"
	return nil, ctx.Err()
}
func (r *sleepResult) Tag() string  { return "SELECT 0" }
func (r *sleepResult) Close() error { return nil }

type copyInResult struct {
	b      *fakeBackend
	format CopyFormat
	rows   [][]base.Datum
	n      int
}

func (r *copyInResult) Columns() []Column                              { return copyCols }
func (r *copyInResult) Next(ctx context.Context) ([]base.Datum, error) { return nil, nil }
func (r *copyInResult) Tag() string                                    { return fmt.Sprintf("COPY %d", r.n) }
func (r *copyInResult) Close() error                                   { return nil }
func (r *copyInResult) CopyFormat() CopyFormat                         { return r.format }
func (r *copyInResult) CopyRows(ctx context.Context, rows [][]base.Datum) error {
	r.rows = append(r.rows, rows...)
	return nil
}
func (r *copyInResult) CopyEnd(ctx context.Context, failed error) error {
	if failed != nil {
		return nil
	}
	r.n = len(r.rows)
	r.b.mu.Lock()
	r.b.copied = append(r.b.copied, r.rows...)
	r.b.mu.Unlock()
	return nil
}

type copyOutResult struct {
	rowsResult
	format CopyFormat
}

func (r *copyOutResult) CopyFormat() CopyFormat { return r.format }

// ---- harness ----

type testServer struct {
	srv     *Server
	backend *fakeBackend
	addr    string
	done    chan error
}

func startServer(t testing.TB, cfg Config) *testServer {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	b := newFakeBackend()
	srv := NewServer(cfg, b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{srv: srv, backend: b, addr: ln.Addr().String(), done: make(chan error, 1)}
	go func() { ts.done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if n := srv.internalPanics.Load(); n != 0 {
			t.Errorf("%d internal panics", n)
		}
	})
	return ts
}

func (ts *testServer) url(user string, extra string) string {
	host, port, _ := net.SplitHostPort(ts.addr)
	u := fmt.Sprintf("postgres://%s@%s:%s/dev?sslmode=disable", user, host, port)
	if extra != "" {
		u = strings.Replace(u, "sslmode=disable", extra, 1)
	}
	return u
}

func selfSignedTLS(t testing.TB) *tls.Config {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}
