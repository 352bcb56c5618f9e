package base

// Kind is the physical family of a SQL type.
type Kind uint8

const (
	KindUnknown Kind = iota // untyped NULL / unknown literal
	KindBool
	KindInt16
	KindInt32
	KindInt64
	KindFloat32
	KindFloat64
	KindNumeric
	KindText // text and varchar
	KindBytea
	KindDate
	KindTime
	KindTimestamp
	KindTimestampTZ
	KindInterval
	KindJSONB
	KindArray // one-dimensional array of Type.Elem
	KindOid   // oid, regclass, regtype, regproc (int64 payload)
)

// Type is a SQL type. It is a comparable value: use == to compare.
// Mod is the PostgreSQL typmod (-1 or 0 when absent): varchar length,
// numeric precision<<16|scale. Varchar distinguishes varchar from text
// (same semantics, different OID). For arrays Elem is the element kind and
// ElemVarchar says whether elements are varchar. Bpchar marks
// character(n)/bpchar (KindText, OID 1042): values are blank-padded to Mod
// characters by casts and input, and trailing blanks are insignificant —
// they are stripped when the value is cast to text or varchar (which is
// how comparisons and string functions see it).
type Type struct {
	Kind    Kind
	Elem    Kind
	Varchar bool
	Mod     int32
	Bpchar  bool
}

// Common types.
var (
	Unknown     = Type{Kind: KindUnknown}
	Bool        = Type{Kind: KindBool}
	Int16       = Type{Kind: KindInt16}
	Int32       = Type{Kind: KindInt32}
	Int64       = Type{Kind: KindInt64}
	Float32     = Type{Kind: KindFloat32}
	Float64     = Type{Kind: KindFloat64}
	Numeric     = Type{Kind: KindNumeric}
	Text        = Type{Kind: KindText}
	Varchar     = Type{Kind: KindText, Varchar: true}
	Bpchar      = Type{Kind: KindText, Bpchar: true}
	Bytea       = Type{Kind: KindBytea}
	Date        = Type{Kind: KindDate}
	TimeT       = Type{Kind: KindTime}
	Timestamp   = Type{Kind: KindTimestamp}
	TimestampTZ = Type{Kind: KindTimestampTZ}
	IntervalT   = Type{Kind: KindInterval}
	JSONB       = Type{Kind: KindJSONB}
	Oid         = Type{Kind: KindOid}
)

// ArrayOf returns the one-dimensional array type with element type t.
func ArrayOf(t Type) Type {
	return Type{Kind: KindArray, Elem: t.Kind, Varchar: t.Varchar, Bpchar: t.Bpchar}
}

// ElemType returns the element type of an array type.
func (t Type) ElemType() Type { return Type{Kind: t.Elem, Varchar: t.Varchar, Bpchar: t.Bpchar} }

// PostgreSQL type OIDs.
const (
	OidBool        = 16
	OidBytea       = 17
	OidInt8        = 20
	OidInt2        = 21
	OidInt4        = 23
	OidRegproc     = 24
	OidText        = 25
	OidOid         = 26
	OidJSON        = 114
	OidFloat4      = 700
	OidFloat8      = 701
	OidUnknown     = 705
	OidBpchar      = 1042
	OidVarchar     = 1043
	OidDate        = 1082
	OidTime        = 1083
	OidTimestamp   = 1114
	OidTimestampTZ = 1184
	OidInterval    = 1186
	OidNumeric     = 1700
	OidRegclass    = 2205
	OidRegtype     = 2206
	OidJSONB       = 3802
	OidName        = 19
	OidChar        = 18
)

var kindOids = [...]uint32{
	KindUnknown:     OidText,
	KindBool:        OidBool,
	KindInt16:       OidInt2,
	KindInt32:       OidInt4,
	KindInt64:       OidInt8,
	KindFloat32:     OidFloat4,
	KindFloat64:     OidFloat8,
	KindNumeric:     OidNumeric,
	KindText:        OidText,
	KindBytea:       OidBytea,
	KindDate:        OidDate,
	KindTime:        OidTime,
	KindTimestamp:   OidTimestamp,
	KindTimestampTZ: OidTimestampTZ,
	KindInterval:    OidInterval,
	KindJSONB:       OidJSONB,
	KindOid:         OidOid,
}

var arrayOids = map[uint32]uint32{
	OidBool: 1000, OidBytea: 1001, OidInt2: 1005, OidInt4: 1007, OidInt8: 1016,
	OidText: 1009, OidVarchar: 1015, OidBpchar: 1014, OidFloat4: 1021, OidFloat8: 1022,
	OidDate: 1182, OidTime: 1183, OidTimestamp: 1115, OidTimestampTZ: 1185,
	OidInterval: 1187, OidNumeric: 1231, OidJSONB: 3807, OidOid: 1028,
}

// OID returns the PostgreSQL type OID of t.
func (t Type) OID() uint32 {
	if t.Kind == KindArray {
		return arrayOids[t.ElemType().OID()]
	}
	if t.Kind == KindText && t.Varchar {
		return OidVarchar
	}
	if t.Kind == KindText && t.Bpchar {
		return OidBpchar
	}
	if int(t.Kind) < len(kindOids) {
		return kindOids[t.Kind]
	}
	return OidText
}

var kindNames = [...]string{
	KindUnknown:     "unknown",
	KindBool:        "boolean",
	KindInt16:       "smallint",
	KindInt32:       "integer",
	KindInt64:       "bigint",
	KindFloat32:     "real",
	KindFloat64:     "double precision",
	KindNumeric:     "numeric",
	KindText:        "text",
	KindBytea:       "bytea",
	KindDate:        "date",
	KindTime:        "time without time zone",
	KindTimestamp:   "timestamp without time zone",
	KindTimestampTZ: "timestamp with time zone",
	KindInterval:    "interval",
	KindJSONB:       "jsonb",
	KindOid:         "oid",
}

// String returns the PostgreSQL name of t as format_type prints it
// (without typmod).
func (t Type) String() string {
	if t.Kind == KindArray {
		return t.ElemType().String() + "[]"
	}
	if t.Kind == KindText && t.Varchar {
		return "character varying"
	}
	if t.Kind == KindText && t.Bpchar {
		return "character"
	}
	if int(t.Kind) < len(kindNames) {
		return kindNames[t.Kind]
	}
	return "unknown"
}

// IsNumeric reports whether t is an integer, float or numeric type.
func (t Type) IsNumeric() bool {
	switch t.Kind {
	case KindInt16, KindInt32, KindInt64, KindFloat32, KindFloat64, KindNumeric:
		return true
	}
	return false
}

// IsInteger reports whether t is smallint, integer or bigint.
func (t Type) IsInteger() bool {
	return t.Kind == KindInt16 || t.Kind == KindInt32 || t.Kind == KindInt64
}

// Size is the fixed width in bytes reported in RowDescription (-1: varlena).
func (t Type) Size() int16 {
	switch t.Kind {
	case KindBool:
		return 1
	case KindInt16:
		return 2
	case KindInt32, KindFloat32, KindDate, KindOid:
		return 4
	case KindInt64, KindFloat64, KindTime, KindTimestamp, KindTimestampTZ:
		return 8
	case KindInterval:
		return 16
	}
	return -1
}
