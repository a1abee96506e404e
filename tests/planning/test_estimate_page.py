"""The estimator page: the same estimate as `mesoclinic plan`, updated as fields change."""

import json
import re
import subprocess
import sys
from datetime import date

import pytest
from django.test import Client

from mesoclinic.domain.estimate import estimate_as_json, estimate_course
from mesoclinic.planning.inputs import plan_request_from
from mesoclinic.planning.protocol import current_protocol

URL = "/plan/estimate/"


def form(**overrides):
    values = {
        "grade": "2",
        "areas": ["thighs"],
        "cadence": "weekly",
        "expectation": "modest",
        "start": "2027-01-04",
    }
    values.update(overrides)
    return values


def test_the_page_opens_with_an_estimate_for_the_usual_case(logged_in):
    response = logged_in.get(URL)

    assert response.status_code == 200
    assert response.context["estimate"].sessions_min == 10
    assert b"10\xe2\x80\x9315" in response.content  # 10–15


def live(client, values):
    return client.post(URL, values, headers={"HX-Request": "true"})


def test_a_change_sent_by_htmx_returns_the_result_and_the_error_slots_but_no_input(logged_in):
    response = live(logged_in, form(css_total="4"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="estimate-result"' in content
    # An input sent back would replace what the person is typing meanwhile.
    assert "<input" not in content
    assert "<select" not in content
    for field in ("grade", "css_a", "css_total", "areas", "cadence", "start"):
        assert f'id="id_{field}-errors" hx-swap-oob="true"' in content
    assert response.context["estimate"].sessions_max == 5


def test_a_live_mistake_fills_the_error_slot_of_its_field(logged_in):
    response = live(logged_in, form(css_total="16"))

    slot = slot_html(response.content.decode(), "id_css_total-errors")
    assert "CSS total" in slot
    assert "⚠" not in slot_html(response.content.decode(), "id_grade-errors")
    assert "Fix the fields" in response.content.decode()


def test_a_live_answer_empties_the_error_slot_of_a_field_put_right(logged_in):
    response = live(logged_in, form(css_total="4"))

    assert "field-error" not in slot_html(response.content.decode(), "id_css_total-errors")


def test_the_result_states_the_values_it_was_computed_from(logged_in):
    response = live(logged_in, form(grade="3", css_total="4", cadence="fortnightly"))

    content = response.content.decode()
    assert "grade 3, CSS total 4, Thighs, fortnightly cadence" in content
    assert "first session 2027-01-04" in content


def test_css_items_are_stated_with_the_result_they_gave(logged_in):
    response = live(logged_in, form(css_a="1", css_b="2", css_c="1", css_d="0"))

    assert "CSS items A 1, B 2, C 1, D 0" in response.content.decode()


def test_each_field_names_its_error_slot_for_screen_readers(logged_in):
    content = logged_in.get(URL).content.decode()

    assert re.search(r'id="id_css_total"[^>]*aria-describedby="id_css_total-errors"', content) or (
        re.search(r'aria-describedby="id_css_total-errors"[^>]*id="id_css_total"', content)
    )
    assert 'id="id_css_total-errors"' in content
    assert re.search(r'<fieldset aria-describedby="id_cadence-errors"', content)


def slot_html(content, slot_id):
    """The element with this id, up to its closing tag (slots hold no nested div)."""
    start = content.index(f'id="{slot_id}"')
    return content[start : content.index("</div>", start)]


def test_without_htmx_the_form_posts_and_the_whole_page_comes_back(logged_in):
    response = logged_in.post(URL, form(css_total="4"))

    assert b"<html" in response.content
    assert response.context["estimate"].sessions_max == 5


def test_the_page_and_the_cli_give_the_same_numbers(logged_in):
    page = logged_in.post(URL, form(css_total="8", expectation="marked", lifestyle="on"))
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "mesoclinic",
            "plan",
            "--grade",
            "2",
            "--css-total",
            "8",
            "--expectation",
            "marked",
            "--lifestyle",
            "--start",
            "2027-01-04",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )

    assert estimate_as_json(page.context["estimate"]) == json.loads(cli.stdout)


def test_css_items_a_to_d_are_scored_and_item_e_is_the_grade(logged_in):
    response = logged_in.post(URL, form(css_a="1", css_b="1", css_c="1", css_d="0"))

    expected = estimate_course(
        plan_request_from(
            protocol=current_protocol(), grade=2, css_total=5, start=date(2027, 1, 4)
        ),
        current_protocol(),
    )
    assert response.context["estimate"].recommended == expected.recommended
    assert response.context["estimate"].sessions_max == 5


def test_each_mistake_is_shown_beside_its_field(logged_in):
    cases = {
        "css_total": form(css_total="16"),
        "css_a": form(css_a="1", css_b="2"),
        "grade": form(grade="7"),
        "start": form(start="2027-02-30"),
        "areas": form(areas=["elbows"]),
    }
    for field, values in cases.items():
        response = logged_in.post(URL, values)
        assert response.status_code == 200
        assert field in response.context["form"].errors, (field, response.context["form"].errors)
        assert response.context["estimate"] is None


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01"])
def test_a_first_session_outside_1900_to_2100_is_refused_beside_it(logged_in, start):
    response = logged_in.post(URL, form(start=start))

    assert response.context["form"].errors["start"] == ["Use a date between 1900 and 2100."]
    assert response.context["estimate"] is None


def test_a_live_first_session_in_year_9999_fills_its_error_slot_and_clears_the_result(
    logged_in,
):
    response = live(logged_in, form(start="9999-12-31"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Use a date between 1900 and 2100." in slot_html(content, "id_start-errors")
    assert response.context["estimate"] is None


def test_both_css_items_and_a_total_are_refused_beside_the_total(logged_in):
    response = logged_in.post(URL, form(css_a="1", css_b="1", css_c="1", css_d="1", css_total="6"))

    assert "not both" in response.context["form"].errors["css_total"][0]


def test_the_estimator_needs_a_login(client, db):
    response = client.post(URL, form())

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_estimate_post_is_protected_against_csrf(practitioner):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)

    assert strict.post(URL, form()).status_code == 403


def test_clinical_values_travel_in_the_body_not_the_url(logged_in):
    response = logged_in.get(URL)

    assert b'method="post"' in response.content
    assert logged_in.put(URL).status_code == 405
