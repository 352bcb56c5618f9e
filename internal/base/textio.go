package base

import (
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
)

// ParseText converts s to a datum of type t following PostgreSQL's input
// functions (DateStyle ISO, MDY). loc is the session time zone, used for
// timestamptz input without an explicit offset (nil means UTC).
func ParseText(t Type, s string, loc *time.Location) (Datum, error) {
	switch t.Kind {
	case KindBool:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "t", "true", "yes", "on", "1", "y":
			return DBool(true), nil
		case "f", "false", "no", "off", "0", "n":
			return DBool(false), nil
		}
	case KindInt16, KindInt32, KindInt64, KindOid:
		v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err == nil {
			return Datum{K: t.Kind, I: v}, nil
		}
	case KindFloat32, KindFloat64:
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err == nil {
			return Datum{K: t.Kind, F: v}, nil
		}
	case KindNumeric:
		d, _, err := apd.NewFromString(strings.TrimSpace(s))
		if err == nil {
			return DNumeric(d), nil
		}
	case KindText, KindUnknown:
		return Datum{K: KindText, S: s}, nil
	case KindBytea:
		return DBytea([]byte(s)), nil
	case KindJSONB:
		return DJSONB(s), nil
	default:
		return Datum{}, NotSupported("input of type %s is not supported yet", t)
	}
	return Datum{}, Errorf(CodeInvalidTextRepresentation, "invalid input syntax for type %s: %q", t, s)
}

// FormatText renders d as PostgreSQL's output function for t prints it.
// loc is the session time zone for timestamptz output (nil means UTC).
func FormatText(d Datum, t Type, loc *time.Location) string {
	if d.Null {
		return ""
	}
	switch d.K {
	case KindBool:
		if d.I != 0 {
			return "t"
		}
		return "f"
	case KindInt16, KindInt32, KindInt64, KindOid, KindDate, KindTime, KindTimestamp, KindTimestampTZ:
		return strconv.FormatInt(d.I, 10)
	case KindFloat32:
		return strconv.FormatFloat(d.F, 'g', -1, 32)
	case KindFloat64:
		return strconv.FormatFloat(d.F, 'g', -1, 64)
	case KindNumeric:
		return d.D.Text('f')
	}
	return d.S
}
