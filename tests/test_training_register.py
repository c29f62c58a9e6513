"""The training register (issue 21, plan outcomes 2 and 5): sessions delivered, who came by
type of organisation, the practitioners trained to offer CIAs, and the counts as evidence
beside plan actions 2.1, 2.2 and 5.1."""

from datetime import date

import pytest
from django.urls import reverse

from evaluation import figures, services
from evaluation.models import TrainingSession
from tests.factories import AreaFactory, OrganisationFactory, PilotFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot():
    pilot = PilotFactory()
    services.action_plan_load(pilot=pilot, plan_file=services.PLANS / "hopeside-2023.json")
    return pilot


@pytest.fixture
def chair(client, pilot):
    client.force_login(UserFactory(roles=["Alliance chair"]))
    return client


def session_form(**changes) -> dict:
    form = {
        "audience": "practitioners",
        "title": "Offering a Child Impact Assessment",
        "held_on_0": "14",
        "held_on_1": "3",
        "held_on_2": "2023",
        "delivered_by": "Hopeside Children's Services",
        "attended_childrens_services": "9",
        "attended_school": "4",
        "sentencers": "0",
    }
    return form | changes


def test_the_chair_records_a_session_and_it_is_evidence_beside_its_action(chair, pilot):
    trained = [UserFactory(first_name="Sam"), UserFactory(first_name="Jo")]
    add = reverse("evaluation:training_session_add", args=[pilot.slug])
    response = chair.post(add, session_form(trained=[u.pk for u in trained]))
    assert response.url == reverse("evaluation:training", args=[pilot.slug])
    session = TrainingSession.objects.get()
    assert session.held_on == date(2023, 3, 14) and session.attended == 13
    assert set(session.trained.all()) == set(trained)

    page = chair.get(response.url).content.decode()
    assert "Offering a Child Impact Assessment, 14 March 2023" in page
    assert "9 from children&#x27;s services" in page and "4 from school" in page
    assert trained[0].description in page
    assert "2 practitioners are trained to offer CIAs." in page

    plan = chair.get(reverse("evaluation:action_plan", args=[pilot.slug])).content.decode()
    assert "From the training register: 1 session, 13 came, 2 practitioners trained" in plan
    assert plan.count("From the training register") == 1  # 2.2 only: nothing for 2.1 or 5.1


def test_the_counts_add_up_across_sessions_and_count_each_practitioner_once(pilot):
    recorder, sam = UserFactory(roles=["Alliance chair"]), UserFactory()
    for audience, attended, sentencers, trained in [
        ("practitioners", {"childrens_services": 5}, 0, [sam]),
        ("practitioners", {"school": 3, "health": 2}, 0, [sam]),
        ("court", {"court": 7, "probation": 2}, 4, []),
    ]:
        services.training_session_save(
            pilot=pilot,
            actor=recorder,
            data={
                "audience": audience,
                "title": "A session",
                "held_on": date(2023, 2, 1),
                "sentencers": sentencers,
                "trained": trained,
            },
            attendance=attended,
        )
    register = figures.training(pilot)
    practitioners = register.audiences["practitioners"]
    assert (practitioners.sessions, practitioners.attended, practitioners.trained) == (2, 10, 1)
    court = register.audiences["court"]
    assert (court.sessions, court.attended, court.sentencers) == (1, 9, 4)
    assert register.trained == 1
    assert dict(register.by_organisation_type)["Court"] == 7
    assert set(register.evidence) == {"2.2", "5.1"}
    assert str(register.evidence["5.1"]) == "1 session, 9 came, 4 of them sentencers"
    rows = {label: c.value for label, c in register.table.rows}
    assert rows["Sessions for court staff, including sentencers"] == 1
    assert rows["Came from health"] == 2 and rows["Sentencers who came"] == 4


def test_a_mistake_gets_a_clear_error_and_keeps_what_was_typed(chair, pilot):
    add = reverse("evaluation:training_session_add", args=[pilot.slug])
    other_area = UserFactory(organisation=OrganisationFactory(area=AreaFactory()))
    page = chair.post(
        add,
        session_form(
            audience="",
            sentencers="20",
            attended_police="-1",
            attended_health="lots",
            trained=[other_area.pk],
        ),
    ).content.decode()
    assert "Select who the session was for" in page
    assert "Sentencers must be among those who came" in page
    assert "How many came must be 0 or more" in page
    assert "Enter how many came as a whole number, like 12" in page
    assert "Select a valid choice" in page  # only practitioners of the pilot's area
    assert 'value="Offering a Child Impact Assessment"' in page and 'value="lots"' in page
    assert not TrainingSession.objects.exists()


def test_a_session_can_be_changed_and_removed(chair, pilot):
    session = services.training_session_save(
        pilot=pilot,
        actor=UserFactory(),
        data={"audience": "alliance", "title": "Old", "held_on": date(2023, 1, 5)},
        attendance={"voluntary": 6},
    )
    url = reverse("evaluation:training_session_edit", args=[pilot.slug, session.pk])
    form = chair.get(url).content.decode()
    assert 'value="6"' in form  # what was recorded, to change
    chair.post(url, session_form(audience="alliance", title="New", seen=""))
    session.refresh_from_db()
    assert session.title == "New" and session.attended == 13  # the counts were replaced
    chair.post(url, {"remove": "1"})
    assert not TrainingSession.objects.exists()


def test_the_national_lead_reads_the_register_and_changes_nothing(client, pilot):
    client.force_login(
        UserFactory(organisation=OrganisationFactory(area=None), roles=["National lead"])
    )
    page = client.get(reverse("evaluation:training", args=[pilot.slug])).content.decode()
    assert "No sessions recorded yet." in page and "Add a session" not in page
    add = reverse("evaluation:training_session_add", args=[pilot.slug])
    assert client.get(add).status_code == 403
