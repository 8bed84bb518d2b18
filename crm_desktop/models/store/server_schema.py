"""What the server itself enforces, whoever connects: roles, grants, append-only history, keys.

Every staff account signs in with its own database login (``login_role``), a member
of the shop's staff group. The group may read and write the shop's tables except:

- ledger, sale and audit rows are append-only: no DELETE, and an UPDATE may only
  give an untagged row its operation id or move it to a merged customer (a merge's
  own signed entry lists what it moved; ``check`` verifies both); they are written
  only by a transaction holding the writers' lock, as every operation does;
- the key document (every account's password-sealed slot, the signed roster) is
  not readable at all: ``crm_key_document()`` hands an owner the whole document and
  anyone else their own slot and the roster; ``crm_save_key_document`` takes an
  owner's document whole and anyone else's own slot only;
- logins are made and changed only through ``crm_set_login``/``crm_drop_login``,
  which an owner may call for anyone and any account for its own password.

These functions run as the administrator who prepared the database (SECURITY
DEFINER) and build every name with ``format('%I')``.
"""

from __future__ import annotations

from sqlalchemy import Connection

from crm_desktop.models.store.server_connection import WRITE_LOCK

# The ledgers and sales (``ledger_digest.SIGNED_COLUMNS``), the audit chain, the numbers
# and the certificates of signing keys.
APPEND_ONLY = ("value_entries", "points_entries", "count_entries", "purchases",
               "purchase_lines", "audit_entries", "transactions", "user_keys")
# Columns a legitimate operation may set on an append-only row (see the module text).
MOVABLE = {
    "value_entries": ("operation_id", "customer_id"),
    "points_entries": ("operation_id", "customer_id"),
    "count_entries": ("operation_id", "customer_id"),
    "purchases": ("operation_id", "customer_id"),
    "purchase_lines": ("operation_id",),
}
PRIVATE = ("shop_keys", "server_logins")


def staff_group(database: str) -> str:
    return f"{database}.staff"


_ROLE_NAME_SQL = """
CREATE OR REPLACE FUNCTION crm_login_name(username text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN octet_length(current_database() || '.' || username) <= 63
              THEN current_database() || '.' || username
              ELSE left(current_database(), 30) || '.'
                   || left(encode(sha256(convert_to(username, 'UTF8')), 'hex'), 24) END
$$;
"""

# SQLite's day number, used by the analyses' SQL for whole-day differences; immutable
# SQL functions PostgreSQL inlines into the query.
_SQLITE_DAYS_SQL = """
CREATE OR REPLACE FUNCTION julianday(moment timestamp) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT extract(epoch FROM moment) / 86400.0 + 2440587.5
$$;
CREATE OR REPLACE FUNCTION julianday(day date) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT julianday(day::timestamp) $$;
CREATE OR REPLACE FUNCTION julianday(moment text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT julianday(moment::timestamp) $$;
"""

_KEY_FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION crm_is_owner() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce((SELECT is_owner FROM server_logins WHERE login = session_user), false)
      OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
$$;

CREATE OR REPLACE FUNCTION crm_key_document() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  doc jsonb;
  me text;
BEGIN
  SELECT s.document::jsonb INTO doc FROM shop_keys s WHERE s.id = 1;
  IF doc IS NULL THEN RETURN NULL; END IF;
  IF crm_is_owner() THEN RETURN doc::text; END IF;
  SELECT username INTO me FROM server_logins WHERE login = session_user;
  IF me IS NULL THEN RAISE EXCEPTION 'not a staff login' USING ERRCODE = '42501'; END IF;
  doc := jsonb_set(doc, '{slots}',
                   coalesce(jsonb_build_object(me, doc -> 'slots' -> me), '{}'::jsonb));
  RETURN (doc - 'recovery')::text;
END $$;

CREATE OR REPLACE FUNCTION crm_save_key_document(p_document text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  me text;
BEGIN
  IF crm_is_owner() OR NOT EXISTS (SELECT 1 FROM shop_keys) THEN
    INSERT INTO shop_keys AS k (id, document) VALUES (1, p_document)
      ON CONFLICT (id) DO UPDATE SET document = excluded.document;
    RETURN;
  END IF;
  SELECT username INTO me FROM server_logins WHERE login = session_user;
  IF me IS NULL OR (p_document::jsonb -> 'slots' -> me) IS NULL THEN
    RAISE EXCEPTION 'only your own key slot' USING ERRCODE = '42501';
  END IF;
  UPDATE shop_keys k SET document = jsonb_set(k.document::jsonb, ARRAY['slots', me],
                                              p_document::jsonb -> 'slots' -> me)::text
   WHERE k.id = 1;
END $$;

CREATE OR REPLACE FUNCTION crm_set_login(p_username text, p_verifier text, p_owner boolean)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_login text := crm_login_name(p_username);
BEGIN
  IF NOT (crm_is_owner() OR (v_login = session_user AND p_owner IS NULL)
          OR NOT EXISTS (SELECT 1 FROM server_logins)) THEN
    RAISE EXCEPTION 'only an owner manages logins' USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_login) THEN
    EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', v_login, '{staff}');
  END IF;
  IF p_verifier IS NOT NULL THEN
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', v_login, p_verifier);
  END IF;
  INSERT INTO server_logins AS s (username, login, is_owner)
    VALUES (p_username, v_login, coalesce(p_owner, false))
    ON CONFLICT (username) DO UPDATE SET is_owner = coalesce(p_owner, s.is_owner);
END $$;

CREATE OR REPLACE FUNCTION crm_drop_login(p_username text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_login text := crm_login_name(p_username);
BEGIN
  IF NOT crm_is_owner() THEN
    RAISE EXCEPTION 'only an owner manages logins' USING ERRCODE = '42501';
  END IF;
  DELETE FROM server_logins WHERE username = p_username;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_login) THEN
    EXECUTE format('ALTER ROLE %I NOLOGIN PASSWORD NULL', v_login);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION crm_one_writer() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted
                 AND pid = pg_backend_pid() AND objid = {lock}) THEN
    RAISE EXCEPTION 'history is written one operation at a time (%)', TG_TABLE_NAME
      USING ERRCODE = '42501';
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION crm_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.operation_id IS NOT NULL AND NEW.operation_id IS DISTINCT FROM OLD.operation_id THEN
    RAISE EXCEPTION 'history is append-only: % row % keeps its operation', TG_TABLE_NAME, OLD.id
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
"""


def prepare(conn: Connection, database: str) -> None:
    """Make the groups, grants, triggers and key functions of the shop in ``database``.

    Run by the administrator on the database, after the schema is at its newest
    revision; running it again changes nothing.
    """
    staff = staff_group(database)
    exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (staff,)).first()
    if exists is None:
        conn.exec_driver_sql(f'CREATE ROLE "{staff}" NOLOGIN')
    conn.exec_driver_sql(f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC')
    conn.exec_driver_sql(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{staff}"')
    conn.exec_driver_sql("REVOKE ALL ON SCHEMA public FROM PUBLIC")
    conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA public TO "{staff}"')
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS shop_keys (id integer PRIMARY KEY CHECK (id = 1),"
        " document text NOT NULL)")
    conn.exec_driver_sql(
        "CREATE TABLE IF NOT EXISTS server_logins (username text PRIMARY KEY,"
        " login text NOT NULL UNIQUE, is_owner boolean NOT NULL DEFAULT false)")
    conn.exec_driver_sql(
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{staff}"')
    conn.exec_driver_sql(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{staff}"')
    conn.exec_driver_sql(f'REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM "{staff}"')
    for table in PRIVATE:
        conn.exec_driver_sql(f'REVOKE ALL ON {table} FROM "{staff}"')
    conn.exec_driver_sql(_ROLE_NAME_SQL)
    conn.exec_driver_sql(_SQLITE_DAYS_SQL)
    conn.exec_driver_sql(_KEY_FUNCTIONS_SQL.replace("{staff}", staff.replace("'", "''"))
                         .replace("{lock}", str(WRITE_LOCK)))
    for table in APPEND_ONLY:
        conn.exec_driver_sql(f'REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM "{staff}"')
        # History rows are written only inside an operation holding the writers' lock, so
        # a row slipped in beside someone's operation cannot land in its signed digest.
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS crm_one_writer ON {table}")
        conn.exec_driver_sql(
            f"CREATE TRIGGER crm_one_writer BEFORE INSERT OR UPDATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION crm_one_writer()")
        movable = MOVABLE.get(table)
        if movable:
            conn.exec_driver_sql(f'GRANT UPDATE ({", ".join(movable)}) ON {table} TO "{staff}"')
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS crm_append_only ON {table}")
            conn.exec_driver_sql(
                f"CREATE TRIGGER crm_append_only BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION crm_append_only()")
    for function in ("crm_key_document()", "crm_save_key_document(text)",
                     "crm_set_login(text, text, boolean)", "crm_drop_login(text)",
                     "crm_is_owner()"):
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        conn.exec_driver_sql(f'GRANT EXECUTE ON FUNCTION {function} TO "{staff}"')
