// Package pgwire is Tributary's PostgreSQL v3 wire-protocol server, built
// on jackc/pgx's pgproto3 message codec and xdg-go/scram.
//
// It knows nothing of SQL: every statement goes through the Session
// interface (session.go) that internal/server implements. pgwire imports
// only internal/base (types, datums, errors with SQLSTATE), never the
// planner, catalog, state or SQL packages.
//
// What it does: startup (SSLRequest with TLS upgrade, GSSENCRequest
// declined, CancelRequest, protocol 3.0 with NegotiateProtocolVersion for
// newer minors), authentication (trust, SCRAM-SHA-256), the simple and
// extended query protocols (named/unnamed statements and portals, row
// limits with PortalSuspended, error recovery up to Sync), text and binary
// formats for every base kind (binary.go), COPY FROM STDIN / TO STDOUT in
// text, CSV and binary (copy.go), notices and ParameterStatus updates,
// cancellation, and graceful shutdown.
//
// Invariants:
//   - One goroutine per connection calls its Session; Session methods are
//     never called concurrently for one connection.
//   - Each frontend message is processed under its own context, derived
//     from the connection's. A CancelRequest cancels the current one (and
//     its error is reported as 57014); a dropped connection cancels the
//     connection's context.
//   - Every error sent to a client is a *base.Error (others become XX000).
//     A panic in a session call is recovered, logged, reported as XX000, and
//     the connection goes on; a panic in pgwire itself closes only that
//     connection.
//   - Memory per connection is bounded: messages above Config.MaxMessageSize
//     are a FATAL 08P01, and read-ahead is capped (reader.go).
//   - Writes carry a deadline (Config.WriteTimeout), so a client that stops
//     reading cannot hold a goroutine forever.
//
// Left out: GSSAPI/SSPI, MD5 and cleartext passwords, SCRAM channel binding
// (SCRAM-SHA-256-PLUS), protocol 3.2 (longer cancel keys), fast-path
// function calls, LISTEN/NOTIFY delivery, CopyBoth (replication), direct
// TLS negotiation (PostgreSQL 17's sslnegotiation=direct).
package pgwire
