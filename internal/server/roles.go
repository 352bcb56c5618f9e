package server

import (
	"strings"

	"github.com/tributarydb/tributary/internal/base"
	"github.com/tributarydb/tributary/internal/catalog"
	"github.com/tributarydb/tributary/internal/pgwire"
	"github.com/tributarydb/tributary/internal/sql/ast"
)

// applyRoleOptions sets u's attributes from CREATE/ALTER USER options. The
// password is kept only as a SCRAM-SHA-256 verifier.
func applyRoleOptions(u *catalog.User, opts []*ast.RoleOption) error {
	for _, o := range opts {
		switch o.Name {
		case "password":
			switch v := o.Value.(type) {
			case *ast.NullLit:
				u.PasswordHash = ""
			case *ast.StringLit:
				if strings.HasPrefix(v.Value, "SCRAM-SHA-256$") {
					if _, err := pgwire.ParseSCRAMVerifier(v.Value); err != nil {
						return base.Errorf(base.CodeInvalidParameterValue, "invalid SCRAM-SHA-256 verifier")
					}
					u.PasswordHash = v.Value
					continue
				}
				if v.Value == "" {
					u.PasswordHash = ""
					continue
				}
				c, err := pgwire.NewSCRAMCredentials(v.Value)
				if err != nil {
					return base.Errorf(base.CodeInternalError, "could not hash password: %v", err)
				}
				u.PasswordHash = pgwire.FormatSCRAMVerifier(c)
			default:
				return base.Errorf(base.CodeSyntaxError, "PASSWORD must be a string literal or NULL")
			}
		case "superuser":
			u.Superuser = true
		case "nosuperuser":
			u.Superuser = false
		case "login":
			u.CanLogin = true
		case "nologin":
			u.CanLogin = false
		case "createdb":
			u.CreateDB = true
		case "nocreatedb":
			u.CreateDB = false
		case "createrole", "createuser":
			u.CreateRole = true
		case "nocreaterole", "nocreateuser":
			u.CreateRole = false
		case "inherit", "noinherit", "connection limit", "valid until":
			// Accepted for compatibility; Tributary has no role inheritance,
			// connection limits or password expiry yet.
		default:
			return base.NotSupported("role option %s is not supported", strings.ToUpper(o.Name))
		}
	}
	return nil
}

func (d *ddl) requireSuperuser(what string) error {
	u, err := d.cat.User(d.s.user)
	if err != nil || !u.Superuser {
		return base.Errorf(base.CodeInsufficientPrivilege, "permission denied to %s", what)
	}
	return nil
}

func (d *ddl) createRole(n *ast.CreateRoleStmt) (string, error) {
	tag := "CREATE ROLE"
	if err := d.requireSuperuser("create role"); err != nil {
		return "", err
	}
	if _, err := d.cat.User(n.Name); err == nil {
		if n.IfNotExists {
			d.s.notice("role %q already exists, skipping", n.Name)
			return tag, nil
		}
		return "", base.Errorf(base.CodeDuplicateObject, "role %q already exists", n.Name)
	}
	// CREATE USER implies LOGIN; CREATE ROLE does not (as in PostgreSQL).
	u := catalog.User{Name: n.Name, CanLogin: n.IsUser}
	if err := applyRoleOptions(&u, n.Options); err != nil {
		return "", err
	}
	if _, err := d.cat.CreateUser(u); err != nil {
		return "", err
	}
	return tag, nil
}

func (d *ddl) alterRole(n *ast.AlterRoleStmt) (string, error) {
	tag := "ALTER ROLE"
	u, err := d.cat.User(n.Name)
	if err != nil {
		return "", base.Errorf(base.CodeUndefinedObject, "role %q does not exist", n.Name)
	}
	// A user may change their own password; everything else needs a superuser.
	selfPassword := n.Name == d.s.user && n.RenameTo == "" && len(n.Options) == 1 && n.Options[0].Name == "password"
	if !selfPassword {
		if err := d.requireSuperuser("alter role"); err != nil {
			return "", err
		}
	}
	if n.RenameTo != "" {
		return "", base.NotSupported("ALTER ROLE ... RENAME TO is not supported yet")
	}
	nu := *u
	if err := applyRoleOptions(&nu, n.Options); err != nil {
		return "", err
	}
	if err := d.cat.AlterUser(nu); err != nil {
		return "", err
	}
	return tag, nil
}
