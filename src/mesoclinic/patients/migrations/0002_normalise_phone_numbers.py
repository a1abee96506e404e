# Phones typed before numbers were checked are stored in E.164, read as the patient's
# clinic dials them. A text that is not a number is kept as it was: it is shown as is and
# refused only when someone next edits it.

import re

from django.db import migrations

from mesoclinic.phone import PhoneError, phone_e164


def normalise(apps, schema_editor):
    Patient = apps.get_model("patients", "Patient")
    for patient in Patient.objects.exclude(phone="").select_related("clinic").iterator():
        try:
            phone = phone_e164(patient.phone, patient.clinic.country)
        except PhoneError:
            continue
        Patient.objects.filter(pk=patient.pk).update(
            phone=phone, phone_digits=re.sub(r"\D", "", phone)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0001_initial"),
        ("clinics", "0003_clinic_country_date_order_and_phone"),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
