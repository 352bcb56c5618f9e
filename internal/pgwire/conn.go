package pgwire

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tributarydb/tributary/internal/base"
)

// Startup packet codes (no message type byte precedes them).
const (
	codeSSLRequest    = 80877103
	codeGSSENCRequest = 80877104
	codeCancelRequest = 80877102
	maxStartupPacket  = 10000 // MAX_STARTUP_PACKET_LENGTH
	flushThreshold    = 64 << 10
	readAheadLimit    = 256 << 10
)

// conn is one client connection. Everything but the fields under mu is
// owned by the connection's goroutine.
type conn struct {
	s      *Server
	raw    net.Conn    // the accepted socket; never reassigned (kill closes it)
	nc     net.Conn    // raw, or the TLS connection over it
	rd     *connReader // set once under mu
	be     *pgproto3.Backend
	log    *slog.Logger
	info   StartupInfo
	sess   Session
	secret [4]byte
	pid    uint32 // set by admit

	admitted bool // counted in Server.active (guarded by Server.mu)

	ctx        context.Context // connection lifetime: cancelled on drop/kill
	cancelConn context.CancelFunc

	mu         sync.Mutex
	stmtCancel context.CancelFunc // cancels the request being processed
	canceled   bool               // stmtCancel was called by a CancelRequest
	idle       bool               // blocked waiting for the next message

	stmts          map[string]*prepared
	portals        map[string]*portal
	pending        int  // bytes buffered in be since the last flush (estimate)
	ignoreTillSync bool // an extended-protocol error happened: skip until Sync
	rowBuf         []byte
	rowVals        [][]byte
	rowOffs        []int
}

// prepared is a prepared statement (Parse).
type prepared struct {
	name   string
	st     Statement // nil for an empty query string
	params []base.Type
	cols   []Column
}

// portal is a bound statement (Bind), possibly suspended mid-result.
type portal struct {
	name    string
	ps      *prepared
	params  []base.Datum
	formats []int16 // per column; nil: all text
	res     Result  // open while suspended
	done    bool
	tag     string
}

func (s *Server) serveConn(nc net.Conn) {
	c := &conn{s: s, raw: nc, nc: nc, log: s.log.With("remote", nc.RemoteAddr().String())}
	c.ctx, c.cancelConn = context.WithCancel(context.Background())
	s.register(c)
	defer func() {
		if r := recover(); r != nil {
			// A bug in pgwire: keep the process (and every other client) alive.
			s.internalPanics.Add(1)
			c.log.Error("pgwire: panic serving connection", "panic", r, "stack", string(debug.Stack()))
		}
		c.close()
		s.unregister(c)
	}()
	if err := c.startup(); err != nil {
		if !isIOError(err) {
			c.log.Debug("pgwire: startup failed", "err", err)
		}
		return
	}
	c.loop()
}

func isIOError(err error) bool {
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || errors.As(err, &ne)
}

func (c *conn) close() {
	c.cancelConn()
	for _, p := range c.portals {
		c.closePortalRes(p)
	}
	for _, ps := range c.stmts {
		c.closeStatement(ps.st)
	}
	c.portals, c.stmts = nil, nil
	if c.sess != nil {
		_ = c.safe(func() error { return c.sess.Close() })
	}
	c.nc.Close()
	c.raw.Close()
	if c.rd != nil {
		c.rd.interrupt(net.ErrClosed)
	}
}

// kill closes the connection from another goroutine (forced shutdown).
func (c *conn) kill() {
	c.cancelConn()
	c.raw.Close()
}

// shutdownIfIdle wakes an idle connection so that it says goodbye (57P01).
func (c *conn) shutdownIfIdle() {
	c.mu.Lock()
	idle, rd := c.idle, c.rd
	c.mu.Unlock()
	if rd == nil {
		c.kill() // still in startup or authentication
	} else if idle {
		rd.interrupt(errShutdown)
	}
}

func (c *conn) cancelRunning() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stmtCancel != nil {
		c.canceled = true
		c.stmtCancel()
	}
}

// beginRequest returns the context for processing one frontend message.
func (c *conn) beginRequest() context.Context {
	ctx, cancel := context.WithCancel(c.ctx)
	c.mu.Lock()
	c.stmtCancel, c.canceled = cancel, false
	c.mu.Unlock()
	return ctx
}

func (c *conn) endRequest() {
	c.mu.Lock()
	if c.stmtCancel != nil {
		c.stmtCancel()
		c.stmtCancel = nil
	}
	c.mu.Unlock()
}

func (c *conn) wasCanceled() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.canceled
}

// safe runs a session call, turning a panic into an XX000 error for this
// client only.
func (c *conn) safe(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("pgwire: panic in session", "panic", r, "stack", string(debug.Stack()))
			err = &base.Error{Code: base.CodeInternalError, Message: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	return fn()
}

// ---- output ----

func (c *conn) send(msg pgproto3.BackendMessage) {
	c.be.Send(msg)
	c.pending += 64 // rough: only DataRow/CopyData are counted precisely
}

func (c *conn) flush() error {
	if c.s.cfg.WriteTimeout > 0 {
		c.nc.SetWriteDeadline(time.Now().Add(c.s.cfg.WriteTimeout))
	}
	c.pending = 0
	return c.be.Flush()
}

func (c *conn) maybeFlush() error {
	if c.pending >= flushThreshold {
		return c.flush()
	}
	return nil
}

// sendError reports err; ctx is the request's context (a cancellation is
// reported as 57014 whatever the session returned).
func (c *conn) sendError(ctx context.Context, err error) {
	var e *base.Error
	if ctx != nil && ctx.Err() != nil && c.wasCanceled() {
		e = errCanceled
	} else {
		e = toBaseError(err)
	}
	c.send(errorResponse(e))
}

func (c *conn) sendFatal(e *base.Error) {
	c.send(errorResponse(fatal(e)))
	_ = c.flush()
}

// drain sends pending notices and parameter changes of the session.
func (c *conn) drain() {
	if c.sess == nil {
		return
	}
	var notices []*base.Error
	var params map[string]string
	_ = c.safe(func() error {
		notices = c.sess.TakeNotices()
		params = c.sess.TakeParameterChanges()
		return nil
	})
	for _, n := range notices {
		c.send(noticeResponse(n))
	}
	c.sendParams(params)
}

func (c *conn) sendParams(params map[string]string) {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c.send(&pgproto3.ParameterStatus{Name: k, Value: params[k]})
	}
}

func (c *conn) readyForQuery() {
	c.drain()
	status := byte('I')
	_ = c.safe(func() error { status = c.sess.TxStatus(); return nil })
	if status != 'I' && status != 'T' && status != 'E' {
		status = 'I'
	}
	c.send(&pgproto3.ReadyForQuery{TxStatus: status})
}

// ---- startup ----

// readStartupPacket reads one length-prefixed startup packet directly from
// the socket (no read-ahead, so nothing is lost across the TLS upgrade).
func readStartupPacket(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(int32(binary.BigEndian.Uint32(hdr[:])))
	if n < 8 || n > maxStartupPacket {
		return nil, protocolError("invalid length of startup packet")
	}
	body := make([]byte, n-4)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return body, nil
}

func (c *conn) startup() error {
	c.nc.SetDeadline(time.Now().Add(c.s.cfg.AuthTimeout))
	isTLS := false
	var body []byte
	for {
		var err error
		body, err = readStartupPacket(c.nc)
		if err != nil {
			return err
		}
		code := binary.BigEndian.Uint32(body)
		switch code {
		case codeCancelRequest:
			if len(body) >= 12 {
				c.s.cancelRequest(binary.BigEndian.Uint32(body[4:]), body[8:])
			}
			return io.EOF // no response; the connection just closes
		case codeSSLRequest:
			if c.s.cfg.TLS == nil || isTLS {
				if _, err := c.nc.Write([]byte{'N'}); err != nil {
					return err
				}
				continue
			}
			if _, err := c.nc.Write([]byte{'S'}); err != nil {
				return err
			}
			tc := tls.Server(c.nc, c.s.cfg.TLS)
			if err := tc.HandshakeContext(c.ctx); err != nil {
				return err
			}
			c.nc, isTLS = tc, true
			continue
		case codeGSSENCRequest:
			if _, err := c.nc.Write([]byte{'N'}); err != nil {
				return err
			}
			continue
		}
		break
	}

	// From here on messages go through pgproto3, reading from a goroutine
	// that notices a dropped connection while a statement runs.
	rd := newConnReader(c.nc, readAheadLimit, c.onReadError)
	c.mu.Lock()
	c.rd = rd
	c.mu.Unlock()
	go rd.run()
	c.be = pgproto3.NewBackend(c.rd, c.nc)
	c.be.SetMaxBodyLen(c.s.cfg.MaxMessageSize)

	version := binary.BigEndian.Uint32(body)
	if version>>16 != 3 {
		c.sendFatal(base.Errorf(base.CodeFeatureNotSupported, "unsupported frontend protocol %d.%d: server supports 3.0", version>>16, version&0xFFFF))
		return io.EOF
	}
	params, err := parseStartupParams(body[4:])
	if err != nil {
		c.sendFatal(toBaseError(err))
		return err
	}
	var unrecognized []string
	for k := range params {
		if strings.HasPrefix(k, "_pq_.") {
			unrecognized = append(unrecognized, k)
			delete(params, k)
		}
	}
	if version != pgproto3.ProtocolVersion30 || len(unrecognized) > 0 {
		// We speak 3.0 only (4-byte cancel keys); a 3.2 client falls back.
		sort.Strings(unrecognized)
		c.send(&pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: 0, UnrecognizedOptions: unrecognized})
	}
	user := params["user"]
	if user == "" {
		c.sendFatal(base.Errorf(base.CodeInvalidAuthorization, "no PostgreSQL user name specified in startup packet"))
		return io.EOF
	}
	db := params["database"]
	if db == "" {
		db = user
	}
	if c.s.closing.Load() {
		c.sendFatal(base.Errorf("57P03", "the database system is shutting down"))
		return io.EOF
	}
	if !c.s.admit(c) {
		c.sendFatal(base.Errorf("53300", "sorry, too many clients already"))
		return io.EOF
	}
	if _, err := rand.Read(c.secret[:]); err != nil {
		return err
	}
	c.info = StartupInfo{
		User: user, Database: db, Params: params,
		RemoteAddr: c.nc.RemoteAddr().String(), TLS: isTLS, ProcessID: c.pid,
	}
	c.log = c.log.With("pid", c.pid, "user", user)

	if err := c.authenticate(); err != nil {
		return err
	}

	var sess Session
	err = c.safe(func() error {
		var err error
		sess, err = c.s.backend.Connect(c.ctx, c.info)
		return err
	})
	if err == nil && sess == nil {
		err = errors.New("backend returned no session")
	}
	if err != nil {
		c.sendFatal(toBaseError(err))
		return err
	}
	c.sess = sess
	c.nc.SetDeadline(time.Time{})
	c.stmts = map[string]*prepared{}
	c.portals = map[string]*portal{}

	var ps map[string]string
	_ = c.safe(func() error { ps = sess.ParameterStatus(); return nil })
	c.sendParams(ps)
	c.send(&pgproto3.BackendKeyData{ProcessID: c.pid, SecretKey: c.secret[:]})
	c.readyForQuery()
	return c.flush()
}

func parseStartupParams(b []byte) (map[string]string, error) {
	params := map[string]string{}
	for {
		i := indexByte(b, 0)
		if i < 0 {
			return nil, protocolError("invalid startup packet layout: expected terminator as last byte")
		}
		if i == 0 {
			if len(b) != 1 {
				return nil, protocolError("invalid startup packet layout: expected terminator as last byte")
			}
			return params, nil
		}
		key := string(b[:i])
		b = b[i+1:]
		j := indexByte(b, 0)
		if j < 0 {
			return nil, protocolError("invalid startup packet layout: expected terminator as last byte")
		}
		params[key] = string(b[:j])
		b = b[j+1:]
	}
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// onReadError runs on the reader goroutine when the socket fails: a client
// that went away while its statement runs gets that statement cancelled.
func (c *conn) onReadError() {
	c.cancelConn()
}

// ---- main loop ----

func (c *conn) loop() {
	for {
		if c.rd.buffered() == 0 {
			if err := c.flush(); err != nil {
				return
			}
		}
		c.mu.Lock()
		c.idle = true
		c.mu.Unlock()
		if c.s.closing.Load() {
			c.sendFatal(errShutdown)
			return
		}
		msg, err := c.be.Receive()
		c.mu.Lock()
		c.idle = false
		c.mu.Unlock()
		if err != nil {
			c.receiveFailed(err)
			return
		}
		if !c.dispatch(msg) {
			return
		}
	}
}

// receiveFailed says why the connection ends, when the client can still
// hear it: shutdown (57P01), an oversized or malformed message (08P01).
func (c *conn) receiveFailed(err error) {
	rerr := c.rd.failure()
	switch {
	case errors.Is(rerr, errShutdown):
		c.sendFatal(errShutdown)
	case rerr != nil:
		// The socket failed or closed: nobody to tell.
	default:
		var tooBig *pgproto3.ExceededMaxBodyLenErr
		if errors.As(err, &tooBig) {
			c.sendFatal(protocolError("message of %d bytes exceeds the limit of %d bytes", tooBig.ActualBodyLen, tooBig.MaxExpectedBodyLen))
		} else {
			c.sendFatal(protocolError("invalid frontend message: %v", err))
		}
	}
}

// dispatch handles one message; false ends the connection.
func (c *conn) dispatch(msg pgproto3.FrontendMessage) bool {
	switch m := msg.(type) {
	case *pgproto3.Query:
		return c.simpleQuery(m.String)
	case *pgproto3.Parse, *pgproto3.Bind, *pgproto3.Describe, *pgproto3.Execute, *pgproto3.Close:
		if c.ignoreTillSync {
			return true
		}
		ctx := c.beginRequest()
		err := c.extended(ctx, msg)
		if err != nil {
			if errors.Is(err, errConnGone) {
				c.endRequest()
				return false
			}
			c.sendError(ctx, err)
			c.ignoreTillSync = true
		}
		c.endRequest()
	case *pgproto3.Sync:
		c.ignoreTillSync = false
		c.sync()
	case *pgproto3.Flush:
		if err := c.flush(); err != nil {
			return false
		}
	case *pgproto3.Terminate:
		return false
	case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
		// Leftovers of a COPY FROM STDIN that failed: dropped, as PostgreSQL does.
	case *pgproto3.FunctionCall:
		c.send(errorResponse(base.NotSupported("fast-path function calls are not supported")))
		c.readyForQuery()
	default:
		c.sendFatal(protocolError("unexpected message type %T", msg))
		return false
	}
	return true
}

// sync ends an extended-protocol cycle. Outside a transaction block the
// implicit transaction ended, and with it every portal.
func (c *conn) sync() {
	status := byte('I')
	_ = c.safe(func() error { status = c.sess.TxStatus(); return nil })
	if status == 'I' {
		for name, p := range c.portals {
			c.closePortalRes(p)
			delete(c.portals, name)
		}
	}
	c.readyForQuery()
}

// errConnGone aborts processing when the socket failed mid-request.
var errConnGone = errors.New("pgwire: connection gone")

// ---- simple query ----

// simpleQuery runs a Query message; false means the connection is gone.
func (c *conn) simpleQuery(sql string) bool {
	ctx := c.beginRequest()
	defer c.endRequest()
	// A Query message destroys the unnamed statement and portal.
	c.closePortal("")
	c.closeStatementNamed("")

	var stmts []Statement
	err := c.safe(func() error {
		var err error
		stmts, err = c.sess.Parse(ctx, sql)
		return err
	})
	defer func() {
		for _, st := range stmts {
			c.closeStatement(st)
		}
	}()
	if err != nil {
		c.sendError(ctx, err)
	} else if len(stmts) == 0 {
		c.send(&pgproto3.EmptyQueryResponse{})
	}
	for _, st := range stmts {
		if err != nil {
			break
		}
		if err = c.runSimple(ctx, st); err != nil {
			if errors.Is(err, errConnGone) {
				return false
			}
			c.sendError(ctx, err)
		}
		c.drain()
		if err == nil {
			if err = c.maybeFlush(); err != nil {
				return false
			}
		}
	}
	c.readyForQuery()
	return true
}

func (c *conn) runSimple(ctx context.Context, st Statement) error {
	var res Result
	err := c.safe(func() error {
		var err error
		res, err = c.sess.Execute(ctx, st, nil)
		return err
	})
	if err != nil {
		return err
	}
	if res == nil {
		return errors.New("session returned no result")
	}
	defer c.safe(res.Close)
	if done, err := c.runCopy(ctx, res); done {
		return err
	}
	var cols []Column
	_ = c.safe(func() error { cols = res.Columns(); return nil })
	if cols != nil {
		c.send(rowDescription(cols, nil))
	}
	if _, err := c.sendRows(ctx, res, cols, nil, 0); err != nil {
		return err
	}
	return c.complete(res)
}

func (c *conn) complete(res Result) error {
	var tag string
	if err := c.safe(func() error { tag = res.Tag(); return nil }); err != nil {
		return err
	}
	c.send(&pgproto3.CommandComplete{CommandTag: []byte(tag)})
	return nil
}

func rowDescription(cols []Column, formats []int16) *pgproto3.RowDescription {
	fields := make([]pgproto3.FieldDescription, len(cols))
	for i, col := range cols {
		mod := col.TypeMod
		if mod == 0 {
			mod = -1
		}
		fields[i] = pgproto3.FieldDescription{
			Name:                 []byte(col.Name),
			TableOID:             col.TableOID,
			TableAttributeNumber: uint16(col.AttrNum),
			DataTypeOID:          col.Type.OID(),
			DataTypeSize:         col.Type.Size(),
			TypeModifier:         mod,
			Format:               formatAt(formats, i),
		}
	}
	return &pgproto3.RowDescription{Fields: fields}
}

func formatAt(formats []int16, i int) int16 {
	if i < len(formats) {
		return formats[i]
	}
	return 0
}

// sendRows sends up to max rows (0: all) of res as DataRows. It reports
// whether it stopped because of max (the portal is then suspended).
func (c *conn) sendRows(ctx context.Context, res Result, cols []Column, formats []int16, max int) (suspended bool, err error) {
	loc := c.location()
	for n := 0; max <= 0 || n < max; n++ {
		var row []base.Datum
		err := c.safe(func() error {
			var err error
			row, err = res.Next(ctx)
			return err
		})
		if errors.Is(err, io.EOF) {
			err = nil
		}
		if err != nil {
			return false, err
		}
		if row == nil {
			return false, nil
		}
		if err := c.sendDataRow(row, cols, formats, loc); err != nil {
			return false, err
		}
		if err := c.maybeFlush(); err != nil {
			return false, errConnGone
		}
	}
	return true, nil
}

func (c *conn) sendDataRow(row []base.Datum, cols []Column, formats []int16, loc *time.Location) error {
	buf := c.rowBuf[:0]
	offs := append(c.rowOffs[:0], 0)
	for i, d := range row {
		t := colType(cols, i, d)
		if d.Null {
			offs = append(offs, -1)
			continue
		}
		if formatAt(formats, i) == 1 {
			var err error
			if buf, err = AppendBinary(buf, d, t); err != nil {
				return err
			}
		} else {
			buf = base.AppendText(buf, d, t, loc)
		}
		offs = append(offs, len(buf))
	}
	vals := c.rowVals[:0]
	start := 0
	for _, end := range offs[1:] {
		if end < 0 {
			vals = append(vals, nil)
			continue
		}
		vals = append(vals, buf[start:end])
		start = end
	}
	c.be.Send(&pgproto3.DataRow{Values: vals})
	c.pending += len(buf) + 4*len(vals) + 7
	c.rowBuf, c.rowVals, c.rowOffs = buf, vals, offs
	return nil
}

func (c *conn) location() *time.Location {
	var loc *time.Location
	_ = c.safe(func() error { loc = c.sess.Location(); return nil })
	if loc == nil {
		loc = time.UTC
	}
	return loc
}

func colType(cols []Column, i int, d base.Datum) base.Type {
	if i < len(cols) {
		return cols[i].Type
	}
	return base.Type{Kind: d.K}
}

func (c *conn) closeStatement(st Statement) {
	if cl, ok := st.(io.Closer); ok {
		_ = c.safe(cl.Close)
	}
}
