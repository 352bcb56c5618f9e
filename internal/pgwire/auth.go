package pgwire

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tributarydb/tributary/internal/base"
	"github.com/xdg-go/scram"
)

const scramMechanism = "SCRAM-SHA-256"

// authenticate runs the method the Authenticator picks. On failure the
// client has been told (FATAL) and the error ends the connection.
func (c *conn) authenticate() error {
	var method AuthMethod
	if err := c.safe(func() error { method = c.s.backend.Method(c.info); return nil }); err != nil {
		c.sendFatal(toBaseError(err))
		return err
	}
	switch method {
	case AuthTrust, "":
	case AuthSCRAM:
		if err := c.scram(); err != nil {
			e := base.Errorf(base.CodeInvalidPassword, "password authentication failed for user %q", c.info.User)
			if be, ok := err.(*base.Error); ok && be.Code == base.CodeProtocolViolation {
				e = be
			}
			if !isIOError(err) {
				c.sendFatal(e)
			}
			c.log.Info("pgwire: authentication failed", "err", err)
			return e
		}
	default:
		e := base.Errorf(base.CodeInvalidAuthorization, "unsupported authentication method %q", method)
		c.sendFatal(e)
		return e
	}
	c.send(&pgproto3.AuthenticationOk{})
	return nil
}

// scram runs SASL SCRAM-SHA-256. PostgreSQL clients leave the SCRAM user
// name empty (the startup user counts), so the lookup ignores it.
func (c *conn) scram() error {
	user := c.info.User
	srv, err := scram.SHA256.NewServer(func(string) (scram.StoredCredentials, error) {
		var cred scram.StoredCredentials
		err := c.safe(func() error {
			var err error
			cred, err = c.s.backend.Credentials(user)
			return err
		})
		if err == nil && len(cred.StoredKey) == 0 {
			err = fmt.Errorf("no SCRAM credentials for user %q", user)
		}
		return cred, err
	})
	if err != nil {
		return err
	}
	conv := srv.NewConversation()
	c.send(&pgproto3.AuthenticationSASL{AuthMechanisms: []string{scramMechanism}})
	if err := c.flush(); err != nil {
		return err
	}
	c.be.SetAuthType(pgproto3.AuthTypeSASL)
	msg, err := c.be.Receive()
	if err != nil {
		return err
	}
	init, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok {
		return protocolError("expected SASL response, got %T", msg)
	}
	if init.AuthMechanism != scramMechanism {
		return protocolError("client selected an invalid SASL authentication mechanism")
	}
	out, err := conv.Step(string(init.Data))
	if err != nil {
		return err
	}
	c.send(&pgproto3.AuthenticationSASLContinue{Data: []byte(out)})
	if err := c.flush(); err != nil {
		return err
	}
	c.be.SetAuthType(pgproto3.AuthTypeSASLContinue)
	msg, err = c.be.Receive()
	if err != nil {
		return err
	}
	resp, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return protocolError("expected SASL response, got %T", msg)
	}
	out, err = conv.Step(string(resp.Data))
	if err != nil {
		return err
	}
	if !conv.Valid() {
		return fmt.Errorf("invalid SCRAM proof")
	}
	c.be.SetAuthType(pgproto3.AuthTypeOk)
	c.send(&pgproto3.AuthenticationSASLFinal{Data: []byte(out)})
	return nil
}

// NewSCRAMCredentials derives SCRAM-SHA-256 stored credentials from a
// password with a random salt and PostgreSQL's default 4096 iterations.
func NewSCRAMCredentials(password string) (scram.StoredCredentials, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return scram.StoredCredentials{}, err
	}
	client, err := scram.SHA256.NewClient("", password, "")
	if err != nil {
		// PostgreSQL uses the raw password when SASLprep rejects it.
		client, err = scram.SHA256.NewClientUnprepped("", password, "")
		if err != nil {
			return scram.StoredCredentials{}, err
		}
	}
	return client.GetStoredCredentialsWithError(scram.KeyFactors{Salt: string(salt), Iters: 4096})
}

// FormatSCRAMVerifier renders credentials as PostgreSQL stores them in
// pg_authid.rolpassword: SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>.
func FormatSCRAMVerifier(c scram.StoredCredentials) string {
	b := base64.StdEncoding
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", c.Iters, b.EncodeToString([]byte(c.Salt)),
		b.EncodeToString(c.StoredKey), b.EncodeToString(c.ServerKey))
}

// ParseSCRAMVerifier is the inverse of FormatSCRAMVerifier.
func ParseSCRAMVerifier(s string) (scram.StoredCredentials, error) {
	var c scram.StoredCredentials
	rest, ok := strings.CutPrefix(s, "SCRAM-SHA-256$")
	if !ok {
		return c, fmt.Errorf("not a SCRAM-SHA-256 verifier")
	}
	iterSalt, keys, ok := strings.Cut(rest, "$")
	iter, salt, ok2 := strings.Cut(iterSalt, ":")
	stored, server, ok3 := strings.Cut(keys, ":")
	if !ok || !ok2 || !ok3 {
		return c, fmt.Errorf("malformed SCRAM-SHA-256 verifier")
	}
	n, err := strconv.Atoi(iter)
	if err != nil || n <= 0 {
		return c, fmt.Errorf("malformed SCRAM-SHA-256 verifier")
	}
	b := base64.StdEncoding
	sa, err1 := b.DecodeString(salt)
	sk, err2 := b.DecodeString(stored)
	vk, err3 := b.DecodeString(server)
	if err1 != nil || err2 != nil || err3 != nil {
		return c, fmt.Errorf("malformed SCRAM-SHA-256 verifier")
	}
	c.Salt, c.Iters, c.StoredKey, c.ServerKey = string(sa), n, sk, vk
	return c, nil
}
