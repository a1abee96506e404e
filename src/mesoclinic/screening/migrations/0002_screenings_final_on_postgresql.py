"""On PostgreSQL a screening and its answers as first recorded cannot be changed or
deleted by any SQL: answers are corrected by amendments (rows of their own), and the
screening is only ever marked entered in error, once."""

from django.db import migrations

from mesoclinic.signed_records_sql import guard_sql, never_changed_sql, on_postgresql


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [
        on_postgresql(*guard_sql("screening_screening", "screening")),
        on_postgresql(*never_changed_sql("screening_screeninganswer", "screening answer")),
        on_postgresql(*never_changed_sql("screening_screeningamendment", "screening amendment")),
    ]
