"""On PostgreSQL a signed assessment cannot be deleted by any SQL, and its entered values
change only together with an amendment row or by marking it entered in error, once.
Before it is signed (`signed_at` empty) its author still edits or discards it freely.
Its amendments are never changed or deleted."""

from django.db import migrations

from mesoclinic.signed_records_sql import guard_sql, never_changed_sql, on_postgresql

AMENDABLE = ("assessed_on", "weight_kg", "notes", "patient_satisfaction", "patient_gais")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_merge_photo_consent_and_reassessment")]
    operations = [
        on_postgresql(
            *guard_sql(
                "assessments_assessment",
                "assessment",
                signed_column="signed_at",
                amendable=AMENDABLE,
                free=("updated_at",),
                amendment_table="assessments_assessmentamendment",
            )
        ),
        on_postgresql(
            *never_changed_sql("assessments_assessmentamendment", "assessment's amendment")
        ),
    ]
