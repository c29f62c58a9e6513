"""The promises the privacy kernel keeps, each as a fact about what a person sees or can do.

Several are the realistic one-line bugs that once passed the whole suite unnoticed (issue 16):
a drawing served outside the scope, "This is me" showing drawings outside the scope, erased
children in the visibility selector, an onward referral under an expired consent, retention a
year early, an override recorded on an erased record."""

import ast
import sys
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, resolve_url
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import privacy, services
from assessments.models import Assessment, Child, ChildUserObjectPermission, SafeguardingOverride
from assessments.search import search_parse
from cia_portal.accounts.guards import GET_AND_POST, GET_ONLY
from cia_portal.accounts.models import Role
from cia_portal.audit.models import AuditEvent
from cia_portal.dates import add_years
from cia_portal.errors import NotAllowed, NotFound
from records import selectors as record_selectors
from referrals import services as referral_services
from tests.conftest import png_bytes
from tests.factories import (
    AgreedActionFactory,
    AssessmentFactory,
    ChildFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    FamilyFactory,
    OverrideFactory,
    ParentChildLinkFactory,
    SupportServiceFactory,
    UserFactory,
)
from tests.test_sharing_views import pdf_text

pytestmark = pytest.mark.django_db

WORDS = ["about-me", "what-i-want-people-to-know"]


def _drawn(conversation, actor):
    return services.drawing_add(
        assessment=conversation,
        actor=actor,
        image=SimpleUploadedFile("d.png", png_bytes(), content_type="image/png"),
        caption="My house with mum in it",
    )


@pytest.fixture
def drawn_conversation(child):
    conversation = CompletedAssessmentFactory(
        child=child, stage="court", want_people_to_know="Please let mum stay"
    )
    return conversation, _drawn(conversation, child.created_by)


# Drawings: only with "My drawings" in the scope --------------------------------------------


def test_a_drawing_is_not_served_to_a_recipient_whose_consent_leaves_drawings_out(
    client, drawn_conversation
):
    conversation, drawing = drawn_conversation
    words_only, with_drawings = UserFactory(), UserFactory()
    ConsentFactory(child=conversation.child, sections=WORDS, recipients=[words_only])
    ConsentFactory(
        child=conversation.child, sections=[*WORDS, "drawings"], recipients=[with_drawings]
    )
    url = reverse("assessments:drawing_file", args=[drawing.id])
    client.force_login(words_only)
    assert client.get(url).status_code == 404
    client.force_login(with_drawings)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_this_is_me_page_and_pdf_leave_out_drawings_outside_the_scope(client, drawn_conversation):
    conversation, drawing = drawn_conversation
    words_only = UserFactory()
    ConsentFactory(child=conversation.child, sections=WORDS, recipients=[words_only])
    client.force_login(words_only)
    page = client.get(reverse("assessments:this_is_me", args=[conversation.id])).content.decode()
    assert "Please let mum stay" in page
    assert str(drawing.id) not in page and "My house with mum in it" not in page
    pdf = client.get(reverse("assessments:this_is_me_pdf", args=[conversation.id]))
    assert "Please let mum stay" in pdf_text(pdf.content)
    assert "My house with mum in it" not in pdf_text(pdf.content)
    assert b"/Subtype /Image" not in pdf.content and b"/Subtype/Image" not in pdf.content


def test_this_is_me_pdf_embeds_drawings_in_the_scope(client, drawn_conversation):
    conversation, _drawing = drawn_conversation
    recipient = UserFactory()
    ConsentFactory(child=conversation.child, sections=[*WORDS, "drawings"], recipients=[recipient])
    client.force_login(recipient)
    pdf = client.get(reverse("assessments:this_is_me_pdf", args=[conversation.id]))
    assert "My house with mum in it" in pdf_text(pdf.content)
    assert b"/Subtype /Image" in pdf.content or b"/Subtype/Image" in pdf.content


# Unfinished conversations are the case holders' alone --------------------------------------


@pytest.mark.parametrize("through", ["consent", "override"])
def test_a_recipient_cannot_open_an_unfinished_conversation_by_its_id(client, child, through):
    draft = AssessmentFactory(child=child, stage="court", want_people_to_know="NOT FINISHED")
    drawing = _drawn(draft, child.created_by)
    recipient = UserFactory()
    if through == "consent":
        ConsentFactory(child=child, sections=[*WORDS, "drawings"], recipients=[recipient])
    else:
        OverrideFactory(child=child, recipient_user=recipient)
    client.force_login(recipient)
    for url in [
        reverse("assessments:this_is_me", args=[draft.id]),
        reverse("assessments:this_is_me_pdf", args=[draft.id]),
        reverse("assessments:drawing_file", args=[drawing.id]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"NOT FINISHED" not in response.content
    shared_page = client.get(reverse("assessments:child_detail", args=[child.id]))
    assert str(draft.id) not in shared_page.content.decode()
    # Once it is completed, it is shared like any other.
    Assessment.objects.filter(pk=draft.pk).update(status=Assessment.Status.COMPLETED)
    assert client.get(reverse("assessments:this_is_me", args=[draft.id])).status_code == 200


def test_the_case_holder_still_opens_their_unfinished_conversation(practitioner_client, child):
    draft = AssessmentFactory(child=child, stage="court")
    url = reverse("assessments:this_is_me", args=[draft.id])
    assert practitioner_client.get(url).status_code == 200


# My cases obeys the same scope as the child's page -----------------------------------------


def test_my_cases_shows_a_recipient_the_shared_childs_name_and_nothing_of_the_case(client, child):
    AgreedActionFactory(
        child=child,
        description="Arrange a weekly phone call with mum",
        due_date=timezone.localdate() - timedelta(days=3),
    )
    AssessmentFactory(child=child)  # a conversation in progress
    ParentChildLinkFactory(child=child)
    recipient = UserFactory()
    ConsentFactory(child=child, sections=WORDS, recipients=[recipient])
    client.force_login(recipient)
    page = client.get(reverse("assessments:my_cases")).content.decode()
    html = page.split('id="held"')[1]  # the lists, after the search and filter form
    assert child.preferred_name in html and "Shared with you" in html
    for detail in [
        "Arrange a weekly phone call",
        "overdue",
        child.reference,
        "Conversation in progress",
        child.family.name,
        "Court and sentencing",
    ]:
        assert detail not in html, detail
    # The case holder sees all of it on the same page.
    client.force_login(child.created_by)
    html = client.get(reverse("assessments:my_cases")).content.decode()
    assert "Arrange a weekly phone call" in html and "1 overdue" in html
    assert "Conversation in progress" in html and child.family.name in html


def test_my_cases_writes_an_audit_row_for_each_child_named(client, child):
    other = ChildFactory(created_by=child.created_by)
    client.force_login(child.created_by)
    client.get(reverse("assessments:my_cases"))
    rows = AuditEvent.objects.filter(actor=child.created_by, action="view", detail="My cases")
    assert set(rows.values_list("child_id", flat=True)) == {child.pk, other.pk}


@pytest.mark.parametrize("method", ["post", "options"])
def test_this_is_me_answers_other_methods_with_405_and_no_words(client, child, method):
    """The example from issue 16: POST (with a CSRF token) or OPTIONS returned the words."""
    conversation = CompletedAssessmentFactory(
        child=child, want_people_to_know="Please let mum stay"
    )
    client.force_login(child.created_by)
    url = reverse("assessments:this_is_me", args=[conversation.id])
    before = AuditEvent.objects.count()
    response = getattr(client, method)(url)
    assert response.status_code == 405 and b"Please let mum stay" not in response.content
    assert AuditEvent.objects.count() == before


def test_a_form_shown_again_after_a_bad_post_is_an_audited_read(practitioner_client, child):
    before = AuditEvent.objects.filter(action="view", child_id=child.pk).count()
    response = practitioner_client.post(reverse("assessments:child_edit", args=[child.id]), {})
    assert response.status_code == 200 and child.preferred_name in response.content.decode()
    assert AuditEvent.objects.filter(action="view", child_id=child.pk).count() == before + 1


# Erased records are nobody's ----------------------------------------------------------------


def test_the_visibility_selector_leaves_out_erased_children_even_with_grants_left(child):
    assert ChildUserObjectPermission.objects.filter(content_object=child).exists()
    Child.objects.filter(pk=child.pk).update(erased_at=timezone.now())  # grants not touched
    assert not privacy.child_visible_to(child.created_by).filter(pk=child.pk).exists()
    assert privacy.child_expected_grants(child=Child.objects.get(pk=child.pk)) == {}


def test_no_override_can_be_recorded_on_an_erased_record(client, child):
    Child.objects.filter(pk=child.pk).update(erased_at=timezone.now())
    lead, recipient = UserFactory(roles=["Practitioner", "Safeguarding lead"]), UserFactory()
    client.force_login(lead)
    url = reverse("assessments:override_create", args=[child.id])
    assert client.get(url).status_code == 404
    stop = timezone.localdate() + timedelta(days=7)
    response = client.post(
        url,
        {
            "recipient_user": recipient.pk,
            "reason": "Risk",
            "ends_on_0": stop.day,
            "ends_on_1": stop.month,
            "ends_on_2": stop.year,
        },
    )
    assert response.status_code == 404
    with pytest.raises(NotFound):
        services.override_record(
            child=child,
            created_by=lead,
            data={"recipient_user": recipient, "reason": "Risk", "ends_on": stop},
        )
    assert not SafeguardingOverride.objects.exists()
    assert not ChildUserObjectPermission.objects.filter(user=recipient).exists()


# Onward referrals need a consent that is active today ---------------------------------------


def test_an_onward_referral_is_refused_once_the_consent_has_stopped(child):
    service = SupportServiceFactory()
    action = AgreedActionFactory(child=child)
    stop = date(2026, 3, 5)
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 1, 12)), tick=False):
        ConsentFactory(child=child, recipients=[service.organisation], expires_on=stop)
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 4, 12)), tick=False):
        assert privacy.consent_for_organisation(child, service.organisation_id) is not None
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 5, 9)), tick=False):
        assert privacy.consent_for_organisation(child, service.organisation_id) is None
        with pytest.raises(referral_services.OnwardRefused):
            referral_services.onward_referral_create(
                action=action, service=service, actor=child.created_by
            )


# Retention: a closed case is kept for the whole period, and not a day more -----------------


@pytest.mark.parametrize(
    ("closed_years_ago", "extra_days", "due"),
    [(6, -1, False), (6, 0, False), (6, 1, True), (5, 0, False)],
    ids=["a day short of 6 years", "exactly 6 years", "6 years and a day", "5 years"],
)
def test_retention_erases_a_closed_case_only_after_the_whole_period(
    practitioner, settings, closed_years_ago, extra_days, due
):
    settings.RETENTION = settings.RETENTION | {"closed_case_years": 6}
    today = date(2026, 12, 1)
    closed_on = add_years(today, -closed_years_ago) - timedelta(days=extra_days)
    child = ChildFactory(created_by=practitioner)
    Child.objects.filter(pk=child.pk).update(closed_on=closed_on)
    found = record_selectors.retention_due(today=today).children
    assert (child in list(found)) is due
    child.refresh_from_db()
    assert record_selectors.erase_due_after(child) == add_years(closed_on, 6)


def test_audit_rows_are_written_for_pdfs_as_downloads(client, drawn_conversation):
    conversation, _drawing = drawn_conversation
    client.force_login(conversation.child.created_by)
    client.get(reverse("assessments:this_is_me_pdf", args=[conversation.id]))
    row = AuditEvent.objects.filter(action="download").get()
    assert row.child_id == conversation.child_id and row.detail == "This is me PDF"


# The getters return the very object asked for, and only through the visibility rule ---------


def test_each_getter_returns_the_object_asked_for_and_404s_for_others(child, practitioner):
    from django.http import Http404

    second = ChildFactory(created_by=practitioner)
    conversations = [CompletedAssessmentFactory(child=c) for c in (child, second)]
    drawings = [_drawn(c, practitioner) for c in conversations]
    actions = [AgreedActionFactory(child=c) for c in (child, second)]
    consents = [ConsentFactory(child=c, recipients=[UserFactory()]) for c in (child, second)]
    getters = [
        (privacy.child_get_for_user, [child, second]),
        (privacy.assessment_get_for_user, conversations),
        (privacy.drawing_get_for_user, drawings),
        (privacy.action_get_for_user, actions),
        (privacy.consent_get_for_user, consents),
    ]
    outsider = UserFactory()
    for getter, objects in getters:
        for obj in objects:
            assert getter(practitioner, obj.pk) == obj, getter.__name__
            with pytest.raises(Http404):
                getter(outsider, obj.pk)


def test_held_children_are_those_allocated_not_those_shared(child, practitioner):
    shared_with_me = ChildFactory()
    ConsentFactory(child=shared_with_me, recipients=[practitioner])
    assert set(privacy.child_visible_to(practitioner)) == {child, shared_with_me}
    assert list(privacy.child_held_by(practitioner)) == [child]


def test_only_a_safeguarding_lead_reaches_a_child_past_the_visibility_rule(child):
    from django.http import Http404

    override = OverrideFactory(child=child, recipient_user=UserFactory())
    other_child = ChildFactory()
    other = OverrideFactory(child=other_child, recipient_user=UserFactory())
    lead = UserFactory(roles=["Practitioner", "Safeguarding lead"])
    assert privacy.child_get_for_safeguarding_lead(lead, child.pk) == child
    assert privacy.child_get_for_safeguarding_lead(lead, other_child.pk) == other_child
    assert privacy.override_get_for_safeguarding_lead(lead, override.pk) == override
    assert privacy.override_get_for_safeguarding_lead(lead, other.pk) == other
    for someone in [child.created_by, UserFactory(roles=["Auditor"]), UserFactory(is_active=False)]:
        with pytest.raises(Http404):
            privacy.child_get_for_safeguarding_lead(someone, child.pk)
        with pytest.raises(Http404):
            privacy.override_get_for_safeguarding_lead(someone, override.pk)
    inactive_lead = UserFactory(roles=["Practitioner", "Safeguarding lead"], is_active=False)
    with pytest.raises(Http404):
        privacy.child_get_for_safeguarding_lead(inactive_lead, child.pk)


# The scope counts only this child's consents and overrides, and only those to me -----------


def test_a_scope_counts_only_this_childs_consents_and_overrides_to_me_or_my_organisation():
    me, someone_else = UserFactory(), UserFactory()
    colleague = UserFactory(organisation=me.organisation)
    narrow, other_child = ChildFactory(), ChildFactory()
    # On this child: the court stage's words, to me. Elsewhere, wider sharing I must not inherit.
    ConsentFactory(child=narrow, recipients=[me], stages=["court"], sections=WORDS)
    ConsentFactory(
        child=other_child, recipients=[me], stages=["custody"], sections=[*WORDS, "drawings"]
    )
    OverrideFactory(child=other_child, recipient_user=me)
    OverrideFactory(child=narrow, recipient_user=someone_else)
    scope = privacy.child_scope_for(user=me, child=narrow)
    assert scope.stages == {"court"} and scope.sections == set(WORDS)
    assert scope.overrides == () and not scope.drawings
    # An override on this child to my organisation does open it all, to me and my colleague.
    to_us = OverrideFactory(child=narrow, recipient_organisation=me.organisation)
    for person in (me, colleague):
        scope = privacy.child_scope_for(user=person, child=narrow)
        assert scope.overrides == (to_us,) and scope.stages == privacy.ALL_STAGES


def test_a_plain_read_is_audited_as_a_view_with_no_detail(practitioner_client, child):
    practitioner_client.get(reverse("assessments:child_detail", args=[child.id]))
    row = AuditEvent.objects.get(action="view", child_id=child.pk)
    assert (row.object_type, row.object_id, row.detail) == ("assessments.child", str(child.pk), "")


def test_a_recipient_on_a_case_holders_page_is_told_why(client, child):
    recipient = UserFactory()
    ConsentFactory(child=child, recipients=[recipient])
    client.force_login(recipient)
    response = client.get(reverse("assessments:child_edit", args=[child.id]))
    assert response.status_code == 403
    reason = '<p class="govuk-body">Only the practitioners holding this case can do this.</p>'
    assert reason in response.content.decode()


def test_the_guard_passes_on_the_rest_of_the_address(practitioner_client, case):
    """A page whose address names more than the child (a parent link, a carer) gets it."""
    child = case["child"]
    for url, shows in [
        (
            reverse("assessments:parent_edit", args=[child.id, case["link"].id]),
            case["link"].parent.name,
        ),
        (reverse("assessments:carer_edit", args=[child.id, case["carer"].id]), case["carer"].name),
    ]:
        response = practitioner_client.get(url)
        assert response.status_code == 200 and shows in response.content.decode(), url


# Grants: the longest source wins, and an open-ended one stays open-ended --------------------


def test_a_case_holder_named_in_a_consent_with_a_stop_date_keeps_an_open_ended_grant(child):
    holder = child.created_by
    ConsentFactory(
        child=child, recipients=[holder], expires_on=timezone.localdate() + timedelta(days=3)
    )
    grants = privacy.child_expected_grants(child=child)
    assert grants[("user", holder.pk, "view_child")] is None
    assert (
        ChildUserObjectPermission.objects.get(
            user=holder, permission__codename="view_child"
        ).valid_until
        is None
    )


def test_the_grant_lasts_as_long_as_the_longest_source_whatever_their_order(child):
    today, reader = timezone.localdate(), UserFactory()
    ConsentFactory(child=child, recipients=[reader], expires_on=today + timedelta(days=9))
    OverrideFactory(child=child, recipient_user=reader, ends_on=today + timedelta(days=3))
    ConsentFactory(child=child, recipients=[reader], expires_on=today + timedelta(days=5))
    grant = ChildUserObjectPermission.objects.get(user=reader)
    assert grant.valid_until == today + timedelta(days=8)  # the day before the latest stop
    ConsentFactory(child=child, recipients=[reader])  # no stop date: open-ended
    assert ChildUserObjectPermission.objects.get(user=reader).valid_until is None


def test_a_change_grant_to_an_organisation_alone_opens_nothing(child):
    from django.contrib.auth.models import Permission

    from assessments.models import ChildGroupObjectPermission
    from cia_portal.accounts.services import organisation_group

    reader = UserFactory()
    ChildGroupObjectPermission.objects.create(
        group=organisation_group(organisation=reader.organisation),
        permission=Permission.objects.get(codename="change_child"),
        content_object=child,
    )
    assert not privacy.child_visible_to(reader).filter(pk=child.pk).exists()


def test_an_override_to_an_organisation_stops_like_one_to_a_person(child):
    """Found by make mutants: an organisation's override grant could have been open-ended."""
    from assessments.models import ChildGroupObjectPermission

    stop = timezone.localdate() + timedelta(days=6)
    person, organisation = UserFactory(), UserFactory().organisation
    OverrideFactory(child=child, recipient_user=person, ends_on=stop)
    OverrideFactory(child=child, recipient_organisation=organisation, ends_on=stop)
    group_grant = ChildGroupObjectPermission.objects.get(content_object=child)
    person_grant = ChildUserObjectPermission.objects.get(content_object=child, user=person)
    assert group_grant.valid_until == person_grant.valid_until == stop - timedelta(days=1)


# The kernel's doors for a safeguarding lead, a team manager and the duplicate check ----------
# (their pages are tested in test_safeguarding_workspace, test_team and test_duplicate_check;
# these facts sit here, beside the rest of the kernel, so that `make mutants` checks them)


def _lead(organisation=None):
    roles = [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD]
    if organisation is False:
        return UserFactory(roles=roles, organisation=None)
    return UserFactory(roles=roles, **({"organisation": organisation} if organisation else {}))


def test_a_lead_finds_any_child_not_erased_and_only_what_identifies_them():
    holder, other_holder, unattached = UserFactory(), UserFactory(), UserFactory(organisation=None)
    toby = ChildFactory(created_by=holder, preferred_name="Toby", date_of_birth=date(2014, 2, 3))
    toby.practitioners.add(other_holder, unattached)
    ChildFactory(preferred_name="Tobias", erased_at=timezone.now())
    ChildFactory(preferred_name="Amira")
    found = privacy.child_search_for_safeguarding_lead(_lead(), search_parse("Tobi"))
    assert [c.preferred_name for c in found] == ["Toby"]
    assert found[0].holding_organisations == sorted(
        [str(holder.organisation), str(other_holder.organisation)]
    )
    assert privacy.child_search_for_safeguarding_lead(_lead(), search_parse("")) == []
    with pytest.raises(Http404):
        privacy.child_search_for_safeguarding_lead(holder, search_parse("Toby"))


def test_a_lead_sees_at_most_twenty_children_in_name_then_birthday_order():
    for day in range(privacy.SAFEGUARDING_RESULTS + 1, 0, -1):
        ChildFactory(preferred_name="Kitnor", date_of_birth=date(2015, 1, day))
    found = privacy.child_search_for_safeguarding_lead(_lead(), search_parse("Kitnor"))
    assert len(found) == privacy.SAFEGUARDING_RESULTS
    assert [c.date_of_birth.day for c in found] == list(range(1, privacy.SAFEGUARDING_RESULTS + 1))


def test_a_lead_sees_names_in_order_then_birthdays_then_a_stable_tie_break():
    family = FamilyFactory(name="The Kitnor family")
    born = [date(2010, 1, 1), date(2016, 1, 1), date(2012, 1, 1), date(2012, 1, 1)]
    names = ["Bea", "Amy", "Amy", "Amy"]
    # Same name, same birthday: by key, every time, not in the order the rows are stored
    # (the later twin has the smaller key).
    keys = [None, None, uuid.UUID("f" * 32), uuid.UUID("0" * 31 + "1")]
    made = [
        ChildFactory(
            family=family, preferred_name=name, date_of_birth=day, **({"id": k} if k else {})
        )
        for name, day, k in zip(names, born, keys, strict=True)
    ]
    found = privacy.child_search_for_safeguarding_lead(_lead(), search_parse("Kitnor"))
    assert [c.pk for c in found] == [made[3].pk, made[2].pk, made[1].pk, made[0].pk]


def test_a_leads_search_reads_only_what_identifies_a_child_in_two_queries():
    """However many are found and however many hold each case: the children, then their
    holders' organisations. No other column of a child, a family or a holder is read."""
    for name in ["Kitnor", "Kitnora", "Kitnorelle"]:
        child = ChildFactory(preferred_name=name)
        child.practitioners.add(UserFactory(), UserFactory(organisation=None))
    lead = _lead()
    lead.has_role(Role.SAFEGUARDING_LEAD)  # roles are asked once a request, as on a page
    with CaptureQueriesContext(connection) as queries:
        found = privacy.child_search_for_safeguarding_lead(lead, search_parse("Kitnor"))
        shown = [
            (c.preferred_name, c.date_of_birth, c.family.name, c.holding_organisations)
            for c in found
        ]
    assert len(queries) == 2
    assert len(shown) == 3 and all(len(organisations) == 2 for *_, organisations in shown)
    child_columns = {"id", "preferred_name", "date_of_birth", "family_id"}
    assert {f.attname for f in Child._meta.concrete_fields} - found[0].get_deferred_fields() == (
        child_columns
    )
    family = found[0].family
    assert {
        f.attname for f in type(family)._meta.concrete_fields
    } - family.get_deferred_fields() == {
        "id",
        "name",
    }
    holders_query = queries[1]["sql"]
    for private in ("email", "first_name", "last_name", "password", "phone"):
        assert private not in holders_query


def test_a_team_manager_reaches_only_their_own_organisations_practitioners(practitioner):
    manager = UserFactory(roles=[Role.TEAM_MANAGER], organisation=practitioner.organisation)
    privacy.team_manager_of(manager, practitioner)  # no 404
    refused = [
        UserFactory(roles=[Role.TEAM_MANAGER]),  # another organisation
        UserFactory(organisation=practitioner.organisation),  # not a team manager
        UserFactory(
            roles=[Role.TEAM_MANAGER], organisation=practitioner.organisation, is_active=False
        ),
        AnonymousUser(),
    ]
    for outsider in refused:
        with pytest.raises(Http404):
            privacy.team_manager_of(outsider, practitioner)
    loner = UserFactory(organisation=None)
    with pytest.raises(Http404):  # no organisation is not the same organisation
        privacy.team_manager_of(UserFactory(roles=[Role.TEAM_MANAGER], organisation=None), loner)


def test_a_team_manager_sees_the_practitioners_records_not_erased_in_name_order(practitioner):
    manager = UserFactory(roles=[Role.TEAM_MANAGER], organisation=practitioner.organisation)
    # The same name twice, the later record with the smaller key: the order is the key's,
    # not the order the rows happen to be stored in.
    for name, key in [("Zac", None), ("Amy", "f" * 32), ("Bea", None), ("Amy", "0" * 31 + "1")]:
        ChildFactory(created_by=practitioner, preferred_name=name, **({"id": key} if key else {}))
    ChildFactory(created_by=practitioner, preferred_name="Gone", erased_at=timezone.now())
    ChildFactory(preferred_name="Not theirs")
    caseload = privacy.child_caseload_for_manager(manager, practitioner)
    assert [c.preferred_name for c in caseload] == ["Amy", "Amy", "Bea", "Zac"]
    assert str(caseload[0].pk) < str(caseload[1].pk)  # the same name: a stable order
    with pytest.raises(Http404):
        privacy.child_caseload_for_manager(UserFactory(roles=[Role.TEAM_MANAGER]), practitioner)


def test_a_likely_duplicate_is_the_same_birthday_and_a_similar_name_in_another_family():
    born = date(2013, 4, 3)
    child = ChildFactory(preferred_name="Tobi", date_of_birth=born)
    same = ChildFactory(preferred_name="Toby", date_of_birth=born)
    exact = ChildFactory(preferred_name="tobi", date_of_birth=born)
    ChildFactory(preferred_name="Toby", date_of_birth=date(2013, 4, 4))  # another birthday
    ChildFactory(preferred_name="Amira", date_of_birth=born)  # another name
    ChildFactory(preferred_name="Toby", date_of_birth=born, erased_at=timezone.now())
    ChildFactory(preferred_name="Toby", date_of_birth=born, family=child.family)  # a twin
    held = ChildFactory(preferred_name="Tobie", date_of_birth=born)
    held.practitioners.add(child.created_by)  # the person adding already holds it
    found = privacy.child_likely_duplicates(child)
    assert [c.pk for c in found] == sorted([same.pk, exact.pk])
    assert child.pk not in {c.pk for c in found}


def test_at_most_ten_likely_duplicates():
    born = date(2012, 9, 9)
    child = ChildFactory(preferred_name="Pipdan", date_of_birth=born)
    for _ in range(11):
        ChildFactory(preferred_name="Pipdan", date_of_birth=born)
    assert len(privacy.child_likely_duplicates(child)) == 10


def test_the_likely_duplicates_bring_their_holders_in_two_queries_however_many():
    """The duplicate check tells each match's holders: they come with the matches."""
    born = date(2012, 9, 9)
    child = ChildFactory(preferred_name="Pipdan", date_of_birth=born)
    matches = [ChildFactory(preferred_name="Pipdan", date_of_birth=born) for _ in range(4)]
    with CaptureQueriesContext(connection) as queries:
        holders = {
            c.pk: {p.pk for p in c.practitioners.all()}
            for c in privacy.child_likely_duplicates(child)
        }
    assert len(queries) == 2
    assert holders == {m.pk: {m.created_by.pk} for m in matches}


def test_a_lead_looks_after_the_overrides_of_their_organisations_leads_and_their_own():
    def override(**kw):
        return OverrideFactory(recipient_user=UserFactory(), **kw)

    lead = _lead()
    colleague = _lead(organisation=lead.organisation)
    mine = override(created_by=lead)
    theirs = override(created_by=colleague)
    override()  # another organisation's lead
    override(created_by=lead, child=ChildFactory(erased_at=timezone.now()))
    assert set(privacy.overrides_for_safeguarding_lead(lead)) == {mine, theirs}
    alone, other_alone = _lead(organisation=False), _lead(organisation=False)
    own = override(created_by=alone)
    override(created_by=other_alone)  # no organisation in common
    assert list(privacy.overrides_for_safeguarding_lead(alone)) == [own]
    with pytest.raises(Http404):
        privacy.overrides_for_safeguarding_lead(UserFactory())


def test_a_search_is_audited_once_for_what_was_typed_and_once_per_child_shown(practitioner):
    children = [ChildFactory(created_by=practitioner) for _ in range(2)]
    request = RequestFactory().get("/")
    request.user = practitioner
    privacy.audited_search(
        request, text="Tobi", child_ids=(c.pk for c in children), where="My cases"
    )
    rows = AuditEvent.objects.filter(actor=practitioner, detail__startswith="My cases")
    detail = "My cases: searched for 'Tobi', 2 shown"
    assert {(r.action, r.child_id, r.detail) for r in rows} == {
        (AuditEvent.Action.VIEW, None, detail),
        *((AuditEvent.Action.VIEW, c.pk, detail) for c in children),
    }
    assert rows.get(child_id=None).object_id == str(practitioner.pk)


def _as(user, method="get"):
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    return request


def test_a_page_guards_as_it_declares(child, practitioner):
    """`child_page` applied at test time: the views' own are applied when they are imported,
    which `make mutants` cannot reach; the access grid checks what each one declares."""
    given = {}

    def page(request, child, scope, rest):
        given.update(child=child, scope=scope, rest=rest)
        return HttpResponse("the child's words")

    declared = privacy.child_page(
        privacy.HELD, methods=GET_AND_POST, read=AuditEvent.Action.DOWNLOAD, detail="Test page"
    )(page)
    assert (declared.access_level, declared.methods) == (privacy.HELD, GET_AND_POST)
    response = declared(_as(practitioner, "post"), child_id=child.pk, rest="of the address")
    assert response.status_code == 200
    assert (given["child"], given["scope"].holds_case, given["rest"]) == (
        child,
        True,
        "of the address",
    )
    read = AuditEvent.objects.filter(child_id=child.pk, actor=practitioner).latest("at")
    assert (read.action, read.detail) == (AuditEvent.Action.DOWNLOAD, "Test page")
    assert declared(_as(practitioner, "put"), child_id=child.pk).status_code == 405
    signed_out = declared(_as(AnonymousUser()), child_id=child.pk)
    assert signed_out["Location"].startswith(resolve_url(settings.LOGIN_URL))
    recipient = UserFactory()
    ConsentFactory(child=child, recipients=[recipient])
    with pytest.raises(NotAllowed):  # HELD: a recipient is told it is not theirs to do
        declared(_as(recipient), child_id=child.pk, rest="")

    shared = privacy.child_page(privacy.SHARED)(page)  # the defaults: GET, a plain view
    assert shared.methods == GET_ONLY
    assert shared(_as(recipient, "post"), child_id=child.pk).status_code == 405
    assert shared(_as(recipient), child_id=child.pk, rest="").status_code == 200
    assert given["scope"].holds_case is False
    read = AuditEvent.objects.filter(child_id=child.pk, actor=recipient).get()
    assert (read.action, read.detail) == (AuditEvent.Action.VIEW, "")


def test_each_getter_brings_what_its_pages_read_with_it(
    child, practitioner, drawn_conversation, django_assert_num_queries
):
    """The pages read these at once; a getter that stops bringing them makes a query per
    page read (and per row, in a list)."""
    conversation, drawing = drawn_conversation
    action = AgreedActionFactory(child=child)
    consent = ConsentFactory(child=child, recipients=[UserFactory()])
    lead = _lead()
    override = OverrideFactory(child=child, recipient_user=UserFactory(), created_by=lead)
    found = {
        "child": privacy.child_get_for_user(practitioner, child.pk),
        "conversation": privacy.assessment_get_for_user(practitioner, conversation.pk),
        "drawing": privacy.drawing_get_for_user(practitioner, drawing.pk),
        "action": privacy.action_get_for_user(practitioner, action.pk),
        "consent": privacy.consent_get_for_user(practitioner, consent.pk),
        "override": privacy.override_get_for_safeguarding_lead(lead, override.pk),
    }
    with django_assert_num_queries(0):
        assert found["child"].family.name == child.family.name
        assert [str(p.organisation) for p in found["child"].practitioners.all()] == [
            str(practitioner.organisation)
        ]
        assert found["conversation"].child == child
        assert found["conversation"].completed_with.organisation == practitioner.organisation
        assert found["drawing"].assessment.child == child
        for name in ("action", "consent", "override"):
            assert found[name].child == child


def test_the_consents_by_organisation_take_two_queries_however_many(child):
    organisations = [UserFactory().organisation for _ in range(3)]
    for organisation in organisations:
        ConsentFactory(child=child, recipients=[organisation])
    with CaptureQueriesContext(connection) as queries:
        found = privacy.child_consents_by_organisation(child)
    assert set(found) == {o.pk for o in organisations} and len(queries) == 2


@pytest.mark.parametrize(
    "answer, audited",
    [
        (lambda: HttpResponse("the child's words with an error", status=400), True),
        (lambda: HttpResponse("the child's words, several ways", status=300), True),
        (lambda: HttpResponse("the child's words", status=409), True),
        (lambda: redirect("/elsewhere/"), False),
        (lambda: HttpResponsePermanentRedirect("/elsewhere/"), False),
    ],
)
def test_every_answer_but_a_redirect_is_audited_as_a_read(child, practitioner, answer, audited):
    page = privacy.child_page(privacy.HELD)(lambda request, child: answer())
    page(_as(practitioner), child_id=child.pk)
    assert AuditEvent.objects.filter(child_id=child.pk, actor=practitioner).exists() is audited


def test_a_childs_expected_grants_take_the_same_queries_however_many_are_shared_with(child):
    """Grants are worked out on every consent, override and allocation: a query per recipient
    would slow every save of a widely shared child."""

    def share(n):
        for _ in range(n):
            ConsentFactory(child=child, recipients=[UserFactory(), UserFactory().organisation])
            OverrideFactory(child=child, recipient_organisation=UserFactory().organisation)
        with CaptureQueriesContext(connection) as queries:
            grants = privacy.child_expected_grants(child=child)
        return len(queries), len(grants)

    few, many = share(1), share(3)
    assert many[1] > few[1] and many[0] == few[0]


def test_a_withdrawal_takes_away_only_that_childs_grant(practitioner):
    """Found by make mutants: the stale grant was removed without naming the child, which
    would have closed every other child shared with the same person."""
    reader = UserFactory()
    first, second = (ChildFactory(created_by=practitioner) for _ in range(2))
    withdrawn = ConsentFactory(child=first, recipients=[reader])
    ConsentFactory(child=second, recipients=[reader])
    services.consent_withdraw(consent=withdrawn, actor=practitioner)
    assert list(privacy.child_visible_to(reader)) == [second]


def test_a_practitioner_taken_off_a_case_still_reads_what_the_child_shared_with_them(
    practitioner,
):
    """Found by make mutants: taking away the case holder's change grant took the view grant
    with it, though the child's consent still names them."""
    colleague = UserFactory(organisation=practitioner.organisation)
    child = ChildFactory(created_by=practitioner)
    services.child_allocate(child=child, practitioner=colleague, actor=practitioner)
    ConsentFactory(child=child, recipients=[colleague])
    services.child_unallocate(child=child, practitioner=colleague, actor=practitioner)
    assert list(privacy.child_visible_to(colleague)) == [child]
    scope = privacy.child_scope_for(user=colleague, child=child)
    assert not scope.holds_case and scope.sections


def test_a_grant_that_lasts_longer_changes_for_that_person_and_child_only(practitioner):
    """Found by make mutants: the update of a grant's last day named neither the child nor the
    person, which would have put an end date on the case holder's grants, or on another
    child's open-ended sharing."""
    today, reader = timezone.localdate(), UserFactory()
    first, second = (ChildFactory(created_by=practitioner) for _ in range(2))
    ConsentFactory(child=first, recipients=[reader], expires_on=today + timedelta(days=10))
    ConsentFactory(child=second, recipients=[reader])
    ConsentFactory(child=first, recipients=[reader], expires_on=today + timedelta(days=20))
    last_days = {
        (grant.user_id, grant.content_object_id, grant.permission.codename): grant.valid_until
        for grant in ChildUserObjectPermission.objects.select_related("permission")
    }
    assert last_days == {
        (reader.pk, first.pk, "view_child"): today + timedelta(days=19),
        (reader.pk, second.pk, "view_child"): None,
        (practitioner.pk, first.pk, "view_child"): None,
        (practitioner.pk, first.pk, "change_child"): None,
        (practitioner.pk, second.pk, "view_child"): None,
        (practitioner.pk, second.pk, "change_child"): None,
    }


def test_the_lists_for_a_lead_and_a_manager_bring_what_their_pages_show_in_one_query(
    practitioner, django_assert_num_queries
):
    lead = _lead()
    OverrideFactory(created_by=lead, recipient_user=UserFactory())
    OverrideFactory(created_by=lead, recipient_organisation=UserFactory().organisation)
    manager = UserFactory(roles=[Role.TEAM_MANAGER], organisation=practitioner.organisation)
    ChildFactory(created_by=practitioner, closed_on=timezone.localdate())
    lead.has_role(Role.SAFEGUARDING_LEAD)  # roles are asked once a request, as on a page
    manager.has_role(Role.TEAM_MANAGER)
    with django_assert_num_queries(1):
        for override in privacy.overrides_for_safeguarding_lead(lead):
            person = override.recipient_user
            shown = [
                override.id,
                override.ends_on,
                override.ended_at,
                override.created_at,
                override.reason,
                override.child.id,
                override.child.preferred_name,
                override.created_by.get_full_name(),
                override.created_by.username,
                person and (person.get_full_name(), person.username, person.organisation.name),
                override.recipient_organisation and override.recipient_organisation.name,
            ]
            assert shown[4] and shown[6]  # the reason and the child's name
    with django_assert_num_queries(1):
        shown = [
            (child.id, child.preferred_name, child.reference, child.closed_on)
            for child in privacy.child_caseload_for_manager(manager, practitioner)
        ]
    assert shown[0][3] == timezone.localdate()


def test_a_likely_duplicate_is_found_by_sound_not_only_by_its_first_letters():
    """On PostgreSQL the names are compared by trigrams: "Caitlyn" and "Kaitlyn" (0.45) match,
    though they share no first letter (the demo's SQLite compares the first three letters)."""
    born = date(2014, 6, 1)
    child = ChildFactory(preferred_name="Caitlyn", date_of_birth=born)
    kaitlyn = ChildFactory(preferred_name="Kaitlyn", date_of_birth=born)
    ChildFactory(preferred_name="Caitrin", date_of_birth=born)  # shares "Cai", sounds apart
    assert [c.pk for c in privacy.child_likely_duplicates(child)] == [kaitlyn.pk]


# The kernel is the only door ------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "cia_portal",
    "assessments",
    "referrals",
    "chronology",
    "caseload",
    "records",
    "evaluation",
    "families",
]
GRANT_MODELS = {"ChildUserObjectPermission", "ChildGroupObjectPermission"}
# Known and owned elsewhere: the scale data builds its grants in bulk, by hand (issue 23 moves
# it out of the domain and through `child_sync_grants`).
NOT_YET_THROUGH_THE_KERNEL = {"evaluation/scale_data.py"}


def _access_imports_outside_the_kernel(path: Path) -> list[str]:
    """What `path` imports that only the kernel may: its inner modules (rather than
    `assessments.privacy`), the grant tables, or django-guardian."""
    found = []
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: resolve against the file's own package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([module] if module else []))
            names = {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            module, names = "", {alias.name for alias in node.names}
        else:
            continue
        if module.startswith("assessments.privacy."):
            found.append(f"from {module} import ...")
        if module.startswith("guardian") or any(n.startswith("guardian") for n in names):
            found.append("django-guardian")
        if names & GRANT_MODELS:
            found.append(", ".join(sorted(names & GRANT_MODELS)))
    return found


def test_no_module_outside_the_kernel_reaches_past_it():
    """Other modules ask `assessments.privacy`; none reads or writes the grants itself."""
    offenders = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if (
                relative.startswith("assessments/privacy/")
                or "/migrations/" in relative
                or relative == "assessments/models.py"  # where the grant tables are declared
                or relative in NOT_YET_THROUGH_THE_KERNEL
            ):
                continue
            if found := _access_imports_outside_the_kernel(path):
                offenders[relative] = found
    assert offenders == {}


def test_the_door_check_sees_each_way_past_the_kernel(tmp_path, monkeypatch):
    """The check above finds an inner module, a grant table and guardian, relative or not."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    module = tmp_path / "referrals" / "sneaky.py"
    module.parent.mkdir()
    module.write_text(
        "from assessments.privacy.grants import child_sync_grants\n"
        "from ..assessments.privacy.policy import child_visible_to\n"
        "from assessments.models import Child, ChildGroupObjectPermission\n"
        "from guardian.shortcuts import get_objects_for_user\n"
        "from assessments.privacy import child_page\n"
    )
    found = _access_imports_outside_the_kernel(module)
    assert found == [
        "from assessments.privacy.grants import ...",
        "from assessments.privacy.policy import ...",
        "ChildGroupObjectPermission",
        "django-guardian",
    ]


def test_the_view_child_permission_id_is_read_again_once_the_permissions_are_made_again():
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from assessments.privacy.policy import view_child_permission_id

    assert view_child_permission_id() == Permission.objects.get(codename="view_child").pk
    assert view_child_permission_id.cache_info().currsize == 1
    config = apps.get_app_config("auth")
    post_migrate.send(
        sender=config,
        app_config=config,
        verbosity=0,
        interactive=False,
        using="default",
        plan=[],
        apps=apps,
    )
    assert view_child_permission_id.cache_info().currsize == 0
