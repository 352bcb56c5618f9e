package base

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Calendar arithmetic on the proleptic Gregorian calendar with astronomical
// year numbering (year 0 = 1 BC), as PostgreSQL uses.

const (
	usPerSec  = int64(1_000_000)
	usPerMin  = 60 * usPerSec
	usPerHour = 60 * usPerMin
	usPerDay  = 24 * usPerHour

	// unixEpochJD is the Julian day number of 1970-01-01.
	unixEpochJD = 2440588
	// dateEndJD is PostgreSQL's DATE_END_JULIAN (5874898-01-01).
	dateEndJD = 2147483494
	// minTimestampUS is PostgreSQL's MIN_TIMESTAMP (4714-11-24 00:00 BC) in
	// µs since the Unix epoch.
	minTimestampUS = int64(-211813488000000000) + 946684800000000
	// maxTimestampUS is the largest finite timestamp we can represent:
	// PostgreSQL goes to 294276 AD but our µs-since-1970 int64 reserves
	// MaxInt64 for infinity, so we stop at 294246-12-31 23:59:59.999999.
	maxTimestampUS = int64(9223339708800000000) - 1

	// DateNegInfinity / DatePosInfinity are the infinite dates.
	DateNegInfinity = math.MinInt64
	DatePosInfinity = math.MaxInt64
	// TimestampNegInfinity / TimestampPosInfinity are the infinite timestamps.
	TimestampNegInfinity = math.MinInt64
	TimestampPosInfinity = math.MaxInt64
)

// DaysFromCivil returns days since 1970-01-01 for y-m-d (astronomical year).
func DaysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// CivilFromDays is the inverse of DaysFromCivil.
func CivilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

var monthDays = [2][13]int64{
	{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
	{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
}

// DaysInMonth returns the number of days of month m in year y.
func DaysInMonth(y, m int64) int64 {
	l := 0
	if isLeap(y) {
		l = 1
	}
	return monthDays[l][m]
}

func validDateDays(days int64) bool {
	jd := days + unixEpochJD
	return jd >= 0 && jd < dateEndJD
}

func validTimestamp(us int64) bool { return us >= minTimestampUS && us <= maxTimestampUS }

// SplitTimestamp splits µs since epoch into days and µs of the day.
func SplitTimestamp(us int64) (days, tod int64) {
	return floorDiv(us, usPerDay), floorMod(us, usPerDay)
}

// ---------------------------------------------------------------------------
// Time zones

var (
	tzOnce  sync.Once
	tzNames map[string]string // lower-case name -> IANA name
	tzCache sync.Map          // IANA name -> *time.Location
)

// tzAbbrevs are the common abbreviations from PostgreSQL's Default set
// (fixed offsets in seconds east of UTC).
var tzAbbrevs = map[string]int{
	"utc": 0, "gmt": 0, "z": 0, "zulu": 0, "ut": 0, "wet": 0,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
	"akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600, "ast": -4 * 3600, "adt": -3 * 3600,
	"nst": -(3*3600 + 1800), "ndt": -(2*3600 + 1800),
	"cet": 3600, "cest": 2 * 3600, "met": 3600, "mest": 2 * 3600, "eet": 2 * 3600, "eest": 3 * 3600,
	"west": 3600, "bst": 3600, "msk": 3 * 3600, "jst": 9 * 3600, "kst": 9 * 3600,
	"hkt": 8 * 3600, "sgt": 8 * 3600, "awst": 8 * 3600, "acst": 9*3600 + 1800, "aest": 10 * 3600,
	"aedt": 11 * 3600, "nzst": 12 * 3600, "nzdt": 13 * 3600,
}

func loadTZNames() {
	tzNames = map[string]string{}
	root := "/usr/share/zoneinfo"
	if z := os.Getenv("ZONEINFO"); z != "" {
		root = z
	}
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || strings.Contains(rel, ".") || strings.HasPrefix(rel, "posix") || strings.HasPrefix(rel, "right") {
			return nil
		}
		tzNames[strings.ToLower(rel)] = rel
		return nil
	})
}

// LookupTimeZone resolves a time zone name the way PostgreSQL's TimeZone
// setting and timestamptz input do: IANA names case-insensitively, UTC/GMT/Z
// and the common abbreviations (as fixed offsets).
func LookupTimeZone(name string) (*time.Location, bool) {
	lname := strings.ToLower(strings.TrimSpace(name))
	if lname == "" {
		return nil, false
	}
	if lname == "utc" || lname == "z" || lname == "zulu" || lname == "gmt" || lname == "etc/utc" {
		return time.UTC, true
	}
	if v, ok := tzCache.Load(lname); ok {
		return v.(*time.Location), true
	}
	tzOnce.Do(loadTZNames)
	if real, ok := tzNames[lname]; ok {
		if loc, err := time.LoadLocation(real); err == nil {
			tzCache.Store(lname, loc)
			return loc, true
		}
	}
	if off, ok := tzAbbrevs[lname]; ok {
		loc := time.FixedZone(strings.ToUpper(lname), off)
		tzCache.Store(lname, loc)
		return loc, true
	}
	if loc, err := time.LoadLocation(name); err == nil {
		tzCache.Store(lname, loc)
		return loc, true
	}
	return nil, false
}

// tzOffsetAt returns loc's UTC offset in seconds at instant unixSec.
func tzOffsetAt(loc *time.Location, unixSec int64) int64 {
	if loc == nil || loc == time.UTC {
		return 0
	}
	_, off := time.Unix(unixSec, 0).In(loc).Zone()
	return int64(off)
}

// localToUTCSeconds converts local wall-clock seconds (as if UTC) in loc to
// a Unix instant, resolving DST gaps with the offset before the transition
// and ambiguous times with the offset after it (DetermineTimeZoneOffset).
func localToUTCSeconds(local int64, loc *time.Location) int64 {
	if loc == nil || loc == time.UTC {
		return local
	}
	offBefore := tzOffsetAt(loc, local-86400*2)
	offAfter := tzOffsetAt(loc, local+86400*2)
	if offBefore == offAfter {
		off := tzOffsetAt(loc, local-offBefore)
		if tzOffsetAt(loc, local-off) == off {
			return local - off
		}
		return local - offBefore
	}
	// Find the transition (boundary = first instant with the after-offset).
	lo, hi := local-86400*2, local+86400*2
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if tzOffsetAt(loc, mid) == offAfter {
			hi = mid
		} else {
			lo = mid
		}
	}
	boundary := hi
	beforeTime := local - offBefore
	afterTime := local - offAfter
	if beforeTime < boundary && afterTime < boundary {
		return beforeTime
	}
	if beforeTime >= boundary && afterTime >= boundary {
		return afterTime
	}
	if beforeTime > afterTime {
		return beforeTime
	}
	return afterTime
}

// LocalToUTC converts a local timestamp (µs, wall clock in loc) to UTC µs.
func LocalToUTC(localUS int64, loc *time.Location) int64 {
	if loc == nil || loc == time.UTC || localUS == math.MinInt64 || localUS == math.MaxInt64 {
		return localUS
	}
	sec := floorDiv(localUS, usPerSec)
	frac := localUS - sec*usPerSec
	return localToUTCSeconds(sec, loc)*usPerSec + frac
}

// UTCToLocal converts UTC µs to wall-clock µs in loc.
func UTCToLocal(us int64, loc *time.Location) int64 {
	if loc == nil || loc == time.UTC || us == math.MinInt64 || us == math.MaxInt64 {
		return us
	}
	return us + tzOffsetAt(loc, floorDiv(us, usPerSec))*usPerSec
}

// TZOffsetAt returns the UTC offset of loc (seconds east) at UTC instant us.
func TZOffsetAt(loc *time.Location, us int64) int64 {
	return tzOffsetAt(loc, floorDiv(us, usPerSec))
}

// ---------------------------------------------------------------------------
// Output

func appendInt0(b []byte, v int64, width int) []byte {
	var tmp [24]byte
	s := strconv.AppendInt(tmp[:0], v, 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendYMD appends YYYY-MM-DD and reports whether the year is BC.
func appendYMD(b []byte, days int64) ([]byte, bool) {
	y, m, d := CivilFromDays(days)
	bc := y <= 0
	if bc {
		y = 1 - y
	}
	b = appendInt0(b, y, 4)
	b = append(b, '-')
	b = appendInt0(b, m, 2)
	b = append(b, '-')
	b = appendInt0(b, d, 2)
	return b, bc
}

// appendHMS appends HH:MM:SS[.ffffff] with trailing fraction zeros trimmed.
func appendHMS(b []byte, tod int64) []byte {
	h := tod / usPerHour
	mi := tod / usPerMin % 60
	s := tod / usPerSec % 60
	f := tod % usPerSec
	b = appendInt0(b, h, 2)
	b = append(b, ':')
	b = appendInt0(b, mi, 2)
	b = append(b, ':')
	b = appendInt0(b, s, 2)
	return appendFrac(b, f)
}

func appendFrac(b []byte, f int64) []byte {
	if f == 0 {
		return b
	}
	var tmp [8]byte
	fs := appendInt0(tmp[:0], f, 6)
	n := len(fs)
	for n > 0 && fs[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, fs[:n]...)
}

// AppendDate appends the ISO text of a date datum payload.
func AppendDate(b []byte, days int64) []byte {
	switch days {
	case DateNegInfinity:
		return append(b, "-infinity"...)
	case DatePosInfinity:
		return append(b, "infinity"...)
	}
	b, bc := appendYMD(b, days)
	if bc {
		b = append(b, " BC"...)
	}
	return b
}

// AppendTime appends HH:MM:SS[.ffffff].
func AppendTime(b []byte, us int64) []byte { return appendHMS(b, us) }

// AppendTimestamp appends timestamp text; with tz, the instant is shown in
// loc followed by its UTC offset.
func AppendTimestamp(b []byte, us int64, tz bool, loc *time.Location) []byte {
	switch us {
	case TimestampNegInfinity:
		return append(b, "-infinity"...)
	case TimestampPosInfinity:
		return append(b, "infinity"...)
	}
	var off int64
	if tz {
		off = TZOffsetAt(loc, us)
		us += off * usPerSec
	}
	days, tod := SplitTimestamp(us)
	b, bc := appendYMD(b, days)
	b = append(b, ' ')
	b = appendHMS(b, tod)
	if tz {
		b = appendTZOffset(b, off)
	}
	if bc {
		b = append(b, " BC"...)
	}
	return b
}

func appendTZOffset(b []byte, off int64) []byte {
	if off < 0 {
		b = append(b, '-')
		off = -off
	} else {
		b = append(b, '+')
	}
	b = appendInt0(b, off/3600, 2)
	if off%3600 != 0 {
		b = append(b, ':')
		b = appendInt0(b, off/60%60, 2)
		if off%60 != 0 {
			b = append(b, ':')
			b = appendInt0(b, off%60, 2)
		}
	}
	return b
}

// ---------------------------------------------------------------------------
// Input: a simplified port of PostgreSQL's ParseDateTime / DecodeDateTime.

type dtFieldType uint8

const (
	dtNumber dtFieldType = iota
	dtString
	dtDate
	dtTime
	dtTZ
	dtSpecial
)

type dtField struct {
	typ dtFieldType
	s   string
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

var dateKeywords = map[string]bool{
	"t": true, "am": true, "pm": true, "ad": true, "bc": true, "at": true, "on": true,
	"epoch": true, "infinity": true, "now": true, "today": true, "tomorrow": true,
	"yesterday": true, "allballs": true, "z": true, "zulu": true,
}

func splitDateTime(s string) ([]dtField, bool) {
	var fs []dtField
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case isSpace(c):
			i++
		case isDigit(c):
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			typ := dtNumber
			if j < len(s) && s[j] == ':' {
				typ = dtTime
				for j < len(s) && (isDigit(s[j]) || s[j] == ':' || s[j] == '.') {
					j++
				}
			} else if j < len(s) && (s[j] == '-' || s[j] == '/' || s[j] == '.') {
				delim := s[j]
				j++
				if j < len(s) && isDigit(s[j]) {
					if delim == '.' {
						typ = dtNumber
					} else {
						typ = dtDate
					}
					for j < len(s) && isDigit(s[j]) {
						j++
					}
					if j < len(s) && s[j] == delim {
						typ = dtDate
						for j < len(s) && (isDigit(s[j]) || s[j] == delim) {
							j++
						}
					}
				} else {
					typ = dtDate
					for j < len(s) && (isAlpha(s[j]) || isDigit(s[j]) || s[j] == delim) {
						j++
					}
				}
			}
			fs = append(fs, dtField{typ, strings.ToLower(s[i:j])})
			i = j
		case c == '.':
			j := i + 1
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			fs = append(fs, dtField{dtNumber, s[i:j]})
			i = j
		case isAlpha(c):
			j := i
			for j < len(s) && isAlpha(s[j]) {
				j++
			}
			word := strings.ToLower(s[i:j])
			isDate := false
			if j < len(s) && (s[j] == '-' || s[j] == '/' || s[j] == '.') {
				isDate = true
			} else if j < len(s) && (s[j] == '+' || isDigit(s[j])) {
				if !dateKeywords[word] && monthNum(word) == 0 {
					isDate = true
				}
			}
			if isDate {
				for j < len(s) && (s[j] == '+' || s[j] == '-' || s[j] == '/' || s[j] == '_' || s[j] == '.' || s[j] == ':' || isAlpha(s[j]) || isDigit(s[j])) {
					j++
				}
				fs = append(fs, dtField{dtDate, s[i:j]})
			} else {
				fs = append(fs, dtField{dtString, word})
			}
			i = j
		case c == '+' || c == '-':
			j := i + 1
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			if j < len(s) && isDigit(s[j]) {
				k := j
				for k < len(s) && (isDigit(s[k]) || s[k] == ':' || s[k] == '.' || s[k] == '-') {
					k++
				}
				fs = append(fs, dtField{dtTZ, string(c) + s[j:k]})
				i = k
			} else if j < len(s) && isAlpha(s[j]) {
				k := j
				for k < len(s) && isAlpha(s[k]) {
					k++
				}
				fs = append(fs, dtField{dtSpecial, string(c) + strings.ToLower(s[j:k])})
				i = k
			} else {
				return nil, false
			}
		case c < 0x80 && isPunct(c):
			i++
		default:
			return nil, false
		}
	}
	return fs, true
}

func isPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !isDigit(c) && !isAlpha(c)
}

var monthNames = map[string]int64{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var dayNames = map[string]bool{
	"sun": true, "sunday": true, "mon": true, "monday": true, "tue": true, "tues": true,
	"tuesday": true, "wed": true, "wednesday": true, "thu": true, "thur": true,
	"thurs": true, "thursday": true, "fri": true, "friday": true, "sat": true, "saturday": true,
}

func monthNum(s string) int64 { return monthNames[s] }

// dtResult is the decoded broken-down value.
type dtResult struct {
	year, mon, mday   int64
	hour, min, sec    int64
	fsec              int64 // µs
	haveYear, haveMon bool
	haveDay, haveTime bool
	year2             bool // year given with <= 2 digits
	bc                bool
	ampm              int // 0 none, 1 am, 2 pm
	tzSet             bool
	tzOff             int64 // seconds east of UTC
	tzLoc             *time.Location
	special           string // epoch, infinity, -infinity, now, today, ...
	dayOffset         int64  // from today/tomorrow/yesterday
	relDay            bool
}

type dtErr uint8

const (
	dtOK dtErr = iota
	dtBadFormat
	dtFieldOverflow
	dtTZBad
	dtTZDisp
)

func decodeDateTime(s string, wantDate, wantTime bool) (r dtResult, e dtErr, badTZ string) {
	fs, ok := splitDateTime(s)
	if !ok || len(fs) == 0 {
		return r, dtBadFormat, ""
	}
	var pendingNums []string
	afterT := false
	for idx, f := range fs {
		switch f.typ {
		case dtSpecial:
			if f.s == "-infinity" || f.s == "+infinity" {
				if len(fs) != 1 {
					return r, dtBadFormat, ""
				}
				r.special = strings.TrimPrefix(f.s, "+")
				continue
			}
			return r, dtBadFormat, ""
		case dtString:
			w := f.s
			switch {
			case w == "epoch" || w == "infinity" || w == "now":
				if len(fs) != 1 {
					return r, dtBadFormat, ""
				}
				r.special = w
			case w == "today" || w == "tomorrow" || w == "yesterday":
				r.relDay = true
				switch w {
				case "tomorrow":
					r.dayOffset = 1
				case "yesterday":
					r.dayOffset = -1
				}
			case w == "allballs":
				r.haveTime = true
			case w == "t":
				afterT = true
			case w == "am" || w == "pm":
				if r.ampm != 0 {
					return r, dtBadFormat, ""
				}
				r.ampm = 1
				if w == "pm" {
					r.ampm = 2
				}
			case w == "bc":
				r.bc = true
			case w == "ad" || w == "at" || w == "on":
			case monthNum(w) != 0:
				if r.haveMon {
					return r, dtBadFormat, ""
				}
				r.mon, r.haveMon = monthNum(w), true
			case dayNames[w]:
			default:
				if off, ok := tzAbbrevs[w]; ok {
					r.tzSet, r.tzOff = true, int64(off)
					continue
				}
				if loc, ok := LookupTimeZone(w); ok && r.tzLoc == nil && !r.tzSet {
					r.tzLoc = loc
					continue
				}
				return r, dtBadFormat, ""
			}
		case dtTime:
			if r.haveTime && r.hour+r.min+r.sec+r.fsec != 0 {
				return r, dtBadFormat, ""
			}
			if e := decodeTimeField(f.s, &r); e != dtOK {
				return r, e, ""
			}
			afterT = false
		case dtTZ:
			// A signed field after a complete date/time is a zone offset; a
			// lone "-YYYY-MM-DD" is not supported.
			off, e := decodeTZOffset(f.s)
			if e != dtOK {
				return r, e, ""
			}
			if r.tzSet || r.tzLoc != nil {
				return r, dtBadFormat, ""
			}
			r.tzSet, r.tzOff = true, off
		case dtDate:
			if (f.s[0] == 'j' || f.s[0] == 'J') && len(f.s) > 1 && strings.Trim(f.s[1:], "0123456789") == "" {
				jd, err := strconv.ParseInt(f.s[1:], 10, 64)
				if err != nil || r.haveYear || r.haveMon || r.haveDay {
					return r, dtBadFormat, ""
				}
				r.year, r.mon, r.mday = CivilFromDays(jd - unixEpochJD)
				r.haveYear, r.haveMon, r.haveDay = true, true, true
				continue
			}
			if isAlpha(f.s[0]) && (strings.ContainsAny(f.s, "/_+") || (r.haveMon && r.haveDay) || (len(fs) > 1 && idx > 0)) && !hasMonthPrefix(f.s) {
				loc, ok := LookupTimeZone(f.s)
				if !ok {
					return r, dtTZBad, f.s
				}
				r.tzLoc = loc
				continue
			}
			if r.haveYear || r.haveDay {
				return r, dtBadFormat, ""
			}
			if e := decodeDateField(f.s, &r); e != dtOK {
				return r, e, ""
			}
		case dtNumber:
			if !wantDate && !r.haveTime && !r.haveYear && !r.haveMon && (len(f.s) == 4 || len(f.s) == 6) {
				if e := decodeHHMMSS(f.s, &r); e != dtOK {
					return r, e, ""
				}
				continue
			}
			if afterT || (r.haveYear && r.haveMon && r.haveDay && !r.haveTime && len(strings.TrimLeft(f.s, "0123456789")) <= 0 && len(f.s) >= 4 && !strings.Contains(f.s, ".")) {
				// hhmmss after the date (ISO basic format)
				if e := decodeHHMMSS(f.s, &r); e != dtOK {
					return r, e, ""
				}
				afterT = false
				continue
			}
			if strings.Contains(f.s, ".") {
				if len(pendingNums) == 0 && !r.haveYear && !r.haveMon {
					return r, dtBadFormat, ""
				}
				return r, dtBadFormat, ""
			}
			if !r.haveYear && !r.haveMon && !r.haveDay && (len(f.s) == 8 || len(f.s) == 6) && len(pendingNums) == 0 && !hasStringMonth(fs) {
				// YYYYMMDD or YYMMDD
				var y, m, d int64
				if len(f.s) == 8 {
					y, _ = strconv.ParseInt(f.s[:4], 10, 64)
					m, _ = strconv.ParseInt(f.s[4:6], 10, 64)
					d, _ = strconv.ParseInt(f.s[6:], 10, 64)
				} else {
					y, _ = strconv.ParseInt(f.s[:2], 10, 64)
					m, _ = strconv.ParseInt(f.s[2:4], 10, 64)
					d, _ = strconv.ParseInt(f.s[4:], 10, 64)
					r.year2 = true
				}
				r.year, r.mon, r.mday = y, m, d
				r.haveYear, r.haveMon, r.haveDay = true, true, true
				continue
			}
			pendingNums = append(pendingNums, f.s)
		}
	}
	// Assign loose numbers (with a textual month): day then year; a number
	// with more than two digits or above 31 is the year.
	for _, n := range pendingNums {
		v, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			return r, dtFieldOverflow, ""
		}
		switch {
		case !r.haveYear && (len(n) > 2 || v > 31) && !(len(n) <= 2 && !r.haveDay && v <= 31):
			r.year, r.haveYear, r.year2 = v, true, len(n) <= 2
		case !r.haveDay && r.haveMon:
			r.mday, r.haveDay = v, true
		case !r.haveYear:
			r.year, r.haveYear, r.year2 = v, true, len(n) <= 2
		default:
			return r, dtBadFormat, ""
		}
	}
	if r.special != "" {
		return r, dtOK, ""
	}
	if r.ampm != 0 {
		if r.hour > 12 || r.hour < 0 {
			return r, dtFieldOverflow, ""
		}
		if r.ampm == 1 && r.hour == 12 {
			r.hour = 0
		} else if r.ampm == 2 && r.hour != 12 {
			r.hour += 12
		}
	}
	if r.relDay {
		if r.haveYear || r.haveMon || r.haveDay {
			return r, dtBadFormat, ""
		}
		return r, dtOK, ""
	}
	if wantDate {
		if !(r.haveYear && r.haveMon && r.haveDay) {
			return r, dtBadFormat, ""
		}
	} else if !r.haveTime {
		return r, dtBadFormat, ""
	}
	if r.haveYear {
		if r.bc {
			if r.year <= 0 {
				return r, dtFieldOverflow, ""
			}
			r.year = 1 - r.year
		} else if r.year2 {
			if r.year < 70 {
				r.year += 2000
			} else if r.year < 100 {
				r.year += 1900
			}
		} else if r.year == 0 {
			// "0000" is invalid in AD/BC numbering.
			return r, dtFieldOverflow, ""
		}
	}
	if r.haveMon && (r.mon < 1 || r.mon > 12) {
		return r, dtFieldOverflow, ""
	}
	if r.haveDay && (r.mday < 1 || r.mday > 31) {
		return r, dtFieldOverflow, ""
	}
	if r.haveYear && r.haveMon && r.haveDay && r.mday > DaysInMonth(r.year, r.mon) {
		return r, dtFieldOverflow, ""
	}
	if r.hour < 0 || r.hour > 24 || r.min < 0 || r.min > 59 || r.sec < 0 || r.sec > 60 ||
		(r.hour == 24 && (r.min > 0 || r.sec > 0 || r.fsec > 0)) {
		return r, dtFieldOverflow, ""
	}
	return r, dtOK, ""
}

func hasMonthPrefix(s string) bool {
	i := 0
	for i < len(s) && isAlpha(s[i]) {
		i++
	}
	return monthNum(strings.ToLower(s[:i])) != 0 && i < len(s) && (s[i] == '-' || s[i] == '/' || s[i] == '.')
}

func hasStringMonth(fs []dtField) bool {
	for _, f := range fs {
		if f.typ == dtString && monthNum(f.s) != 0 {
			return true
		}
	}
	return false
}

// decodeDateField decodes a field such as 2024-01-02, 1/8/1999, 08-jan-1999.
func decodeDateField(s string, r *dtResult) dtErr {
	s = strings.ToLower(s)
	parts := strings.FieldsFunc(s, func(c rune) bool { return c == '-' || c == '/' || c == '.' })
	if len(parts) != 3 && len(parts) != 2 {
		return dtBadFormat
	}
	var nums []string
	for _, p := range parts {
		if p == "" {
			return dtBadFormat
		}
		if isAlpha(p[0]) {
			m := monthNum(p)
			if m == 0 || r.haveMon {
				return dtBadFormat
			}
			r.mon, r.haveMon = m, true
			continue
		}
		for i := 0; i < len(p); i++ {
			if !isDigit(p[i]) {
				return dtBadFormat
			}
		}
		nums = append(nums, p)
	}
	atoi := func(x string) int64 {
		v, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return math.MaxInt32
		}
		return v
	}
	if r.haveMon {
		// textual month: the long (or > 31) number is the year
		if len(nums) != 2 {
			return dtBadFormat
		}
		yi := 1 // the first number is the day unless it is long
		if len(nums[0]) > 2 {
			yi = 0
		}
		r.year, r.year2 = atoi(nums[yi]), len(nums[yi]) <= 2
		r.mday = atoi(nums[1-yi])
		r.haveYear, r.haveDay = true, true
		return dtOK
	}
	if len(nums) != 3 {
		return dtBadFormat
	}
	if len(nums[0]) > 2 {
		// YMD
		r.year, r.mon, r.mday = atoi(nums[0]), atoi(nums[1]), atoi(nums[2])
		r.year2 = false
	} else {
		// MDY (DateStyle ISO, MDY)
		r.mon, r.mday, r.year = atoi(nums[0]), atoi(nums[1]), atoi(nums[2])
		r.year2 = len(nums[2]) <= 2
	}
	r.haveYear, r.haveMon, r.haveDay = true, true, true
	return dtOK
}

// decodeTimeField decodes hh:mm[:ss[.frac]].
func decodeTimeField(s string, r *dtResult) dtErr {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return dtBadFormat
	}
	h, err1 := strconv.ParseInt(parts[0], 10, 64)
	m, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil {
		if strings.Contains(parts[1], ".") && len(parts) == 2 {
			// mm:ss.frac form
			sec, fs, e := parseSecFrac(parts[1])
			if e != dtOK {
				return e
			}
			r.hour, r.min, r.sec, r.fsec = 0, h, sec, fs
			r.haveTime = true
			return dtOK
		}
		return dtBadFormat
	}
	r.hour, r.min, r.sec, r.fsec = h, m, 0, 0
	if len(parts) == 3 {
		sec, fs, e := parseSecFrac(parts[2])
		if e != dtOK {
			return e
		}
		r.sec, r.fsec = sec, fs
	}
	r.haveTime = true
	return dtOK
}

// parseSecFrac parses ss[.ffffff...] rounding to microseconds.
func parseSecFrac(s string) (int64, int64, dtErr) {
	if s == "" {
		return 0, 0, dtBadFormat
	}
	ip, fp, hasDot := strings.Cut(s, ".")
	if ip == "" && !hasDot {
		return 0, 0, dtBadFormat
	}
	var sec int64
	if ip != "" {
		v, err := strconv.ParseInt(ip, 10, 64)
		if err != nil {
			return 0, 0, dtBadFormat
		}
		sec = v
	}
	if !hasDot || fp == "" {
		return sec, 0, dtOK
	}
	for i := 0; i < len(fp); i++ {
		if !isDigit(fp[i]) {
			return 0, 0, dtBadFormat
		}
	}
	f, _ := strconv.ParseFloat("0."+fp, 64)
	us := int64(math.RoundToEven(f * 1e6))
	if us >= usPerSec {
		sec++
		us -= usPerSec
	}
	return sec, us, dtOK
}

func decodeHHMMSS(s string, r *dtResult) dtErr {
	ip, fp, _ := strings.Cut(s, ".")
	var h, m, sec int64
	switch len(ip) {
	case 2:
		h, _ = strconv.ParseInt(ip, 10, 64)
	case 4:
		h, _ = strconv.ParseInt(ip[:2], 10, 64)
		m, _ = strconv.ParseInt(ip[2:], 10, 64)
	case 6:
		h, _ = strconv.ParseInt(ip[:2], 10, 64)
		m, _ = strconv.ParseInt(ip[2:4], 10, 64)
		sec, _ = strconv.ParseInt(ip[4:], 10, 64)
	default:
		return dtBadFormat
	}
	r.hour, r.min, r.sec = h, m, sec
	if fp != "" {
		_, us, e := parseSecFrac("0." + fp)
		if e != dtOK {
			return e
		}
		r.fsec = us
	}
	r.haveTime = true
	return dtOK
}

// decodeTZOffset parses +hh, +hhmm, +hh:mm, +hh:mm:ss.
func decodeTZOffset(s string) (int64, dtErr) {
	sign := int64(1)
	if s[0] == '-' {
		sign = -1
	}
	body := s[1:]
	var h, m, sec int64
	var err error
	if strings.Contains(body, ":") {
		p := strings.Split(body, ":")
		if len(p) > 3 {
			return 0, dtBadFormat
		}
		if h, err = strconv.ParseInt(p[0], 10, 64); err != nil {
			return 0, dtBadFormat
		}
		if m, err = strconv.ParseInt(p[1], 10, 64); err != nil {
			return 0, dtBadFormat
		}
		if len(p) == 3 {
			if sec, err = strconv.ParseInt(p[2], 10, 64); err != nil {
				return 0, dtBadFormat
			}
		}
	} else {
		for i := 0; i < len(body); i++ {
			if !isDigit(body[i]) {
				return 0, dtBadFormat
			}
		}
		switch len(body) {
		case 1, 2:
			h, _ = strconv.ParseInt(body, 10, 64)
		case 3, 4:
			h, _ = strconv.ParseInt(body[:len(body)-2], 10, 64)
			m, _ = strconv.ParseInt(body[len(body)-2:], 10, 64)
		case 5, 6:
			h, _ = strconv.ParseInt(body[:len(body)-4], 10, 64)
			m, _ = strconv.ParseInt(body[len(body)-4:len(body)-2], 10, 64)
			sec, _ = strconv.ParseInt(body[len(body)-2:], 10, 64)
		default:
			return 0, dtBadFormat
		}
	}
	if h > 15 {
		return 0, dtTZDisp
	}
	if m > 59 || sec > 59 {
		return 0, dtFieldOverflow
	}
	return sign * (h*3600 + m*60 + sec), dtOK
}

func dtError(e dtErr, typName, s, tz string) error {
	switch e {
	case dtFieldOverflow:
		return Errorf(CodeDatetimeFieldOverflow, "date/time field value out of range: \"%s\"", s)
	case dtTZDisp:
		return Errorf(CodeInvalidTimeZoneDisplacement, "time zone displacement out of range: \"%s\"", s)
	case dtTZBad:
		return Errorf(CodeInvalidParameterValue, "time zone \"%s\" not recognized", tz)
	}
	return Errorf(CodeInvalidDatetimeFormat, "invalid input syntax for type %s: \"%s\"", typName, s)
}

// nowFunc is the clock for 'now'/'today' input (tests may replace it).
var nowFunc = time.Now

func todayDays(loc *time.Location) int64 {
	now := nowFunc().UnixMicro()
	d, _ := SplitTimestamp(UTCToLocal(now, loc))
	return d
}

// ParseDate implements date_in.
func ParseDate(s string, loc *time.Location) (int64, error) {
	r, e, tz := decodeDateTime(s, true, false)
	if e != dtOK {
		return 0, dtError(e, "date", s, tz)
	}
	switch r.special {
	case "epoch":
		return 0, nil
	case "infinity":
		return DatePosInfinity, nil
	case "-infinity":
		return DateNegInfinity, nil
	case "now":
		return todayDays(loc), nil
	}
	if r.relDay {
		return todayDays(loc) + r.dayOffset, nil
	}
	days := DaysFromCivil(r.year, r.mon, r.mday)
	if !validDateDays(days) {
		return 0, Errorf(CodeDatetimeFieldOverflow, "date out of range: \"%s\"", s)
	}
	return days, nil
}

// ParseTime implements time_in (a date part and a zone are accepted and
// ignored).
func ParseTime(s string) (int64, error) {
	r, e, tz := decodeDateTime(s, false, true)
	if e == dtOK && r.special != "" {
		if r.special == "now" {
			_, tod := SplitTimestamp(nowFunc().UnixMicro())
			return tod, nil
		}
		e = dtBadFormat
	}
	if e != dtOK {
		return 0, dtError(e, "time", s, tz)
	}
	if r.relDay || r.tzLoc != nil {
		return 0, dtError(dtBadFormat, "time", s, "")
	}
	return r.hour*usPerHour + r.min*usPerMin + r.sec*usPerSec + r.fsec, nil
}

// ParseTimestamp implements timestamp_in (tz=false) and timestamptz_in
// (tz=true). Without an explicit zone, timestamptz input is local time in loc.
func ParseTimestamp(s string, tz bool, loc *time.Location) (int64, error) {
	typName := "timestamp"
	if tz {
		typName = "timestamp with time zone"
	}
	r, e, badtz := decodeDateTime(s, true, false)
	if e != dtOK {
		return 0, dtError(e, typName, s, badtz)
	}
	switch r.special {
	case "epoch":
		return 0, nil
	case "infinity":
		return TimestampPosInfinity, nil
	case "-infinity":
		return TimestampNegInfinity, nil
	case "now":
		now := nowFunc().UnixMicro()
		if !tz {
			return UTCToLocal(now, loc), nil
		}
		return now, nil
	}
	var days int64
	if r.relDay {
		days = todayDays(loc) + r.dayOffset
	} else {
		days = DaysFromCivil(r.year, r.mon, r.mday)
		if !validDateDays(days) {
			return 0, Errorf(CodeDatetimeFieldOverflow, "timestamp out of range: \"%s\"", s)
		}
	}
	us := days*usPerDay + r.hour*usPerHour + r.min*usPerMin + r.sec*usPerSec + r.fsec
	if tz {
		switch {
		case r.tzSet:
			us -= r.tzOff * usPerSec
		case r.tzLoc != nil:
			us = LocalToUTC(us, r.tzLoc)
		default:
			us = LocalToUTC(us, loc)
		}
	}
	if !validTimestamp(us) {
		return 0, Errorf(CodeDatetimeFieldOverflow, "timestamp out of range: \"%s\"", s)
	}
	return us, nil
}
