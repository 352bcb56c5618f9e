package clients

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/lib/pq"
)

// pgxConnect tries one pgx connection and runs SELECT current_user on it.
func pgxConnect(url string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return "", err
	}
	defer conn.Close(context.Background())
	var user string
	err = conn.QueryRow(ctx, "SELECT current_user").Scan(&user)
	return user, err
}

// TestSCRAM: users created under trust log in with their passwords once the server runs
// with --auth scram-sha-256 (root has no password under SCRAM, so the test starts the data
// directory once with trust to create them, as an operator would); a wrong password, an
// unknown user and a user without a password get 28P01.
func TestSCRAM(t *testing.T) {
	timed(t)
	dir := t.TempDir()
	s := startServer(t, serverOpts{DataDir: dir})
	conn := connect(t, s.RootURL())
	mustExec(t, conn,
		`CREATE USER alice WITH PASSWORD 'secret'`,
		`CREATE USER bob WITH PASSWORD 'first'`,
		`ALTER USER bob WITH PASSWORD 'p@ss w:rd/ü'`,
		`CREATE USER nopass`,
		`CREATE TABLE scram_t (id int PRIMARY KEY, v text)`,
		`INSERT INTO scram_t VALUES (1, 'kept across the restart')`,
	)
	// The password is stored as a SCRAM verifier, never in clear.
	var stored string
	if err := conn.QueryRow(context.Background(), `SELECT rolpassword FROM pg_authid WHERE rolname = 'alice'`).Scan(&stored); err != nil {
		t.Logf("pg_authid not readable (yet): %v", err)
	} else if !strings.HasPrefix(stored, "SCRAM-SHA-256$4096:") || strings.Contains(stored, "secret") {
		t.Errorf("pg_authid.rolpassword for alice = %q, want a SCRAM-SHA-256 verifier", stored)
	}
	_ = conn.Close(context.Background())
	s.Stop()

	s = startServer(t, serverOpts{DataDir: dir, Auth: "scram-sha-256"})
	bobURL := s.URL(url.UserPassword("bob", "p@ss w:rd/ü").String(), "", "")

	t.Run("pgx", func(t *testing.T) {
		for _, c := range []struct{ url, user string }{
			{s.URL("alice", "secret", ""), "alice"},
			{bobURL, "bob"},
		} {
			user, err := pgxConnect(c.url)
			if err != nil || user != c.user {
				t.Errorf("pgx %s with the right password: current_user %q, err %v", c.user, user, err)
			}
		}
		for _, c := range []struct{ what, url string }{
			{"alice, wrong password", s.URL("alice", "wrong", "")},
			{"bob, old password", s.URL("bob", "first", "")},
			{"unknown user", s.URL("nobody", "secret", "")},
			{"user without a password", s.URL("nopass", "x", "")},
			{"root without a password", s.URL("root", "", "")},
		} {
			_, err := pgxConnect(c.url)
			if code := sqlstate(err); code != "28P01" {
				t.Errorf("pgx %s: err %v, want SQLSTATE 28P01", c.what, err)
			}
		}
		// The data written before the restart is there, and alice can read it.
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, s.URL("alice", "secret", ""))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		var v string
		if err := c.QueryRow(ctx, "SELECT v FROM scram_t WHERE id = $1", 1).Scan(&v); err != nil || v != "kept across the restart" {
			t.Errorf("pgx alice: SELECT from scram_t: %q %v", v, err)
		}
	})

	t.Run("libpq", func(t *testing.T) {
		for _, c := range []struct {
			url, code string
		}{
			{s.URL("alice", "secret", ""), ""},
			{s.URL("alice", "wrong", ""), "28P01"},
		} {
			db, err := sql.Open("postgres", c.url)
			if err != nil {
				t.Fatal(err)
			}
			var user string
			err = db.QueryRow("SELECT current_user").Scan(&user)
			db.Close()
			var pqErr *pq.Error
			switch {
			case c.code == "" && (err != nil || user != "alice"):
				t.Errorf("lib/pq alice with the right password: %q %v", user, err)
			case c.code != "" && (!errors.As(err, &pqErr) || string(pqErr.Code) != c.code):
				t.Errorf("lib/pq alice with a wrong password: err %v, want SQLSTATE %s", err, c.code)
			}
		}
	})

	t.Run("psql", func(t *testing.T) {
		bin := requireCmd(t, "psql")
		out := psql(t, bin, "", s.URL("alice", "", ""), []string{"PGPASSWORD=secret"}, "-c", `\conninfo`, "-c", "SELECT current_user")
		expectContains(t, "psql as alice", out, `as user "alice"`)
		expectLine(t, "psql as alice", out, "alice")

		r := run(t, 30*time.Second, "", []string{"PGPASSWORD=wrong", "PSQLRC=/dev/null"}, bin, "-X", "-d", s.URL("alice", "", ""), "-c", "SELECT 1")
		if r.Exit != 2 || !strings.Contains(r.Stderr, `password authentication failed for user "alice"`) {
			t.Errorf("psql with a wrong password: exit %d, stderr %q; want exit 2 and \"password authentication failed for user \\\"alice\\\"\"", r.Exit, r.Stderr)
		}
	})

	t.Run("tls", func(t *testing.T) {
		// The same data directory with SCRAM over TLS.
		bin := requireCmd(t, "psql")
		s.Stop()
		cert, key := selfSignedCert(t)
		st := startServer(t, serverOpts{DataDir: dir, Auth: "scram-sha-256", TLSCert: cert, TLSKey: key})
		out := psql(t, bin, "", st.URL("alice", "", "sslmode=require"), []string{"PGPASSWORD=secret"}, "-c", `\conninfo`)
		expectContains(t, "psql sslmode=require as alice", out, `as user "alice"`)
		expectContains(t, "psql sslmode=require as alice", out, "SSL connection (protocol: TLSv1.")
		user, err := pgxConnect(st.URL("alice", "secret", "sslmode=verify-full&sslrootcert="+url.QueryEscape(cert)))
		if err != nil || user != "alice" {
			t.Errorf("pgx alice over verify-full TLS: %q %v", user, err)
		}
		// Channel binding (SCRAM-SHA-256-PLUS) is optional; report what the server does.
		r := run(t, 30*time.Second, "", []string{"PGPASSWORD=secret", "PSQLRC=/dev/null"}, bin, "-X", "-d",
			st.URL("alice", "", "sslmode=require&channel_binding=require"), "-c", "SELECT 1")
		t.Logf("psql channel_binding=require: exit %d %s", r.Exit, strings.TrimSpace(r.Stderr))
	})
}

// TestTLS: a server with --tls-cert/--tls-key accepts sslmode=require (psql's \conninfo
// reports SSL) and verify-full against the test's self-signed certificate.
func TestTLS(t *testing.T) {
	timed(t)
	cert, key := selfSignedCert(t)
	s := startServer(t, serverOpts{TLSCert: cert, TLSKey: key})

	t.Run("psql", func(t *testing.T) {
		bin := requireCmd(t, "psql")
		out := psql(t, bin, "", s.URL("root", "", "sslmode=require"), nil, "-c", `\conninfo`)
		expectContains(t, `psql sslmode=require \conninfo`, out, `You are connected to database "dev" as user "root"`)
		expectContains(t, `psql sslmode=require \conninfo`, out, "SSL connection (protocol: TLSv1.")
		out = psql(t, bin, "", s.URL("root", "", "sslmode=verify-full&sslrootcert="+url.QueryEscape(cert)), nil, "-c", `\conninfo`, "-c", "SELECT 40 + 2 AS answer")
		expectContains(t, `psql sslmode=verify-full \conninfo`, out, "SSL connection (protocol: TLSv1.")
		expectLine(t, "psql sslmode=verify-full SELECT", out, "42")
	})

	t.Run("pgx", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, s.URL("root", "", "sslmode=verify-full&sslrootcert="+url.QueryEscape(cert)))
		if err != nil {
			t.Fatalf("pgx sslmode=verify-full: %v", err)
		}
		defer conn.Close(ctx)
		if _, ok := conn.PgConn().Conn().(*tls.Conn); !ok {
			t.Errorf("pgx sslmode=verify-full: connection is %T, not TLS", conn.PgConn().Conn())
		}
		var n int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM generate_series(1, $1::int)", 100000).Scan(&n); err != nil || n != 100000 {
			t.Errorf("pgx over TLS: %d %v", n, err)
		}
	})

	t.Run("libpq", func(t *testing.T) {
		db, err := sql.Open("postgres", s.URL("root", "", "sslmode=require"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var s string
		if err := db.QueryRow("SELECT repeat('x', 100000)").Scan(&s); err != nil || len(s) != 100000 {
			t.Errorf("lib/pq sslmode=require: %d bytes, %v", len(s), err)
		}
	})
}

// selfSignedCert writes a self-signed ECDSA certificate for 127.0.0.1/localhost and its key
// as PEM files, returning their paths. The certificate is its own CA (for verify-full).
func selfSignedCert(t testing.TB) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "127.0.0.1", Organization: []string{"Tributary tests"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "server.crt"), filepath.Join(dir, "server.key")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}
