package base

// EncodeKey appends the memcomparable encoding of d to dst.
func EncodeKey(dst []byte, d Datum, desc bool) []byte {
	panic("EncodeKey: not implemented yet")
}

// DecodeKey decodes one key datum of type t from src and returns the rest.
func DecodeKey(src []byte, t Type, desc bool) (Datum, []byte, error) {
	return Datum{}, nil, Errorf(CodeDataCorrupted, "DecodeKey: not implemented yet")
}

// EncodeRow appends the value encoding of row to dst.
func EncodeRow(dst []byte, row []Datum) []byte {
	panic("EncodeRow: not implemented yet")
}

// DecodeRow decodes a row encoded by EncodeRow.
func DecodeRow(src []byte, types []Type) ([]Datum, error) {
	return nil, Errorf(CodeDataCorrupted, "DecodeRow: not implemented yet")
}
