package catalog

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tributarydb/tributary/internal/base"
)

// Well-known object IDs. They match PostgreSQL's OIDs where PostgreSQL has
// fixed ones, so pg_namespace looks familiar to tools.
const (
	PgCatalogSchemaID         uint32 = 11
	InformationSchemaSchemaID uint32 = 13
	PublicSchemaID            uint32 = 2200
	// FirstUserID is the first ID handed to user objects (PostgreSQL's
	// FirstNormalObjectId).
	FirstUserID uint32 = 16384
)

// Bootstrap names.
const (
	DefaultDatabase = "dev"
	RootUser        = "root"
	PublicGrantee   = "PUBLIC"
)

type nameKey struct {
	schema uint32
	name   string
}

// Catalog holds all metadata. It is safe for concurrent use. Every
// published object is immutable: mutations install new values and bump
// Version, so readers may keep pointers without holding a lock.
type Catalog struct {
	mu           sync.RWMutex
	version      uint64
	database     string
	nextID       uint32
	schemas      map[uint32]*Schema
	schemaByName map[string]*Schema
	rels         map[uint32]*Relation
	relByName    map[nameKey]*Relation
	secrets      map[uint32]*Secret
	secretByName map[nameKey]*Secret
	users        map[string]*User
	grants       map[uint32][]Grant
	now          func() time.Time
}

func newEmpty() *Catalog {
	return &Catalog{
		database:     DefaultDatabase,
		nextID:       FirstUserID,
		schemas:      map[uint32]*Schema{},
		schemaByName: map[string]*Schema{},
		rels:         map[uint32]*Relation{},
		relByName:    map[nameKey]*Relation{},
		secrets:      map[uint32]*Secret{},
		secretByName: map[nameKey]*Secret{},
		users:        map[string]*User{},
		grants:       map[uint32][]Grant{},
		now:          func() time.Time { return time.Now().UTC() },
	}
}

// New returns a bootstrapped catalog: database "dev", schemas public,
// pg_catalog and information_schema, superuser root.
func New() *Catalog {
	c := newEmpty()
	for _, s := range []*Schema{
		{ID: PgCatalogSchemaID, Name: "pg_catalog", Owner: RootUser},
		{ID: InformationSchemaSchemaID, Name: "information_schema", Owner: RootUser},
		{ID: PublicSchemaID, Name: "public", Owner: RootUser},
	} {
		c.putSchema(s)
	}
	c.users[RootUser] = &User{Name: RootUser, Superuser: true, CanLogin: true, CreateDB: true, CreateRole: true}
	c.version = 1
	return c
}

// Version is bumped by every mutation; plans cached against an older
// version must be re-bound.
func (c *Catalog) Version() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.version
}

// Database returns the name of the (single) database.
func (c *Catalog) Database() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.database
}

// ReserveIDs reserves n fresh object IDs (for internal state tables) and
// returns the first. IDs are never reused, including after a restart once
// the catalog is persisted.
func (c *Catalog) ReserveIDs(n int) uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	first := c.nextID
	c.nextID += uint32(n)
	c.version++
	return first
}

func (c *Catalog) allocID() uint32 {
	id := c.nextID
	c.nextID++
	return id
}

// ---- schemas ----

func (c *Catalog) putSchema(s *Schema) {
	c.schemas[s.ID] = s
	c.schemaByName[s.Name] = s
}

func isSystemSchema(name string) bool {
	return name == "pg_catalog" || name == "information_schema"
}

// Schemas returns all schemas ordered by ID.
func (c *Catalog) Schemas() []*Schema {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*Schema, 0, len(c.schemas))
	for _, s := range c.schemas {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// SchemaByName returns the schema or 3F000.
func (c *Catalog) SchemaByName(name string) (*Schema, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if s := c.schemaByName[name]; s != nil {
		return s, nil
	}
	return nil, errNoSchema(name)
}

// SchemaByID returns the schema with the ID, or nil.
func (c *Catalog) SchemaByID(id uint32) *Schema {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.schemas[id]
}

func errNoSchema(name string) *base.Error {
	return base.Errorf(base.CodeInvalidSchemaName, "schema %q does not exist", name)
}

// CreateSchema creates a schema. With ifNotExists an existing schema is
// returned (nil error); callers wanting PostgreSQL's NOTICE check
// SchemaByName first.
func (c *Catalog) CreateSchema(name, owner string, ifNotExists bool) (*Schema, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.schemaByName[name]; s != nil {
		if ifNotExists {
			return s, nil
		}
		return nil, base.Errorf(base.CodeDuplicateSchema, "schema %q already exists", name)
	}
	if name == "" {
		return nil, base.Errorf(base.CodeInvalidSchemaName, "schema name must not be empty")
	}
	if strings.HasPrefix(name, "pg_") {
		return nil, base.Errorf("42939", "unacceptable schema name %q", name).
			WithDetail(`The prefix "pg_" is reserved for system schemas.`)
	}
	if owner == "" {
		owner = RootUser
	}
	if c.users[owner] == nil {
		return nil, errNoRole(owner)
	}
	s := &Schema{ID: c.allocID(), Name: name, Owner: owner}
	c.putSchema(s)
	c.version++
	return s, nil
}

// RenameSchema renames a schema (ALTER SCHEMA ... RENAME TO) and
// republishes its relations and secrets with the new Schema name.
func (c *Catalog) RenameSchema(oldName, newName string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.schemaByName[oldName]
	if s == nil {
		return errNoSchema(oldName)
	}
	if c.schemaByName[newName] != nil {
		return base.Errorf(base.CodeDuplicateSchema, "schema %q already exists", newName)
	}
	if isSystemSchema(oldName) || strings.HasPrefix(newName, "pg_") {
		return base.Errorf("42939", "unacceptable schema name %q", newName)
	}
	ns := *s
	ns.Name = newName
	delete(c.schemaByName, oldName)
	c.putSchema(&ns)
	for id, r := range c.rels {
		if r.SchemaID == s.ID {
			nr := r.Clone()
			nr.Schema = newName
			c.rels[id] = nr
			c.relByName[nameKey{s.ID, r.Name}] = nr
		}
	}
	for id, sec := range c.secrets {
		if sec.SchemaID == s.ID {
			ns := *sec
			ns.Schema = newName
			c.secrets[id] = &ns
			c.secretByName[nameKey{s.ID, sec.Name}] = &ns
		}
	}
	c.version++
	return nil
}

// DropSchema drops a schema. Without cascade a non-empty schema is refused
// (2BP01); with cascade its objects and everything depending on them are
// dropped too. The dropped relations are returned, dependents first.
func (c *Catalog) DropSchema(name string, ifExists, cascade bool) ([]*Relation, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.schemaByName[name]
	if s == nil {
		if ifExists {
			return nil, nil
		}
		return nil, errNoSchema(name)
	}
	if isSystemSchema(name) {
		return nil, base.Errorf(base.CodeDependentObjectsStillExist,
			"cannot drop schema %s because it is required by the database system", name)
	}
	var roots []uint32
	for _, r := range c.sortedRelsLocked() {
		if r.SchemaID == s.ID {
			roots = append(roots, r.ID)
		}
	}
	for _, sec := range c.sortedSecretsLocked() {
		if sec.SchemaID == s.ID {
			roots = append(roots, sec.ID)
		}
	}
	order := c.closureLocked(roots)
	if len(order) > 0 && !cascade {
		var lines []string
		inSchema := map[uint32]bool{}
		for _, id := range roots {
			inSchema[id] = true
		}
		for _, id := range order {
			if inSchema[id] {
				lines = append(lines, c.describeLocked(id)+" depends on schema "+name)
			}
		}
		lines = append(lines, c.dependencyLinesLocked(order, inSchema)...)
		return nil, base.Errorf(base.CodeDependentObjectsStillExist,
			"cannot drop schema %s because other objects depend on it", name).
			WithDetail("%s", strings.Join(lines, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	dropped := c.removeLocked(order)
	delete(c.schemas, s.ID)
	delete(c.schemaByName, s.Name)
	delete(c.grants, s.ID)
	c.version++
	return dropped, nil
}

// ---- relations ----

func (c *Catalog) sortedRelsLocked() []*Relation {
	out := make([]*Relation, 0, len(c.rels))
	for _, r := range c.rels {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (c *Catalog) sortedSecretsLocked() []*Secret {
	out := make([]*Secret, 0, len(c.secrets))
	for _, s := range c.secrets {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Relations returns all relations ordered by ID.
func (c *Catalog) Relations() []*Relation {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sortedRelsLocked()
}

// RelationByID returns the relation or nil.
func (c *Catalog) RelationByID(id uint32) *Relation {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.rels[id]
}

// LookupRelation resolves a possibly qualified name. With schema "" the
// schemas of searchPath are tried in order (entries naming no schema, such
// as "$user", are skipped). Not found is 42P01 naming the relation as written.
func (c *Catalog) LookupRelation(searchPath []string, schema, name string) (*Relation, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if schema != "" {
		if s := c.schemaByName[schema]; s != nil {
			if r := c.relByName[nameKey{s.ID, name}]; r != nil {
				return r, nil
			}
		}
		return nil, base.Errorf(base.CodeUndefinedTable, "relation \"%s.%s\" does not exist", schema, name)
	}
	for _, sp := range searchPath {
		if s := c.schemaByName[sp]; s != nil {
			if r := c.relByName[nameKey{s.ID, name}]; r != nil {
				return r, nil
			}
		}
	}
	return nil, base.Errorf(base.CodeUndefinedTable, "relation %q does not exist", name)
}

// CreateRelation validates r, assigns it a fresh ID and publishes a copy.
// r.Schema (or r.SchemaID) names the schema; "" means public. A table
// without a user primary key gets the hidden _row_id bigint column as its
// key. Secrets named in Options (SecretRef) are added to DependsOn.
// On success r.ID is set to the new ID. With ifNotExists and the name
// taken, the existing relation is returned, nil error, and r.ID stays 0
// (so the caller can emit PostgreSQL's "already exists, skipping" NOTICE).
func (c *Catalog) CreateRelation(r *Relation, ifNotExists bool) (*Relation, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, err := c.resolveSchemaLocked(r.SchemaID, r.Schema)
	if err != nil {
		return nil, err
	}
	if old := c.relByName[nameKey{s.ID, r.Name}]; old != nil {
		if ifNotExists {
			return old, nil
		}
		return nil, base.Errorf(base.CodeDuplicateTable, "relation %q already exists", r.Name)
	}
	n := r.Clone()
	n.SchemaID, n.Schema = s.ID, s.Name
	if n.Owner == "" {
		n.Owner = RootUser
	}
	if c.users[n.Owner] == nil {
		return nil, errNoRole(n.Owner)
	}
	if n.Kind == KindTable && !n.HasUserPK && len(n.PK) == 0 {
		if i := n.ColumnIndex(RowIDColumn); i >= 0 {
			if !n.Columns[i].Hidden {
				return nil, base.Errorf(base.CodeDuplicateColumn,
					"column name %q conflicts with a system column name", RowIDColumn)
			}
			n.PK = []int{i}
		} else {
			n.Columns = append(n.Columns, Column{Name: RowIDColumn, Type: base.Int64, NotNull: true, Hidden: true})
			n.PK = []int{len(n.Columns) - 1}
		}
	}
	if err := c.validateLocked(n, 0); err != nil {
		return nil, err
	}
	n.ID = c.allocID()
	if n.Created.IsZero() {
		n.Created = c.now()
	}
	n.Version = 1
	c.rels[n.ID] = n
	c.relByName[nameKey{s.ID, n.Name}] = n
	c.version++
	r.ID = n.ID
	return n, nil
}

func (c *Catalog) resolveSchemaLocked(id uint32, name string) (*Schema, error) {
	if id != 0 {
		if s := c.schemas[id]; s != nil && (name == "" || name == s.Name) {
			return s, nil
		}
		if name == "" {
			return nil, base.Errorf(base.CodeInvalidSchemaName, "schema with OID %d does not exist", id)
		}
	}
	if name == "" {
		name = "public"
	}
	if s := c.schemaByName[name]; s != nil {
		return s, nil
	}
	return nil, errNoSchema(name)
}

// validateLocked checks n (whose schema is resolved) and resolves secret
// references in its options into DependsOn. self is n's own ID (0 when new).
func (c *Catalog) validateLocked(n *Relation, self uint32) error {
	if n.Name == "" {
		return base.Errorf(base.CodeInvalidParameterValue, "relation name must not be empty")
	}
	if _, ok := kindNames[n.Kind]; !ok || n.Kind == KindSecret || n.Kind == KindSchema {
		return base.Errorf(base.CodeInternalError, "catalog: invalid relation kind %d", uint8(n.Kind))
	}
	seen := make(map[string]bool, len(n.Columns))
	for _, col := range n.Columns {
		if col.Name == "" {
			return base.Errorf(base.CodeInvalidParameterValue, "column name must not be empty")
		}
		if seen[col.Name] {
			return base.Errorf(base.CodeDuplicateColumn, "column %q specified more than once", col.Name)
		}
		seen[col.Name] = true
	}
	for _, i := range n.PK {
		if i < 0 || i >= len(n.Columns) {
			return base.Errorf(base.CodeInternalError, "catalog: primary key column index %d out of range", i)
		}
	}
	keys := make([]string, 0, len(n.Options))
	for k := range n.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		sch, name, ok := ParseSecretRef(n.Options[k])
		if !ok {
			continue
		}
		sec := c.findSecretLocked(sch, name, n.SchemaID)
		if sec == nil {
			return base.Errorf(base.CodeUndefinedObject, "secret %q does not exist", name)
		}
		if !slices.Contains(n.DependsOn, sec.ID) {
			n.DependsOn = append(n.DependsOn, sec.ID)
		}
	}
	deps := n.DependsOn[:0]
	for _, d := range n.DependsOn {
		if d == self && self != 0 {
			return base.Errorf(base.CodeInvalidRecursion, "relation %q cannot depend on itself", n.Name)
		}
		if c.rels[d] == nil && c.secrets[d] == nil {
			return base.Errorf(base.CodeUndefinedObject, "object with OID %d does not exist", d)
		}
		if !slices.Contains(deps, d) {
			deps = append(deps, d)
		}
	}
	n.DependsOn = deps
	return nil
}

func (c *Catalog) findSecretLocked(schema, name string, defSchema uint32) *Secret {
	if schema != "" {
		if s := c.schemaByName[schema]; s != nil {
			return c.secretByName[nameKey{s.ID, name}]
		}
		return nil
	}
	if sec := c.secretByName[nameKey{defSchema, name}]; sec != nil {
		return sec
	}
	return c.secretByName[nameKey{PublicSchemaID, name}]
}

// ReplaceRelation publishes a changed copy of an existing relation (ALTER:
// columns, name, schema, comment, owner, options). r.ID selects it; Kind,
// ID and Created are kept; Version is bumped. Renaming does not rewrite the
// Definition of dependents; the caller decides whether to allow it.
func (c *Catalog) ReplaceRelation(r *Relation) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.rels[r.ID]
	if old == nil {
		return base.Errorf(base.CodeUndefinedTable, "relation with OID %d does not exist", r.ID)
	}
	if r.Kind != old.Kind {
		return base.Errorf(base.CodeWrongObjectType, "cannot change %s %q into a %s", old.Kind, old.Name, r.Kind)
	}
	schemaName := r.Schema
	if r.SchemaID != old.SchemaID && r.SchemaID != 0 && r.Schema == old.Schema {
		schemaName = ""
	}
	s, err := c.resolveSchemaLocked(r.SchemaID, schemaName)
	if err != nil {
		return err
	}
	if other := c.relByName[nameKey{s.ID, r.Name}]; other != nil && other.ID != r.ID {
		return base.Errorf(base.CodeDuplicateTable, "relation %q already exists", r.Name)
	}
	if r.Owner != old.Owner && r.Owner != "" && c.users[r.Owner] == nil {
		return errNoRole(r.Owner)
	}
	n := r.Clone()
	n.SchemaID, n.Schema = s.ID, s.Name
	if n.Owner == "" {
		n.Owner = old.Owner
	}
	if err := c.validateLocked(n, n.ID); err != nil {
		return err
	}
	n.Created = old.Created
	n.Version = old.Version + 1
	delete(c.relByName, nameKey{old.SchemaID, old.Name})
	c.rels[n.ID] = n
	c.relByName[nameKey{s.ID, n.Name}] = n
	c.version++
	return nil
}

// Dependents returns the relations that directly depend on object id
// (a relation or a secret), ordered by ID.
func (c *Catalog) Dependents(id uint32) []*Relation {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.dependentsLocked(id)
}

func (c *Catalog) dependentsLocked(id uint32) []*Relation {
	var out []*Relation
	for _, r := range c.sortedRelsLocked() {
		if slices.Contains(r.DependsOn, id) {
			out = append(out, r)
		}
	}
	return out
}

// closureLocked returns roots and everything transitively depending on
// them, ordered so every object comes after all its dependents.
func (c *Catalog) closureLocked(roots []uint32) []uint32 {
	var order []uint32
	visited := map[uint32]bool{}
	var visit func(id uint32)
	visit = func(id uint32) {
		if visited[id] {
			return
		}
		visited[id] = true
		for _, d := range c.dependentsLocked(id) {
			visit(d.ID)
		}
		order = append(order, id)
	}
	for _, id := range roots {
		visit(id)
	}
	return order
}

// describeLocked names an object the way PostgreSQL's messages do.
func (c *Catalog) describeLocked(id uint32) string {
	if r := c.rels[id]; r != nil {
		return r.Kind.String() + " " + displayName(r.Schema, r.Name)
	}
	if s := c.secrets[id]; s != nil {
		return "secret " + displayName(s.Schema, s.Name)
	}
	if s := c.schemas[id]; s != nil {
		return "schema " + s.Name
	}
	return "object " + itoa(id)
}

func displayName(schema, name string) string {
	if schema == "public" {
		return name
	}
	return schema + "." + name
}

func itoa(v uint32) string {
	var b [10]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}

// dependencyLinesLocked lists "X depends on Y" for every edge from a member
// of set order into another member that is not in skip.
func (c *Catalog) dependencyLinesLocked(order []uint32, skip map[uint32]bool) []string {
	in := map[uint32]bool{}
	for _, id := range order {
		in[id] = true
	}
	var lines []string
	for i := len(order) - 1; i >= 0; i-- {
		id := order[i]
		if skip[id] {
			continue
		}
		r := c.rels[id]
		if r == nil {
			continue
		}
		for _, d := range r.DependsOn {
			if in[d] {
				lines = append(lines, c.describeLocked(id)+" depends on "+c.describeLocked(d))
			}
		}
	}
	return lines
}

// removeLocked deletes the objects in order and returns the relations.
func (c *Catalog) removeLocked(order []uint32) []*Relation {
	var dropped []*Relation
	for _, id := range order {
		if r := c.rels[id]; r != nil {
			delete(c.rels, id)
			delete(c.relByName, nameKey{r.SchemaID, r.Name})
			dropped = append(dropped, r)
		}
		if s := c.secrets[id]; s != nil {
			delete(c.secrets, id)
			delete(c.secretByName, nameKey{s.SchemaID, s.Name})
		}
		delete(c.grants, id)
	}
	return dropped
}

// DropRelation drops a relation. If other relations depend on it, it is
// refused with 2BP01 unless cascade, which drops them too. The dropped
// relations are returned, dependents first (the relation itself last).
func (c *Catalog) DropRelation(id uint32, cascade bool) ([]*Relation, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.rels[id]
	if r == nil {
		return nil, base.Errorf(base.CodeUndefinedTable, "relation with OID %d does not exist", id)
	}
	order := c.closureLocked([]uint32{id})
	if len(order) > 1 && !cascade {
		return nil, base.Errorf(base.CodeDependentObjectsStillExist,
			"cannot drop %s %s because other objects depend on it", r.Kind, displayName(r.Schema, r.Name)).
			WithDetail("%s", strings.Join(c.dependencyLinesLocked(order, nil), "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	dropped := c.removeLocked(order)
	c.version++
	return dropped, nil
}

// ---- users ----

func errNoRole(name string) *base.Error {
	return base.Errorf(base.CodeUndefinedObject, "role %q does not exist", name)
}

// Users returns all users ordered by name.
func (c *Catalog) Users() []*User {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*User, 0, len(c.users))
	for _, u := range c.users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// User returns the user or 42704.
func (c *Catalog) User(name string) (*User, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if u := c.users[name]; u != nil {
		return u, nil
	}
	return nil, errNoRole(name)
}

// CreateUser adds a user (42710 if the name is taken).
func (c *Catalog) CreateUser(u User) (*User, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if u.Name == "" {
		return nil, base.Errorf(base.CodeInvalidParameterValue, "role name must not be empty")
	}
	if u.Name == PublicGrantee || strings.EqualFold(u.Name, "public") {
		return nil, base.Errorf("42939", "role name %q is reserved", u.Name)
	}
	if c.users[u.Name] != nil {
		return nil, base.Errorf(base.CodeDuplicateObject, "role %q already exists", u.Name)
	}
	n := u
	c.users[u.Name] = &n
	c.version++
	return &n, nil
}

// AlterUser replaces the attributes of an existing user (selected by Name).
func (c *Catalog) AlterUser(u User) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.users[u.Name] == nil {
		return errNoRole(u.Name)
	}
	n := u
	c.users[u.Name] = &n
	c.version++
	return nil
}

// DropUser drops a user. A user that owns objects is refused (2BP01);
// its grants are removed.
func (c *Catalog) DropUser(name string, ifExists bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.users[name] == nil {
		if ifExists {
			return nil
		}
		return errNoRole(name)
	}
	if name == RootUser {
		return base.Errorf(base.CodeDependentObjectsStillExist,
			"cannot drop role %s because it is required by the database system", name)
	}
	var owned []string
	for _, s := range c.schemas {
		if s.Owner == name {
			owned = append(owned, "owner of schema "+s.Name)
		}
	}
	for _, r := range c.sortedRelsLocked() {
		if r.Owner == name {
			owned = append(owned, "owner of "+c.describeLocked(r.ID))
		}
	}
	for _, s := range c.sortedSecretsLocked() {
		if s.Owner == name {
			owned = append(owned, "owner of "+c.describeLocked(s.ID))
		}
	}
	if len(owned) > 0 {
		sort.Strings(owned)
		return base.Errorf(base.CodeDependentObjectsStillExist,
			"role %q cannot be dropped because some objects depend on it", name).
			WithDetail("%s", strings.Join(owned, "\n"))
	}
	delete(c.users, name)
	for id, gs := range c.grants {
		gs = slices.DeleteFunc(slices.Clone(gs), func(g Grant) bool { return g.Grantee == name })
		if len(gs) == 0 {
			delete(c.grants, id)
		} else {
			c.grants[id] = gs
		}
	}
	c.version++
	return nil
}

// ---- secrets ----

// Secrets returns all secrets ordered by ID.
func (c *Catalog) Secrets() []*Secret {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sortedSecretsLocked()
}

// SecretByID returns the secret or nil.
func (c *Catalog) SecretByID(id uint32) *Secret {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.secrets[id]
}

// SecretByName resolves a secret like LookupRelation (42704 if absent).
func (c *Catalog) SecretByName(searchPath []string, schema, name string) (*Secret, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if schema != "" {
		if s := c.schemaByName[schema]; s != nil {
			if sec := c.secretByName[nameKey{s.ID, name}]; sec != nil {
				return sec, nil
			}
		}
		return nil, base.Errorf(base.CodeUndefinedObject, "secret \"%s.%s\" does not exist", schema, name)
	}
	for _, sp := range searchPath {
		if s := c.schemaByName[sp]; s != nil {
			if sec := c.secretByName[nameKey{s.ID, name}]; sec != nil {
				return sec, nil
			}
		}
	}
	return nil, base.Errorf(base.CodeUndefinedObject, "secret %q does not exist", name)
}

// CreateSecret adds a secret; Schema "" means public. With ifNotExists
// an existing secret is returned with a nil error and s.ID stays 0.
func (c *Catalog) CreateSecret(s *Secret, ifNotExists bool) (*Secret, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sch, err := c.resolveSchemaLocked(s.SchemaID, s.Schema)
	if err != nil {
		return nil, err
	}
	if old := c.secretByName[nameKey{sch.ID, s.Name}]; old != nil {
		if ifNotExists {
			return old, nil
		}
		return nil, base.Errorf(base.CodeDuplicateObject, "secret %q already exists", s.Name)
	}
	if s.Name == "" {
		return nil, base.Errorf(base.CodeInvalidParameterValue, "secret name must not be empty")
	}
	n := *s
	n.Ciphertext = slices.Clone(s.Ciphertext)
	n.SchemaID, n.Schema = sch.ID, sch.Name
	if n.Owner == "" {
		n.Owner = RootUser
	}
	if c.users[n.Owner] == nil {
		return nil, errNoRole(n.Owner)
	}
	n.ID = c.allocID()
	c.secrets[n.ID] = &n
	c.secretByName[nameKey{sch.ID, n.Name}] = &n
	c.version++
	s.ID = n.ID
	return &n, nil
}

// AlterSecret replaces the value, owner or comment of the secret s.ID
// (name and schema are kept).
func (c *Catalog) AlterSecret(s *Secret) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.secrets[s.ID]
	if old == nil {
		return base.Errorf(base.CodeUndefinedObject, "secret with OID %d does not exist", s.ID)
	}
	n := *old
	n.Ciphertext = slices.Clone(s.Ciphertext)
	if s.Owner != "" {
		n.Owner = s.Owner
	}
	n.Comment = s.Comment
	c.secrets[n.ID] = &n
	c.secretByName[nameKey{n.SchemaID, n.Name}] = &n
	c.version++
	return nil
}

// DropSecret drops a secret; refused (2BP01) while a relation uses it.
func (c *Catalog) DropSecret(id uint32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.secrets[id]
	if s == nil {
		return base.Errorf(base.CodeUndefinedObject, "secret with OID %d does not exist", id)
	}
	if deps := c.dependentsLocked(id); len(deps) > 0 {
		var lines []string
		for _, d := range deps {
			lines = append(lines, c.describeLocked(d.ID)+" depends on "+c.describeLocked(id))
		}
		return base.Errorf(base.CodeDependentObjectsStillExist,
			"cannot drop secret %s because other objects depend on it", displayName(s.Schema, s.Name)).
			WithDetail("%s", strings.Join(lines, "\n")).
			WithHint("Use DROP ... CASCADE to drop the dependent objects too.")
	}
	c.removeLocked([]uint32{id})
	c.version++
	return nil
}

// ---- grants, comments, owners ----

func (c *Catalog) objectExistsLocked(id uint32) bool {
	return c.rels[id] != nil || c.secrets[id] != nil || c.schemas[id] != nil
}

func normPrivs(p []string) []string {
	out := make([]string, 0, len(p))
	for _, s := range p {
		s = strings.ToUpper(s)
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// Grant adds privileges on g.ObjectID for g.Grantee (a user or PUBLIC).
func (c *Catalog) Grant(g Grant) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.objectExistsLocked(g.ObjectID) {
		return base.Errorf(base.CodeUndefinedObject, "object with OID %d does not exist", g.ObjectID)
	}
	if g.Grantee != PublicGrantee && c.users[g.Grantee] == nil {
		return errNoRole(g.Grantee)
	}
	gs := slices.Clone(c.grants[g.ObjectID])
	for i := range gs {
		if gs[i].Grantee == g.Grantee {
			gs[i].Privileges = normPrivs(append(slices.Clone(gs[i].Privileges), g.Privileges...))
			c.grants[g.ObjectID] = gs
			c.version++
			return nil
		}
	}
	gs = append(gs, Grant{ObjectID: g.ObjectID, Grantee: g.Grantee, Privileges: normPrivs(g.Privileges)})
	c.grants[g.ObjectID] = gs
	c.version++
	return nil
}

// Revoke removes privileges; revoking what was never granted is a no-op.
func (c *Catalog) Revoke(g Grant) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.objectExistsLocked(g.ObjectID) {
		return base.Errorf(base.CodeUndefinedObject, "object with OID %d does not exist", g.ObjectID)
	}
	rm := normPrivs(g.Privileges)
	var out []Grant
	for _, old := range c.grants[g.ObjectID] {
		if old.Grantee == g.Grantee {
			old.Privileges = slices.DeleteFunc(slices.Clone(old.Privileges),
				func(p string) bool { return slices.Contains(rm, p) })
			if len(old.Privileges) == 0 {
				continue
			}
		}
		out = append(out, old)
	}
	if len(out) == 0 {
		delete(c.grants, g.ObjectID)
	} else {
		c.grants[g.ObjectID] = out
	}
	c.version++
	return nil
}

// Grants returns the grants on an object ordered by grantee.
func (c *Catalog) Grants(objectID uint32) []Grant {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := slices.Clone(c.grants[objectID])
	sort.Slice(out, func(i, j int) bool { return out[i].Grantee < out[j].Grantee })
	return out
}

// SetComment sets the comment of a schema, relation or secret, or with
// column != "" of a relation's column (COMMENT ON ...). "" clears it.
func (c *Catalog) SetComment(objectID uint32, column, comment string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.rels[objectID]; r != nil {
		n := r.Clone()
		if column != "" {
			i := n.ColumnIndex(column)
			if i < 0 {
				return base.Errorf(base.CodeUndefinedColumn, "column %q of relation %q does not exist", column, r.Name)
			}
			n.Columns[i].Comment = comment
		} else {
			n.Comment = comment
		}
		n.Version++
		c.rels[n.ID] = n
		c.relByName[nameKey{n.SchemaID, n.Name}] = n
	} else if column != "" {
		return base.Errorf(base.CodeWrongObjectType, "object with OID %d has no columns", objectID)
	} else if s := c.schemas[objectID]; s != nil {
		n := *s
		n.Comment = comment
		c.putSchema(&n)
	} else if s := c.secrets[objectID]; s != nil {
		n := *s
		n.Comment = comment
		c.secrets[n.ID] = &n
		c.secretByName[nameKey{n.SchemaID, n.Name}] = &n
	} else {
		return base.Errorf(base.CodeUndefinedObject, "object with OID %d does not exist", objectID)
	}
	c.version++
	return nil
}

// SetOwner changes the owner of a schema, relation or secret.
func (c *Catalog) SetOwner(objectID uint32, owner string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.users[owner] == nil {
		return errNoRole(owner)
	}
	if r := c.rels[objectID]; r != nil {
		n := r.Clone()
		n.Owner = owner
		n.Version++
		c.rels[n.ID] = n
		c.relByName[nameKey{n.SchemaID, n.Name}] = n
	} else if s := c.schemas[objectID]; s != nil {
		n := *s
		n.Owner = owner
		c.putSchema(&n)
	} else if s := c.secrets[objectID]; s != nil {
		n := *s
		n.Owner = owner
		c.secrets[n.ID] = &n
		c.secretByName[nameKey{n.SchemaID, n.Name}] = &n
	} else {
		return base.Errorf(base.CodeUndefinedObject, "object with OID %d does not exist", objectID)
	}
	c.version++
	return nil
}
