package pgwire

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tributarydb/tributary/internal/base"
)

const codeBadCopyFormat = "22P04"

var binaryCopySignature = []byte("PGCOPY\n\xff\r\n\x00")

func (f CopyFormat) withDefaults() CopyFormat {
	if f.Delimiter == 0 {
		if f.Kind == CopyCSV {
			f.Delimiter = ','
		} else {
			f.Delimiter = '\t'
		}
	}
	if f.Quote == 0 {
		f.Quote = '"'
	}
	if f.Escape == 0 {
		f.Escape = f.Quote
	}
	if !f.NullSet && f.Null == "" && f.Kind == CopyText {
		f.Null = `\N`
	}
	return f
}

// runCopy runs the COPY sub-protocol when res is a COPY result; done says
// whether it was one (then err is its outcome and CommandComplete is sent).
func (c *conn) runCopy(ctx context.Context, res Result) (done bool, err error) {
	switch r := res.(type) {
	case CopyInResult:
		return true, c.copyIn(ctx, r)
	case CopyOutResult:
		return true, c.copyOut(ctx, r)
	}
	return false, nil
}

func isEOF(err error) bool { return errors.Is(err, io.EOF) }

func copyFormatCodes(f CopyFormat, n int) (int16, []uint16) {
	codes := make([]uint16, n)
	if f.Kind != CopyBinary {
		return 0, codes
	}
	for i := range codes {
		codes[i] = 1
	}
	return 1, codes
}

func (c *conn) copyIn(ctx context.Context, r CopyInResult) error {
	var f CopyFormat
	var cols []Column
	if err := c.safe(func() error { f, cols = r.CopyFormat(), r.Columns(); return nil }); err != nil {
		return err
	}
	overall, codes := copyFormatCodes(f, len(cols))
	c.send(&pgproto3.CopyInResponse{OverallFormat: byte(overall), ColumnFormatCodes: codes})
	if err := c.flush(); err != nil {
		return errConnGone
	}
	dec := NewCopyDecoder(cols, f, c.location())
	fail := func(err error) error {
		_ = c.safe(func() error { return r.CopyEnd(ctx, err) })
		return err
	}
	for {
		msg, err := c.be.Receive()
		if err != nil {
			_ = c.safe(func() error { return r.CopyEnd(ctx, err) })
			c.receiveFailed(err)
			return errConnGone
		}
		switch m := msg.(type) {
		case *pgproto3.CopyData:
			rows, err := dec.Feed(m.Data)
			if err == nil && len(rows) > 0 {
				err = c.safe(func() error { return r.CopyRows(ctx, rows) })
			}
			if err != nil {
				return fail(err)
			}
		case *pgproto3.CopyDone:
			rows, err := dec.Finish()
			if err == nil && len(rows) > 0 {
				err = c.safe(func() error { return r.CopyRows(ctx, rows) })
			}
			if err != nil {
				return fail(err)
			}
			if err := c.safe(func() error { return r.CopyEnd(ctx, nil) }); err != nil {
				return err
			}
			return c.complete(r)
		case *pgproto3.CopyFail:
			return fail(base.Errorf(base.CodeQueryCanceled, "COPY from stdin failed: %s", m.Message))
		case *pgproto3.Flush, *pgproto3.Sync:
			// Ignored during COPY IN, as PostgreSQL does.
		default:
			return fail(protocolError("unexpected message type %T during COPY from stdin", msg))
		}
	}
}

func (c *conn) copyOut(ctx context.Context, r CopyOutResult) error {
	var f CopyFormat
	var cols []Column
	if err := c.safe(func() error { f, cols = r.CopyFormat(), r.Columns(); return nil }); err != nil {
		return err
	}
	overall, codes := copyFormatCodes(f, len(cols))
	c.send(&pgproto3.CopyOutResponse{OverallFormat: byte(overall), ColumnFormatCodes: codes})
	enc := NewCopyEncoder(cols, f, c.location())
	buf := enc.AppendHeader(nil)
	if len(buf) > 0 {
		c.send(&pgproto3.CopyData{Data: buf})
	}
	for {
		var row []base.Datum
		err := c.safe(func() error {
			var err error
			row, err = r.Next(ctx)
			return err
		})
		if err != nil && !isEOF(err) {
			return err
		}
		if row == nil {
			break
		}
		buf, err = enc.AppendRow(buf[:0], row)
		if err != nil {
			return err
		}
		c.be.Send(&pgproto3.CopyData{Data: buf})
		c.pending += len(buf) + 5
		if err := c.maybeFlush(); err != nil {
			return errConnGone
		}
	}
	if buf = enc.AppendTrailer(buf[:0]); len(buf) > 0 {
		c.send(&pgproto3.CopyData{Data: buf})
	}
	c.send(&pgproto3.CopyDone{})
	return c.complete(r)
}

// CopyEncoder renders rows in a COPY TO format.
type CopyEncoder struct {
	cols    []Column
	f       CopyFormat
	loc     *time.Location
	scratch []byte
}

// NewCopyEncoder returns an encoder for rows of cols (loc: nil means UTC).
func NewCopyEncoder(cols []Column, f CopyFormat, loc *time.Location) *CopyEncoder {
	if loc == nil {
		loc = time.UTC
	}
	return &CopyEncoder{cols: cols, f: f.withDefaults(), loc: loc}
}

// AppendHeader appends what precedes the rows: the binary signature, or the
// header line when Header is set.
func (e *CopyEncoder) AppendHeader(dst []byte) []byte {
	if e.f.Kind == CopyBinary {
		dst = append(dst, binaryCopySignature...)
		return append(dst, 0, 0, 0, 0, 0, 0, 0, 0) // flags, extension length
	}
	if !e.f.Header {
		return dst
	}
	for i, col := range e.cols {
		if i > 0 {
			dst = append(dst, e.f.Delimiter)
		}
		dst = e.appendField(dst, []byte(col.Name))
	}
	return append(dst, '\n')
}

// AppendTrailer appends what follows the rows (binary: the -1 field count).
func (e *CopyEncoder) AppendTrailer(dst []byte) []byte {
	if e.f.Kind == CopyBinary {
		return append(dst, 0xff, 0xff)
	}
	return dst
}

// AppendRow appends one row (a line in text/CSV, a tuple in binary).
func (e *CopyEncoder) AppendRow(dst []byte, row []base.Datum) ([]byte, error) {
	if e.f.Kind == CopyBinary {
		dst = be.AppendUint16(dst, uint16(len(row)))
		for i, d := range row {
			if d.Null {
				dst = be.AppendUint32(dst, 0xffffffff)
				continue
			}
			at := len(dst)
			dst = append(dst, 0, 0, 0, 0)
			var err error
			if dst, err = AppendBinary(dst, d, colType(e.cols, i, d)); err != nil {
				return nil, err
			}
			be.PutUint32(dst[at:], uint32(len(dst)-at-4))
		}
		return dst, nil
	}
	for i, d := range row {
		if i > 0 {
			dst = append(dst, e.f.Delimiter)
		}
		if d.Null {
			dst = append(dst, e.f.Null...)
			continue
		}
		e.scratch = base.AppendText(e.scratch[:0], d, colType(e.cols, i, d), e.loc)
		dst = e.appendField(dst, e.scratch)
	}
	return append(dst, '\n'), nil
}

func (e *CopyEncoder) appendField(dst []byte, s []byte) []byte {
	f := e.f
	if f.Kind == CopyCSV {
		needQuote := string(s) == f.Null || string(s) == `\.` || bytes.ContainsAny(s, "\r\n") ||
			bytes.IndexByte(s, f.Delimiter) >= 0 || bytes.IndexByte(s, f.Quote) >= 0 ||
			bytes.IndexByte(s, f.Escape) >= 0
		if !needQuote {
			return append(dst, s...)
		}
		dst = append(dst, f.Quote)
		for i := 0; i < len(s); i++ {
			if s[i] == f.Quote || s[i] == f.Escape {
				dst = append(dst, f.Escape)
			}
			dst = append(dst, s[i])
		}
		return append(dst, f.Quote)
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch ch {
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\v':
			dst = append(dst, '\\', 'v')
		default:
			if ch == f.Delimiter {
				dst = append(dst, '\\')
			}
			dst = append(dst, ch)
		}
	}
	return dst
}

// CopyDecoder parses COPY FROM data arriving in chunks of any size (a
// CopyData message need not hold whole lines).
type CopyDecoder struct {
	cols       []Column
	f          CopyFormat
	loc        *time.Location
	buf        []byte
	line       int
	headerDone bool
	ended      bool // saw the end marker (\. or the binary trailer)
}

// NewCopyDecoder returns a decoder producing rows of cols' types.
func NewCopyDecoder(cols []Column, f CopyFormat, loc *time.Location) *CopyDecoder {
	if loc == nil {
		loc = time.UTC
	}
	return &CopyDecoder{cols: cols, f: f.withDefaults(), loc: loc}
}

// Feed consumes a chunk and returns the rows it completed.
func (d *CopyDecoder) Feed(chunk []byte) ([][]base.Datum, error) {
	if d.ended {
		return nil, nil
	}
	d.buf = append(d.buf, chunk...)
	return d.decode(false)
}

// Finish returns the last rows (a final line without a newline) and checks
// that nothing is left half-done.
func (d *CopyDecoder) Finish() ([][]base.Datum, error) {
	if d.ended {
		return nil, nil
	}
	rows, err := d.decode(true)
	if err != nil {
		return nil, err
	}
	// Binary data may end without the trailer (pgx sends none), as
	// PostgreSQL allows; a partial tuple is an error.
	if d.f.Kind == CopyBinary && !d.ended && len(d.buf) > 0 {
		return nil, d.errorf("unexpected EOF in COPY data")
	}
	return rows, nil
}

func (d *CopyDecoder) errorf(format string, args ...any) *base.Error {
	e := base.Errorf(codeBadCopyFormat, format, args...)
	if d.line > 0 {
		e.Detail = fmt.Sprintf("COPY line %d", d.line)
	}
	return e
}

func (d *CopyDecoder) decode(final bool) ([][]base.Datum, error) {
	if d.f.Kind == CopyBinary {
		return d.decodeBinary()
	}
	var rows [][]base.Datum
	off := 0
	for !d.ended && off < len(d.buf) {
		var fields []string
		var nulls []bool
		var n int
		var err error
		if d.f.Kind == CopyCSV {
			fields, nulls, n, err = d.splitCSV(d.buf[off:], final)
		} else {
			fields, nulls, n, err = d.splitText(d.buf[off:], final)
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			break // incomplete line
		}
		off += n
		d.line++
		if fields == nil { // end marker
			d.ended = true
			break
		}
		if d.f.Header && !d.headerDone {
			d.headerDone = true
			continue
		}
		row, err := d.makeRow(fields, nulls)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	d.buf = append(d.buf[:0], d.buf[off:]...)
	return rows, nil
}

func (d *CopyDecoder) makeRow(fields []string, nulls []bool) ([]base.Datum, error) {
	if len(fields) < len(d.cols) {
		return nil, d.errorf("missing data for column %q", d.cols[len(fields)].Name)
	}
	if len(fields) > len(d.cols) {
		return nil, d.errorf("extra data after last expected column")
	}
	row := make([]base.Datum, len(fields))
	for i, s := range fields {
		t := d.cols[i].Type
		if nulls[i] {
			row[i] = base.NullOf(t.Kind)
			continue
		}
		v, err := base.ParseText(t, s, d.loc)
		if err != nil {
			if e, ok := err.(*base.Error); ok && e.Detail == "" {
				c := *e
				c.Detail = fmt.Sprintf("COPY line %d, column %s", d.line, d.cols[i].Name)
				return nil, &c
			}
			return nil, err
		}
		row[i] = v
	}
	return row, nil
}

// splitText splits one text-format line off b; n == 0 means b holds no
// complete line yet; fields == nil with n > 0 is the \. end marker.
func (d *CopyDecoder) splitText(b []byte, final bool) (fields []string, nulls []bool, n int, err error) {
	end := bytes.IndexByte(b, '\n')
	if end < 0 {
		if !final {
			return nil, nil, 0, nil
		}
		end, n = len(b), len(b)
	} else {
		n = end + 1
	}
	line := b[:end]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	if string(line) == `\.` {
		return nil, nil, n, nil
	}
	delim := d.f.Delimiter
	start := 0
	for i := 0; i <= len(line); i++ {
		if i < len(line) && line[i] == '\\' {
			i++
			continue
		}
		if i == len(line) || line[i] == delim {
			raw := string(line[start:min(i, len(line))])
			if raw == d.f.Null {
				fields, nulls = append(fields, ""), append(nulls, true)
			} else {
				fields, nulls = append(fields, unescapeText(raw)), append(nulls, false)
			}
			start = i + 1
		}
	}
	return fields, nulls, n, nil
}

func unescapeText(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch != '\\' || i+1 >= len(s) {
			sb.WriteByte(ch)
			continue
		}
		i++
		switch c := s[i]; c {
		case 'b':
			sb.WriteByte('\b')
		case 'f':
			sb.WriteByte('\f')
		case 'n':
			sb.WriteByte('\n')
		case 'r':
			sb.WriteByte('\r')
		case 't':
			sb.WriteByte('\t')
		case 'v':
			sb.WriteByte('\v')
		case 'x':
			v, k := 0, 0
			for k < 2 && i+1 < len(s) && isHex(s[i+1]) {
				v = v*16 + hexVal(s[i+1])
				i++
				k++
			}
			if k == 0 {
				sb.WriteByte('x')
			} else {
				sb.WriteByte(byte(v))
			}
		default:
			if c >= '0' && c <= '7' {
				v := int(c - '0')
				for k := 0; k < 2 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '7'; k++ {
					v = v*8 + int(s[i+1]-'0')
					i++
				}
				sb.WriteByte(byte(v))
			} else {
				sb.WriteByte(c)
			}
		}
	}
	return sb.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) int {
	switch {
	case c >= 'a':
		return int(c-'a') + 10
	case c >= 'A':
		return int(c-'A') + 10
	}
	return int(c - '0')
}

// splitCSV splits one CSV record (which may span lines inside quotes).
func (d *CopyDecoder) splitCSV(b []byte, final bool) (fields []string, nulls []bool, n int, err error) {
	f := d.f
	var field []byte
	quoted, inQuote := false, false
	i := 0
	// The end marker is a line holding only \. outside quotes.
	if bytes.HasPrefix(b, []byte(`\.`)) {
		end, n := bytes.IndexByte(b, '\n'), 0
		if end < 0 {
			if !final {
				return nil, nil, 0, nil
			}
			end, n = len(b), len(b)
		} else {
			n = end + 1
		}
		if string(bytes.TrimSuffix(b[:end], []byte("\r"))) == `\.` {
			return nil, nil, n, nil
		}
	}
	emit := func() {
		s := string(field)
		fields = append(fields, s)
		nulls = append(nulls, !quoted && s == f.Null)
		field, quoted = field[:0], false
	}
	for i < len(b) {
		ch := b[i]
		if inQuote {
			switch {
			case ch == f.Escape && i+1 < len(b) && (b[i+1] == f.Quote || b[i+1] == f.Escape) && (f.Escape != f.Quote || b[i+1] == f.Quote):
				field = append(field, b[i+1])
				i += 2
			case ch == f.Escape && f.Escape == f.Quote && i+1 >= len(b) && !final:
				return nil, nil, 0, nil // cannot tell "" from a closing quote yet
			case ch == f.Quote:
				inQuote = false
				i++
			default:
				field = append(field, ch)
				i++
			}
			continue
		}
		switch {
		case ch == f.Quote:
			inQuote, quoted = true, true
			i++
		case ch == f.Delimiter:
			emit()
			i++
		case ch == '\n' || ch == '\r':
			if ch == '\r' {
				if i+1 >= len(b) && !final {
					return nil, nil, 0, nil
				}
				if i+1 < len(b) && b[i+1] == '\n' {
					i++
				}
			}
			emit()
			return fields, nulls, i + 1, nil
		default:
			field = append(field, ch)
			i++
		}
	}
	if !final {
		return nil, nil, 0, nil
	}
	if inQuote {
		return nil, nil, 0, d.errorf("unterminated CSV quoted field")
	}
	emit()
	return fields, nulls, len(b), nil
}

func (d *CopyDecoder) decodeBinary() ([][]base.Datum, error) {
	b := d.buf
	off := 0
	if !d.headerDone {
		if len(b) < 19 {
			return nil, nil
		}
		if !bytes.Equal(b[:11], binaryCopySignature) {
			return nil, d.errorf("COPY file signature not recognized")
		}
		ext := int(be.Uint32(b[15:]))
		if ext < 0 || len(b) < 19+ext {
			if ext < 0 {
				return nil, d.errorf("invalid COPY file header (wrong length)")
			}
			return nil, nil
		}
		off = 19 + ext
		d.headerDone = true
	}
	var rows [][]base.Datum
	for !d.ended {
		if len(b)-off < 2 {
			break
		}
		nf := int(int16(be.Uint16(b[off:])))
		if nf == -1 {
			d.ended = true
			off += 2
			break
		}
		if nf != len(d.cols) {
			return nil, d.errorf("row field count is %d, expected %d", nf, len(d.cols))
		}
		// Check the whole tuple is here before decoding it.
		p := off + 2
		complete := true
		for i := 0; i < nf; i++ {
			if len(b)-p < 4 {
				complete = false
				break
			}
			l := int(int32(be.Uint32(b[p:])))
			p += 4
			if l == -1 {
				continue
			}
			if l < 0 {
				return nil, d.errorf("invalid field size")
			}
			if len(b)-p < l {
				complete = false
				break
			}
			p += l
		}
		if !complete {
			break
		}
		d.line++
		row := make([]base.Datum, nf)
		p = off + 2
		for i := 0; i < nf; i++ {
			l := int(int32(be.Uint32(b[p:])))
			p += 4
			t := d.cols[i].Type
			if l == -1 {
				row[i] = base.NullOf(t.Kind)
				continue
			}
			v, err := DecodeBinary(t, b[p:p+l], d.loc)
			if err != nil {
				return nil, err
			}
			row[i] = v
			p += l
		}
		rows = append(rows, row)
		off = p
	}
	d.buf = append(d.buf[:0], b[off:]...)
	return rows, nil
}
