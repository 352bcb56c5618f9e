package connector

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/stream"
)

// OptionSpec documents one WITH option of a connector. Name may hold one
// placeholder segment in angle brackets, matching any single dotted
// segment: "fields.<col>.kind" accepts fields.user_id.kind.
type OptionSpec struct {
	Name     string
	Required bool
	Default  string // "" = none
	Doc      string
}

// Spec is a registered source connector.
type Spec struct {
	// Doc is a one-line description (SHOW CONNECTORS, docs).
	Doc string
	// Options are every option the connector accepts besides "connector"
	// itself; any other option is refused with 22023 listing these.
	Options []OptionSpec
	// Encodes lists the accepted FORMAT/ENCODE pairs in lower case, e.g.
	// "plain json", "plain csv". Empty: the connector takes no FORMAT
	// clause (generators); "FORMAT PLAIN ENCODE NATIVE" is accepted too.
	Encodes []string
	// Validate checks the configuration beyond option names (values,
	// columns and their types) at CREATE SOURCE. Optional.
	Validate func(cfg SourceConfig) error
	// Columns gives the source's columns when CREATE SOURCE lists none
	// (nexmark's table types, a CDC table's upstream schema). Optional:
	// without it, columns are required.
	Columns func(cfg SourceConfig) ([]catalog.Column, error)
	// NewReader opens a reader. cfg.Options holds the defaults of unset
	// options. Called when a view over the source starts.
	NewReader func(cfg SourceConfig) (stream.SourceReader, error)
}

// SourceConfig is what a connector gets to validate or open a source.
type SourceConfig struct {
	// Relation is the source's catalog relation (columns in order,
	// hidden ones included); a reader's chunks are full-width rows of it.
	Relation *catalog.Relation
	// Options are the WITH options (keys lower case), "connector" included.
	Options map[string]string
	// Format and Encode are FORMAT f ENCODE e in lower case ("" if absent);
	// FormatOptions the ENCODE e (...) options.
	Format, Encode string
	FormatOptions  map[string]string
	// Offset is the committed checkpoint of this reader (the bytes its
	// Read returned), or nil to start from the beginning.
	Offset []byte
	// Split and Splits: this reader is split Split of Splits (0-based);
	// the server currently opens one reader (0 of 1) per job.
	Split, Splits int
}

// Name returns the connector named by the options.
func (c SourceConfig) Name() string { return strings.ToLower(c.Options["connector"]) }

var (
	mu       sync.RWMutex
	registry = map[string]Spec{}
)

// planned are connectors Tributary will have but whose package is not
// registered (yet) in this build: their error says so.
var planned = []string{"postgres-cdc", "mysql-cdc", "kinesis", "pulsar", "s3", "iceberg", "mqtt", "nats"}

// Register adds a connector (from its package's init). It panics on a
// duplicate name or an invalid spec: both are programming errors.
func Register(name string, spec Spec) {
	mu.Lock()
	defer mu.Unlock()
	name = strings.ToLower(name)
	if _, dup := registry[name]; dup {
		panic("connector: " + name + " registered twice")
	}
	if spec.NewReader == nil {
		panic("connector: " + name + " has no NewReader")
	}
	registry[name] = spec
}

// Lookup returns the connector registered under name.
func Lookup(name string) (Spec, bool) {
	mu.RLock()
	defer mu.RUnlock()
	s, ok := registry[strings.ToLower(name)]
	return s, ok
}

// Names returns the registered connectors, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Resolve finds the connector of cfg and checks its options: "connector"
// present (22023), known (0A000 naming the supported ones; "not
// supported yet" for planned ones such as postgres-cdc), every option known
// (22023 listing the valid ones), required ones set (22023),
// FORMAT/ENCODE accepted (0A000), then Spec.Validate.
// It returns cfg with a copy of Options in which unset options hold
// their defaults.
func Resolve(cfg SourceConfig) (Spec, SourceConfig, error) {
	name := cfg.Name()
	if name == "" {
		return Spec{}, cfg, base.Errorf(base.CodeInvalidParameterValue, "missing WITH option \"connector\"").
			WithHint("Supported connectors: %s.", strings.Join(Names(), ", "))
	}
	spec, ok := Lookup(name)
	if !ok {
		for _, p := range planned {
			if p == name {
				return Spec{}, cfg, base.NotSupported("connector %q is not supported yet", name).
					WithHint("Supported connectors: %s.", strings.Join(Names(), ", "))
			}
		}
		return Spec{}, cfg, base.NotSupported("unknown connector %q", name).
			WithHint("Supported connectors: %s.", strings.Join(Names(), ", "))
	}
	opts := make(map[string]string, len(cfg.Options)+len(spec.Options))
	for k, v := range cfg.Options {
		k = strings.ToLower(k)
		if k == "connector" {
			opts[k] = strings.ToLower(v)
			continue
		}
		if spec.option(k) == nil {
			return spec, cfg, base.Errorf(base.CodeInvalidParameterValue, "unknown option %q for connector %q", k, name).
				WithHint("Valid options: %s.", spec.optionNames())
		}
		opts[k] = v
	}
	for _, o := range spec.Options {
		if strings.Contains(o.Name, "<") {
			continue
		}
		if _, set := opts[o.Name]; !set {
			if o.Required {
				return spec, cfg, base.Errorf(base.CodeInvalidParameterValue, "connector %q requires option %q", name, o.Name).
					WithHint("%s", o.Doc)
			}
			if o.Default != "" {
				opts[o.Name] = o.Default
			}
		}
	}
	cfg.Options = opts
	cfg.Format, cfg.Encode = strings.ToLower(cfg.Format), strings.ToLower(cfg.Encode)
	if err := spec.checkEncode(name, cfg.Format, cfg.Encode); err != nil {
		return spec, cfg, err
	}
	if spec.Validate != nil {
		if err := spec.Validate(cfg); err != nil {
			return spec, cfg, err
		}
	}
	return spec, cfg, nil
}

// Validate checks cfg as Resolve does.
func Validate(cfg SourceConfig) error {
	_, _, err := Resolve(cfg)
	return err
}

// NewReader resolves cfg and opens a reader.
func NewReader(cfg SourceConfig) (stream.SourceReader, error) {
	spec, cfg, err := Resolve(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Splits <= 0 {
		cfg.Splits = 1
	}
	return spec.NewReader(cfg)
}

func (s Spec) checkEncode(name, format, encode string) error {
	if format == "" && encode == "" {
		if len(s.Encodes) > 0 {
			return base.Errorf(base.CodeInvalidParameterValue, "connector %q needs a FORMAT ... ENCODE ... clause", name).
				WithHint("Accepted: %s.", s.encodeList())
		}
		return nil
	}
	pair := format + " " + encode
	if len(s.Encodes) == 0 {
		// RisingWave's own examples write FORMAT PLAIN ENCODE JSON on
		// generators (datagen, nexmark); accept it so that SQL moves over.
		if pair == "plain native" || pair == "plain json" {
			return nil
		}
		return base.NotSupported("connector %q takes no FORMAT ... ENCODE clause (it generates typed rows)", name)
	}
	for _, e := range s.Encodes {
		if e == pair {
			return nil
		}
	}
	return base.NotSupported("FORMAT %s ENCODE %s is not supported by connector %q", strings.ToUpper(format), strings.ToUpper(encode), name).
		WithHint("Accepted: %s.", s.encodeList())
}

func (s Spec) encodeList() string {
	out := make([]string, len(s.Encodes))
	for i, e := range s.Encodes {
		f, en, _ := strings.Cut(e, " ")
		out[i] = "FORMAT " + strings.ToUpper(f) + " ENCODE " + strings.ToUpper(en)
	}
	return strings.Join(out, ", ")
}

// option returns the spec of option key (placeholders matched), or nil.
func (s Spec) option(key string) *OptionSpec {
	for i := range s.Options {
		if matchOption(s.Options[i].Name, key) {
			return &s.Options[i]
		}
	}
	return nil
}

func (s Spec) optionNames() string {
	names := make([]string, len(s.Options))
	for i, o := range s.Options {
		names[i] = o.Name
	}
	return strings.Join(names, ", ")
}

var placeholder = regexp.MustCompile(`<[^>]*>`)

func matchOption(pattern, key string) bool {
	if !strings.Contains(pattern, "<") {
		return pattern == key
	}
	ps, ks := strings.Split(pattern, "."), strings.Split(key, ".")
	if len(ps) != len(ks) {
		return false
	}
	for i := range ps {
		if placeholder.MatchString(ps[i]) {
			if ks[i] == "" {
				return false
			}
			continue
		}
		if ps[i] != ks[i] {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// Option value helpers for connectors: errors are 22023 naming the option.

// Int parses option name of cfg as an integer ("" → def).
func (c SourceConfig) Int(name string, def int64) (int64, error) {
	v, ok := c.Options[name]
	if !ok || v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, badValue(name, v, "an integer")
	}
	return n, nil
}

// Float parses option name as a number ("" → def).
func (c SourceConfig) Float(name string, def float64) (float64, error) {
	v, ok := c.Options[name]
	if !ok || v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return 0, badValue(name, v, "a number")
	}
	return f, nil
}

// Bool parses option name as a boolean ("" → def).
func (c SourceConfig) Bool(name string, def bool) (bool, error) {
	v, ok := c.Options[name]
	if !ok || v == "" {
		return def, nil
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "t", "yes", "on", "1":
		return true, nil
	case "false", "f", "no", "off", "0":
		return false, nil
	}
	return false, badValue(name, v, "a boolean")
}

// Duration parses option name as a PostgreSQL interval or Go duration
// ("1 day", "10s", "00:05:00"; "" → def).
func (c SourceConfig) Duration(name string, def time.Duration) (time.Duration, error) {
	v, ok := c.Options[name]
	if !ok || v == "" {
		return def, nil
	}
	if d, err := time.ParseDuration(strings.TrimSpace(v)); err == nil {
		return d, nil
	}
	d, err := base.ParseText(base.IntervalT, v, time.UTC)
	if err != nil {
		return 0, badValue(name, v, "an interval such as '1 day' or '30s'")
	}
	iv := d.Iv
	return time.Duration(iv.Months)*30*24*time.Hour + time.Duration(iv.Days)*24*time.Hour + time.Duration(iv.Micros)*time.Microsecond, nil
}

// String returns option name or def.
func (c SourceConfig) String(name, def string) string {
	if v, ok := c.Options[name]; ok && v != "" {
		return v
	}
	return def
}

func badValue(name, v, want string) error {
	return base.Errorf(base.CodeInvalidParameterValue, "invalid value %q for option %q: want %s", v, name, want)
}

// Errorf returns a 22023 error (invalid option value) for connectors.
func Errorf(format string, args ...any) error {
	return base.Errorf(base.CodeInvalidParameterValue, format, args...)
}

// ColumnTypes returns the types of rel's columns, in order.
func ColumnTypes(rel *catalog.Relation) []base.Type {
	ts := make([]base.Type, len(rel.Columns))
	for i, c := range rel.Columns {
		ts[i] = c.Type
	}
	return ts
}
