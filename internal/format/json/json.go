// Package json decodes JSON records (one object per record, e.g. a line
// of a JSON-lines file or a Kafka message) into rows of given columns.
//
// Minimal by design (the Kafka work will grow internal/format): fields are
// matched by column name (exactly, else case-insensitively); missing
// fields and JSON null are NULL; strings are parsed with the column type's
// PostgreSQL input function (base.ParseText), numbers and booleans are
// converted to the column type, objects and arrays go to jsonb (or text)
// columns as JSON text. A record that is not a JSON object, or a value
// that does not fit its column, is an error for the caller to count and
// skip.
package json

import (
	"bytes"
	stdjson "encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// Decoder decodes records for a fixed list of columns. Not safe for
// concurrent use.
type Decoder struct {
	cols  []catalog.Column
	index map[string]int // exact name → column
	lower map[string]int // lower-case name → column
	Loc   *time.Location // for timestamptz text without an offset (default UTC)
}

// NewDecoder returns a decoder producing rows of columns (in order).
func NewDecoder(columns []catalog.Column) *Decoder {
	d := &Decoder{cols: columns, index: map[string]int{}, lower: map[string]int{}, Loc: time.UTC}
	for i, c := range columns {
		d.index[c.Name] = i
		d.lower[strings.ToLower(c.Name)] = i
	}
	return d
}

// Decode fills row (len(row) == len(columns)) from one JSON object.
func (d *Decoder) Decode(record []byte, row []base.Datum) error {
	for i, c := range d.cols {
		row[i] = base.NullOf(c.Type.Kind)
	}
	dec := stdjson.NewDecoder(bytes.NewReader(record))
	dec.UseNumber()
	var obj map[string]stdjson.RawMessage
	if err := dec.Decode(&obj); err != nil {
		return fmt.Errorf("invalid JSON: %v", err)
	}
	if obj == nil {
		return fmt.Errorf("invalid JSON: not an object")
	}
	if dec.More() {
		return fmt.Errorf("invalid JSON: trailing data after the object")
	}
	for k, raw := range obj {
		i, ok := d.index[k]
		if !ok {
			if i, ok = d.lower[strings.ToLower(k)]; !ok {
				continue
			}
		}
		v, err := d.value(d.cols[i].Type, raw)
		if err != nil {
			return fmt.Errorf("field %q: %v", k, err)
		}
		row[i] = v
	}
	return nil
}

func (d *Decoder) value(t base.Type, raw stdjson.RawMessage) (base.Datum, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return base.NullOf(t.Kind), nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := stdjson.Unmarshal(raw, &s); err != nil {
			return base.Datum{}, err
		}
		if t.Kind == base.KindJSONB {
			return base.ParseText(t, string(raw), d.Loc)
		}
		return base.ParseText(t, s, d.Loc)
	case '{', '[':
		if t.Kind == base.KindJSONB || t.Kind == base.KindText {
			return base.ParseText(t, string(raw), d.Loc)
		}
		return base.Datum{}, fmt.Errorf("a JSON %s does not fit a %s column", map[byte]string{'{': "object", '[': "array"}[raw[0]], t)
	case 't', 'f':
		if t.Kind == base.KindJSONB || t.Kind == base.KindText || t.Kind == base.KindBool {
			return base.ParseText(t, string(raw), d.Loc)
		}
		return base.Datum{}, fmt.Errorf("a JSON boolean does not fit a %s column", t)
	}
	// A number.
	s := string(raw)
	switch t.Kind {
	case base.KindInt16, base.KindInt32, base.KindInt64:
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || f != float64(int64(f)) {
				return base.Datum{}, fmt.Errorf("%s is not an integer", s)
			}
			s = strconv.FormatInt(int64(f), 10)
		}
	case base.KindTimestamp, base.KindTimestampTZ:
		// Epoch milliseconds, as JSON producers commonly send.
		ms, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return base.Datum{}, err
		}
		us := int64(ms * 1000)
		if t.Kind == base.KindTimestamp {
			return base.DTimestamp(us), nil
		}
		return base.DTimestampTZ(us), nil
	}
	return base.ParseText(t, s, d.Loc)
}
