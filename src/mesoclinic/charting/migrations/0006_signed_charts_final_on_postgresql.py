"""On PostgreSQL a signed chart cannot be deleted by any SQL, and its clinical columns
change only together with an amendment row (which keeps the original values) or by
marking it entered in error, once. The columns amendable are `charting.services.AMENDABLE`.
Its areas, its products with their lots and volumes, and its amendments are never
changed or deleted at all."""

from django.db import migrations

from mesoclinic.signed_records_sql import guard_sql, never_changed_sql, on_postgresql

AMENDABLE = (
    "technique",
    "depth_mm",
    "needle_gauge",
    "needle_length_mm",
    "duration_minutes",
    "notes",
)


class Migration(migrations.Migration):
    dependencies = [("charting", "0005_session_photo_consent_of_use")]
    operations = [
        on_postgresql(
            *guard_sql(
                "charting_treatmentsession",
                "chart",
                amendable=AMENDABLE,
                amendment_table="charting_sessionamendment",
            )
        ),
        on_postgresql(*never_changed_sql("charting_sessionarea", "chart's area")),
        on_postgresql(*never_changed_sql("charting_productapplication", "chart's product")),
        on_postgresql(*never_changed_sql("charting_sessionamendment", "chart's amendment")),
    ]
