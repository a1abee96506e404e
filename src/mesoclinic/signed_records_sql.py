"""On PostgreSQL the database itself keeps signed clinical records final, as it keeps the
audit trail append-only: a BEFORE UPDATE OR DELETE trigger refuses deleting a signed row
or changing its clinical columns, whoever sends the SQL. What the app legitimately does
after signing stays allowed:

- marking the record entered in error, once (the status columns, from active only);
- an amendment: the amendable columns change only in a transaction that also inserted
  an amendment row for that record (its insert trigger opens the record for that
  transaction alone);
- bookkeeping columns named per table (e.g. `updated_at`).

A record with a signed-at column is a draft, free to change, until that column is set.
The migrations of each app call `protect_signed_rows`; on SQLite they do nothing."""

from collections.abc import Sequence
from typing import Any

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION mesoclinic_signed_record_guard() RETURNS trigger AS $$
DECLARE
    label text := TG_ARGV[0];
    signed_column text := TG_ARGV[1];
    amendable text[] := string_to_array(TG_ARGV[2], ',');
    free text[] := string_to_array(TG_ARGV[3], ',')
        || ARRAY['status', 'status_reason', 'status_changed_at', 'status_changed_by_id'];
    old_row jsonb := to_jsonb(OLD);
    new_row jsonb;
BEGIN
    IF signed_column <> '' AND old_row ->> signed_column IS NULL THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'A signed % cannot be deleted: mark it entered in error.', label;
    END IF;
    new_row := to_jsonb(NEW);
    IF (new_row - free - amendable) IS DISTINCT FROM (old_row - free - amendable) THEN
        RAISE EXCEPTION 'A signed % cannot be changed: correct it by an amendment.', label;
    END IF;
    IF (new_row - free) IS DISTINCT FROM (old_row - free) AND coalesce(
        current_setting('mesoclinic.amending_' || label || '_' || OLD.id, true), ''
    ) <> 'on' THEN
        RAISE EXCEPTION 'A signed % is corrected only together with its amendment.', label;
    END IF;
    IF (NEW.status, NEW.status_reason, NEW.status_changed_at, NEW.status_changed_by_id)
        IS DISTINCT FROM
        (OLD.status, OLD.status_reason, OLD.status_changed_at, OLD.status_changed_by_id)
        AND NOT (OLD.status = 'active' AND NEW.status = 'entered_in_error') THEN
        RAISE EXCEPTION 'A signed % can only be marked entered in error, once.', label;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION mesoclinic_amendment_opens_record() RETURNS trigger AS $$
BEGIN
    PERFORM set_config(
        'mesoclinic.amending_' || TG_ARGV[0] || '_' || NEW.record_id, 'on', true
    );
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION mesoclinic_never_changed() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'This row (%) is part of a signed record: it is never changed or deleted.',
        TG_ARGV[0];
END;
$$ LANGUAGE plpgsql;
"""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def guard_sql(
    table: str,
    label: str,
    *,
    signed_column: str = "",
    amendable: Sequence[str] = (),
    free: Sequence[str] = (),
    amendment_table: str = "",
) -> tuple[str, str]:
    """(forward, reverse) SQL that guards one table's signed rows."""
    arguments = ", ".join(
        _literal(a) for a in (label, signed_column, ",".join(amendable), ",".join(free))
    )
    forward = [
        FUNCTIONS,
        f"CREATE TRIGGER {table}_signed_is_final BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION mesoclinic_signed_record_guard({arguments});",
    ]
    reverse = [f"DROP TRIGGER IF EXISTS {table}_signed_is_final ON {table};"]
    if amendment_table:
        forward.append(
            f"CREATE TRIGGER {amendment_table}_opens_record AFTER INSERT ON {amendment_table} "
            f"FOR EACH ROW EXECUTE FUNCTION mesoclinic_amendment_opens_record({_literal(label)});"
        )
        reverse.append(
            f"DROP TRIGGER IF EXISTS {amendment_table}_opens_record ON {amendment_table};"
        )
    return "\n".join(forward), "\n".join(reverse)


def never_changed_sql(table: str, label: str) -> tuple[str, str]:
    return (
        FUNCTIONS + f"CREATE TRIGGER {table}_never_changed BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION mesoclinic_never_changed({_literal(label)});",
        f"DROP TRIGGER IF EXISTS {table}_never_changed ON {table};",
    )


def on_postgresql(forward: str, reverse: str) -> Any:
    """A migration operation that runs `forward` (and on reversal `reverse`) on
    PostgreSQL only; SQLite has no such triggers."""

    def run(sql: str) -> Any:
        def operation(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                # No parameters: the SQL is sent as written, its % signs included.
                schema_editor.execute(sql, None)

        return operation

    return migrations.RunPython(run(forward), run(reverse))
