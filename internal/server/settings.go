package server

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

// setting describes one session parameter (SET/SHOW/RESET).
type setting struct {
	name     string // canonical spelling, as SHOW ALL prints it
	def      string
	desc     string
	report   bool // sent as ParameterStatus when changed (GUC_REPORT)
	readOnly bool
	// check validates and normalizes a new value.
	check func(v string) (string, error)
}

var settings = map[string]*setting{}

func init() {
	for _, s := range []*setting{
		{name: "application_name", def: "", report: true, desc: "Sets the application name to be reported in statistics and logs."},
		{name: "client_encoding", def: "UTF8", report: true, desc: "Sets the client's character set encoding.", check: checkEncoding},
		{name: "client_min_messages", def: "notice", desc: "Sets the message levels that are sent to the client.", check: oneOf("debug5", "debug4", "debug3", "debug2", "debug1", "debug", "log", "notice", "warning", "error")},
		{name: "DateStyle", def: "ISO, MDY", report: true, desc: "Sets the display format for date and time values.", check: checkDateStyle},
		{name: "extra_float_digits", def: "1", desc: "Sets the number of digits displayed for floating-point values.", check: checkIntRange(-15, 3)},
		{name: "IntervalStyle", def: "postgres", report: true, desc: "Sets the display format for interval values.", check: oneOf("postgres")},
		{name: "integer_datetimes", def: "on", report: true, readOnly: true, desc: "Shows whether datetimes are integer based."},
		{name: "is_superuser", def: "on", report: true, readOnly: true, desc: "Shows whether the current user is a superuser."},
		{name: "search_path", def: `"$user", public`, desc: "Sets the schema search order for names that are not schema-qualified.", check: checkSearchPath},
		{name: "server_encoding", def: "UTF8", report: true, readOnly: true, desc: "Shows the server (database) character set encoding."},
		{name: "server_version", def: ServerVersion, report: true, readOnly: true, desc: "Shows the server version."},
		{name: "server_version_num", def: "150000", readOnly: true, desc: "Shows the server version as an integer."},
		{name: "session_authorization", def: "", report: true, readOnly: true, desc: "Shows the session user name."},
		{name: "standard_conforming_strings", def: "on", report: true, desc: "Causes '...' strings to treat backslashes literally.", check: oneOf("on")},
		{name: "statement_timeout", def: "0", desc: "Sets the maximum allowed duration of any statement (0 disables).", check: checkDuration},
		{name: "idle_in_transaction_session_timeout", def: "0", desc: "Sets the maximum allowed idle time between queries, when in a transaction.", check: checkDuration},
		{name: "lock_timeout", def: "0", desc: "Sets the maximum allowed duration of any wait for a lock.", check: checkDuration},
		{name: "TimeZone", def: "UTC", report: true, desc: "Sets the time zone for displaying and interpreting time stamps.", check: checkTimeZone},
		{name: "transaction_isolation", def: "read committed", desc: "Sets the current transaction's isolation level.", check: oneOf("read committed", "repeatable read", "serializable", "read uncommitted")},
		{name: "transaction_read_only", def: "off", desc: "Sets the current transaction's read-only status.", check: checkBool},
		{name: "default_transaction_read_only", def: "off", desc: "Sets the default read-only status of new transactions.", check: checkBool},
		{name: "default_transaction_isolation", def: "read committed", desc: "Sets the transaction isolation level of each new transaction.", check: oneOf("read committed", "repeatable read", "serializable", "read uncommitted")},
		{name: "max_identifier_length", def: "63", readOnly: true, desc: "Shows the maximum identifier length."},
		{name: "bytea_output", def: "hex", desc: "Sets the output format for bytea.", check: oneOf("hex")},
		{name: "rw_implicit_flush", def: "off", desc: "Wait after every write statement until materialized views reflect it (as FLUSH does).", check: checkBool},
		{name: "streaming_parallelism", def: "0", desc: "RisingWave compatibility: parallelism of new streaming jobs (0: number of cores).", check: checkIntRange(0, 1024)},
	} {
		settings[strings.ToLower(s.name)] = s
	}
}

// ServerVersion is reported as server_version: clients parse its leading
// number to pick PostgreSQL 15 behaviour.
const ServerVersion = "15.0 (Tributary 0.1.0)"

func lookupSetting(name string) (*setting, error) {
	s, ok := settings[strings.ToLower(name)]
	if !ok {
		return nil, base.Errorf(base.CodeUndefinedObject, "unrecognized configuration parameter %q", name)
	}
	return s, nil
}

func sortedSettings() []*setting {
	out := make([]*setting, 0, len(settings))
	for _, s := range settings {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].name) < strings.ToLower(out[j].name) })
	return out
}

func invalidValue(name, v string) *base.Error {
	return base.Errorf(base.CodeInvalidParameterValue, "invalid value for parameter %q: %q", name, v)
}

func oneOf(vals ...string) func(string) (string, error) {
	return func(v string) (string, error) {
		lv := strings.ToLower(strings.TrimSpace(v))
		for _, x := range vals {
			if lv == x {
				return x, nil
			}
		}
		return "", fmt.Errorf("allowed values: %s", strings.Join(vals, ", "))
	}
}

func checkBool(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "true", "yes", "1", "t":
		return "on", nil
	case "off", "false", "no", "0", "f":
		return "off", nil
	}
	return "", fmt.Errorf("requires a Boolean value")
}

func checkIntRange(lo, hi int) func(string) (string, error) {
	return func(v string) (string, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return "", fmt.Errorf("requires an integer value")
		}
		if n < lo || n > hi {
			return "", fmt.Errorf("%d is outside the valid range (%d .. %d)", n, lo, hi)
		}
		return strconv.Itoa(n), nil
	}
}

func checkEncoding(v string) (string, error) {
	switch strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(v), "-", "")) {
	case "UTF8", "UNICODE":
		return "UTF8", nil
	}
	return "", fmt.Errorf("only UTF8 is supported")
}

func checkDateStyle(v string) (string, error) {
	parts := strings.Split(strings.ToUpper(v), ",")
	for _, p := range parts {
		switch strings.TrimSpace(p) {
		case "ISO", "MDY", "":
		default:
			return "", fmt.Errorf("only DateStyle ISO, MDY is supported")
		}
	}
	return "ISO, MDY", nil
}

// checkDuration accepts PostgreSQL's time units (default milliseconds) and
// normalizes to milliseconds.
func checkDuration(v string) (string, error) {
	ms, err := parseDurationMS(v)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(ms, 10), nil
}

func parseDurationMS(v string) (int64, error) {
	v = strings.TrimSpace(v)
	i := 0
	for i < len(v) && (v[i] >= '0' && v[i] <= '9' || v[i] == '.') {
		i++
	}
	n, err := strconv.ParseFloat(v[:i], 64)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q", v)
	}
	mult := 1.0
	switch strings.TrimSpace(v[i:]) {
	case "", "ms":
	case "us":
		mult = 0.001
	case "s":
		mult = 1000
	case "min":
		mult = 60000
	case "h":
		mult = 3600000
	case "d":
		mult = 86400000
	default:
		return 0, fmt.Errorf("valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\"")
	}
	return int64(n * mult), nil
}

func checkSearchPath(v string) (string, error) {
	parts := splitSearchPath(v)
	return strings.Join(parts, ", "), nil
}

// splitSearchPath splits a search_path value, keeping "$user" quoted.
func splitSearchPath(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		out = append(out, p)
	}
	return out
}

// loadLocation resolves a TimeZone value: IANA names, UTC/GMT/Z, and
// numeric offsets (SET TIME ZONE -5 means UTC-5, as in PostgreSQL).
func loadLocation(v string) (*time.Location, string, error) {
	v = strings.TrimSpace(v)
	switch strings.ToUpper(v) {
	case "UTC", "GMT", "Z", "ZULU", "ETC/UTC", "UCT":
		return time.UTC, "UTC", nil
	}
	if h, err := strconv.ParseFloat(v, 64); err == nil {
		if h < -15 || h > 15 {
			return nil, "", fmt.Errorf("time zone offset out of range")
		}
		secs := int(h * 3600)
		return time.FixedZone(fmt.Sprintf("<%+03d>%+d", int(h), -int(h)), secs), v, nil
	}
	loc, err := time.LoadLocation(v)
	if err != nil {
		return nil, "", fmt.Errorf("time zone %q not recognized", v)
	}
	return loc, loc.String(), nil
}

func checkTimeZone(v string) (string, error) {
	_, name, err := loadLocation(v)
	return name, err
}
