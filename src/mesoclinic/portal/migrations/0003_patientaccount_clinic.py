"""A patient account carries its patient's clinic (filled in here for the accounts that
exist), so that its address can be unique per clinic (the next migration)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_clinic_from_patient(apps, schema_editor):
    PatientAccount = apps.get_model("portal", "PatientAccount")
    for pk, clinic_id in PatientAccount.objects.values_list("pk", "patient__clinic_id"):
        PatientAccount.objects.filter(pk=pk).update(clinic_id=clinic_id)


class Migration(migrations.Migration):
    dependencies = [
        ("clinics", "0005_clinic_postal_address_and_paper_size"),
        ("portal", "0002_sign_in_link_asks"),
    ]

    operations = [
        migrations.AddField(
            model_name="patientaccount",
            name="clinic",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="clinics.clinic",
            ),
        ),
        migrations.RunPython(copy_clinic_from_patient, migrations.RunPython.noop),
    ]
