package expr

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/tributarydb/tributary/internal/base"
)

const (
	usPerSec  = int64(1_000_000)
	usPerMin  = 60 * usPerSec
	usPerHour = 60 * usPerMin
	usPerDay  = 24 * usPerHour
	unixJD    = 2440588 // Julian day of 1970-01-01
)

func isInfTS(us int64) bool { return us == math.MinInt64 || us == math.MaxInt64 }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// tm is a broken-down wall-clock time.
type tm struct {
	year, mon, mday int64
	hour, min, sec  int64
	us              int64 // fractional µs of the second
	days            int64 // days since 1970-01-01
}

func breakTS(us int64) tm {
	days := floorDiv(us, usPerDay)
	tod := us - days*usPerDay
	y, m, d := base.CivilFromDays(days)
	return tm{year: y, mon: m, mday: d, hour: tod / usPerHour, min: tod % usPerHour / usPerMin, sec: tod % usPerMin / usPerSec, us: tod % usPerSec, days: days}
}

func (t tm) dow() int64 { // 0 = Sunday
	return ((t.days % 7) + 7 + 4) % 7 // 1970-01-01 was a Thursday
}

func (t tm) doy() int64 { return t.days - base.DaysFromCivil(t.year, 1, 1) + 1 }

// isoWeek returns the ISO 8601 week-numbering year and week.
func isoWeek(days int64) (int64, int64) {
	y, _, _ := base.CivilFromDays(days)
	// ISO week 1 contains January 4th; weeks start on Monday.
	week1 := func(y int64) int64 {
		j4 := base.DaysFromCivil(y, 1, 4)
		dow := ((j4 % 7) + 7 + 3) % 7 // 0 = Monday
		return j4 - dow
	}
	start := week1(y + 1)
	if days >= start {
		return y + 1, 1
	}
	start = week1(y)
	if days < start {
		y--
		start = week1(y)
	}
	return y, (days-start)/7 + 1
}

// session / zone helpers

// parseZone resolves a time zone for AT TIME ZONE / timezone(): IANA names
// and abbreviations via base.LookupTimeZone, and POSIX-style numeric
// offsets ("+05:00", "UTC+5", "-03") where, as in PostgreSQL, a positive
// offset means west of Greenwich.
func parseZone(s string) (*time.Location, error) {
	if loc, ok := base.LookupTimeZone(s); ok {
		return loc, nil
	}
	str := strings.TrimSpace(s)
	body := str
	for _, p := range []string{"UTC", "GMT", "utc", "gmt"} {
		if strings.HasPrefix(body, p) && len(body) > len(p) {
			body = body[len(p):]
			break
		}
	}
	if off, ok := parseOffset(body); ok {
		return time.FixedZone(str, -off), nil
	}
	return nil, base.Errorf(base.CodeInvalidParameterValue, "time zone \"%s\" not recognized", s)
}

// parseOffset parses [+-]HH[:MM[:SS]] or [+-]HHMM into seconds.
func parseOffset(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	sign := 1
	switch s[0] {
	case '+':
		s = s[1:]
	case '-':
		sign = -1
		s = s[1:]
	}
	var parts []string
	if strings.Contains(s, ":") {
		parts = strings.Split(s, ":")
	} else if len(s) > 2 && len(s) <= 4 {
		parts = []string{s[:len(s)-2], s[len(s)-2:]}
	} else {
		parts = []string{s}
	}
	mult := []int{3600, 60, 1}
	total := 0
	if len(parts) > 3 {
		return 0, false
	}
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" || v < 0 {
			return 0, false
		}
		total += v * mult[i]
	}
	if total > 15*3600+59*60 {
		return 0, false
	}
	return sign * total, true
}

// ---- field names ----

func normUnit(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	switch u {
	case "microsecond", "microseconds", "us", "usec", "usecs", "useconds":
		return "microseconds"
	case "millisecond", "milliseconds", "ms", "msec", "msecs", "mseconds":
		return "milliseconds"
	case "second", "seconds", "s", "sec", "secs":
		return "second"
	case "minute", "minutes", "m", "min", "mins":
		return "minute"
	case "hour", "hours", "h", "hr", "hrs":
		return "hour"
	case "day", "days", "d":
		return "day"
	case "week", "weeks", "w":
		return "week"
	case "month", "months", "mon", "mons":
		return "month"
	case "quarter", "qtr":
		return "quarter"
	case "year", "years", "y", "yr", "yrs":
		return "year"
	case "decade", "decades", "dec", "decs":
		return "decade"
	case "century", "centuries", "c", "cent":
		return "century"
	case "millennium", "millennia", "millenniums", "mil", "mils":
		return "millennium"
	case "epoch", "dow", "isodow", "doy", "isoyear", "julian", "j", "timezone", "timezone_hour", "timezone_minute":
		if u == "j" {
			return "julian"
		}
		return u
	}
	return u
}

func errUnitNotRecognized(u string, t base.Type) error {
	return base.Errorf(base.CodeInvalidParameterValue, "unit \"%s\" not recognized for type %s", strings.ToLower(u), t.String())
}

func errUnitNotSupported(u string, t base.Type) error {
	return base.Errorf(base.CodeFeatureNotSupported, "unit \"%s\" not supported for type %s", strings.ToLower(u), t.String())
}

// numFrac builds the numeric v / 10^scale with exactly that scale.
func numFrac(v int64, scale int32) *apd.Decimal { return apd.New(v, -scale) }

func numInt(v int64) *apd.Decimal { return apd.New(v, 0) }

// extractTS computes EXTRACT(unit FROM timestamp[tz]) as numeric. local is
// the wall-clock value; tzOff the zone offset in seconds (timestamptz).
func extractTS(unit string, local int64, utc int64, isTZ bool, tzOff int64, t base.Type) (*apd.Decimal, error) {
	u := normUnit(unit)
	if isInfTS(local) {
		switch u {
		case "epoch", "julian", "year", "isoyear", "decade", "century", "millennium":
			return &apd.Decimal{Form: apd.Infinite, Negative: local < 0}, nil
		case "microseconds", "milliseconds", "second", "minute", "hour", "day", "week", "month", "quarter", "dow", "isodow", "doy", "timezone", "timezone_hour", "timezone_minute":
			return nil, nil
		}
		return nil, errUnitNotRecognized(unit, t)
	}
	b := breakTS(local)
	secUS := b.sec*usPerSec + b.us
	switch u {
	case "microseconds":
		return numInt(secUS), nil
	case "milliseconds":
		return numFrac(secUS, 3), nil
	case "second":
		return numFrac(secUS, 6), nil
	case "minute":
		return numInt(b.min), nil
	case "hour":
		return numInt(b.hour), nil
	case "day":
		return numInt(b.mday), nil
	case "month":
		return numInt(b.mon), nil
	case "quarter":
		return numInt((b.mon-1)/3 + 1), nil
	case "year":
		if b.year <= 0 {
			return numInt(b.year - 1), nil
		}
		return numInt(b.year), nil
	case "decade":
		return numInt(floorDiv(b.year, 10)), nil
	case "century":
		if b.year > 0 {
			return numInt((b.year + 99) / 100), nil
		}
		return numInt(-((99 - (b.year - 1)) / 100)), nil
	case "millennium":
		if b.year > 0 {
			return numInt((b.year + 999) / 1000), nil
		}
		return numInt(-((999 - (b.year - 1)) / 1000)), nil
	case "dow":
		return numInt(b.dow()), nil
	case "isodow":
		d := b.dow()
		if d == 0 {
			d = 7
		}
		return numInt(d), nil
	case "doy":
		return numInt(b.doy()), nil
	case "week":
		_, w := isoWeek(b.days)
		return numInt(w), nil
	case "isoyear":
		y, _ := isoWeek(b.days)
		if y <= 0 {
			y--
		}
		return numInt(y), nil
	case "julian":
		jd := numInt(b.days + unixJD)
		tod := b.hour*usPerHour + b.min*usPerMin + secUS
		f, err := numDivPG(numInt(tod), numInt(usPerDay))
		if err != nil {
			return nil, err
		}
		r := new(apd.Decimal)
		apd.BaseContext.WithPrecision(100).Add(r, jd, f)
		return r, nil
	case "epoch":
		return numFrac(utc, 6), nil
	case "timezone", "timezone_hour", "timezone_minute":
		if !isTZ {
			return nil, errUnitNotSupported(unit, t)
		}
		switch u {
		case "timezone":
			return numInt(tzOff), nil
		case "timezone_hour":
			return numInt(tzOff / 3600), nil
		}
		return numInt(tzOff / 60 % 60), nil
	}
	return nil, errUnitNotRecognized(unit, t)
}

func extractDate(unit string, days int64) (*apd.Decimal, error) {
	u := normUnit(unit)
	switch u {
	case "microseconds", "milliseconds", "second", "minute", "hour", "timezone", "timezone_hour", "timezone_minute":
		return nil, errUnitNotSupported(unit, base.Date)
	case "epoch":
		if isInfTS(days) {
			return &apd.Decimal{Form: apd.Infinite, Negative: days < 0}, nil
		}
		return numInt(days * 86400), nil
	case "julian":
		if isInfTS(days) {
			return &apd.Decimal{Form: apd.Infinite, Negative: days < 0}, nil
		}
		return numInt(days + unixJD), nil
	}
	if isInfTS(days) {
		return extractTS(unit, days, days, false, 0, base.Date)
	}
	return extractTS(unit, days*usPerDay, days*usPerDay, false, 0, base.Date)
}

func extractTime(unit string, us int64) (*apd.Decimal, error) {
	u := normUnit(unit)
	secUS := us % usPerMin
	switch u {
	case "microseconds":
		return numInt(secUS), nil
	case "milliseconds":
		return numFrac(secUS, 3), nil
	case "second":
		return numFrac(secUS, 6), nil
	case "minute":
		return numInt(us % usPerHour / usPerMin), nil
	case "hour":
		return numInt(us / usPerHour), nil
	case "epoch":
		return numFrac(us, 6), nil
	case "day", "month", "year", "quarter", "decade", "century", "millennium", "dow", "isodow", "doy", "week", "isoyear", "julian", "timezone", "timezone_hour", "timezone_minute":
		return nil, errUnitNotSupported(unit, base.TimeT)
	}
	return nil, errUnitNotRecognized(unit, base.TimeT)
}

func extractInterval(unit string, iv base.Interval) (*apd.Decimal, error) {
	u := normUnit(unit)
	years := int64(iv.Months) / 12
	mons := int64(iv.Months) % 12
	tod := iv.Micros
	secUS := tod % usPerMin
	switch u {
	case "microseconds":
		return numInt(secUS), nil
	case "milliseconds":
		return numFrac(secUS, 3), nil
	case "second":
		return numFrac(secUS, 6), nil
	case "minute":
		return numInt(tod % usPerHour / usPerMin), nil
	case "hour":
		return numInt(tod / usPerHour), nil
	case "day":
		return numInt(int64(iv.Days)), nil
	case "month":
		return numInt(mons), nil
	case "quarter":
		return numInt(mons/3 + 1), nil
	case "year":
		return numInt(years), nil
	case "decade":
		return numInt(years / 10), nil
	case "century":
		return numInt(years / 100), nil
	case "millennium":
		return numInt(years / 1000), nil
	case "epoch":
		// PostgreSQL: a year is 365.25 days, computed in quarter days.
		secs := (1461*years + 120*mons + 4*int64(iv.Days)) * (86400 / 4)
		r := new(apd.Decimal)
		apd.BaseContext.WithPrecision(60).Add(r, numInt(secs), numFrac(tod, 6))
		// keep scale 6
		out := new(apd.Decimal)
		apd.BaseContext.WithPrecision(60).Quantize(out, r, -6)
		return out, nil
	case "dow", "isodow", "doy", "week", "isoyear", "julian", "timezone", "timezone_hour", "timezone_minute":
		return nil, errUnitNotSupported(unit, base.IntervalT)
	}
	return nil, errUnitNotRecognized(unit, base.IntervalT)
}

// extractAny dispatches on the kind of d (a non-NULL datum).
func extractAny(ctx *Context, unit string, d base.Datum) (*apd.Decimal, error) {
	switch d.K {
	case base.KindTimestamp:
		return extractTS(unit, d.I, d.I, false, 0, base.Timestamp)
	case base.KindTimestampTZ:
		loc := ctx.loc()
		off := int64(0)
		local := d.I
		if !isInfTS(d.I) {
			off = base.TZOffsetAt(loc, d.I)
			local = d.I + off*usPerSec
		}
		return extractTS(unit, local, d.I, true, off, base.TimestampTZ)
	case base.KindDate:
		return extractDate(unit, d.I)
	case base.KindTime:
		return extractTime(unit, d.I)
	case base.KindInterval:
		return extractInterval(unit, d.Iv)
	}
	return nil, base.Errorf(base.CodeInternalError, "extract from kind %d", d.K)
}

func datePart(ctx *Context, a []base.Datum) (base.Datum, error) {
	d := a[1]
	if d.K == base.KindDate {
		// date_part(text, date) goes through timestamp in PostgreSQL.
		if isInfTS(d.I) {
			d = base.DTimestamp(d.I)
		} else {
			d = base.DTimestamp(d.I * usPerDay)
		}
	}
	r, err := extractAny(ctx, a[0].S, d)
	if err != nil || r == nil {
		return base.NullOf(base.KindFloat64), err
	}
	f := base.NumericToFloat64(r)
	return base.DFloat64(f), nil
}

func extractFn(ctx *Context, a []base.Datum) (base.Datum, error) {
	r, err := extractAny(ctx, a[0].S, a[1])
	if err != nil || r == nil {
		return base.NullOf(base.KindNumeric), err
	}
	return base.DNumeric(r), nil
}

// ---- date_trunc ----

func truncLocal(unit string, local int64, t base.Type) (int64, error) {
	u := normUnit(unit)
	if isInfTS(local) {
		return local, nil
	}
	b := breakTS(local)
	day := func(y, m, d int64) int64 { return base.DaysFromCivil(y, m, d) * usPerDay }
	switch u {
	case "microseconds":
		return local, nil
	case "milliseconds":
		return local - floorMod(local, 1000), nil
	case "second":
		return local - floorMod(local, usPerSec), nil
	case "minute":
		return local - floorMod(local, usPerMin), nil
	case "hour":
		return local - floorMod(local, usPerHour), nil
	case "day":
		return b.days * usPerDay, nil
	case "week":
		dow := (b.dow() + 6) % 7 // Monday = 0
		return (b.days - dow) * usPerDay, nil
	case "month":
		return day(b.year, b.mon, 1), nil
	case "quarter":
		return day(b.year, (b.mon-1)/3*3+1, 1), nil
	case "year":
		return day(b.year, 1, 1), nil
	case "decade":
		y := b.year
		if y > 0 {
			y = y / 10 * 10
		} else {
			y = -((8 - (y - 1)) / 10 * 10) - 1 + 1
		}
		return day(y, 1, 1), nil
	case "century":
		y := b.year
		if y > 0 {
			y = (y-1)/100*100 + 1
		} else {
			y = -((99 - (y - 1)) / 100 * 100) + 1 - 100 + 100
		}
		return day(y, 1, 1), nil
	case "millennium":
		y := b.year
		if y > 0 {
			y = (y-1)/1000*1000 + 1
		}
		return day(y, 1, 1), nil
	}
	switch u {
	case "epoch", "dow", "isodow", "doy", "isoyear", "julian", "timezone", "timezone_hour", "timezone_minute":
		return 0, errUnitNotSupported(unit, t)
	}
	return 0, errUnitNotRecognized(unit, t)
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

func truncInterval(unit string, iv base.Interval) (base.Interval, error) {
	u := normUnit(unit)
	m, d, us := int64(iv.Months), int64(iv.Days), iv.Micros
	r := base.Interval{}
	switch u {
	case "millennium":
		r.Months = int32(m / 12000 * 12000)
	case "century":
		r.Months = int32(m / 1200 * 1200)
	case "decade":
		r.Months = int32(m / 120 * 120)
	case "year":
		r.Months = int32(m / 12 * 12)
	case "quarter":
		r.Months = int32(m / 3 * 3)
	case "month":
		r.Months = int32(m)
	case "day":
		r.Months, r.Days = int32(m), int32(d)
	case "hour":
		r.Months, r.Days, r.Micros = int32(m), int32(d), us/usPerHour*usPerHour
	case "minute":
		r.Months, r.Days, r.Micros = int32(m), int32(d), us/usPerMin*usPerMin
	case "second":
		r.Months, r.Days, r.Micros = int32(m), int32(d), us/usPerSec*usPerSec
	case "milliseconds":
		r.Months, r.Days, r.Micros = int32(m), int32(d), us/1000*1000
	case "microseconds":
		r = iv
	case "week":
		return r, base.Errorf(base.CodeFeatureNotSupported, "unit \"week\" not supported for type interval").WithDetail("Months usually have fractional weeks.")
	default:
		return r, errUnitNotRecognized(unit, base.IntervalT)
	}
	return r, nil
}

// ---- interval helpers ----

func justifyHours(iv base.Interval) base.Interval {
	d := iv.Micros / usPerDay
	iv.Micros -= d * usPerDay
	iv.Days += int32(d)
	if iv.Days > 0 && iv.Micros < 0 {
		iv.Micros += usPerDay
		iv.Days--
	} else if iv.Days < 0 && iv.Micros > 0 {
		iv.Micros -= usPerDay
		iv.Days++
	}
	return iv
}

func justifyDays(iv base.Interval) base.Interval {
	m := iv.Days / 30
	iv.Days -= m * 30
	iv.Months += m
	if iv.Months > 0 && iv.Days < 0 {
		iv.Days += 30
		iv.Months--
	} else if iv.Months < 0 && iv.Days > 0 {
		iv.Days -= 30
		iv.Months++
	}
	return iv
}

func justifyInterval(iv base.Interval) base.Interval {
	d := iv.Micros / usPerDay
	iv.Micros -= d * usPerDay
	iv.Days += int32(d)
	m := iv.Days / 30
	iv.Days -= m * 30
	iv.Months += m
	if iv.Months > 0 && (iv.Days < 0 || iv.Days == 0 && iv.Micros < 0) {
		iv.Days += 30
		iv.Months--
	} else if iv.Months < 0 && (iv.Days > 0 || iv.Days == 0 && iv.Micros > 0) {
		iv.Days -= 30
		iv.Months++
	}
	if iv.Days > 0 && iv.Micros < 0 {
		iv.Micros += usPerDay
		iv.Days--
	} else if iv.Days < 0 && iv.Micros > 0 {
		iv.Micros -= usPerDay
		iv.Days++
	}
	return iv
}

// age implements PostgreSQL's symbolic timestamp difference.
func age(a, b int64) base.Interval {
	ta, tb := breakTS(a), breakTS(b)
	fsec := ta.us - tb.us
	sec := ta.sec - tb.sec
	min := ta.min - tb.min
	hour := ta.hour - tb.hour
	mday := ta.mday - tb.mday
	mon := ta.mon - tb.mon
	year := ta.year - tb.year
	// flip sign if necessary
	neg := a < b
	if neg {
		fsec, sec, min, hour, mday, mon, year = -fsec, -sec, -min, -hour, -mday, -mon, -year
	}
	for fsec < 0 {
		fsec += usPerSec
		sec--
	}
	for sec < 0 {
		sec += 60
		min--
	}
	for min < 0 {
		min += 60
		hour--
	}
	for hour < 0 {
		hour += 24
		mday--
	}
	for mday < 0 {
		if neg {
			mday += base.DaysInMonth(ta.year, ta.mon)
		} else {
			y, m := tb.year, tb.mon
			mday += base.DaysInMonth(y, m)
		}
		mon--
	}
	for mon < 0 {
		mon += 12
		year--
	}
	if neg {
		fsec, sec, min, hour, mday, mon, year = -fsec, -sec, -min, -hour, -mday, -mon, -year
	}
	return base.Interval{Months: int32(year*12 + mon), Days: int32(mday), Micros: hour*usPerHour + min*usPerMin + sec*usPerSec + fsec}
}

func makeTimestampLocal(y, m, d, h, mi int64, s float64) (int64, error) {
	if y == 0 || m < 1 || m > 12 || d < 1 || d > base.DaysInMonth(fixYear(y), m) {
		return 0, base.Errorf(base.CodeDatetimeFieldOverflow, "date field value out of range: %d-%02d-%02d", y, m, d)
	}
	if h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60 || math.IsNaN(s) {
		return 0, base.Errorf(base.CodeDatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", h, mi, strconv.FormatFloat(s, 'g', -1, 64))
	}
	us := int64(math.Round(s * 1e6))
	return base.DaysFromCivil(fixYear(y), m, d)*usPerDay + h*usPerHour + mi*usPerMin + us, nil
}

// fixYear maps a BC year (negative, no year 0) to astronomical numbering.
func fixYear(y int64) int64 {
	if y < 0 {
		return y + 1
	}
	return y
}

// dateBin implements date_bin(stride, source, origin).
func dateBin(stride base.Interval, src, origin int64) (int64, error) {
	if stride.Months != 0 {
		return 0, base.Errorf(base.CodeFeatureNotSupported, "timestamps cannot be binned into intervals containing months or years")
	}
	s := int64(stride.Days)*usPerDay + stride.Micros
	if s <= 0 {
		return 0, base.Errorf(base.CodeDatetimeFieldOverflow, "stride must be greater than zero")
	}
	diff := src - origin
	q := diff / s
	r := origin + q*s
	if diff < 0 && diff%s != 0 {
		r -= s
	}
	return r, nil
}

func tsAddIv(ctx *Context, kind base.Kind, ts int64, iv base.Interval) (base.Datum, error) {
	if isInfTS(ts) {
		return base.Datum{K: kind, I: ts}, nil
	}
	var r int64
	var err error
	if kind == base.KindTimestampTZ {
		r, err = base.TimestampTZAddInterval(ts, iv, ctx.loc())
	} else {
		r, err = base.TimestampAddInterval(ts, iv)
	}
	return base.Datum{K: kind, I: r}, err
}

func negIv(iv base.Interval) base.Interval {
	return base.Interval{Months: -iv.Months, Days: -iv.Days, Micros: -iv.Micros}
}

func init() {
	ts_, tz, dt, tm_, iv := base.Timestamp, base.TimestampTZ, base.Date, base.TimeT, base.IntervalT
	t, f8, i4 := base.Text, base.Float64, base.Int32

	// now() and friends: Stable (one value per statement).
	nowFn := func(ctx *Context, _ []base.Datum) (base.Datum, error) {
		if ctx == nil {
			return base.DTimestampTZ(time.Now().UnixMicro()), nil
		}
		return base.DTimestampTZ(ctx.Now), nil
	}
	for _, name := range []string{"now", "current_timestamp", "transaction_timestamp", "statement_timestamp"} {
		regFunc(name, nil, tz, nowFn)
	}
	regFunc("clock_timestamp", nil, tz, func(_ *Context, _ []base.Datum) (base.Datum, error) {
		return base.DTimestampTZ(time.Now().UnixMicro()), nil
	}, volatile)
	regFunc("current_date", nil, dt, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		n, _ := nowFn(ctx, a)
		return base.DDate(floorDiv(base.UTCToLocal(n.I, ctx.loc()), usPerDay)), nil
	})
	regFunc("localtimestamp", nil, ts_, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		n, _ := nowFn(ctx, a)
		return base.DTimestamp(base.UTCToLocal(n.I, ctx.loc())), nil
	})
	for _, name := range []string{"localtime", "current_time"} {
		regFunc(name, nil, tm_, func(ctx *Context, a []base.Datum) (base.Datum, error) {
			n, _ := nowFn(ctx, a)
			return base.DTime(floorMod(base.UTCToLocal(n.I, ctx.loc()), usPerDay)), nil
		})
	}

	// EXTRACT / date_part.
	for _, x := range []base.Type{ts_, tz, dt, tm_, iv} {
		regFunc("extract", ts(t, x), base.Numeric, extractFn)
		if x.Kind != base.KindDate {
			regFunc("date_part", ts(t, x), f8, datePart)
		}
	}
	regFunc("date_part", ts(t, dt), f8, datePart)

	// date_trunc.
	regFunc("date_trunc", ts(t, ts_), ts_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := truncLocal(a[0].S, a[1].I, ts_)
		return base.DTimestamp(r), err
	})
	truncTZ := func(unit string, us int64, loc *time.Location) (base.Datum, error) {
		if isInfTS(us) {
			return base.DTimestampTZ(us), nil
		}
		local := base.UTCToLocal(us, loc)
		r, err := truncLocal(unit, local, tz)
		if err != nil {
			return base.Datum{}, err
		}
		u := normUnit(unit)
		if u == "microseconds" || u == "milliseconds" || u == "second" || u == "minute" {
			// Sub-hour truncation keeps the original offset.
			return base.DTimestampTZ(us - (local - r)), nil
		}
		return base.DTimestampTZ(base.LocalToUTC(r, loc)), nil
	}
	regFunc("date_trunc", ts(t, tz), tz, func(ctx *Context, a []base.Datum) (base.Datum, error) { return truncTZ(a[0].S, a[1].I, ctx.loc()) })
	regFunc("date_trunc", ts(t, tz, t), tz, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		loc, err := parseZone(a[2].S)
		if err != nil {
			return base.Datum{}, err
		}
		return truncTZ(a[0].S, a[1].I, loc)
	})
	regFunc("date_trunc", ts(t, iv), iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := truncInterval(a[0].S, a[1].Iv)
		return base.DInterval(r), err
	})
	regFunc("date_bin", ts(iv, ts_, ts_), ts_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := dateBin(a[0].Iv, a[1].I, a[2].I)
		return base.DTimestamp(r), err
	})
	regFunc("date_bin", ts(iv, tz, tz), tz, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := dateBin(a[0].Iv, a[1].I, a[2].I)
		return base.DTimestampTZ(r), err
	})

	// to_timestamp(double precision).
	regFunc("to_timestamp", ts(f8), tz, func(_ *Context, a []base.Datum) (base.Datum, error) {
		f := a[0].F
		switch {
		case math.IsNaN(f):
			return base.Datum{}, base.Errorf(base.CodeDatetimeFieldOverflow, "timestamp cannot be NaN")
		case math.IsInf(f, 1):
			return base.DTimestampTZ(math.MaxInt64), nil
		case math.IsInf(f, -1):
			return base.DTimestampTZ(math.MinInt64), nil
		}
		us := math.Round(f * 1e6)
		if us < -211813488000000000+946684800000000 || us >= 9223339708800000000 {
			return base.Datum{}, base.Errorf(base.CodeDatetimeFieldOverflow, "timestamp out of range: \"%s\"", strconv.FormatFloat(f, 'g', -1, 64))
		}
		return base.DTimestampTZ(int64(us)), nil
	})
	regFunc("to_timestamp", ts(t, t), tz, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		r, err := parseWithFormat(a[0].S, a[1].S, false)
		if err != nil {
			return base.Datum{}, err
		}
		if r.hasTZ {
			return base.DTimestampTZ(r.local - r.tzOff*usPerSec), nil
		}
		return base.DTimestampTZ(base.LocalToUTC(r.local, ctx.loc())), nil
	})
	regFunc("to_date", ts(t, t), dt, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := parseWithFormat(a[0].S, a[1].S, true)
		if err != nil {
			return base.Datum{}, err
		}
		return base.DDate(floorDiv(r.local, usPerDay)), nil
	})
	regFunc("make_date", ts(i4, i4, i4), dt, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := makeTimestampLocal(a[0].I, a[1].I, a[2].I, 0, 0, 0)
		return base.DDate(floorDiv(r, usPerDay)), err
	})
	regFunc("make_time", ts(i4, i4, f8), tm_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		h, m, s := a[0].I, a[1].I, a[2].F
		if h < 0 || h > 24 || m < 0 || m > 59 || s < 0 || s > 60 {
			return base.Datum{}, base.Errorf(base.CodeDatetimeFieldOverflow, "time field value out of range: %d:%02d:%s", h, m, strconv.FormatFloat(s, 'g', -1, 64))
		}
		return base.DTime(h*usPerHour + m*usPerMin + int64(math.Round(s*1e6))), nil
	})
	regFunc("make_timestamp", ts(i4, i4, i4, i4, i4, f8), ts_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := makeTimestampLocal(a[0].I, a[1].I, a[2].I, a[3].I, a[4].I, a[5].F)
		return base.DTimestamp(r), err
	})
	regFunc("make_timestamptz", ts(i4, i4, i4, i4, i4, f8), tz, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		r, err := makeTimestampLocal(a[0].I, a[1].I, a[2].I, a[3].I, a[4].I, a[5].F)
		return base.DTimestampTZ(base.LocalToUTC(r, ctx.loc())), err
	})
	regFunc("make_timestamptz", ts(i4, i4, i4, i4, i4, f8, t), tz, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		r, err := makeTimestampLocal(a[0].I, a[1].I, a[2].I, a[3].I, a[4].I, a[5].F)
		if err != nil {
			return base.Datum{}, err
		}
		loc, err := parseZone(a[6].S)
		if err != nil {
			return base.Datum{}, err
		}
		return base.DTimestampTZ(base.LocalToUTC(r, loc)), nil
	})
	regFunc("make_interval", ts(i4, i4, i4, i4, i4, i4, f8), iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		months := a[0].I*12 + a[1].I
		days := a[2].I*7 + a[3].I
		us := a[4].I*usPerHour + a[5].I*usPerMin + int64(math.Round(a[6].F*1e6))
		if months > math.MaxInt32 || months < math.MinInt32 || days > math.MaxInt32 || days < math.MinInt32 {
			return base.Datum{}, base.Errorf(base.CodeDatetimeFieldOverflow, "interval out of range")
		}
		return base.DInterval(base.Interval{Months: int32(months), Days: int32(days), Micros: us}), nil
	})
	regFunc("age", ts(ts_, ts_), iv, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.DInterval(age(a[0].I, a[1].I)), nil })
	regFunc("age", ts(tz, tz), iv, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		return base.DInterval(age(base.UTCToLocal(a[0].I, ctx.loc()), base.UTCToLocal(a[1].I, ctx.loc()))), nil
	})
	regFunc("age", ts(ts_), iv, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		n, _ := nowFn(ctx, nil)
		midnight := floorDiv(base.UTCToLocal(n.I, ctx.loc()), usPerDay) * usPerDay
		return base.DInterval(age(midnight, a[0].I)), nil
	})
	regFunc("justify_days", ts(iv), iv, func(_ *Context, a []base.Datum) (base.Datum, error) { return base.DInterval(justifyDays(a[0].Iv)), nil })
	regFunc("justify_hours", ts(iv), iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DInterval(justifyHours(a[0].Iv)), nil
	})
	regFunc("justify_interval", ts(iv), iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DInterval(justifyInterval(a[0].Iv)), nil
	})
	isfinite := func(_ *Context, a []base.Datum) (base.Datum, error) { return base.DBool(!isInfTS(a[0].I)), nil }
	regFunc("isfinite", ts(ts_), base.Bool, isfinite)
	regFunc("isfinite", ts(tz), base.Bool, isfinite)
	regFunc("isfinite", ts(dt), base.Bool, isfinite)

	// AT TIME ZONE.
	regFunc("timezone", ts(t, tz), ts_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		loc, err := parseZone(a[0].S)
		if err != nil {
			return base.Datum{}, err
		}
		return base.DTimestamp(base.UTCToLocal(a[1].I, loc)), nil
	})
	regFunc("timezone", ts(t, ts_), tz, func(_ *Context, a []base.Datum) (base.Datum, error) {
		loc, err := parseZone(a[0].S)
		if err != nil {
			return base.Datum{}, err
		}
		return base.DTimestampTZ(base.LocalToUTC(a[1].I, loc)), nil
	})
	regFunc("timezone", ts(iv, tz), ts_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Iv.Months != 0 || a[0].Iv.Days != 0 {
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "interval time zone \"%s\" must not include months or days", base.FormatInterval(a[0].Iv))
		}
		if isInfTS(a[1].I) {
			return base.DTimestamp(a[1].I), nil
		}
		return base.DTimestamp(a[1].I + a[0].Iv.Micros), nil
	})
	regFunc("timezone", ts(iv, ts_), tz, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if a[0].Iv.Months != 0 || a[0].Iv.Days != 0 {
			return base.Datum{}, base.Errorf(base.CodeInvalidParameterValue, "interval time zone \"%s\" must not include months or days", base.FormatInterval(a[0].Iv))
		}
		if isInfTS(a[1].I) {
			return base.DTimestampTZ(a[1].I), nil
		}
		return base.DTimestampTZ(a[1].I - a[0].Iv.Micros), nil
	})

	// Operators.
	i4t := base.Int32
	regBin("+", dt, i4t, dt, func(_ *Context, a []base.Datum) (base.Datum, error) { return dateAddDays(a[0].I, a[1].I) })
	regBin("+", i4t, dt, dt, func(_ *Context, a []base.Datum) (base.Datum, error) { return dateAddDays(a[1].I, a[0].I) })
	regBin("-", dt, i4t, dt, func(_ *Context, a []base.Datum) (base.Datum, error) { return dateAddDays(a[0].I, -a[1].I) })
	regBin("-", dt, dt, i4t, func(_ *Context, a []base.Datum) (base.Datum, error) {
		if isInfTS(a[0].I) || isInfTS(a[1].I) {
			return base.Datum{}, base.Errorf(base.CodeDatetimeFieldOverflow, "cannot subtract infinite dates")
		}
		return base.DInt32(a[0].I - a[1].I), nil
	})
	dateTS := func(d int64) int64 {
		if isInfTS(d) {
			return d
		}
		return d * usPerDay
	}
	regBin("+", dt, iv, ts_, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		return tsAddIv(ctx, base.KindTimestamp, dateTS(a[0].I), a[1].Iv)
	})
	regBin("+", iv, dt, ts_, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		return tsAddIv(ctx, base.KindTimestamp, dateTS(a[1].I), a[0].Iv)
	})
	regBin("-", dt, iv, ts_, func(ctx *Context, a []base.Datum) (base.Datum, error) {
		return tsAddIv(ctx, base.KindTimestamp, dateTS(a[0].I), negIv(a[1].Iv))
	})
	regBin("+", dt, tm_, ts_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DTimestamp(dateTS(a[0].I) + a[1].I), nil
	})
	regBin("+", tm_, dt, ts_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DTimestamp(dateTS(a[1].I) + a[0].I), nil
	})
	for _, x := range []base.Type{ts_, tz} {
		k := x.Kind
		regBin("+", x, iv, x, func(ctx *Context, a []base.Datum) (base.Datum, error) { return tsAddIv(ctx, k, a[0].I, a[1].Iv) })
		regBin("+", iv, x, x, func(ctx *Context, a []base.Datum) (base.Datum, error) { return tsAddIv(ctx, k, a[1].I, a[0].Iv) })
		regBin("-", x, iv, x, func(ctx *Context, a []base.Datum) (base.Datum, error) { return tsAddIv(ctx, k, a[0].I, negIv(a[1].Iv)) })
		regBin("-", x, x, iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
			if isInfTS(a[0].I) || isInfTS(a[1].I) {
				return base.Datum{}, base.Errorf(base.CodeDatetimeFieldOverflow, "cannot subtract infinite timestamps")
			}
			r, err := base.TimestampDiff(a[0].I, a[1].I)
			return base.DInterval(r), err
		})
	}
	regBin("+", tm_, iv, tm_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DTime(floorMod(a[0].I+a[1].Iv.Micros, usPerDay)), nil
	})
	regBin("+", iv, tm_, tm_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DTime(floorMod(a[1].I+a[0].Iv.Micros, usPerDay)), nil
	})
	regBin("-", tm_, iv, tm_, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DTime(floorMod(a[0].I-a[1].Iv.Micros, usPerDay)), nil
	})
	regBin("-", tm_, tm_, iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		return base.DInterval(base.Interval{Micros: a[0].I - a[1].I}), nil
	})
	regBin("+", iv, iv, iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := base.IntervalAdd(a[0].Iv, a[1].Iv)
		return base.DInterval(r), err
	})
	regBin("-", iv, iv, iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := base.IntervalSub(a[0].Iv, a[1].Iv)
		return base.DInterval(r), err
	})
	regBin("*", iv, f8, iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := base.IntervalMulFloat(a[0].Iv, a[1].F)
		return base.DInterval(r), err
	})
	regBin("*", f8, iv, iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := base.IntervalMulFloat(a[1].Iv, a[0].F)
		return base.DInterval(r), err
	})
	regBin("/", iv, f8, iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := base.IntervalDivFloat(a[0].Iv, a[1].F)
		return base.DInterval(r), err
	})
	regUn("-", iv, iv, func(_ *Context, a []base.Datum) (base.Datum, error) {
		r, err := base.IntervalNeg(a[0].Iv)
		return base.DInterval(r), err
	})
	regUn("+", iv, iv, func(_ *Context, a []base.Datum) (base.Datum, error) { return a[0], nil })
}

func dateAddDays(d, n int64) (base.Datum, error) {
	if isInfTS(d) {
		return base.DDate(d), nil
	}
	r := d + n
	jd := r + unixJD
	if jd < 0 || jd >= 2147483494 {
		return base.Datum{}, base.Errorf(base.CodeDatetimeFieldOverflow, "date out of range")
	}
	return base.DDate(r), nil
}
