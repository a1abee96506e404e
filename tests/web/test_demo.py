import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from mesoclinic.assessments.models import AreaScore, Photo
from mesoclinic.charting.models import ProductApplication
from mesoclinic.clinics.models import ChainManager, Clinic, Membership, Role
from mesoclinic.consent.models import SignedConsent
from mesoclinic.courses.models import Course
from mesoclinic.formulary.models import Product
from mesoclinic.patients.models import Patient
from mesoclinic.screening.models import ScreeningAnswer

DEMO_LOGINS = [
    "riverside.admin",
    "riverside.practitioner",
    "riverside.frontdesk",
    "hillcrest.admin",
    "hillcrest.practitioner",
    "chain.manager",
]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_chain_has_two_clinics_staff_of_every_role_and_about_seventy_patients(db, capsys):
    call_command("demo")

    assert set(Clinic.objects.values_list("name", flat=True)) == {"Riverside", "Hillcrest"}
    for clinic in Clinic.objects.all():
        roles = set(Membership.objects.filter(clinic=clinic).values_list("role", flat=True))
        assert roles == set(Role.values)
        assert clinic.rooms.exists()
        assert clinic.opening_hours.exists()
    assert ChainManager.objects.filter(user__username="chain.manager").exists()
    assert 60 <= Patient.objects.count() <= 80
    for username in DEMO_LOGINS:
        assert User.objects.get(username=username).check_password("demo-password-123")
    assert "demo-password-123" in capsys.readouterr().out


def test_demo_loads_only_into_an_empty_database_when_asked(db, capsys):
    User.objects.create_user("someone.real", password="a-long-real-password-1")

    call_command("demo", "--if-empty")

    assert not Clinic.objects.exists()
    assert "not loaded" in capsys.readouterr().out


def test_demo_accounts_exist_only_through_the_demo_command(db):
    call_command("migrate", verbosity=0)

    assert not User.objects.filter(username__in=DEMO_LOGINS).exists()


def test_demo_assessments_span_grades_zero_to_three_with_generated_photos(db, tmp_path):
    call_command("demo")

    assert set(AreaScore.objects.values_list("nm_grade", flat=True)) == {0, 1, 2, 3}
    assert Photo.objects.count() >= 10
    assert all((tmp_path / "photos").iterdir())


def test_demo_screenings_include_stops_and_cautions_and_most_patients_signed_consent(db):
    call_command("demo")

    answered_yes = ScreeningAnswer.objects.filter(answer=True)
    assert answered_yes.filter(level="stop").exists()
    assert answered_yes.filter(level="stop", system_answered=True).exists()  # under 18
    assert answered_yes.filter(level="caution").exists()
    assert SignedConsent.objects.count() >= 30


def test_demo_courses_have_charted_sessions_with_lots_and_example_products(db):
    call_command("demo")

    assert Course.objects.filter(state="active").exists()
    assert ProductApplication.objects.exists()
    assert all("Example data" in p.description for p in Product.objects.all())
