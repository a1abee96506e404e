from tests.conftest import client_for


def test_a_chain_manager_reads_figures_for_every_clinic_of_the_chain(
    chain_manager, patient, hillcrest_patient
):
    response = client_for(chain_manager).get("/reports/")

    figures = {row.clinic: row.patients for row in response.context["figures"]}
    assert figures == {"Riverside": 1, "Hillcrest": 1}
    assert b"Lovelace" not in response.content


def test_a_clinic_admin_reads_only_their_clinics_figures(clinic_admin, patient, hillcrest):
    response = client_for(clinic_admin).get("/reports/")

    assert [row.clinic for row in response.context["figures"]] == ["Riverside"]


def test_practitioners_and_front_desk_have_no_reports(practitioner, front_desk):
    assert client_for(practitioner).get("/reports/").status_code == 404
    assert client_for(front_desk).get("/reports/").status_code == 404
