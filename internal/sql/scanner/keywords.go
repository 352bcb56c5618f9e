package scanner

// Category classifies a keyword following PostgreSQL's split (gram.y):
// words not listed are ordinary identifiers, including PostgreSQL's and
// RisingWave's unreserved keywords (source, sink, emit, watermark, name,
// key, value, type, comment, ...), which the parser recognizes by text
// only where its grammar expects them.
type Category int

const (
	// NotKeyword: an ordinary identifier (or an unreserved keyword).
	NotKeyword Category = iota
	// ColName keywords may name columns and tables but not functions or
	// types (except in their special syntax): interval, time, position...
	ColName
	// TypeFunc keywords may name functions and types but not columns or
	// tables: left, right, join, like, is, ...
	TypeFunc
	// Reserved keywords are identifiers only when quoted (or as labels
	// after AS or '.').
	Reserved
)

var keywords = map[string]Category{}

func init() {
	for _, w := range reservedWords {
		keywords[w] = Reserved
	}
	for _, w := range colNameWords {
		keywords[w] = ColName
	}
	for _, w := range typeFuncWords {
		keywords[w] = TypeFunc
	}
}

// KeywordCategory returns the category of an unquoted, lower-cased word.
func KeywordCategory(word string) Category {
	return keywords[word]
}

// IsReserved reports whether word is a fully reserved keyword.
func IsReserved(word string) bool { return keywords[word] == Reserved }

var reservedWords = []string{
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc",
	"asymmetric", "both", "case", "cast", "check", "collate", "column",
	"constraint", "create", "current_catalog", "current_date",
	"current_role", "current_time", "current_timestamp", "current_user",
	"default", "deferrable", "desc", "distinct", "do", "else", "end",
	"except", "false", "fetch", "for", "foreign", "from", "grant", "group",
	"having", "in", "initially", "intersect", "into", "lateral", "leading",
	"limit", "localtime", "localtimestamp", "not", "null", "offset", "on",
	"only", "or", "order", "placing", "primary", "references", "returning",
	"select", "session_user", "some", "symmetric", "system_user", "table",
	"then", "to", "trailing", "true", "union", "unique", "user", "using",
	"variadic", "when", "where", "window", "with",
}

var colNameWords = []string{
	"between", "bigint", "bit", "boolean", "char", "character", "coalesce",
	"dec", "decimal", "exists", "extract", "float", "greatest", "grouping",
	"inout", "int", "integer", "interval", "least", "national", "nchar",
	"none", "normalize", "nullif", "numeric", "out", "overlay", "position",
	"precision", "real", "row", "setof", "smallint", "substring", "time",
	"timestamp", "treat", "trim", "values", "varchar",
}

var typeFuncWords = []string{
	"authorization", "binary", "collation", "concurrently", "cross",
	"current_schema", "freeze", "full", "ilike", "inner", "is", "isnull",
	"join", "left", "like", "natural", "notnull", "outer", "overlaps",
	"right", "similar", "tablesample", "verbose",
}
