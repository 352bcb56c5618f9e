package base

import "fmt"

// SQLSTATE codes used across Tributary. Attach the code where the error is
// created; never guess it later from a message.
const (
	CodeSuccessfulCompletion         = "00000"
	CodeWarning                      = "01000"
	CodeFeatureNotSupported          = "0A000"
	CodeDataException                = "22000"
	CodeStringDataRightTrunc         = "22001"
	CodeNumericValueOutOfRange       = "22003"
	CodeInvalidDatetimeFormat        = "22007"
	CodeDatetimeFieldOverflow        = "22008"
	CodeDivisionByZero               = "22012"
	CodeIntervalFieldOverflow        = "22015"
	CodeInvalidTimeZoneDisplacement  = "22009"
	CodeDatetimeValueOutOfRange      = "22008"
	CodeNullValueNotAllowed          = "22004"
	CodeInvalidParameterValue        = "22023"
	CodeInvalidTextRepresentation    = "22P02"
	CodeInvalidEscapeSequence        = "22025"
	CodeInvalidRegularExpression     = "2201B"
	CodeArraySubscriptError          = "2202E"
	CodeCardinalityViolation         = "21000"
	CodeInvalidJSONText              = "22P05"
	CodeUntranslatableCharacter      = "22P05"
	CodeNotNullViolation             = "23502"
	CodeForeignKeyViolation          = "23503"
	CodeUniqueViolation              = "23505"
	CodeCheckViolation               = "23514"
	CodeInvalidTransactionState      = "25000"
	CodeInFailedTransaction          = "25P02"
	CodeInvalidAuthorization         = "28000"
	CodeInvalidPassword              = "28P01"
	CodeInvalidCatalogName           = "3D000"
	CodeInvalidSchemaName            = "3F000"
	CodeSyntaxError                  = "42601"
	CodeInsufficientPrivilege        = "42501"
	CodeUndefinedColumn              = "42703"
	CodeUndefinedFunction            = "42883"
	CodeUndefinedTable               = "42P01"
	CodeUndefinedParameter           = "42P02"
	CodeUndefinedObject              = "42704"
	CodeUndefinedSchema              = "3F000"
	CodeDuplicateColumn              = "42701"
	CodeDuplicateTable               = "42P07"
	CodeDuplicateSchema              = "42P06"
	CodeDuplicateObject              = "42710"
	CodeAmbiguousColumn              = "42702"
	CodeAmbiguousFunction            = "42725"
	CodeDatatypeMismatch             = "42804"
	CodeGroupingError                = "42803"
	CodeWindowingError               = "42P20"
	CodeInvalidColumnReference       = "42P10"
	CodeWrongObjectType              = "42809"
	CodeCannotCoerce                 = "42846"
	CodeInvalidRecursion             = "42P19"
	CodeDependentObjectsStillExist   = "2BP01"
	CodeObjectNotInPrerequisiteState = "55000"
	CodeObjectInUse                  = "55006"
	CodeQueryCanceled                = "57014"
	CodeAdminShutdown                = "57P01"
	CodeProgramLimitExceeded         = "54000"
	CodeOutOfMemory                  = "53200"
	CodeConfigFileError              = "F0000"
	CodeIOError                      = "58030"
	CodeDataCorrupted                = "XX001"
	CodeInternalError                = "XX000"
	CodeProtocolViolation            = "08P01"
	CodeConnectionFailure            = "08006"
)

// Error is an error that reaches a client as a PostgreSQL ErrorResponse.
// Position is the 1-based character offset into the query text (0: none).
type Error struct {
	Severity string // ERROR (default), FATAL, WARNING, NOTICE
	Code     string
	Message  string
	Detail   string
	Hint     string
	Position int
}

func (e *Error) Error() string { return e.Message }

// Errorf makes an *Error with the given SQLSTATE code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithHint returns e with Hint set.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// WithDetail returns e with Detail set.
func (e *Error) WithDetail(format string, args ...any) *Error {
	e.Detail = fmt.Sprintf(format, args...)
	return e
}

// WithPosition returns e with Position set (1-based; ignored if <= 0).
func (e *Error) WithPosition(pos int) *Error {
	if pos > 0 {
		e.Position = pos
	}
	return e
}

// NotSupported is the error for a feature that is parsed but not built.
func NotSupported(format string, args ...any) *Error {
	return Errorf(CodeFeatureNotSupported, format, args...)
}

// AsError converts any error to *Error, wrapping unknown errors as internal.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errorsAs(err, &e) {
		return e
	}
	return &Error{Code: CodeInternalError, Message: err.Error()}
}
