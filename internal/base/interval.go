package base

import (
	"math"
	"strconv"
	"strings"
)

const (
	daysPerMonth = 30
	monthsPerYr  = 12
)

// itmIn accumulates interval input like PostgreSQL's pg_itm_in.
type itmIn struct {
	usec int64
	days int64
	mons int64
}

func (it *itmIn) addMicros(val int64, fval float64, scale int64) bool {
	p, ok := mulAdd64(val, scale, it.usec)
	if !ok {
		return false
	}
	it.usec = p
	return it.addFractMicros(fval, scale)
}

func (it *itmIn) addFractMicros(frac float64, scale int64) bool {
	if frac == 0 {
		return true
	}
	frac *= float64(scale)
	usec := int64(frac)
	frac -= float64(usec)
	if frac > 0.5 {
		usec++
	} else if frac < -0.5 {
		usec--
	}
	r := it.usec + usec
	if (usec > 0 && r < it.usec) || (usec < 0 && r > it.usec) {
		return false
	}
	it.usec = r
	return true
}

func (it *itmIn) addFractDays(frac float64, scale int64) bool {
	if frac == 0 {
		return true
	}
	frac *= float64(scale)
	extra := int64(frac)
	it.days += extra
	frac -= float64(extra)
	return it.addFractMicros(frac, usPerDay)
}

func (it *itmIn) addDays(val, scale int64) bool {
	p, ok := mulAdd64(val, scale, it.days)
	if !ok || p > math.MaxInt32 || p < math.MinInt32 {
		return false
	}
	it.days = p
	return true
}

func (it *itmIn) addMonths(val int64) bool {
	it.mons += val
	return it.mons <= math.MaxInt32 && it.mons >= math.MinInt32
}

func (it *itmIn) addYears(val, scale int64) bool {
	p, ok := mulAdd64(val, scale*monthsPerYr, it.mons)
	if !ok || p > math.MaxInt32 || p < math.MinInt32 {
		return false
	}
	it.mons = p
	return true
}

func (it *itmIn) addFractYears(frac float64, scale int64) bool {
	extra := int64(math.RoundToEven(frac * float64(scale) * monthsPerYr))
	return it.addMonths(extra)
}

func mulAdd64(a, b, c int64) (int64, bool) {
	if a != 0 {
		p := a * b
		if p/a != b || (a == -1 && b == math.MinInt64) {
			return 0, false
		}
		r := p + c
		if (c > 0 && r < p) || (c < 0 && r > p) {
			return 0, false
		}
		return r, true
	}
	return c, true
}

type ivUnit uint8

const (
	ivNone ivUnit = iota
	ivMicro
	ivMilli
	ivSecond
	ivMinute
	ivHour
	ivDay
	ivWeek
	ivMonth
	ivYear
	ivDecade
	ivCentury
	ivMillennium
)

var ivUnits = map[string]ivUnit{
	"microsecond": ivMicro, "microseconds": ivMicro, "microsecon": ivMicro, "us": ivMicro, "usec": ivMicro, "usecs": ivMicro,
	"millisecond": ivMilli, "milliseconds": ivMilli, "millisecon": ivMilli, "ms": ivMilli, "msec": ivMilli, "msecs": ivMilli,
	"second": ivSecond, "seconds": ivSecond, "s": ivSecond, "sec": ivSecond, "secs": ivSecond,
	"minute": ivMinute, "minutes": ivMinute, "m": ivMinute, "min": ivMinute, "mins": ivMinute,
	"hour": ivHour, "hours": ivHour, "h": ivHour, "hr": ivHour, "hrs": ivHour,
	"day": ivDay, "days": ivDay, "d": ivDay,
	"week": ivWeek, "weeks": ivWeek, "w": ivWeek,
	"month": ivMonth, "months": ivMonth, "mon": ivMonth, "mons": ivMonth,
	"year": ivYear, "years": ivYear, "y": ivYear, "yr": ivYear, "yrs": ivYear,
	"decade": ivDecade, "decades": ivDecade, "dec": ivDecade, "decs": ivDecade,
	"century": ivCentury, "centuries": ivCentury, "c": ivCentury, "cent": ivCentury,
	"millennium": ivMillennium, "millennia": ivMillennium, "mil": ivMillennium, "mils": ivMillennium,
}

type ivTok struct {
	num  bool // number/time token (else word)
	text string
}

func tokenizeInterval(s string) ([]ivTok, bool) {
	var toks []ivTok
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case isSpace(c):
			i++
		case isDigit(c) || c == '.' || ((c == '+' || c == '-') && i+1 < len(s) && (isDigit(s[i+1]) || s[i+1] == '.')):
			j := i + 1
			for j < len(s) && (isDigit(s[j]) || s[j] == '.' || s[j] == ':' || (s[j] == '-' && j+1 < len(s) && isDigit(s[j+1]))) {
				j++
			}
			toks = append(toks, ivTok{true, s[i:j]})
			i = j
		case isAlpha(c):
			j := i
			for j < len(s) && isAlpha(s[j]) {
				j++
			}
			toks = append(toks, ivTok{false, strings.ToLower(s[i:j])})
			i = j
		case c == '@' || c == ',':
			i++
		default:
			return nil, false
		}
	}
	return toks, true
}

// ParseInterval implements interval_in for IntervalStyle postgres input
// (also accepting ISO 8601 "P..." and SQL "Y-M" forms).
func ParseInterval(s string) (Interval, error) {
	bad := func() (Interval, error) {
		return Interval{}, Errorf(CodeInvalidDatetimeFormat, "invalid input syntax for type interval: \"%s\"", s)
	}
	overflow := func() (Interval, error) {
		return Interval{}, Errorf(CodeIntervalFieldOverflow, "interval field value out of range: \"%s\"", s)
	}
	t := strings.TrimSpace(s)
	if len(t) > 0 && (t[0] == 'P' || t[0] == 'p') {
		iv, e := parseISOInterval(t[1:])
		switch e {
		case dtOK:
			return iv, nil
		case dtFieldOverflow:
			return overflow()
		}
		return bad()
	}
	toks, ok := tokenizeInterval(t)
	if !ok || len(toks) == 0 {
		return bad()
	}
	var it itmIn
	unit := ivNone
	ago := false
	sawValue := false
	for i := len(toks) - 1; i >= 0; i-- {
		tk := toks[i]
		if !tk.num {
			if tk.text == "ago" {
				if i != len(toks)-1 || ago {
					return bad()
				}
				ago = true
				continue
			}
			u, ok := ivUnits[tk.text]
			if !ok {
				return bad()
			}
			unit = u
			continue
		}
		sawValue = true
		f := tk.text
		body := f
		neg := false
		if f[0] == '+' || f[0] == '-' {
			neg = f[0] == '-'
			body = f[1:]
		}
		if strings.Contains(body, ":") {
			us, e := decodeIntervalTime(body)
			if e == dtFieldOverflow {
				return overflow()
			}
			if e != dtOK {
				return bad()
			}
			if neg {
				us = -us
			}
			r := it.usec + us
			if (us > 0 && r < it.usec) || (us < 0 && r > it.usec) {
				return overflow()
			}
			it.usec = r
			unit = ivDay
			continue
		}
		// number, possibly "Y-M" or with a fraction
		var val int64
		var fval float64
		if ip, mp, ok := strings.Cut(body, "-"); ok {
			y, err1 := strconv.ParseInt(ip, 10, 32)
			m, err2 := strconv.ParseInt(mp, 10, 32)
			if err1 != nil || err2 != nil {
				return bad()
			}
			if neg {
				y, m = -y, -m
			}
			if !it.addMonths(y*monthsPerYr + m) {
				return overflow()
			}
			unit = ivNone
			continue
		}
		ip, fp, hasDot := strings.Cut(body, ".")
		if ip == "" && (!hasDot || fp == "") {
			return bad()
		}
		if ip != "" {
			v, err := strconv.ParseInt(ip, 10, 64)
			if err != nil {
				if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
					return overflow()
				}
				return bad()
			}
			if v > 1<<31 || (v == 1<<31 && !neg) {
				return overflow()
			}
			val = v
		}
		if hasDot && fp != "" {
			for k := 0; k < len(fp); k++ {
				if !isDigit(fp[k]) {
					return bad()
				}
			}
			fval, _ = strconv.ParseFloat("0."+fp, 64)
		}
		if neg {
			val, fval = -val, -fval
		}
		ok = true
		switch unit {
		case ivMicro:
			ok = it.addMicros(val, fval, 1)
		case ivMilli:
			ok = it.addMicros(val, fval, 1000)
		case ivSecond, ivNone:
			ok = it.addMicros(val, fval, usPerSec)
		case ivMinute:
			ok = it.addMicros(val, fval, usPerMin)
		case ivHour:
			ok = it.addMicros(val, fval, usPerHour)
			unit = ivDay
		case ivDay:
			ok = it.addDays(val, 1) && it.addFractMicros(fval, usPerDay)
		case ivWeek:
			ok = it.addDays(val, 7) && it.addFractDays(fval, 7)
		case ivMonth:
			ok = it.addMonths(val) && it.addFractDays(fval, daysPerMonth)
		case ivYear:
			ok = it.addYears(val, 1) && it.addFractYears(fval, 1)
		case ivDecade:
			ok = it.addYears(val, 10) && it.addFractYears(fval, 10)
		case ivCentury:
			ok = it.addYears(val, 100) && it.addFractYears(fval, 100)
		case ivMillennium:
			ok = it.addYears(val, 1000) && it.addFractYears(fval, 1000)
		}
		if !ok {
			return overflow()
		}
	}
	if !sawValue {
		return bad()
	}
	if ago {
		it.usec, it.days, it.mons = -it.usec, -it.days, -it.mons
	}
	if it.days > math.MaxInt32 || it.days < math.MinInt32 || it.mons > math.MaxInt32 || it.mons < math.MinInt32 {
		return overflow()
	}
	return Interval{Months: int32(it.mons), Days: int32(it.days), Micros: it.usec}, nil
}

// decodeIntervalTime decodes h:mm[:ss[.f]] or mm:ss.f (hours unbounded).
func decodeIntervalTime(s string) (int64, dtErr) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, dtBadFormat
	}
	h, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return 0, dtBadFormat
	}
	var m, sec, fs int64
	if len(parts) == 2 && strings.Contains(parts[1], ".") {
		// mm:ss.fff
		var e dtErr
		sec, fs, e = parseSecFrac(parts[1])
		if e != dtOK {
			return 0, e
		}
		m, h = h, 0
	} else {
		m, err = strconv.ParseInt(parts[1], 10, 64)
		if err != nil {
			return 0, dtBadFormat
		}
		if len(parts) == 3 {
			var e dtErr
			sec, fs, e = parseSecFrac(parts[2])
			if e != dtOK {
				return 0, e
			}
		}
	}
	if m > 59 || sec > 60 {
		return 0, dtFieldOverflow
	}
	us, ok := mulAdd64(h, usPerHour, m*usPerMin+sec*usPerSec+fs)
	if !ok {
		return 0, dtFieldOverflow
	}
	return us, dtOK
}

// parseISOInterval parses the part after "P" of an ISO 8601 duration.
func parseISOInterval(s string) (Interval, dtErr) {
	var it itmIn
	if s == "" {
		return Interval{}, dtBadFormat
	}
	inTime := false
	for len(s) > 0 {
		if s[0] == 'T' || s[0] == 't' {
			if inTime {
				return Interval{}, dtBadFormat
			}
			inTime = true
			s = s[1:]
			continue
		}
		j := 0
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		for j < len(s) && (isDigit(s[j]) || s[j] == '.') {
			j++
		}
		if j == 0 || j >= len(s) {
			return Interval{}, dtBadFormat
		}
		num := s[:j]
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return Interval{}, dtBadFormat
		}
		val := int64(f)
		fval := f - float64(val)
		ok := true
		switch lower(s[j]) {
		case 'y':
			if inTime {
				return Interval{}, dtBadFormat
			}
			ok = it.addYears(val, 1) && it.addFractYears(fval, 1)
		case 'm':
			if inTime {
				ok = it.addMicros(val, fval, usPerMin)
			} else {
				ok = it.addMonths(val) && it.addFractDays(fval, daysPerMonth)
			}
		case 'w':
			ok = it.addDays(val, 7) && it.addFractDays(fval, 7)
		case 'd':
			ok = it.addDays(val, 1) && it.addFractMicros(fval, usPerDay)
		case 'h':
			ok = inTime && it.addMicros(val, fval, usPerHour)
		case 's':
			ok = inTime && it.addMicros(val, fval, usPerSec)
		default:
			return Interval{}, dtBadFormat
		}
		if !ok {
			return Interval{}, dtFieldOverflow
		}
		s = s[j+1:]
	}
	return Interval{Months: int32(it.mons), Days: int32(it.days), Micros: it.usec}, dtOK
}

// AppendInterval appends iv in IntervalStyle postgres.
func AppendInterval(b []byte, iv Interval) []byte {
	years := int64(iv.Months / 12)
	mons := int64(iv.Months % 12)
	isZero, isBefore := true, false
	part := func(v int64, unit string) {
		if v == 0 {
			return
		}
		if !isZero {
			b = append(b, ' ')
		}
		if isBefore && v > 0 {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, v, 10)
		b = append(b, ' ')
		b = append(b, unit...)
		if v != 1 {
			b = append(b, 's')
		}
		isBefore = v < 0
		isZero = false
	}
	part(years, "year")
	part(mons, "mon")
	part(int64(iv.Days), "day")
	t := iv.Micros
	if isZero || t != 0 {
		if !isZero {
			b = append(b, ' ')
		}
		if t < 0 {
			b = append(b, '-')
		} else if isBefore {
			b = append(b, '+')
		}
		// abs without overflow on MinInt64
		u := uint64(t)
		if t < 0 {
			u = uint64(-(t + 1)) + 1
		}
		h := u / uint64(usPerHour)
		rest := u % uint64(usPerHour)
		b = appendInt0(b, int64(h), 2)
		b = append(b, ':')
		b = appendInt0(b, int64(rest/uint64(usPerMin)), 2)
		b = append(b, ':')
		b = appendInt0(b, int64(rest%uint64(usPerMin)/uint64(usPerSec)), 2)
		b = appendFrac(b, int64(rest%uint64(usPerSec)))
	}
	return b
}

// FormatInterval returns iv in IntervalStyle postgres.
func FormatInterval(iv Interval) string { return string(AppendInterval(nil, iv)) }
