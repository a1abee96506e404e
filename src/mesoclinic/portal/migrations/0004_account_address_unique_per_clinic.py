"""A patient account's address is unique per clinic, not across the installation. Its own
migration: on PostgreSQL the rows the previous one updated must be committed before the
table is altered."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_patientaccount_clinic"),
    ]

    operations = [
        migrations.AlterField(
            model_name="patientaccount",
            name="clinic",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="clinics.clinic",
            ),
        ),
        migrations.AlterField(
            model_name="patientaccount",
            name="email",
            field=models.EmailField(max_length=254),
        ),
        migrations.AddConstraint(
            model_name="patientaccount",
            constraint=models.UniqueConstraint(
                fields=("clinic", "email"), name="portal_one_account_per_address_per_clinic"
            ),
        ),
    ]
