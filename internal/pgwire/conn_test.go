package pgwire

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// raw is a hand-driven client for protocol details pgx hides.
type raw struct {
	t  testing.TB
	nc net.Conn
	fe *pgproto3.Frontend
}

func dialRaw(t testing.TB, ts *testServer) *raw {
	t.Helper()
	nc, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	return startRaw(t, nc)
}

func startRaw(t testing.TB, nc net.Conn) *raw {
	r := &raw{t: t, nc: nc, fe: pgproto3.NewFrontend(nc, nc)}
	r.fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "root", "database": "dev"}})
	r.flush()
	r.until('Z')
	return r
}

func (r *raw) send(msgs ...pgproto3.FrontendMessage) {
	for _, m := range msgs {
		r.fe.Send(m)
	}
	r.flush()
}

func (r *raw) flush() {
	if err := r.fe.Flush(); err != nil {
		r.t.Fatal(err)
	}
}

// until reads messages up to one of type typ and returns a compact trace
// like "1 2 T D D C Z" (message type bytes).
func (r *raw) until(typ byte) string {
	r.t.Helper()
	r.nc.SetReadDeadline(time.Now().Add(10 * time.Second))
	var trace []string
	for {
		m, err := r.fe.Receive()
		if err != nil {
			r.t.Fatalf("receive after %v: %v", trace, err)
		}
		code := msgType(m)
		if e, ok := m.(*pgproto3.ErrorResponse); ok {
			code = "E:" + e.Code
		}
		trace = append(trace, code)
		if code[0] == typ {
			return strings.Join(trace, " ")
		}
	}
}

func msgType(m pgproto3.BackendMessage) string {
	switch m.(type) {
	case *pgproto3.ParseComplete:
		return "1"
	case *pgproto3.BindComplete:
		return "2"
	case *pgproto3.CloseComplete:
		return "3"
	case *pgproto3.ParameterDescription:
		return "t"
	case *pgproto3.RowDescription:
		return "T"
	case *pgproto3.NoData:
		return "n"
	case *pgproto3.DataRow:
		return "D"
	case *pgproto3.CommandComplete:
		return "C"
	case *pgproto3.PortalSuspended:
		return "s"
	case *pgproto3.ReadyForQuery:
		return "Z"
	case *pgproto3.EmptyQueryResponse:
		return "I"
	case *pgproto3.NoticeResponse:
		return "N"
	case *pgproto3.ParameterStatus:
		return "S"
	case *pgproto3.BackendKeyData:
		return "K"
	case *pgproto3.AuthenticationOk:
		return "R"
	}
	return fmt.Sprintf("%T", m)
}

func TestExtendedProtocolDetails(t *testing.T) {
	ts := startServer(t, Config{})
	r := dialRaw(t, ts)

	// Portal suspension and resumption.
	r.send(&pgproto3.Parse{Name: "s", Query: "rows 5"},
		&pgproto3.Bind{PreparedStatement: "s", DestinationPortal: "p"},
		&pgproto3.Describe{ObjectType: 'P', Name: "p"},
		&pgproto3.Execute{Portal: "p", MaxRows: 2},
		&pgproto3.Execute{Portal: "p", MaxRows: 2},
		&pgproto3.Execute{Portal: "p", MaxRows: 2},
		&pgproto3.Sync{})
	if got := r.until('Z'); got != "1 2 T D D s D D s D C Z" {
		t.Fatal(got)
	}
	// After an error everything up to Sync is skipped.
	r.send(&pgproto3.Parse{Query: "error"},
		&pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Sync{})
	if got := r.until('Z'); got != "E:42P01 Z" {
		t.Fatal(got)
	}
	// Unknown statement / portal; wrong parameter count.
	r.send(&pgproto3.Bind{PreparedStatement: "nope"}, &pgproto3.Sync{})
	if got := r.until('Z'); got != "E:26000 Z" {
		t.Fatal(got)
	}
	r.send(&pgproto3.Execute{Portal: "nope"}, &pgproto3.Sync{})
	if got := r.until('Z'); got != "E:34000 Z" {
		t.Fatal(got)
	}
	r.send(&pgproto3.Parse{Query: "echo int4"}, &pgproto3.Bind{}, &pgproto3.Sync{})
	if got := r.until('Z'); got != "1 E:08P01 Z" {
		t.Fatal(got)
	}
	// Bad text parameter → 22P02; bad binary parameter → 22P03.
	r.send(&pgproto3.Parse{Query: "echo int4"}, &pgproto3.Bind{Parameters: [][]byte{[]byte("x")}}, &pgproto3.Sync{})
	if got := r.until('Z'); got != "1 E:22P02 Z" {
		t.Fatal(got)
	}
	r.send(&pgproto3.Parse{Query: "echo int4"}, &pgproto3.Bind{ParameterFormatCodes: []int16{1}, Parameters: [][]byte{{1}}}, &pgproto3.Sync{})
	if got := r.until('Z'); got != "1 E:22P03 Z" {
		t.Fatal(got)
	}
	// Statement describe: ParameterDescription then RowDescription or NoData;
	// an unknown parameter takes the client's hint.
	r.send(&pgproto3.Parse{Name: "e", Query: "echo unknown", ParameterOIDs: []uint32{20}},
		&pgproto3.Describe{ObjectType: 'S', Name: "e"},
		&pgproto3.Parse{Name: "c", Query: "create table x"},
		&pgproto3.Describe{ObjectType: 'S', Name: "c"},
		&pgproto3.Bind{PreparedStatement: "c"},
		&pgproto3.Describe{ObjectType: 'P'},
		&pgproto3.Execute{},
		&pgproto3.Sync{})
	if got := r.until('Z'); got != "1 t T 1 t n 2 n C Z" {
		t.Fatal(got)
	}
	// Closing the statement closes its portals; closing twice is fine.
	r.send(&pgproto3.Bind{PreparedStatement: "e", DestinationPortal: "q", Parameters: [][]byte{[]byte("7")}},
		&pgproto3.Close{ObjectType: 'S', Name: "e"},
		&pgproto3.Close{ObjectType: 'S', Name: "e"},
		&pgproto3.Execute{Portal: "q"},
		&pgproto3.Sync{})
	if got := r.until('Z'); got != "2 3 3 E:34000 Z" {
		t.Fatal(got)
	}
	// Empty query, Flush without Sync.
	r.send(&pgproto3.Parse{Query: ""}, &pgproto3.Bind{}, &pgproto3.Execute{}, &pgproto3.Flush{})
	if got := r.until('I'); got != "1 2 I" {
		t.Fatal(got)
	}
	r.send(&pgproto3.Sync{})
	r.until('Z')
	// A panic inside the session is XX000 for this client; it goes on.
	r.send(&pgproto3.Query{String: "panic"})
	if got := r.until('Z'); got != "E:XX000 Z" {
		t.Fatal(got)
	}
	r.send(&pgproto3.Query{String: "rows 1"})
	if got := r.until('Z'); got != "T D C Z" {
		t.Fatal(got)
	}
	// Unsupported fast-path call.
	r.send(&pgproto3.FunctionCall{Function: 1})
	if got := r.until('Z'); got != "E:0A000 Z" {
		t.Fatal(got)
	}
	r.send(&pgproto3.Terminate{})
	if _, err := r.fe.Receive(); err == nil {
		t.Fatal("connection still open after Terminate")
	}
}

func TestSCRAM(t *testing.T) {
	ts := startServer(t, Config{})
	cred, err := NewSCRAMCredentials("s3cret")
	if err != nil {
		t.Fatal(err)
	}
	// Round trip through the pg_authid text form.
	if cred2, err := ParseSCRAMVerifier(FormatSCRAMVerifier(cred)); err != nil || string(cred2.StoredKey) != string(cred.StoredKey) || cred2.Salt != cred.Salt {
		t.Fatal(err)
	}
	ts.backend.users["alice"] = cred
	ctx := context.Background()
	c, err := pgx.Connect(ctx, strings.Replace(ts.url("alice", ""), "alice@", "alice:s3cret@", 1))
	if err != nil {
		t.Fatal(err)
	}
	c.Close(ctx)
	_, err = pgx.Connect(ctx, strings.Replace(ts.url("alice", ""), "alice@", "alice:wrong@", 1))
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "28P01" || pe.Message != `password authentication failed for user "alice"` {
		t.Fatalf("wrong password: %v", err)
	}
	// lib/pq speaks SCRAM too.
	db, err := openPQ(strings.Replace(ts.url("alice", ""), "alice@", "alice:s3cret@", 1))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	db.Close()
}

func TestTLS(t *testing.T) {
	ts := startServer(t, Config{TLS: selfSignedTLS(t)})
	ctx := context.Background()
	c, err := pgx.Connect(ctx, ts.url("root", "sslmode=require"))
	if err != nil {
		t.Fatal(err)
	}
	if info := <-ts.backend.connects; !info.TLS {
		t.Fatal("not TLS")
	}
	var n int64
	if err := c.QueryRow(ctx, "echo int8", 3).Scan(&n); err != nil || n != 3 {
		t.Fatal(n, err)
	}
	c.Close(ctx)
	// Without TLS configured, sslmode=prefer falls back and require fails.
	plain := startServer(t, Config{})
	if c, err := pgx.Connect(ctx, plain.url("root", "sslmode=prefer")); err != nil {
		t.Fatal(err)
	} else {
		c.Close(ctx)
	}
	if _, err := pgx.Connect(ctx, plain.url("root", "sslmode=require")); err == nil {
		t.Fatal("require without TLS connected")
	}
}

func TestManyConnections(t *testing.T) {
	ts := startServer(t, Config{})
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			c, err := pgconn.Connect(ctx, ts.url("root", ""))
			if err != nil {
				errs <- err
				return
			}
			defer c.Close(ctx)
			res := c.ExecParams(ctx, "echo int4", [][]byte{[]byte(fmt.Sprint(i))}, nil, nil, nil).Read()
			if res.Err != nil || len(res.Rows) != 1 || string(res.Rows[0][0]) != fmt.Sprint(i) {
				errs <- fmt.Errorf("conn %d: %v %q", i, res.Err, res.Rows)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestMaxConnectionsAndStartupErrors(t *testing.T) {
	ts := startServer(t, Config{MaxConnections: 1})
	ctx := context.Background()
	c := connect(t, ts, "root")
	_, err := pgconn.Connect(ctx, ts.url("root", ""))
	if pgCode(err) != "53300" {
		t.Fatal(err)
	}
	c.Close(ctx)
	// The slot is free again once the first one has gone (asynchronously).
	retry := func(url string) error {
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, err := pgconn.Connect(ctx, url)
			if err == nil {
				c.Close(ctx)
				return nil
			}
			if pgCode(err) != "53300" || time.Now().After(deadline) {
				return err
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if err := retry(ts.url("root", "")); err != nil {
		t.Fatal(err)
	}
	// The backend rejects an unknown database with a FATAL error.
	if err := retry(strings.Replace(ts.url("root", ""), "/dev?", "/nodb?", 1)); pgCode(err) != "3D000" {
		t.Fatal(err)
	}
}

func TestMalformedMessages(t *testing.T) {
	ts := startServer(t, Config{MaxMessageSize: 1024})
	cases := map[string][]byte{
		"unknown type":  {'!', 0, 0, 0, 4},
		"bad length":    {'Q', 0, 0, 0, 1},
		"too big":       {'Q', 0, 0, 0x10, 0},
		"bad bind":      {'B', 0, 0, 0, 6, 0, 0},
		"bad describe":  {'D', 0, 0, 0, 5, 'S'},
		"query no nul":  {'Q', 0, 0, 0, 6, 'a', 'b'},
		"bad execute":   {'E', 0, 0, 0, 5, 0},
		"sasl too late": {'p', 0, 0, 0, 5, 0},
	}
	for name, msg := range cases {
		t.Run(name, func(t *testing.T) {
			r := dialRaw(t, ts)
			r.nc.Write(msg)
			r.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
			m, err := r.fe.Receive()
			if err != nil {
				t.Fatal(err)
			}
			if e, ok := m.(*pgproto3.ErrorResponse); !ok || e.Code != "08P01" || e.Severity != "FATAL" {
				t.Fatalf("%#v", m)
			}
			if _, err := r.fe.Receive(); err == nil {
				t.Fatal("connection not closed")
			}
		})
	}
	// Truncated message then hang-up: the server just drops the connection.
	r := dialRaw(t, ts)
	r.nc.Write([]byte{'Q', 0, 0, 0, 20, 'x'})
	r.nc.Close()
	// Bad startup packets.
	for _, pkt := range [][]byte{{0, 0, 0, 2}, {0, 0, 0, 8, 0, 2, 0, 0}, {0, 0, 0, 9, 0, 3, 0, 0, 'u'}} {
		nc, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		nc.Write(pkt)
		nc.SetReadDeadline(time.Now().Add(5 * time.Second))
		io.Copy(io.Discard, nc) // must end: the server closes
		nc.Close()
	}
	// Others are still served.
	c := connect(t, ts, "root")
	if _, err := c.Exec(context.Background(), "rows 1"); err != nil {
		t.Fatal(err)
	}
}

func TestProtocolNegotiation(t *testing.T) {
	ts := startServer(t, Config{})
	nc, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	fe := pgproto3.NewFrontend(nc, nc)
	fe.Send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion32,
		Parameters: map[string]string{"user": "root", "_pq_.foo": "1"}})
	fe.Flush()
	m, err := fe.Receive()
	if err != nil {
		t.Fatal(err)
	}
	npv, ok := m.(*pgproto3.NegotiateProtocolVersion)
	if !ok || npv.NewestMinorProtocol != 0 || len(npv.UnrecognizedOptions) != 1 {
		t.Fatalf("%#v", m)
	}
	// GSSENCRequest is declined and startup continues.
	nc2, _ := net.Dial("tcp", ts.addr)
	defer nc2.Close()
	nc2.Write(binary.BigEndian.AppendUint32([]byte{0, 0, 0, 8}, codeGSSENCRequest))
	b := make([]byte, 1)
	if _, err := io.ReadFull(nc2, b); err != nil || b[0] != 'N' {
		t.Fatal(b, err)
	}
	startRaw(t, nc2)
}

func TestDroppedConnectionCancels(t *testing.T) {
	ts := startServer(t, Config{})
	r := dialRaw(t, ts)
	r.send(&pgproto3.Query{String: "sleep"})
	time.Sleep(50 * time.Millisecond)
	r.nc.Close()
	select {
	case <-ts.backend.cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("dropping the connection did not cancel the statement")
	}
}

func TestShutdown(t *testing.T) {
	ts := startServer(t, Config{})
	r := dialRaw(t, ts)
	// A connection stuck before its startup packet is closed outright.
	mute, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer mute.Close()
	// A busy connection finishes its request first.
	busy := dialRaw(t, ts)
	busy.send(&pgproto3.Query{String: "sleep"})
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err = ts.srv.Shutdown(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("shutdown with a sleeping query: %v", err)
	}
	r.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	m, err := r.fe.Receive()
	if e, ok := m.(*pgproto3.ErrorResponse); err != nil || !ok || e.Code != "57P01" {
		t.Fatalf("idle connection: %#v %v", m, err)
	}
	mute.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := mute.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("mute connection: %v", err)
	}
	if err := <-ts.done; !errors.Is(err, ErrServerClosed) {
		t.Fatal(err)
	}
	if _, err := net.DialTimeout("tcp", ts.addr, time.Second); err == nil {
		t.Fatal("still accepting")
	}
}
