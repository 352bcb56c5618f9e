package pgwire

import (
	"context"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/xdg-go/scram"
)

// This file is the contract between pgwire and the session layer
// (internal/server). It is stable: see the STABLE marker beside it. Later
// changes only add (new optional interfaces, new Config fields).
//
// Conventions for every method below:
//   - Errors that reach the client should be *base.Error (SQLSTATE attached
//     where created). Any other error is reported as XX000.
//   - A context is cancelled when the client sends a CancelRequest for this
//     connection or drops the connection. When that happens the session may
//     return ctx.Err() (or anything): pgwire reports 57014 "canceling
//     statement due to user request" itself.
//   - A panic inside a session call is recovered by pgwire, logged, reported
//     to that client as XX000, and the connection goes on.
//   - Calls on one Session are never concurrent: a connection is served by a
//     single goroutine. Different Sessions are called concurrently.

// StartupInfo describes a connection after its StartupMessage.
type StartupInfo struct {
	User       string
	Database   string
	Params     map[string]string // every startup parameter (application_name, options, DateStyle, ...)
	RemoteAddr string
	TLS        bool   // the connection was upgraded by SSLRequest
	ProcessID  uint32 // the BackendKeyData process id (for pg_backend_pid, pg_cancel_backend)
}

// AuthMethod is how a user proves who they are.
type AuthMethod string

const (
	AuthTrust AuthMethod = "trust"         // AuthenticationOk at once
	AuthSCRAM AuthMethod = "scram-sha-256" // SASL SCRAM-SHA-256 (no channel binding)
)

// Authenticator decides how a connection authenticates (pg_hba's job).
type Authenticator interface {
	// Method returns the method for this connection attempt.
	Method(info StartupInfo) AuthMethod
	// Credentials returns the stored SCRAM-SHA-256 credentials of user
	// (see NewSCRAMCredentials). An error (or an unknown user) makes the
	// attempt fail with 28P01 password authentication failed, exactly as a
	// wrong password does, so user names cannot be probed.
	Credentials(user string) (scram.StoredCredentials, error)
}

// Backend is what the lead implements in internal/server: it makes one
// Session per authenticated connection.
type Backend interface {
	Authenticator
	// Connect is called after authentication succeeds. An error (e.g. 3D000
	// database does not exist) is sent as a FATAL ErrorResponse and the
	// connection is closed.
	Connect(ctx context.Context, info StartupInfo) (Session, error)
}

// Statement is a parsed statement, opaque to pgwire. If it also implements
// io.Closer, pgwire calls Close when a prepared statement is closed,
// replaced, or its connection ends.
type Statement interface {
	// SQL returns the statement's source text (for logs).
	SQL() string
}

// Column describes one result column (one RowDescription field).
type Column struct {
	Name     string
	Type     base.Type
	TableOID uint32 // 0 unless the column is a plain table column
	AttrNum  int16  // 0 unless the column is a plain table column
	TypeMod  int32  // atttypmod as PostgreSQL reports it; 0 is sent as -1
}

// Session is one client's session: settings, transaction, prepared plans.
//
// Simple query: Parse(sql) → for each statement Execute(st, nil) and pull
// the Result. Extended query: Parse (exactly one statement, or zero for an
// empty string, which pgwire handles) → Describe once at Parse time (its
// result is cached for ParameterDescription/RowDescription) → at the first
// Execute message of a portal, Execute(st, params) → Result.Next pulled up
// to the row limit; the Result stays open while the portal is suspended.
type Session interface {
	// ParameterStatus is sent after authentication: it should contain
	// server_version (e.g. "15.0 (Tributary 0.1)": clients parse the
	// leading number), server_encoding, client_encoding, DateStyle,
	// TimeZone, integer_datetimes, standard_conforming_strings,
	// IntervalStyle, application_name, is_superuser, session_authorization.
	ParameterStatus() map[string]string

	// Parse splits and parses sql. An empty or comment-only string gives
	// zero statements (EmptyQueryResponse). For the extended protocol pgwire
	// rejects more than one statement with 42601.
	Parse(ctx context.Context, sql string) ([]Statement, error)

	// Describe binds st without running it. paramTypes holds the client's
	// type hints, one per $n it sent (base.Unknown: infer); the session may
	// find more parameters than hints. It returns the type of every
	// parameter ($1..$n) and the result columns: nil when the statement
	// returns no rows (NoData), non-nil but empty for a zero-column SELECT.
	Describe(ctx context.Context, st Statement, paramTypes []base.Type) (params []base.Type, cols []Column, err error)

	// Execute starts st with the given parameters (already decoded to the
	// types Describe returned; nil for the simple protocol). The work may
	// be lazy: rows are pulled by Result.Next. For COPY the Result also
	// implements CopyInResult or CopyOutResult.
	//
	// ctx ends when the frontend message that called Execute is done, even
	// if the portal is only suspended (Execute with a row limit): work that
	// outlives it must use the ctx given to each Next, or its own context
	// ended by Result.Close.
	Execute(ctx context.Context, st Statement, params []base.Datum) (Result, error)

	// TxStatus is the ReadyForQuery status: 'I' idle, 'T' in a transaction
	// block, 'E' in a failed transaction block.
	TxStatus() byte

	// Location is the session's TimeZone, used to format and parse
	// timestamptz in text format (nil means UTC).
	Location() *time.Location

	// TakeNotices returns and forgets the notices raised since the last call
	// (sent as NoticeResponse; Severity defaults to NOTICE).
	TakeNotices() []*base.Error

	// TakeParameterChanges returns and forgets the reportable parameters
	// changed since the last call (e.g. by SET TimeZone), sent as
	// ParameterStatus before the next ReadyForQuery.
	TakeParameterChanges() map[string]string

	// Close ends the session (connection closed, Terminate, or shutdown).
	// An open transaction must be rolled back.
	Close() error
}

// Result is a running statement. pgwire always calls Close exactly once.
type Result interface {
	// Columns are the result columns; nil for a statement without rows
	// (no RowDescription in the simple protocol).
	Columns() []Column
	// Next returns the next row, or (nil, nil) at the end (io.EOF is
	// accepted as the end too). The row's slice may be reused by the next
	// call. ctx is the context of the current Execute message: a suspended
	// portal is resumed with a new one.
	Next(ctx context.Context) ([]base.Datum, error)
	// Tag is the CommandComplete tag, asked after Next reported the end:
	// "SELECT 3", "INSERT 0 2", "CREATE TABLE", "COPY 5", ...
	Tag() string
	// Close releases the result (also when it was not read to the end).
	Close() error
}

// CopyKind is the COPY data format.
type CopyKind uint8

const (
	CopyText   CopyKind = iota // PostgreSQL text format
	CopyCSV                    // CSV
	CopyBinary                 // PGCOPY binary format
)

// CopyFormat is a COPY statement's data format and options. Zero values of
// Delimiter/Quote/Escape/Null mean PostgreSQL's defaults for Kind (text:
// tab and \N; CSV: comma, double quote, empty string). NullSet says Null was
// given explicitly (to tell an explicit empty string from the default).
type CopyFormat struct {
	Kind      CopyKind
	Delimiter byte
	Quote     byte
	Escape    byte
	Null      string
	NullSet   bool
	Header    bool
}

// CopyInResult is the Result of COPY ... FROM STDIN. pgwire sends
// CopyInResponse, decodes the client's CopyData with CopyFormat into rows
// of Columns' types, hands them to CopyRows, and calls CopyEnd once; then it
// sends CommandComplete with Tag (e.g. "COPY 5"). Next is not called.
type CopyInResult interface {
	Result
	CopyFormat() CopyFormat
	// CopyRows receives decoded rows (slices not retained by pgwire after
	// the call returns are the session's to keep). An error aborts the COPY.
	CopyRows(ctx context.Context, rows [][]base.Datum) error
	// CopyEnd finishes: failed is nil after CopyDone (commit), or the
	// CopyFail / decode / CopyRows error (abort). Its error is reported.
	CopyEnd(ctx context.Context, failed error) error
}

// CopyOutResult is the Result of COPY ... TO STDOUT: pgwire sends
// CopyOutResponse, encodes each row from Next with CopyFormat as CopyData,
// then CopyDone and CommandComplete with Tag.
type CopyOutResult interface {
	Result
	CopyFormat() CopyFormat
}
