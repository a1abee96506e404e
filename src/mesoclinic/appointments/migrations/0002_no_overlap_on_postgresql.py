"""On PostgreSQL the database itself refuses two live appointments that overlap for one
practitioner, one room or one patient, so concurrent bookings cannot both win. SQLite has
no exclusion constraints; there the booking services check the same rule inside one
IMMEDIATE (write-locked) transaction."""

from django.db import migrations

LIVE = "status IN ('booked', 'checked_in', 'completed')"
# Practitioner and room are held until the buffer after the session ends; the patient only
# for the session itself.
RULES = [
    ("appointment_no_overlap_practitioner", "practitioner_id", "held_until"),
    ("appointment_no_overlap_room", "room_id", "held_until"),
    ("appointment_no_overlap_patient", "patient_id", "ends_at"),
]


def add_exclusions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, column, until in RULES:
        schema_editor.execute(
            f"ALTER TABLE appointments_appointment ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, tstzrange(starts_at, {until}, '[)') WITH &&) WHERE ({LIVE})"
        )


def drop_exclusions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column, _until in RULES:
        schema_editor.execute(f"ALTER TABLE appointments_appointment DROP CONSTRAINT {name}")


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial")]

    operations = [migrations.RunPython(add_exclusions, drop_exclusions)]
