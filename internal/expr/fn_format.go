package expr

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
)

// to_char / to_timestamp / to_date templates (PostgreSQL formatting.c,
// the commonly used subset).

var dtKeywords = []string{
	"A.D.", "A.M.", "B.C.", "P.M.", "Y,YYY", "MONTH", "SSSSS", "HH24", "HH12", "SSSS", "IYYY", "YYYY",
	"FF1", "FF2", "FF3", "FF4", "FF5", "FF6",
	"DAY", "DDD", "IYY", "YYY", "MON", "TZH", "TZM",
	"AD", "AM", "BC", "PM", "CC", "DD", "DY", "HH", "ID", "IW", "IY", "MI", "MM", "MS", "OF", "RM", "SS", "TZ", "US", "WW", "YY",
	"D", "I", "J", "Q", "W", "Y",
}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
var dayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
var romanMonths = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

type fmtTok struct {
	kw      string // upper-case keyword; "" for literal
	raw     string // as written (for case style) or literal text
	fm      bool   // FM prefix
	th      int    // 0 none, 1 TH, 2 th
	literal bool
}

func matchKeyword(f string) (string, int) {
	for _, kw := range dtKeywords {
		if len(f) >= len(kw) && strings.EqualFold(f[:len(kw)], kw) {
			return kw, len(kw)
		}
	}
	return "", 0
}

func tokenizeDT(f string) []fmtTok {
	var toks []fmtTok
	for i := 0; i < len(f); {
		fm := false
		if len(f)-i >= 2 && strings.EqualFold(f[i:i+2], "FM") {
			if kw, n := matchKeyword(f[i+2:]); n > 0 {
				_ = kw
				fm = true
				i += 2
			}
		}
		if kw, n := matchKeyword(f[i:]); n > 0 {
			t := fmtTok{kw: kw, raw: f[i : i+n], fm: fm}
			i += n
			if len(f)-i >= 2 {
				switch f[i : i+2] {
				case "TH":
					t.th = 1
					i += 2
				case "th":
					t.th = 2
					i += 2
				}
			}
			toks = append(toks, t)
			continue
		}
		c := f[i]
		switch {
		case c == '"':
			j := i + 1
			var b strings.Builder
			for j < len(f) && f[j] != '"' {
				if f[j] == '\\' && j+1 < len(f) {
					j++
				}
				b.WriteByte(f[j])
				j++
			}
			toks = append(toks, fmtTok{raw: b.String(), literal: true})
			i = j + 1
		case c == '\\' && i+1 < len(f):
			toks = append(toks, fmtTok{raw: f[i+1 : i+2], literal: true})
			i += 2
		default:
			_, w := decodeRune(f[i:])
			toks = append(toks, fmtTok{raw: f[i : i+w], literal: true})
			i += w
		}
	}
	return toks
}

func decodeRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			w := len(string(r))
			return r, w
		}
	}
	return 0, 1
}

// caseStyle: 0 UPPER, 1 Capitalized, 2 lower (from how the keyword is written).
func caseStyle(raw string) int {
	if raw == "" {
		return 0
	}
	if unicode.IsLower(rune(raw[0])) {
		return 2
	}
	if len(raw) > 1 && unicode.IsLower(rune(raw[1])) {
		return 1
	}
	return 0
}

func applyCase(s string, style int) string {
	switch style {
	case 0:
		return strings.ToUpper(s)
	case 2:
		return strings.ToLower(s)
	}
	return s
}

func ordinal(n int64, upper bool) string {
	s := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			s = "st"
		case 2:
			s = "nd"
		case 3:
			s = "rd"
		}
	}
	if upper {
		return strings.ToUpper(s)
	}
	return s
}

func zpad(n int64, width int, fm bool) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	if !fm {
		for len(s) < width {
			s = "0" + s
		}
	}
	if neg {
		s = "-" + s
	}
	return s
}

// dtFields are the values to_char needs for one timestamp or interval.
type dtFields struct {
	year, mon, mday, hour, min, sec, us int64
	doy, dow                            int64
	days                                int64
	tzOff                               int64
	tzName                              string
	isInterval, hasTZ                   bool
}

func toCharDT(f dtFields, format string) string {
	var b strings.Builder
	for _, t := range tokenizeDT(format) {
		if t.literal {
			b.WriteString(t.raw)
			continue
		}
		num := func(v int64, width int) {
			b.WriteString(zpad(v, width, t.fm))
			if t.th != 0 {
				b.WriteString(ordinal(v, t.th == 1))
			}
		}
		st := caseStyle(t.raw)
		hour12 := f.hour % 12
		if hour12 == 0 {
			hour12 = 12
		}
		switch t.kw {
		case "HH", "HH12":
			if f.isInterval {
				num(f.hour%12, 2)
			} else {
				num(hour12, 2)
			}
		case "HH24":
			num(f.hour, 2)
		case "MI":
			num(f.min, 2)
		case "SS":
			num(f.sec, 2)
		case "MS":
			num(f.us/1000, 3)
		case "US":
			num(f.us, 6)
		case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
			n := int(t.kw[2] - '0')
			v := f.us
			for i := 6; i > n; i-- {
				v /= 10
			}
			num(v, n)
		case "SSSS", "SSSSS":
			num(f.hour*3600+f.min*60+f.sec, 0)
		case "AM", "PM":
			s := "AM"
			if f.hour >= 12 {
				s = "PM"
			}
			if st == 2 {
				s = strings.ToLower(s)
			}
			b.WriteString(s)
		case "A.M.", "P.M.":
			s := "A.M."
			if f.hour >= 12 {
				s = "P.M."
			}
			if st == 2 {
				s = strings.ToLower(s)
			}
			b.WriteString(s)
		case "AD", "BC":
			s := "AD"
			if f.year <= 0 {
				s = "BC"
			}
			if st == 2 {
				s = strings.ToLower(s)
			}
			b.WriteString(s)
		case "A.D.", "B.C.":
			s := "A.D."
			if f.year <= 0 {
				s = "B.C."
			}
			if st == 2 {
				s = strings.ToLower(s)
			}
			b.WriteString(s)
		case "Y,YYY":
			y := displayYear(f)
			b.WriteString(strconv.FormatInt(y/1000, 10) + "," + zpad(y%1000, 3, false))
		case "YYYY", "IYYY":
			y := displayYear(f)
			if t.kw == "IYYY" {
				y, _ = isoWeek(f.days)
			}
			num(y, 4)
		case "YYY", "IYY":
			y := displayYear(f)
			if t.kw == "IYY" {
				y, _ = isoWeek(f.days)
			}
			num(y%1000, 3)
		case "YY", "IY":
			y := displayYear(f)
			if t.kw == "IY" {
				y, _ = isoWeek(f.days)
			}
			num(y%100, 2)
		case "Y", "I":
			y := displayYear(f)
			if t.kw == "I" {
				y, _ = isoWeek(f.days)
			}
			num(y%10, 1)
		case "CC":
			y := f.year
			var cc int64
			if y > 0 {
				cc = (y + 99) / 100
			} else {
				cc = -((99 - (y - 1)) / 100)
			}
			if f.isInterval {
				cc = y / 100
			}
			num(cc, 2)
		case "MONTH":
			if f.mon < 1 {
				break
			}
			s := applyCase(monthNames[f.mon-1], st)
			if !t.fm {
				s = padRight(s, 9)
			}
			b.WriteString(s)
		case "MON":
			if f.mon < 1 {
				break
			}
			b.WriteString(applyCase(monthNames[f.mon-1][:3], st))
		case "MM":
			num(f.mon, 2)
		case "RM":
			if f.mon < 1 {
				break
			}
			s := romanMonths[f.mon-1]
			if st == 2 {
				s = strings.ToLower(s)
			}
			if !t.fm {
				s = padRight(s, 4)
			}
			b.WriteString(s)
		case "DAY":
			s := applyCase(dayNames[f.dow], st)
			if !t.fm {
				s = padRight(s, 9)
			}
			b.WriteString(s)
		case "DY":
			b.WriteString(applyCase(dayNames[f.dow][:3], st))
		case "DDD":
			num(f.doy, 3)
		case "DD":
			num(f.mday, 2)
		case "D":
			num(f.dow+1, 1)
		case "ID":
			d := f.dow
			if d == 0 {
				d = 7
			}
			num(d, 1)
		case "W":
			num((f.mday-1)/7+1, 1)
		case "WW":
			num((f.doy-1)/7+1, 2)
		case "IW":
			_, w := isoWeek(f.days)
			num(w, 2)
		case "J":
			num(f.days+unixJD, 0)
		case "Q":
			if f.mon >= 1 {
				num((f.mon-1)/3+1, 1)
			}
		case "TZ":
			if f.hasTZ {
				s := f.tzName
				if st == 2 {
					s = strings.ToLower(s)
				}
				b.WriteString(s)
			}
		case "TZH":
			if f.hasTZ {
				sign := "+"
				off := f.tzOff
				if off < 0 {
					sign, off = "-", -off
				}
				b.WriteString(sign + zpad(off/3600, 2, false))
			}
		case "TZM":
			if f.hasTZ {
				off := f.tzOff
				if off < 0 {
					off = -off
				}
				b.WriteString(zpad(off/60%60, 2, false))
			}
		case "OF":
			if f.hasTZ {
				sign := "+"
				off := f.tzOff
				if off < 0 {
					sign, off = "-", -off
				}
				s := sign + zpad(off/3600, 2, false)
				if off%3600 != 0 {
					s += ":" + zpad(off/60%60, 2, false)
				}
				b.WriteString(s)
			}
		}
	}
	return b.String()
}

func displayYear(f dtFields) int64 {
	if !f.isInterval && f.year <= 0 {
		return -(f.year - 1)
	}
	return f.year
}

func padRight(s string, n int) string {
	for len([]rune(s)) < n {
		s += " "
	}
	return s
}

func fieldsOfLocal(local int64) dtFields {
	b := breakTS(local)
	return dtFields{year: b.year, mon: b.mon, mday: b.mday, hour: b.hour, min: b.min, sec: b.sec, us: b.us, doy: b.doy(), dow: b.dow(), days: b.days}
}

// zoneAbbrev is the abbreviation PostgreSQL prints for TZ.
func zoneAbbrev(ctx *Context, us int64) (string, int64) {
	loc := ctx.loc()
	off := base.TZOffsetAt(loc, us)
	name := loc.String()
	if name == "UTC" || name == "" {
		return "UTC", off
	}
	abbr, _ := timeIn(us, loc)
	if abbr == "" || abbr[0] == '+' || abbr[0] == '-' {
		sign := "+"
		o := off
		if o < 0 {
			sign, o = "-", -o
		}
		abbr = sign + zpad(o/3600, 2, false)
		if o%3600 != 0 {
			abbr += zpad(o/60%60, 2, false)
		}
	}
	return abbr, off
}

// ---- numeric to_char ----

func toCharNumber(d *apd.Decimal, f string) string {
	if out, ok := toCharRomanOrSci(d, f); ok {
		return out
	}
	fm := false
	var intPart, fracPart []byte // '9' or '0' per position
	hasPoint := false
	sign := ""        // "S", "MI", "PL", "SG", "PR"
	var layout []byte // sequence of items: '9','0','.',',' in the integer/fraction sections
	up := strings.ToUpper(f)
	for i := 0; i < len(up); i++ {
		c := up[i]
		switch {
		case strings.HasPrefix(up[i:], "FM"):
			fm = true
			i++
		case c == '9' || c == '0':
			if hasPoint {
				fracPart = append(fracPart, c)
			} else {
				intPart = append(intPart, c)
			}
			layout = append(layout, c)
		case c == '.' || c == 'D':
			hasPoint = true
			layout = append(layout, '.')
		case c == ',' || c == 'G':
			layout = append(layout, ',')
		case strings.HasPrefix(up[i:], "MI"):
			sign = "MI"
			i++
		case strings.HasPrefix(up[i:], "PL"):
			sign = "PL"
			i++
		case strings.HasPrefix(up[i:], "SG"):
			sign = "SG"
			i++
		case strings.HasPrefix(up[i:], "PR"):
			sign = "PR"
			i++
		case c == 'S':
			sign = "S"
		default:
			layout = append(layout, 'L') // literal placeholder (rare)
		}
	}
	neg := d.Negative && !d.IsZero()
	abs := new(apd.Decimal).Set(d)
	abs.Negative = false
	r, _ := roundTo(abs, int32(len(fracPart)))
	txt := r.Text('f')
	ip, fp := txt, ""
	if k := strings.IndexByte(txt, '.'); k >= 0 {
		ip, fp = txt[:k], txt[k+1:]
	}
	if ip == "0" && hasPoint {
		ip = "" // "9.99" of 0.5 prints " .50"; without a point the 0 shows
	}
	overflow := len(ip) > len(intPart)
	// Integer digits right-aligned on the integer positions.
	digits := make([]byte, len(intPart))
	firstZero := len(intPart)
	for i, c := range intPart {
		if c == '0' {
			firstZero = i
			break
		}
	}
	for i := range digits {
		j := len(ip) - (len(intPart) - i)
		switch {
		case overflow:
			digits[i] = '#'
		case j >= 0:
			digits[i] = ip[j]
		case i >= firstZero:
			digits[i] = '0'
		default:
			digits[i] = ' '
		}
	}
	if len(fracPart) > 0 && ip == "" && len(intPart) > 0 && digits[len(digits)-1] == ' ' && !hasZeroBeforePoint(intPart) {
		// "9.99" of 0.5 → " .50": PostgreSQL leaves the units digit blank.
	}
	var b strings.Builder
	di, fi := 0, 0
	started := false
	for _, c := range layout {
		switch c {
		case '9', '0':
			if di < len(digits) {
				ch := digits[di]
				if ch != ' ' {
					started = true
				}
				b.WriteByte(ch)
				di++
			} else {
				ch := byte('0')
				if overflow {
					ch = '#'
				} else if fi < len(fp) {
					ch = fp[fi]
				}
				fi++
				b.WriteByte(ch)
			}
		case '.':
			if overflow {
				b.WriteByte('.')
			} else {
				b.WriteByte('.')
			}
		case ',':
			if started {
				b.WriteByte(',')
			} else {
				b.WriteByte(' ')
			}
		}
	}
	out := b.String()
	// Sign: by default a leading '-' or ' ' placed just before the first
	// digit (within the padding).
	switch sign {
	case "":
		s := " "
		if neg {
			s = "-"
		}
		k := strings.IndexFunc(out, func(r rune) bool { return r != ' ' })
		if k < 0 {
			k = len(out)
		}
		out = out[:k] + s + out[k:]
	case "S":
		s := "+"
		if neg {
			s = "-"
		}
		k := strings.IndexFunc(out, func(r rune) bool { return r != ' ' })
		if k < 0 {
			k = len(out)
		}
		if strings.HasPrefix(strings.ToUpper(f), "S") || strings.HasPrefix(strings.ToUpper(f), "FMS") {
			out = out[:k] + s + out[k:]
		} else {
			out += s
		}
	case "MI":
		if neg {
			out += "-"
		} else {
			out += " "
		}
	case "PL":
		if neg {
			out = "-" + out
		} else {
			out += "+"
		}
	case "SG":
		if neg {
			out = "-" + out
		} else {
			out = "+" + out
		}
	case "PR":
		k := strings.IndexFunc(out, func(r rune) bool { return r != ' ' })
		if k < 0 {
			k = len(out)
		}
		if neg {
			out = out[:k] + "<" + out[k:] + ">"
		} else {
			out = out[:k] + " " + out[k:] + " "
		}
	}
	if fm {
		out = strings.TrimLeft(out, " ")
		// FM drops trailing zeros produced by '9' fraction positions.
		if k := strings.IndexByte(out, '.'); k >= 0 && len(fracPart) > 0 {
			n := len(out)
			for n > k+1 && out[n-1] == '0' && fracPart[len(fracPart)-(len(out)-n)-1] == '9' {
				n--
			}
			out = out[:n]
		}
		if sign == "MI" {
			out = strings.TrimRight(out, " ")
		}
	}
	return out
}

func hasZeroBeforePoint(p []byte) bool {
	for _, c := range p {
		if c == '0' {
			return true
		}
	}
	return false
}

// ---- to_timestamp(text, fmt) / to_date ----

type parsedDT struct {
	local int64
	tzOff int64
	hasTZ bool
}

func parseWithFormat(s, f string, dateOnly bool) (parsedDT, error) {
	toks := tokenizeDT(f)
	year, mon, day := int64(1), int64(1), int64(1)
	var hour, minute, sec, us int64
	pm, hasAMPM, h12 := false, false, false
	var tzh, tzm int64
	hasTZ := false
	doy := int64(0)
	yearSet := false
	i := 0
	bad := func(kw, v string) error {
		return base.Errorf(base.CodeInvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", v, kw)
	}
	readNum := func(maxDigits int, next bool) (int64, string, bool) {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := i
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			j++
		}
		for j < len(s) && s[j] >= '0' && s[j] <= '9' && (j-i < maxDigits || !next) {
			j++
		}
		str := s[i:j]
		v, err := strconv.ParseInt(str, 10, 64)
		if err != nil {
			return 0, s[i:min(len(s), i+maxDigits)], false
		}
		i = j
		return v, str, true
	}
	for ti, t := range toks {
		// A field is read greedily unless the next token is another field.
		nextIsField := ti+1 < len(toks) && !toks[ti+1].literal
		if t.literal {
			// Separators in the format skip any single separator in the input.
			if i < len(s) {
				c := s[i]
				if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') || c == t.raw[0] {
					i++
				}
			}
			continue
		}
		var err error
		num := func(width int) int64 {
			v, str, ok := readNum(width, nextIsField)
			if !ok && err == nil {
				if i >= len(s) {
					err = base.Errorf(base.CodeInvalidDatetimeFormat, "source string too short for \"%s\" formatting field", t.kw).
						WithDetail("Field requires %d characters, but only %d remain.", width, 0)
				} else {
					err = bad(t.kw, str)
				}
			}
			return v
		}
		switch t.kw {
		case "YYYY", "IYYY":
			year = num(4)
			yearSet = true
		case "YYY", "IYY":
			year = num(3)
			if year < 100 {
				year += 2000
			} else if year < 1000 {
				year += 1000
			}
			yearSet = true
		case "YY", "IY":
			year = num(2)
			if year < 70 {
				year += 2000
			} else if year < 100 {
				year += 1900
			}
			yearSet = true
		case "Y", "I":
			year = num(1) + 2000
			yearSet = true
		case "Y,YYY":
			a := num(1)
			if i < len(s) && s[i] == ',' {
				i++
			}
			b := num(3)
			year = a*1000 + b
			yearSet = true
		case "MM":
			mon = num(2)
			if mon < 1 || mon > 12 && err == nil {
				err = base.Errorf(base.CodeDatetimeFieldOverflow, "date/time field value out of range: \"%s\"", s)
			}
		case "DD":
			day = num(2)
		case "DDD":
			doy = num(3)
		case "HH", "HH12":
			hour = num(2)
			h12 = true
			if (hour < 1 || hour > 12) && err == nil {
				err = base.Errorf(base.CodeInvalidDatetimeFormat, "hour \"%d\" is invalid for the 12-hour clock", hour).WithHint("Use the 24-hour clock, or give an hour between 1 and 12.")
			}
		case "HH24":
			hour = num(2)
		case "MI":
			minute = num(2)
		case "SS":
			sec = num(2)
		case "MS":
			v, str, ok := readNum(3, nextIsField)
			if !ok {
				err = bad("MS", str)
			}
			for k := len(str); k < 3; k++ {
				v *= 10
			}
			us += v * 1000
		case "US", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
			v, str, ok := readNum(6, nextIsField)
			if !ok {
				err = bad(t.kw, str)
			}
			for k := len(str); k < 6; k++ {
				v *= 10
			}
			us += v
		case "SSSS", "SSSSS":
			v := num(5)
			hour, minute, sec = v/3600, v/60%60, v%60
		case "AM", "PM", "A.M.", "P.M.":
			hasAMPM = true
			rest := strings.ToUpper(s[i:])
			switch {
			case strings.HasPrefix(rest, "PM"), strings.HasPrefix(rest, "P.M."):
				pm = true
			case strings.HasPrefix(rest, "AM"), strings.HasPrefix(rest, "A.M."):
			default:
				err = base.Errorf(base.CodeInvalidDatetimeFormat, "invalid value \"%s\" for \"%s\"", s[i:min(len(s), i+2)], t.kw)
			}
			if strings.Contains(t.kw, ".") {
				i += 4
			} else {
				i += 2
			}
		case "MONTH", "MON":
			rest := strings.ToLower(s[i:])
			found := false
			for k, m := range monthNames {
				lm := strings.ToLower(m)
				if t.kw == "MONTH" && strings.HasPrefix(rest, lm) {
					mon, i, found = int64(k+1), i+len(lm), true
					break
				}
				if strings.HasPrefix(rest, lm[:3]) {
					mon, i, found = int64(k+1), i+3, true
					break
				}
			}
			if !found {
				err = bad(t.kw, s[i:min(len(s), i+3)])
			}
		case "DAY", "DY":
			rest := strings.ToLower(s[i:])
			for _, d := range dayNames {
				ld := strings.ToLower(d)
				if t.kw == "DAY" && strings.HasPrefix(rest, ld) {
					i += len(ld)
					break
				}
				if strings.HasPrefix(rest, ld[:3]) {
					i += 3
					break
				}
			}
		case "TZH":
			hasTZ = true
			tzh = num(3)
		case "TZM":
			hasTZ = true
			tzm = num(2)
		case "TZ", "OF":
			err = base.Errorf(base.CodeFeatureNotSupported, "formatting field \"%s\" is only supported in to_char", t.kw)
		case "J":
			v := num(8)
			d := v - unixJD
			yy, mm, dd := base.CivilFromDays(d)
			year, mon, day, yearSet = yy, mm, dd, true
		case "D", "ID", "W", "WW", "IW", "Q", "CC", "RM", "AD", "BC", "A.D.", "B.C.":
			// Accepted and ignored, as PostgreSQL mostly does.
			num(2)
		}
		if err != nil {
			return parsedDT{}, err
		}
	}
	if hasAMPM || h12 {
		if hour == 12 {
			hour = 0
		}
		if pm {
			hour += 12
		}
	}
	_ = yearSet
	if mon < 1 || mon > 12 {
		return parsedDT{}, base.Errorf(base.CodeDatetimeFieldOverflow, "date/time field value out of range: \"%s\"", s)
	}
	var days int64
	if doy > 0 {
		days = base.DaysFromCivil(year, 1, 1) + doy - 1
	} else {
		if day < 1 || day > base.DaysInMonth(year, mon) {
			return parsedDT{}, base.Errorf(base.CodeDatetimeFieldOverflow, "date/time field value out of range: \"%s\"", s)
		}
		days = base.DaysFromCivil(year, mon, day)
	}
	if hour > 24 || minute > 59 || sec > 60 {
		return parsedDT{}, base.Errorf(base.CodeDatetimeFieldOverflow, "date/time field value out of range: \"%s\"", s)
	}
	local := days*usPerDay + hour*usPerHour + minute*usPerMin + sec*usPerSec + us
	if dateOnly {
		local = days * usPerDay
	}
	off := tzh * 3600
	if tzh < 0 {
		off -= tzm * 60
	} else {
		off += tzm * 60
	}
	return parsedDT{local: local, tzOff: off, hasTZ: hasTZ}, nil
}

func init() {
	t := base.Text
	regFunc("to_char", ts(base.Timestamp, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if isInfTS(a[0].I) {
			return base.NullOf(base.KindText), nil
		}
		return txt(toCharDT(fieldsOfLocal(a[0].I), a[1].S)), nil
	})
	regFunc("to_char", ts(base.TimestampTZ, t), t, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		if isInfTS(a[0].I) {
			return base.NullOf(base.KindText), nil
		}
		f := fieldsOfLocal(base.UTCToLocal(a[0].I, ctx.loc()))
		f.hasTZ = true
		f.tzName, f.tzOff = zoneAbbrev(ctx, a[0].I)
		return txt(toCharDT(f, a[1].S)), nil
	})
	regFunc("to_char", ts(base.IntervalT, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		iv := a[0].Iv
		us := iv.Micros
		f := dtFields{isInterval: true, year: int64(iv.Months) / 12, mon: int64(iv.Months) % 12, mday: int64(iv.Days),
			hour: us / usPerHour, min: us % usPerHour / usPerMin, sec: us % usPerMin / usPerSec, us: us % usPerSec}
		f.doy = f.mday
		return txt(toCharDT(f, a[1].S)), nil
	})
	regFunc("to_char", ts(base.Numeric, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(toCharNumber(a[0].D, a[1].S)), nil
	})
	regFunc("to_char", ts(base.Int64, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(toCharNumber(apd.New(a[0].I, 0), a[1].S)), nil
	})
	regFunc("to_char", ts(base.Int32, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(toCharNumber(apd.New(a[0].I, 0), a[1].S)), nil
	})
	regFunc("to_char", ts(base.Float64, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if math.IsNaN(a[0].F) || math.IsInf(a[0].F, 0) {
			return txt(" NaN"), nil
		}
		return txt(toCharNumber(base.NumericFromFloat(a[0].F, 64), a[1].S)), nil
	})
	regFunc("to_char", ts(base.Float32, t), t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return txt(toCharNumber(base.NumericFromFloat(a[0].F, 32), a[1].S)), nil
	})
	regFunc("to_number", ts(t, t), base.Numeric, func(_ *Context, a []base.Datum) (base.Datum, error) {
		var b strings.Builder
		neg := false
		for _, r := range a[0].S {
			switch {
			case r >= '0' && r <= '9' || r == '.':
				b.WriteRune(r)
			case r == '-' || r == '<':
				neg = true
			}
		}
		d, _, err := apd.NewFromString(b.String())
		if err != nil {
			return base.Datum{}, base.Errorf(base.CodeInvalidTextRepresentation, "invalid input syntax for type numeric: \" \"")
		}
		d.Negative = neg && !d.IsZero()
		return base.DNumeric(d), nil
	})
}

// toCharRomanOrSci handles the RN (Roman numerals) and EEEE (scientific
// notation) numeric formats of to_char.
func toCharRomanOrSci(d *apd.Decimal, f string) (string, bool) {
	up := strings.ToUpper(f)
	fm := strings.Contains(up, "FM")
	switch {
	case strings.Contains(up, "RN"):
		r, _ := roundTo(new(apd.Decimal).Set(d), 0)
		v, err := r.Int64()
		if err != nil || d.Form != apd.Finite || v < 1 || v > 3999 {
			return strings.Repeat("#", 15), true
		}
		out := romanNumeral(v)
		if strings.Contains(f, "rn") {
			out = strings.ToLower(out)
		}
		if !fm {
			out = strings.Repeat(" ", 15-len(out)) + out
		}
		return out, true
	case strings.Contains(up, "EEEE"):
		frac := 0
		if k := strings.IndexAny(up, ".D"); k >= 0 {
			for _, c := range up[k+1:] {
				if c != '9' && c != '0' {
					break
				}
				frac++
			}
		}
		if d.Form != apd.Finite {
			return strings.Repeat("#", 5+frac+2), true
		}
		abs := new(apd.Decimal).Set(d)
		abs.Negative = false
		exp := int64(0)
		if !abs.IsZero() {
			exp = int64(len(abs.Coeff.String())) - 1 + int64(abs.Exponent)
		}
		mant := new(apd.Decimal).Set(abs)
		mant.Exponent -= int32(exp)
		// Like PostgreSQL, a mantissa rounded up to 10 is not renormalized
		// (to_char(9.96, '9.9EEEE') is " 10.0e+00").
		m, _ := roundTo(mant, int32(frac))
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		out := m.Text('f') + "e" + es + zpad(exp, 2, false)
		switch {
		case d.Negative && !d.IsZero():
			out = "-" + out
		case !fm:
			out = " " + out
		}
		return out, true
	}
	return "", false
}

func romanNumeral(v int64) string {
	vals := []int64{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, n := range vals {
		for v >= n {
			b.WriteString(syms[i])
			v -= n
		}
	}
	return b.String()
}
