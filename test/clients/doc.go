// Package clients is the client-compatibility acceptance suite: each test starts its own
// throwaway tributary server (testenv's binary, a free loopback port, a temporary data
// directory) and drives it with a real PostgreSQL client — psql, pgx, lib/pq, psycopg2
// (python/client_test.py), the JDBC driver (jdbc/Main.java) and node-postgres
// (node/client.js) — plus SCRAM, TLS and a 200-connection load test.
//
// Locally a missing client skips its test; with CI=true it fails (scripts/deps.sh installs
// them). Environment: CLIENTS_LOAD_SECONDS sets the load test's duration (default 30 under
// CI, 5 otherwise); TRIBUTARY_BIN names a prebuilt server binary.
//
// The tests assert what a client sees; they never relax an assertion to match a server
// bug: a failure here names the client, the statement and the server's error.
package clients
