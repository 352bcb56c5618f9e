package pgwire

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tributarydb/tributary/internal/base"
)

// Errors pgwire raises itself.
var (
	errCanceled = &base.Error{Code: base.CodeQueryCanceled, Message: "canceling statement due to user request"}
	errShutdown = &base.Error{Severity: "FATAL", Code: base.CodeAdminShutdown, Message: "terminating connection due to administrator command"}
)

func protocolError(format string, args ...any) *base.Error {
	e := base.Errorf(base.CodeProtocolViolation, format, args...)
	return e
}

func fatal(e *base.Error) *base.Error {
	c := *e
	c.Severity = "FATAL"
	return &c
}

// toBaseError converts any error to a *base.Error: base errors pass as they
// are (wrapped ones too), a context cancellation becomes 57014, the rest
// XX000.
func toBaseError(err error) *base.Error {
	var e *base.Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errCanceled
	}
	return &base.Error{Code: base.CodeInternalError, Message: err.Error()}
}

// errorResponse builds the ErrorResponse for e. V is the non-localized
// severity that PostgreSQL 9.6+ sends besides S.
func errorResponse(e *base.Error) *pgproto3.ErrorResponse {
	sev := e.Severity
	if sev == "" {
		sev = "ERROR"
	}
	code := e.Code
	if code == "" {
		code = base.CodeInternalError
	}
	return &pgproto3.ErrorResponse{
		Severity:            sev,
		SeverityUnlocalized: sev,
		Code:                code,
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
		Position:            int32(e.Position),
	}
}

func noticeResponse(e *base.Error) *pgproto3.NoticeResponse {
	c := *e
	if c.Severity == "" {
		c.Severity = "NOTICE"
	}
	if c.Code == "" {
		c.Code = base.CodeSuccessfulCompletion
	}
	return (*pgproto3.NoticeResponse)(errorResponse(&c))
}
