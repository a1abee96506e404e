"""On PostgreSQL a signed consent cannot be changed or deleted by any SQL: it is only
ever marked entered in error, once."""

from django.db import migrations

from mesoclinic.signed_records_sql import guard_sql, on_postgresql


class Migration(migrations.Migration):
    dependencies = [("consent", "0002_signed_consent_representative")]
    operations = [on_postgresql(*guard_sql("consent_signedconsent", "consent"))]
