package pgwire

import (
	"io"
	"log/slog"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

var (
	fuzzOnce sync.Once
	fuzzSrv  *Server
)

func fuzzServer() *Server {
	fuzzOnce.Do(func() {
		fuzzSrv = NewServer(Config{
			Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
			MaxMessageSize: 1 << 20,
		}, newFakeBackend())
	})
	return fuzzSrv
}

var fuzzStartup = mustEncode(&pgproto3.StartupMessage{
	ProtocolVersion: pgproto3.ProtocolVersion30,
	Parameters:      map[string]string{"user": "root", "database": "dev"},
})

func mustEncode(msgs ...pgproto3.FrontendMessage) []byte {
	var b []byte
	for _, m := range msgs {
		var err error
		if b, err = m.Encode(b); err != nil {
			panic(err)
		}
	}
	return b
}

// fuzzSeeds are valid conversations and near misses.
func fuzzSeeds() [][]byte {
	return [][]byte{
		mustEncode(&pgproto3.Query{String: "rows 3"}, &pgproto3.Terminate{}),
		mustEncode(&pgproto3.Parse{Name: "s", Query: "echo int4 text", ParameterOIDs: []uint32{23}},
			&pgproto3.Describe{ObjectType: 'S', Name: "s"},
			&pgproto3.Bind{PreparedStatement: "s", ParameterFormatCodes: []int16{1, 0}, Parameters: [][]byte{{0, 0, 0, 7}, []byte("x")}, ResultFormatCodes: []int16{1}},
			&pgproto3.Execute{MaxRows: 1}, &pgproto3.Execute{}, &pgproto3.Sync{}),
		mustEncode(&pgproto3.Query{String: "copy t from stdin csv"}, &pgproto3.CopyData{Data: []byte("1,a\n2,\"b\n")}, &pgproto3.CopyDone{}),
		mustEncode(&pgproto3.Query{String: "copy t from stdin binary"}, &pgproto3.CopyData{Data: append(append([]byte{}, binaryCopySignature...), 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 8)}, &pgproto3.CopyFail{Message: "x"}),
		mustEncode(&pgproto3.Parse{Query: "echo numeric int8[]"}, &pgproto3.Bind{ParameterFormatCodes: []int16{1}, Parameters: [][]byte{{0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 9}}}, &pgproto3.Execute{}, &pgproto3.Sync{}),
		{'Q', 0, 0, 0, 5},
		{'B', 0, 0, 0, 8, 0, 0, 0xff},
		{'Q', 0xff, 0xff, 0xff, 0xff},
	}
}

// FuzzServerMessages feeds arbitrary bytes after a valid startup. The
// properties: no panic inside pgwire, the connection ends when the client
// hangs up, and the server still serves a fresh connection.
func FuzzServerMessages(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		srv := fuzzServer()
		runPipe(t, srv, data)
		if n := srv.internalPanics.Load(); n != 0 {
			t.Fatalf("%d panics inside pgwire", n)
		}
		// The server keeps serving: a normal conversation still works.
		client, server := net.Pipe()
		go srv.ServeConn(server)
		defer client.Close()
		client.SetDeadline(time.Now().Add(10 * time.Second))
		fe := pgproto3.NewFrontend(client, client)
		go func() {
			client.Write(fuzzStartup)
			client.Write(mustEncode(&pgproto3.Query{String: "rows 1"}))
		}()
		rfq := 0
		for rfq < 2 {
			m, err := fe.Receive()
			if err != nil {
				t.Fatalf("healthy connection failed: %v", err)
			}
			if _, ok := m.(*pgproto3.ReadyForQuery); ok {
				rfq++
			}
		}
	})
}

func runPipe(t *testing.T, srv *Server, data []byte) {
	client, server := net.Pipe()
	done := make(chan struct{})
	go func() {
		srv.ServeConn(server)
		close(done)
	}()
	go io.Copy(io.Discard, client)
	client.SetWriteDeadline(time.Now().Add(5 * time.Second))
	client.Write(fuzzStartup)
	client.Write(data)
	client.Close()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("connection not closed after the client hung up (input %q)", data)
	}
}
