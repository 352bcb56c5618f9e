// Package csv maps CSV records (from encoding/csv) onto rows of given
// columns: by header names when the input has a header, else by
// position. Values are parsed with the column type's PostgreSQL input
// function; an empty unquoted field is NULL only for non-text columns.
package csv

import (
	"fmt"
	"strings"
	"time"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
)

// Decoder converts records to rows. Not safe for concurrent use.
type Decoder struct {
	cols []catalog.Column
	pos  []int // per record field: column index or -1; nil = by position
	Loc  *time.Location
}

// NewDecoder returns a decoder for columns, mapping fields by position.
func NewDecoder(columns []catalog.Column) *Decoder {
	return &Decoder{cols: columns, Loc: time.UTC}
}

// SetHeader maps fields by the header record's names (case-insensitive);
// unknown header names are ignored, columns without a field are NULL.
func (d *Decoder) SetHeader(header []string) {
	d.pos = make([]int, len(header))
	for i, h := range header {
		d.pos[i] = -1
		for j, c := range d.cols {
			if strings.EqualFold(strings.TrimSpace(h), c.Name) {
				d.pos[i] = j
			}
		}
	}
}

// Decode fills row from one record.
func (d *Decoder) Decode(rec []string, row []base.Datum) error {
	for i, c := range d.cols {
		row[i] = base.NullOf(c.Type.Kind)
	}
	if d.pos == nil && len(rec) != len(d.cols) {
		return fmt.Errorf("record has %d fields, want %d", len(rec), len(d.cols))
	}
	for i, f := range rec {
		j := i
		if d.pos != nil {
			if i >= len(d.pos) {
				return fmt.Errorf("record has %d fields, the header %d", len(rec), len(d.pos))
			}
			if j = d.pos[i]; j < 0 {
				continue
			}
		}
		t := d.cols[j].Type
		if f == "" && t.Kind != base.KindText {
			continue
		}
		v, err := base.ParseText(t, f, d.Loc)
		if err != nil {
			return fmt.Errorf("column %q: %v", d.cols[j].Name, err)
		}
		row[j] = v
	}
	return nil
}
