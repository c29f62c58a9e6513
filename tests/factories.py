"""Scenario builders. Children are made through the same grant service the portal uses."""

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import (
    AgreedAction,
    Assessment,
    Carer,
    Child,
    Consent,
    Family,
    JusticeEvent,
    Offer,
    ParentChildLink,
    ParentInJustice,
    SafeguardingOverride,
    Stage,
)
from assessments.privacy import child_sync_grants
from chronology.models import CaseNote
from cia_portal.accounts.models import Area, Organisation, Role, User

PASSWORD = "correct-horse-battery-staple"


def default_area() -> Area:
    """The area every factory-made organisation and pilot is in, unless a test says otherwise."""
    return Area.objects.get_or_create(slug="testshire", defaults={"name": "Testshire"})[0]


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Area {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test organisation {n}")
    type = Organisation.Type.VOLUNTARY
    area = factory.LazyFunction(default_area)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Tester"
    job_title = "Family support worker"
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            self.groups.set(Group.objects.filter(name__in=extracted or [Role.PRACTITIONER]))

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        """Every account has an authenticator app set up, unless `two_factor=False`."""
        if create and extracted is not False:
            TOTPDevice.objects.create(user=self, name="Authenticator app", confirmed=True)


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    name = factory.Sequence(lambda n: f"The Test{n} family")
    created_by = factory.SubFactory(UserFactory)


class ChildFactory(factory.django.DjangoModelFactory):
    """A child whose case is held by `created_by` (grants included)."""

    class Meta:
        model = Child
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory, created_by=factory.SelfAttribute("..created_by"))
    created_by = factory.SubFactory(UserFactory)
    preferred_name = factory.Sequence(lambda n: f"Child{n}")
    date_of_birth = date(2013, 4, 1)
    gender = Child.Gender.GIRL
    ethnicity = Child.Ethnicity.WHITE

    @factory.post_generation
    def grants(self, create, extracted, **kwargs):
        if create:
            self.practitioners.add(self.created_by)
            child_sync_grants(child=self)


class ParentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentInJustice

    family = factory.SubFactory(FamilyFactory)
    name = "Kim"

    @factory.post_generation
    def stage(parent, create, extracted, **kwargs):
        """Where she is (at court, unless given; "" for nowhere yet): one event a month ago
        that puts her there."""
        stage = Stage.COURT if extracted is None else extracted
        if create and stage:
            JusticeEvent.objects.create(
                parent=parent,
                on=timezone.localdate() - timedelta(days=30),
                **EVENT_FOR_STAGE[stage],
            )


class ParentChildLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentChildLink

    child = factory.SubFactory(ChildFactory)
    parent = factory.SubFactory(ParentFactory, family=factory.SelfAttribute("..child.family"))
    care_arrangement = ParentChildLink.CareArrangement.SOLE_OR_PRIMARY


# An event that puts the parent at each stage (none of them a hearing, so that no court's
# pilot counts the child unless a test adds one).
EVENT_FOR_STAGE = {
    Stage.ARREST: {"kind": JusticeEvent.Kind.ARREST},
    Stage.COURT: {"kind": JusticeEvent.Kind.REPORT_ASKED},
    Stage.CUSTODY: {"kind": JusticeEvent.Kind.PRISON, "prison": "HMP Example"},
    Stage.COMMUNITY_SENTENCE: {"kind": JusticeEvent.Kind.HEARING, "outcome": "community"},
    Stage.RELEASE: {"kind": JusticeEvent.Kind.RELEASE},
}


class JusticeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JusticeEvent

    parent = factory.SubFactory(ParentFactory)
    kind = JusticeEvent.Kind.ARREST
    on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))


class HearingFactory(JusticeEventFactory):
    """A hearing still to come, unless given a date and an outcome."""

    kind = JusticeEvent.Kind.HEARING
    on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    court = "Hopeside Court"
    purpose = JusticeEvent.Purpose.SENTENCING


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    family = factory.SubFactory(FamilyFactory)
    name = "Pat"
    relationship = Carer.Relationship.GRANDPARENT


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    child = factory.SubFactory(ChildFactory)
    stage = Stage.COURT
    offered_by = factory.SelfAttribute("child.created_by")
    outcome = Offer.Outcome.ACCEPTED


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    child = factory.SubFactory(ChildFactory)
    stage = Stage.COURT
    completed_with = factory.SelfAttribute("child.created_by")
    created_by = factory.SelfAttribute("child.created_by")


class CompletedAssessmentFactory(AssessmentFactory):
    status = Assessment.Status.COMPLETED
    completed_at = factory.LazyFunction(timezone.now)
    about_me = "I like swimming."
    feelings = ["worried"]
    practitioner_notes = "Practitioner only: discuss with the team."


class AgreedActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreedAction

    child = factory.SubFactory(ChildFactory)
    description = "Talk to the school about homework support"
    owner = "Class teacher"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


class CaseNoteFactory(factory.django.DjangoModelFactory):
    """A saved note of a phone call, written by the child's first holder."""

    class Meta:
        model = CaseNote

    child = factory.SubFactory(ChildFactory)
    kind = CaseNote.Kind.PHONE_CALL
    happened_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))
    who_took_part = "Nan (the carer)"
    summary = "Nan says the school has been kind; we did not ask about visits yet."
    written_by = factory.SelfAttribute("child.created_by")


class ConsentFactory(factory.django.DjangoModelFactory):
    """A consent given by the child, sharing the court stage's 'what I want people to know'."""

    class Meta:
        model = Consent
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    given_by = Consent.GivenBy.CHILD
    competence_note = "Understands who will see it and why."
    stages = factory.LazyFunction(lambda: [Stage.COURT])
    sections = factory.LazyFunction(lambda: ["what-i-want-people-to-know"])
    purpose = "For my mum's pre-sentence report"
    how_given = Consent.How.SPOKEN
    recorded_by = factory.SelfAttribute("child.created_by")

    @factory.post_generation
    def recipients(self, create, extracted, **kwargs):
        if create:
            users = [r for r in extracted or [] if isinstance(r, User)]
            self.recipient_users.set(users)
            self.recipient_organisations.set([r for r in extracted or [] if r not in users])
            child_sync_grants(child=self.child)


def whole_case_consent(*, child, organisation) -> Consent:
    """A consent naming `organisation` for every stage and part, with the practitioner's
    notes: what handing the case on to it needs."""
    from assessments.privacy import ALL_SECTIONS, ALL_STAGES

    return ConsentFactory(
        child=child,
        recipients=[organisation],
        stages=sorted(ALL_STAGES),
        sections=sorted(ALL_SECTIONS),
        include_practitioner_notes=True,
        purpose="So the prison's family services can hold the case",
    )


class OverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingOverride
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    reason = "Disclosure of harm at home; children's services must see the child's words."
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    created_by = factory.SubFactory(UserFactory, roles=[Role.PRACTITIONER, Role.SAFEGUARDING_LEAD])

    @factory.post_generation
    def sync(self, create, extracted, **kwargs):
        if create:
            child_sync_grants(child=self.child)


class ReferralRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referrals.ReferralRoute"

    name = factory.Sequence(lambda n: f"Route {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    stage = Stage.COURT
    how_to_refer = "Phone the duty desk, 9 to 5"
    position = factory.Sequence(lambda n: n)


class SupportServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "referrals.SupportService"

    name = factory.Sequence(lambda n: f"Service {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    type = "family_support"
    how_to_refer = "Phone the family support line"
    position = factory.Sequence(lambda n: n)


class PilotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "evaluation.Pilot"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"pilot-{n}")
    name = "Test pilot"
    area = factory.LazyFunction(default_area)
    court = "Test Court"
    start = date(2023, 1, 1)
    end = date(2023, 12, 31)
    target_children = 15

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)
