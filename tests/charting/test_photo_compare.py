"""Comparing two photos of one pose across the patient's assessments and sessions, the
photos a progress report may use, and the pose guide on the upload forms."""

import io
from datetime import timedelta

import pytest
from PIL import Image

from mesoclinic.assessments.compare import comparisons
from mesoclinic.assessments.gallery import patient_photos, photos_for_report, pose_guides
from mesoclinic.assessments.photo_consent import photo_consent_update
from mesoclinic.assessments.services import photo_add, photo_mark_entered_in_error
from mesoclinic.audit.models import Action, AuditEvent
from mesoclinic.charting.models import TreatmentSession
from mesoclinic.charting.photos import session_photo_add
from mesoclinic.domain.errors import DomainError
from tests.charting.conftest import chart_form
from tests.conftest import actor, client_for
from tests.courses.conftest import assess


def image(colour=(200, 150, 130)):
    data = io.BytesIO()
    Image.new("RGB", (48, 64), colour).save(data, format="JPEG")
    data.seek(0)
    return data


@pytest.fixture
def session(logged_in, active, caffeine_lot, today):
    logged_in.post(f"/courses/{active.id}/chart/", chart_form([(caffeine_lot, "1")], today))
    return TreatmentSession.objects.get()


def add_assessment_photo(user, assessment, pose="back_relaxed", **kw):
    return photo_add(actor=actor(user), assessment=assessment, pose=pose, upload=image(), **kw)


def add_session_photo(user, session, pose="back_relaxed", **kw):
    return session_photo_add(actor=actor(user), session=session, pose=pose, upload=image(), **kw)


@pytest.fixture
def baseline(practitioner, grade_two):
    """The course's baseline photo, three days before today's session."""
    return add_assessment_photo(practitioner, grade_two)


@pytest.fixture
def after(practitioner, session):
    return add_session_photo(practitioner, session)


def test_the_patient_photos_of_both_kinds_come_oldest_first_with_date_and_caption(
    practitioner, patient, baseline, after, grade_two, session
):
    photos = patient_photos(actor(practitioner), patient)

    assert [(p.key, p.taken_on, p.caption) for p in photos] == [
        (f"a{baseline.id}", grade_two.assessed_on, "Initial assessment"),
        (f"s{after.id}", session.performed_on, "Session 1"),
    ]
    assert photos[0].image_url == f"/photos/{baseline.id}/"
    assert photos[1].image_url == f"/session-photos/{after.id}/"


def test_a_photo_entered_in_error_is_not_offered_for_comparison(
    practitioner, patient, baseline, after
):
    photo_mark_entered_in_error(actor=actor(practitioner), photo=baseline, reason="Blurred")

    assert [p.key for p in patient_photos(actor(practitioner), patient)] == [f"s{after.id}"]


def test_another_clinic_sees_none_of_the_patient_photos(outsider, patient, baseline, after):
    assert patient_photos(actor(outsider), patient) == []


def test_a_course_keeps_only_the_photos_of_its_baseline_and_its_sessions(
    practitioner, patient, baseline, after, active, today
):
    unrelated = assess(patient, practitioner, on=today - timedelta(days=400), kind="follow_up")
    add_assessment_photo(practitioner, unrelated)

    in_course = patient_photos(actor(practitioner), patient, active)

    assert [p.key for p in in_course] == [f"a{baseline.id}", f"s{after.id}"]
    assert len(patient_photos(actor(practitioner), patient)) == 3


# -- the photos a progress report may use ---------------------------------------------


def test_a_report_uses_only_the_photos_the_patient_agreed_to_show_in_a_report(
    practitioner, patient, baseline, after, active
):
    assert photos_for_report(actor(practitioner), patient=patient) == []

    photo_consent_update(actor=actor(practitioner), photo=after, uses=["report"])

    chosen = photos_for_report(actor(practitioner), patient=patient, course=active)
    assert [p.key for p in chosen] == [f"s{after.id}"]
    assert chosen[0].path.is_file()
    assert AuditEvent.objects.filter(
        action=Action.READ, target="photos for a report", patient_id=patient.id
    ).exists()


def test_marketing_consent_alone_does_not_put_a_photo_in_a_report(practitioner, patient, baseline):
    photo_consent_update(actor=actor(practitioner), photo=baseline, uses=["marketing"])

    assert photos_for_report(actor(practitioner), patient=patient) == []


def test_a_report_never_shows_another_clinic_the_photos(outsider, practitioner, patient, baseline):
    photo_consent_update(actor=actor(practitioner), photo=baseline, uses=["report"])

    assert photos_for_report(actor(outsider), patient=patient) == []


# -- which two photos are compared ---------------------------------------------------


def test_by_default_each_pose_compares_its_first_photo_with_its_latest(
    practitioner, patient, baseline, after, session
):
    later = add_session_photo(practitioner, session)
    side = add_session_photo(practitioner, session, pose="left_side")

    shown = comparisons(patient_photos(actor(practitioner), patient))

    assert [(c.pose, c.earlier.key, c.later and c.later.key) for c in shown] == [
        ("back_relaxed", f"a{baseline.id}", f"s{later.id}"),
        ("left_side", f"s{side.id}", None),
    ]


def test_two_picked_photos_are_shown_earlier_first_whatever_order_they_were_picked_in(
    practitioner, patient, baseline, after, session
):
    add_session_photo(practitioner, session)

    shown = comparisons(
        patient_photos(actor(practitioner), patient),
        pose="back_relaxed",
        earlier=f"s{after.id}",
        later=f"a{baseline.id}",
    )

    assert (shown[0].earlier.key, shown[0].later.key) == (f"a{baseline.id}", f"s{after.id}")


def test_a_photo_of_another_pose_cannot_be_picked(practitioner, patient, baseline, session):
    side = add_session_photo(practitioner, session, pose="left_side")

    with pytest.raises(DomainError) as refused:
        comparisons(
            patient_photos(actor(practitioner), patient),
            pose="back_relaxed",
            earlier=f"a{baseline.id}",
            later=f"s{side.id}",
        )
    assert refused.value.field == "later"


# -- the comparison page -------------------------------------------------------------


def test_the_comparison_page_shows_both_photos_through_the_guarded_photo_views(
    logged_in, patient, baseline, after, grade_two, session
):
    response = logged_in.get(f"/patients/{patient.id}/photos/compare/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert f'src="/photos/{baseline.id}/"' in page
    assert f'src="/session-photos/{after.id}/"' in page
    assert f"{grade_two.assessed_on:%-d %b %Y}</time> · Initial assessment" in page
    assert f"{session.performed_on:%-d %b %Y}</time> · Session 1" in page
    assert "compare.js" in page
    assert AuditEvent.objects.filter(
        action=Action.READ, target="photo comparison", patient_id=patient.id
    ).exists()


def test_the_images_of_the_comparison_are_each_read_and_audited(logged_in, baseline, after):
    for url in (f"/photos/{baseline.id}/", f"/session-photos/{after.id}/"):
        response = logged_in.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    targets = set(AuditEvent.objects.values_list("target", flat=True))
    assert {f"photo {baseline.id}", f"session photo {after.id}"} <= targets


def test_the_pickers_choose_the_pair_on_the_page(
    logged_in, practitioner, patient, baseline, after, session
):
    later = add_session_photo(practitioner, session)

    page = logged_in.get(
        f"/patients/{patient.id}/photos/compare/",
        {"pose": "back_relaxed", "earlier": f"s{after.id}", "later": f"s{later.id}"},
    ).content.decode()

    assert f'src="/session-photos/{after.id}/"' in page
    assert f'src="/session-photos/{later.id}/"' in page
    assert f'src="/photos/{baseline.id}/"' not in page


def test_a_wrong_pick_says_what_to_fix_and_shows_the_default_pair(
    logged_in, patient, baseline, after
):
    response = logged_in.get(
        f"/patients/{patient.id}/photos/compare/",
        {"pose": "back_relaxed", "earlier": "a999999", "later": f"s{after.id}"},
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose the earlier photo from this pose&#x27;s photos." in page
    assert f'src="/photos/{baseline.id}/"' in page


def test_the_course_comparison_keeps_to_the_course(
    logged_in, practitioner, patient, baseline, after, active, today
):
    unrelated = assess(patient, practitioner, on=today - timedelta(days=400), kind="follow_up")
    old = add_assessment_photo(practitioner, unrelated)

    page = logged_in.get(
        f"/patients/{patient.id}/photos/compare/", {"course": active.id}
    ).content.decode()

    assert f'src="/photos/{old.id}/"' not in page
    assert f'src="/photos/{baseline.id}/"' in page


def test_the_course_and_patient_pages_link_to_the_comparison(logged_in, patient, active):
    compare = f"/patients/{patient.id}/photos/compare/"
    assert (
        f'{compare}?course={active.id}"' in logged_in.get(f"/courses/{active.id}/").content.decode()
    )
    assert f'{compare}"' in logged_in.get(f"/patients/{patient.id}/").content.decode()
    assert f'{compare}"' in logged_in.get(f"/patients/{patient.id}/assessments/").content.decode()


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_no_one_else_opens_the_comparison(request, role, patient, baseline, after):
    response = client_for(request.getfixturevalue(role)).get(
        f"/patients/{patient.id}/photos/compare/"
    )

    assert response.status_code == 404


def test_a_course_of_another_patient_is_not_found(logged_in, practitioner, patient, active):
    from mesoclinic.patients.models import Patient

    other = Patient.objects.create(
        clinic=patient.clinic,
        given_name="Mary",
        family_name="Somerville",
        date_of_birth=patient.date_of_birth,
        created_by=practitioner,
    )

    response = logged_in.get(f"/patients/{other.id}/photos/compare/", {"course": active.id})

    assert response.status_code == 404


# -- the pose guide ------------------------------------------------------------------


def test_the_pose_guide_is_the_course_baseline_else_the_first_assessment_with_the_pose(
    practitioner, patient, baseline, active, grade_two, today
):
    older = assess(patient, practitioner, on=today - timedelta(days=400))
    first_side = add_assessment_photo(practitioner, older, pose="left_side")
    older_back = add_assessment_photo(practitioner, older)

    for_course = pose_guides(actor(practitioner), patient, active)
    for_patient = pose_guides(actor(practitioner), patient)

    assert for_course == {
        "back_relaxed": f"/photos/{baseline.id}/",
        "left_side": f"/photos/{first_side.id}/",
    }
    assert for_patient["back_relaxed"] == f"/photos/{older_back.id}/"


def test_the_session_photo_form_carries_the_pose_guide_when_the_pose_has_a_baseline(
    logged_in, session, baseline
):
    page = logged_in.get(f"/sessions/{session.id}/").content.decode()

    assert 'id="session-pose-guides"' in page
    assert f'"back_relaxed": "/photos/{baseline.id}/"' in page
    assert 'capture="environment"' in page
    assert "pose_guide.js" in page


def test_without_a_baseline_there_is_no_pose_guide(logged_in, session):
    page = logged_in.get(f"/sessions/{session.id}/").content.decode()

    assert "data-pose-guide" not in page


def test_the_assessment_photo_form_carries_the_pose_guide(logged_in, baseline, grade_two):
    page = logged_in.get(f"/assessments/{grade_two.id}/").content.decode()

    assert 'id="assessment-pose-guides"' in page
    assert f'"back_relaxed": "/photos/{baseline.id}/"' in page


# -- session photo consent and the patient's photos in the API -----------------------


def test_session_photo_consent_is_changed_on_the_chart_page_and_in_the_api(
    logged_in, after, session
):
    response = logged_in.post(
        f"/session-photos/{after.id}/consent/", {f"consent{after.id}-uses": ["report"]}
    )
    assert response.status_code == 302
    page = logged_in.get(f"/sessions/{session.id}/").content.decode()
    assert "May be used in: the clinical record, progress reports." in page
    assert "riverside.practitioner: record → record, report" in page
    assert logged_in.get(f"/api/v1/session-photos/{after.id}/consent").json()["uses"] == [
        "record",
        "report",
    ]

    changed = logged_in.put(
        f"/api/v1/session-photos/{after.id}/consent",
        '{"uses": []}',
        content_type="application/json",
    )

    assert changed.json()["uses"] == ["record"]
    assert [c["after"] for c in changed.json()["changes"]] == [["record", "report"], ["record"]]


def test_consent_given_on_the_session_photo_form_is_kept(logged_in, session):
    from django.core.files.uploadedfile import SimpleUploadedFile

    logged_in.post(
        f"/sessions/{session.id}/photos/",
        {
            "pose": "back_relaxed",
            "photo": SimpleUploadedFile("a.jpg", image().getvalue()),
            "uses": ["marketing"],
        },
    )

    assert session.photos.get().uses == ["record", "marketing"]


def test_the_api_lists_the_patient_photos_of_both_kinds(logged_in, patient, baseline, after):
    listed = logged_in.get(f"/api/v1/patients/{patient.id}/photos").json()

    assert [(p["key"], p["url"], p["uses"]) for p in listed] == [
        (f"a{baseline.id}", f"/api/v1/photos/{baseline.id}", ["record"]),
        (f"s{after.id}", f"/api/v1/session-photos/{after.id}", ["record"]),
    ]
    image_response = logged_in.get(f"/api/v1/session-photos/{after.id}")
    assert image_response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("role", ["outsider", "front_desk", "chain_manager"])
def test_no_one_else_reaches_session_photos_or_their_consent(request, role, patient, after):
    client = client_for(request.getfixturevalue(role))

    assert client.get(f"/api/v1/patients/{patient.id}/photos").status_code == 404
    assert client.get(f"/api/v1/session-photos/{after.id}").status_code == 404
    assert client.get(f"/api/v1/session-photos/{after.id}/consent").status_code == 404
    put = client.put(
        f"/api/v1/session-photos/{after.id}/consent",
        '{"uses": ["report"]}',
        content_type="application/json",
    )
    assert put.status_code == 404
    post = client.post(
        f"/session-photos/{after.id}/consent/", {f"consent{after.id}-uses": ["report"]}
    )
    assert post.status_code == 404
    after.refresh_from_db()
    assert after.uses == ["record"]


def test_a_pose_with_a_single_photo_shows_it_alone_without_pickers(logged_in, patient, baseline):
    page = logged_in.get(f"/patients/{patient.id}/photos/compare/").content.decode()

    assert "Only one photo in this pose so far." in page
    assert f'src="/photos/{baseline.id}/"' in page
    assert 'name="earlier"' not in page


def test_a_course_that_is_not_a_number_is_not_found(logged_in, patient, baseline):
    response = logged_in.get(f"/patients/{patient.id}/photos/compare/", {"course": "x"})

    assert response.status_code == 404
