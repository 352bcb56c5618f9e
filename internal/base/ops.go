package base

import (
	"time"

	"github.com/cockroachdb/apd/v3"
)

// BinaryOp evaluates a arithmetic operator (+ - * / %) on two non-NULL
// datums with PostgreSQL's operator resolution for the built-in types:
// integers widen to the wider operand (int2 op int2 stays int2), any float
// makes float8 (float4 op float4 stays float4), numeric with an integer is
// numeric, numeric with a float is float8; date/time/interval operators as
// in PostgreSQL (date + int, date - date, timestamp - timestamp, timestamp
// ± interval, interval * float8, ...). A NULL operand yields NULL. The
// expression engine uses this as its row-at-a-time slow path; it also
// documents the result type through the returned datum's kind.
func BinaryOp(op string, a, b Datum, loc *time.Location) (Datum, error) {
	if a.Null || b.Null {
		k, err := BinaryOpResultKind(op, a.K, b.K)
		if err != nil {
			return Datum{}, err
		}
		return NullOf(k), nil
	}
	if a.K == KindUnknown {
		a.K = KindText
	}
	if b.K == KindUnknown {
		b.K = KindText
	}
	ak, bk := a.K, b.K
	switch {
	case isIntKind(ak) && isIntKind(bk):
		k := max(intKindRank(ak), intKindRank(bk))
		return intOp(op, k, a.I, b.I)
	case isNumKind(ak) && isNumKind(bk) && (isFloatKind(ak) || isFloatKind(bk)):
		k := KindFloat64
		if ak == KindFloat32 && bk == KindFloat32 {
			k = KindFloat32
		}
		return floatOp(op, k, asFloat(a), asFloat(b))
	case isNumKind(ak) && isNumKind(bk):
		return numericOp(op, asNumeric(a), asNumeric(b))
	}
	switch op {
	case "+":
		switch {
		case ak == KindDate && isIntKind(bk):
			v, err := DateAddDays(a.I, b.I)
			return DDate(v), err
		case isIntKind(ak) && bk == KindDate:
			v, err := DateAddDays(b.I, a.I)
			return DDate(v), err
		case ak == KindDate && bk == KindInterval:
			v, err := DateAddInterval(a.I, b.Iv)
			return DTimestamp(v), err
		case ak == KindInterval && bk == KindDate:
			v, err := DateAddInterval(b.I, a.Iv)
			return DTimestamp(v), err
		case ak == KindDate && bk == KindTime:
			v, err := DateAddTime(a.I, b.I)
			return DTimestamp(v), err
		case ak == KindTime && bk == KindDate:
			v, err := DateAddTime(b.I, a.I)
			return DTimestamp(v), err
		case ak == KindTimestamp && bk == KindInterval:
			v, err := TimestampAddInterval(a.I, b.Iv)
			return DTimestamp(v), err
		case ak == KindInterval && bk == KindTimestamp:
			v, err := TimestampAddInterval(b.I, a.Iv)
			return DTimestamp(v), err
		case ak == KindTimestampTZ && bk == KindInterval:
			v, err := TimestampTZAddInterval(a.I, b.Iv, loc)
			return DTimestampTZ(v), err
		case ak == KindInterval && bk == KindTimestampTZ:
			v, err := TimestampTZAddInterval(b.I, a.Iv, loc)
			return DTimestampTZ(v), err
		case ak == KindTime && bk == KindInterval:
			return DTime(TimeAddInterval(a.I, b.Iv)), nil
		case ak == KindInterval && bk == KindTime:
			return DTime(TimeAddInterval(b.I, a.Iv)), nil
		case ak == KindInterval && bk == KindInterval:
			v, err := IntervalAdd(a.Iv, b.Iv)
			return DInterval(v), err
		}
	case "-":
		switch {
		case ak == KindDate && isIntKind(bk):
			v, err := DateAddDays(a.I, -b.I)
			return DDate(v), err
		case ak == KindDate && bk == KindDate:
			v, err := DateDiff(a.I, b.I)
			return DInt32(v), err
		case ak == KindDate && bk == KindInterval:
			n, err := IntervalNeg(b.Iv)
			if err != nil {
				return Datum{}, err
			}
			v, err := DateAddInterval(a.I, n)
			return DTimestamp(v), err
		case ak == KindTimestamp && bk == KindInterval:
			v, err := TimestampSubInterval(a.I, b.Iv)
			return DTimestamp(v), err
		case ak == KindTimestampTZ && bk == KindInterval:
			v, err := TimestampTZSubInterval(a.I, b.Iv, loc)
			return DTimestampTZ(v), err
		case (ak == KindTimestamp || ak == KindDate) && (bk == KindTimestamp || bk == KindDate) && ak != bk:
			v, err := TimestampDiff(dateAsTimestamp2(a), dateAsTimestamp2(b))
			return DInterval(v), err
		case ak == KindTimestamp && bk == KindTimestamp, ak == KindTimestampTZ && bk == KindTimestampTZ:
			v, err := TimestampDiff(a.I, b.I)
			return DInterval(v), err
		case ak == KindTimestampTZ && bk == KindTimestamp:
			v, err := TimestampDiff(a.I, LocalToUTC(b.I, loc))
			return DInterval(v), err
		case ak == KindTimestamp && bk == KindTimestampTZ:
			v, err := TimestampDiff(LocalToUTC(a.I, loc), b.I)
			return DInterval(v), err
		case ak == KindTime && bk == KindInterval:
			return DTime(TimeAddInterval(a.I, Interval{Micros: -b.Iv.Micros})), nil
		case ak == KindTime && bk == KindTime:
			return DInterval(Interval{Micros: a.I - b.I}), nil
		case ak == KindInterval && bk == KindInterval:
			v, err := IntervalSub(a.Iv, b.Iv)
			return DInterval(v), err
		}
	case "*":
		switch {
		case ak == KindInterval && isNumKind(bk):
			v, err := IntervalMulFloat(a.Iv, asFloat(b))
			return DInterval(v), err
		case isNumKind(ak) && bk == KindInterval:
			v, err := IntervalMulFloat(b.Iv, asFloat(a))
			return DInterval(v), err
		}
	case "/":
		if ak == KindInterval && isNumKind(bk) {
			v, err := IntervalDivFloat(a.Iv, asFloat(b))
			return DInterval(v), err
		}
	}
	return Datum{}, Errorf(CodeUndefinedFunction, "operator does not exist: %s %s %s", datumType(a), op, datumType(b))
}

func dateAsTimestamp2(d Datum) int64 {
	if d.K == KindDate {
		return dateAsTimestamp(d.I)
	}
	return d.I
}

func intKindRank(k Kind) Kind {
	if k == KindOid {
		return KindInt64
	}
	return k
}

// BinaryOpResultKind is the result kind of BinaryOp for the operand kinds.
func BinaryOpResultKind(op string, ak, bk Kind) (Kind, error) {
	switch {
	case isIntKind(ak) && isIntKind(bk):
		return max(intKindRank(ak), intKindRank(bk)), nil
	case isNumKind(ak) && isNumKind(bk) && (isFloatKind(ak) || isFloatKind(bk)):
		if ak == KindFloat32 && bk == KindFloat32 {
			return KindFloat32, nil
		}
		return KindFloat64, nil
	case isNumKind(ak) && isNumKind(bk):
		return KindNumeric, nil
	}
	// Evaluate on sample values to learn the kind.
	sample := func(k Kind) Datum {
		d := Datum{K: k}
		if k == KindNumeric {
			d.D = apd.New(1, 0)
		}
		if k == KindFloat32 || k == KindFloat64 {
			d.F = 1
		}
		return d
	}
	r, err := BinaryOp(op, sample(ak), sample(bk), time.UTC)
	if err != nil {
		if e := AsError(err); e.Code == CodeUndefinedFunction {
			return KindUnknown, err
		}
	}
	return r.K, nil
}

func intOp(op string, k Kind, a, b int64) (Datum, error) {
	var v int64
	var err error
	switch op {
	case "+":
		v, err = IntAdd(k, a, b)
	case "-":
		v, err = IntSub(k, a, b)
	case "*":
		v, err = IntMul(k, a, b)
	case "/":
		v, err = IntDiv(k, a, b)
	case "%":
		v, err = IntMod(k, a, b)
	default:
		return Datum{}, Errorf(CodeUndefinedFunction, "operator does not exist: %s %s %s", Type{Kind: k}, op, Type{Kind: k})
	}
	return Datum{K: k, I: v}, err
}

func floatOp(op string, k Kind, a, b float64) (Datum, error) {
	var v float64
	var err error
	switch op {
	case "+":
		v, err = FloatAdd(k, a, b)
	case "-":
		v, err = FloatSub(k, a, b)
	case "*":
		v, err = FloatMul(k, a, b)
	case "/":
		v, err = FloatDiv(k, a, b)
	default:
		return Datum{}, Errorf(CodeUndefinedFunction, "operator does not exist: %s %s %s", Type{Kind: k}, op, Type{Kind: k})
	}
	return Datum{K: k, F: v}, err
}

func numericOp(op string, a, b *apd.Decimal) (Datum, error) {
	var v *apd.Decimal
	var err error
	switch op {
	case "+":
		v, err = NumericAdd(a, b)
	case "-":
		v, err = NumericSub(a, b)
	case "*":
		v, err = NumericMul(a, b)
	case "/":
		v, err = NumericDiv(a, b)
	case "%":
		v, err = NumericMod(a, b)
	default:
		return Datum{}, Errorf(CodeUndefinedFunction, "operator does not exist: numeric %s numeric", op)
	}
	if err != nil {
		return Datum{}, err
	}
	return DNumeric(v), nil
}

// Negate evaluates unary minus.
func Negate(a Datum) (Datum, error) {
	if a.Null {
		return a, nil
	}
	switch {
	case isIntKind(a.K):
		v, err := IntNeg(intKindRank(a.K), a.I)
		return Datum{K: a.K, I: v}, err
	case isFloatKind(a.K):
		return Datum{K: a.K, F: -a.F}, nil
	case a.K == KindNumeric:
		return DNumeric(NumericNeg(numOrNaN(a.D))), nil
	case a.K == KindInterval:
		v, err := IntervalNeg(a.Iv)
		return DInterval(v), err
	}
	return Datum{}, Errorf(CodeUndefinedFunction, "operator does not exist: - %s", datumType(a))
}
