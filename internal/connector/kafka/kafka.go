package kafka

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/connector"
)

// Option names (RisingWave's).
const (
	optTopic          = "topic"
	optBootstrap      = "properties.bootstrap.server"
	optStartupMode    = "scan.startup.mode"
	optStartupMillis  = "scan.startup.timestamp.millis"
	optClientID       = "properties.client.id"
	optSecurity       = "properties.security.protocol"
	optSASLMechanism  = "properties.sasl.mechanism"
	optSASLUser       = "properties.sasl.username"
	optSASLPassword   = "properties.sasl.password"
	optSSLCA          = "properties.ssl.ca.location"
	optSSLCert        = "properties.ssl.certificate.location"
	optSSLKey         = "properties.ssl.key.location"
	optSSLEndpoint    = "properties.ssl.endpoint.identification.algorithm"
	optIsolation      = "properties.isolation.level"
	optFetchMaxBytes  = "properties.fetch.max.bytes"
	optPartFetchBytes = "properties.max.partition.fetch.bytes"
	optFetchWait      = "properties.fetch.wait.max.ms"
	optMetadataAge    = "properties.metadata.max.age.ms"
	optRefresh        = "topic.metadata.refresh.interval.ms"
)

func init() {
	connector.Register("kafka", connector.Spec{
		Doc: "Apache Kafka topic (every partition, explicit offsets; FORMAT PLAIN ENCODE JSON)",
		Options: []connector.OptionSpec{
			{Name: optTopic, Required: true, Doc: "topic to read"},
			{Name: optBootstrap, Required: true, Doc: "comma-separated host:port list of seed brokers"},
			{Name: optStartupMode, Default: "earliest", Doc: "where a new source starts in each partition: earliest or latest"},
			{Name: optStartupMillis, Doc: "start at the first record with a timestamp at or after this epoch millisecond (overrides scan.startup.mode)"},
			{Name: optClientID, Default: "tributary", Doc: "client.id sent to the brokers"},
			{Name: optSecurity, Default: "plaintext", Doc: "plaintext, ssl, sasl_plaintext or sasl_ssl"},
			{Name: optSASLMechanism, Default: "PLAIN", Doc: "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (sasl_* protocols)"},
			{Name: optSASLUser, Doc: "SASL user name"},
			{Name: optSASLPassword, Doc: "SASL password"},
			{Name: optSSLCA, Doc: "PEM file of CA certificates to verify the brokers (default: system roots)"},
			{Name: optSSLCert, Doc: "PEM client certificate (mutual TLS; with properties.ssl.key.location)"},
			{Name: optSSLKey, Doc: "PEM unencrypted client private key"},
			{Name: optSSLEndpoint, Default: "https", Doc: "https verifies the broker host name; none skips certificate verification"},
			{Name: optIsolation, Default: "read_committed", Doc: "read_committed or read_uncommitted"},
			{Name: optFetchMaxBytes, Doc: "maximum bytes of one fetch response (default 50 MiB)"},
			{Name: optPartFetchBytes, Doc: "maximum bytes per partition in a fetch (default 1 MiB)"},
			{Name: optFetchWait, Doc: "longest a broker waits to fill a fetch, milliseconds (default 500)"},
			{Name: optMetadataAge, Doc: "maximum age of the client's metadata, milliseconds (default 300000)"},
			{Name: optRefresh, Default: "30000", Doc: "how often new partitions of the topic are looked for, milliseconds"},
		},
		Encodes:   []string{"plain json"},
		Validate:  validate,
		NewReader: newReader,
	})
}

// config is a parsed source configuration.
type config struct {
	topic      string
	brokers    []string
	latest     bool
	startMilli int64 // -1: unset
	refresh    time.Duration
	opts       []kgo.Opt // client options shared by the admin and consuming clients
	consume    []kgo.Opt // consumer-only options
}

func parse(cfg connector.SourceConfig) (*config, error) {
	c := &config{topic: strings.TrimSpace(cfg.Options[optTopic]), startMilli: -1}
	if c.topic == "" {
		return nil, connector.Errorf("option %q must name a topic", optTopic)
	}
	for _, b := range strings.Split(cfg.Options[optBootstrap], ",") {
		if b = strings.TrimSpace(b); b != "" {
			c.brokers = append(c.brokers, b)
		}
	}
	if len(c.brokers) == 0 {
		return nil, connector.Errorf("option %q must list at least one broker (host:port)", optBootstrap)
	}
	switch m := strings.ToLower(cfg.String(optStartupMode, "earliest")); m {
	case "earliest":
	case "latest":
		c.latest = true
	default:
		return nil, connector.Errorf("invalid value %q for option %q: want earliest or latest", m, optStartupMode)
	}
	if v, ok := cfg.Options[optStartupMillis]; ok && v != "" {
		ms, err := cfg.Int(optStartupMillis, -1)
		if err != nil {
			return nil, err
		}
		if ms < 0 {
			return nil, connector.Errorf("invalid value %q for option %q: want epoch milliseconds >= 0", v, optStartupMillis)
		}
		c.startMilli = ms
	}
	ms, err := cfg.Int(optRefresh, 30000)
	if err != nil {
		return nil, err
	}
	if ms < 10 {
		return nil, connector.Errorf("invalid value %d for option %q: want at least 10 (milliseconds)", ms, optRefresh)
	}
	c.refresh = time.Duration(ms) * time.Millisecond

	// A short minimum metadata age: new partitions and topics created
	// after the reader started are seen promptly (franz-go's default
	// holds metadata for 5 s between refreshes).
	c.opts = []kgo.Opt{kgo.SeedBrokers(c.brokers...), kgo.ClientID(cfg.String(optClientID, "tributary")), kgo.MetadataMinAge(250 * time.Millisecond)}
	if ms, err := positiveInt(cfg, optMetadataAge); err != nil {
		return nil, err
	} else if ms > 0 {
		c.opts = append(c.opts, kgo.MetadataMaxAge(time.Duration(ms)*time.Millisecond))
	}
	sec, err := security(cfg)
	if err != nil {
		return nil, err
	}
	c.opts = append(c.opts, sec...)

	switch v := strings.ToLower(cfg.String(optIsolation, "read_committed")); v {
	case "read_committed":
		c.consume = append(c.consume, kgo.FetchIsolationLevel(kgo.ReadCommitted()))
	case "read_uncommitted":
		c.consume = append(c.consume, kgo.FetchIsolationLevel(kgo.ReadUncommitted()))
	default:
		return nil, connector.Errorf("invalid value %q for option %q: want read_committed or read_uncommitted", v, optIsolation)
	}
	if n, err := positiveInt(cfg, optFetchMaxBytes); err != nil {
		return nil, err
	} else if n > 0 {
		c.consume = append(c.consume, kgo.FetchMaxBytes(int32(n)))
	}
	if n, err := positiveInt(cfg, optPartFetchBytes); err != nil {
		return nil, err
	} else if n > 0 {
		c.consume = append(c.consume, kgo.FetchMaxPartitionBytes(int32(n)))
	}
	// librdkafka's fetch.wait.max.ms default (franz-go's is 5 s): an idle
	// fetch returns sooner, so partitions added meanwhile join sooner.
	if n, err := positiveInt(cfg, optFetchWait); err != nil {
		return nil, err
	} else if n > 0 {
		c.consume = append(c.consume, kgo.FetchMaxWait(time.Duration(n)*time.Millisecond))
	} else {
		c.consume = append(c.consume, kgo.FetchMaxWait(500*time.Millisecond))
	}

	for k := range cfg.FormatOptions {
		return nil, connector.Errorf("unknown ENCODE JSON option %q", k).(*base.Error).WithHint("FORMAT PLAIN ENCODE JSON takes no options.")
	}
	return c, nil
}

// positiveInt reads an optional positive integer option (0 = unset).
func positiveInt(cfg connector.SourceConfig, name string) (int64, error) {
	n, err := cfg.Int(name, 0)
	if err != nil {
		return 0, err
	}
	if n < 0 || n > 1<<31-1 {
		return 0, connector.Errorf("invalid value %d for option %q: want a positive integer", n, name)
	}
	return n, nil
}

// security turns properties.security.protocol and the SASL/SSL options
// into client options.
func security(cfg connector.SourceConfig) ([]kgo.Opt, error) {
	proto := strings.ToLower(cfg.String(optSecurity, "plaintext"))
	var useTLS, useSASL bool
	switch proto {
	case "plaintext":
	case "ssl":
		useTLS = true
	case "sasl_plaintext":
		useSASL = true
	case "sasl_ssl":
		useTLS, useSASL = true, true
	default:
		return nil, connector.Errorf("invalid value %q for option %q: want plaintext, ssl, sasl_plaintext or sasl_ssl", proto, optSecurity)
	}
	var out []kgo.Opt
	if useSASL {
		user, pass := cfg.Options[optSASLUser], cfg.Options[optSASLPassword]
		if user == "" {
			return nil, connector.Errorf("%s = %s requires option %q", optSecurity, proto, optSASLUser)
		}
		switch mech := strings.ToUpper(cfg.String(optSASLMechanism, "PLAIN")); mech {
		case "PLAIN":
			out = append(out, kgo.SASL(plain.Auth{User: user, Pass: pass}.AsMechanism()))
		case "SCRAM-SHA-256":
			out = append(out, kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha256Mechanism()))
		case "SCRAM-SHA-512":
			out = append(out, kgo.SASL(scram.Auth{User: user, Pass: pass}.AsSha512Mechanism()))
		default:
			return nil, connector.Errorf("unsupported value %q for option %q: want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", mech, optSASLMechanism)
		}
	} else {
		for _, o := range []string{optSASLUser, optSASLPassword} {
			if cfg.Options[o] != "" {
				return nil, connector.Errorf("option %q needs %s = sasl_plaintext or sasl_ssl", o, optSecurity)
			}
		}
	}
	if !useTLS {
		for _, o := range []string{optSSLCA, optSSLCert, optSSLKey} {
			if cfg.Options[o] != "" {
				return nil, connector.Errorf("option %q needs %s = ssl or sasl_ssl", o, optSecurity)
			}
		}
		return out, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	switch v := strings.ToLower(cfg.String(optSSLEndpoint, "https")); v {
	case "https":
	case "none", "":
		tc.InsecureSkipVerify = true
	default:
		return nil, connector.Errorf("invalid value %q for option %q: want https or none", v, optSSLEndpoint)
	}
	if ca := cfg.Options[optSSLCA]; ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			return nil, connector.Errorf("cannot read %s %q: %v", optSSLCA, ca, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, connector.Errorf("%s %q holds no PEM certificate", optSSLCA, ca)
		}
		tc.RootCAs = pool
	}
	cert, key := cfg.Options[optSSLCert], cfg.Options[optSSLKey]
	if (cert == "") != (key == "") {
		return nil, connector.Errorf("options %q and %q go together", optSSLCert, optSSLKey)
	}
	if cert != "" {
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			return nil, connector.Errorf("cannot load the client certificate: %v", err)
		}
		tc.Certificates = []tls.Certificate{pair}
	}
	return append(out, kgo.DialTLSConfig(tc)), nil
}

// validate checks the options without contacting the brokers: a source
// may be declared before its topic or broker is reachable; the reader
// retries until they are.
func validate(cfg connector.SourceConfig) error {
	_, err := parse(cfg)
	return err
}

// newClient opens a franz-go client with c's options plus extra.
func (c *config) newClient(extra ...kgo.Opt) (*kgo.Client, error) {
	opts := append(append([]kgo.Opt(nil), c.opts...), extra...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafka: %w", err)
	}
	return cl, nil
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
