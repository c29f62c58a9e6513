"""Synthetic data at national scale, for the benchmark (`make bench`) and for trying the portal
with a big caseload. Every name says it is synthetic; nothing here is anyone's story.

Families of one to four children, mothers at every stage with court dates, several
conversations per child, actions, consents (some withdrawn), referrals across routes, feedback
and audit rows, held by practitioners spread over organisations so that most practitioners see
tens of children. Rows go in with bulk inserts, a chunk of families at a time, with the grants
`child_sync_grants` would make (so `verify_sharing` finds no drift).
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from assessments.models import (
    AgreedAction,
    Assessment,
    Carer,
    Child,
    ChildUserObjectPermission,
    Consent,
    Family,
    JusticeEvent,
    Offer,
    ParentChildLink,
    ParentInJustice,
    Stage,
)
from cia_portal.accounts.models import Area, Organisation, Role, User
from cia_portal.audit.models import AuditEvent
from referrals.models import Referral, ReferralEvent, ReferralRoute

from .models import FeedbackResponse, Pilot, Respondent

CHILDREN_PER_PRACTITIONER = 30
PRACTITIONERS_PER_ORGANISATION = 40
CHUNK = 2_000  # families per transaction
COURTS = ["Hopeside Court"] + [f"Synthetic Court {n}" for n in range(1, 40)]
PRISONS = [f"Synthetic Prison {n}" for n in range(1, 13)]
FIRST_NAMES = "Amir Bea Cal Dee Eli Fin Gus Hana Isla Jay Kit Lev Mo Nia Oli Pip Rae Sol Tia Zak"
# 400 invented names (Amirbel, Teanor...), so that a name search finds a few hundred children
# among 300,000, as a common first name would, rather than one in twenty.
ENDINGS = "bel nor ric wen dra lyn son vie tha mon ley fer gan sia row ton bie lia dan rey"
NAMES = [f"{first}{end}" for first in FIRST_NAMES.split() for end in ENDINGS.split()]
WORDS = (
    "I miss my mum and I want to see her more. School is OK. My nan helps me. "
    "I worry about what happens next and I would like someone to tell me the truth."
)
BATCH = 5_000


@dataclass
class Made:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, rows: list, **kwargs) -> list:
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=BATCH, **kwargs)
            name = type(rows[0])._meta.label
            self.counts[name] = self.counts.get(name, 0) + len(rows)
        return rows


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _pilot(area: int = 0) -> Pilot:
    """The synthetic pilot of area `area`: the first at Hopeside Court (the benchmark's pages
    open it), each other at a synthetic court of its own, all in 2023."""
    slug, court, name = "synthetic-national", "Hopeside Court", "Synthetic national caseload"
    area_slug, area_name = "synthetic", "Synthetic area"
    if area:
        slug, court, name = f"synthetic-area-{area}", COURTS[area], f"Synthetic area {area}"
        area_slug, area_name = f"synthetic-{area}", f"Synthetic area {area}"
    pilot, _ = Pilot.objects.get_or_create(
        slug=slug,
        defaults={
            "name": f"{name} (benchmark data)",
            "area": Area.objects.get_or_create(
                slug=area_slug, defaults={"name": f"{area_name} (benchmark data)"}
            )[0],
            "court": court,
            "start": date(2023, 1, 1),
            "end": date(2023, 12, 31),
            "target_children": 1000,
        },
    )
    return pilot


def _staff(rng: random.Random, made: Made, practitioners: int, run: str, areas: int) -> list[User]:
    """Organisations, practitioners (sharing one password hash: no slow hashing per row) and a
    referral route per organisation."""
    organisations = made.add(
        [
            Organisation(
                name=f"Synthetic organisation {run}-{n}",
                type=rng.choice(Organisation.Type.values),
            )
            for n in range(max(1, practitioners // PRACTITIONERS_PER_ORGANISATION))
        ]
    )
    password = make_password(None)  # unusable: nobody signs in as synthetic staff
    users = made.add(
        [
            User(
                username=f"synthetic-{run}-{n}",
                first_name="Synthetic",
                last_name=f"Practitioner {n}",
                job_title="Family support worker",
                organisation=organisations[n % len(organisations)],
                password=password,
            )
            for n in range(practitioners)
        ]
    )
    practitioner = Group.objects.get(name=Role.PRACTITIONER)
    made.add([User.groups.through(user_id=u.pk, group_id=practitioner.pk) for u in users])
    made.add(
        [
            ReferralRoute(
                name=f"Synthetic route {o.name}",
                organisation=o,
                stage=rng.choice(Stage.values),
                how_to_refer="Phone the duty desk",
                owner=users[i % len(users)],
            )
            for i, o in enumerate(organisations)
        ]
    )
    for area in range(areas):  # each pilot's partners: three organisations of its own
        _pilot(area).partners.add(*organisations[3 * area : 3 * area + 3])
    return users


def generate(*, children: int, seed: int = 1, areas: int = 1) -> dict[str, int]:
    """Add about `children` synthetic children (whole families, so a few more), with everything
    around them, and a pilot in each of `areas` areas (half the hearings are at the pilots'
    courts when there are several). Returns the rows made, by model."""
    # Seeded, so a run can be repeated; synthetic data, nothing secret.
    rng = random.Random(seed)  # nosec B311
    run = uuid.uuid4().hex[:6]
    made = Made()
    with transaction.atomic():
        staff = _staff(rng, made, max(2, children // CHILDREN_PER_PRACTITIONER), run, areas)
    routes = list(ReferralRoute.objects.filter(name__startswith="Synthetic route"))
    perms = {
        p.codename: p
        for p in Permission.objects.filter(codename__in=["view_child", "change_child"])
    }
    pilot = _pilot()
    done = 0
    while done < children:
        with transaction.atomic():
            done += _families(
                rng, made, staff, routes, perms, min(CHUNK, children - done), COURTS[:areas]
            )
    made.add(
        [
            FeedbackResponse(
                pilot=pilot,
                respondent=rng.choice(Respondent.values),
                stage=rng.choice(Stage.values),
                source=FeedbackResponse.Source.LINK,
                listened_to=rng.randint(1, 5),
                supported=rng.randint(1, 5),
                included=rng.choice([None, 3, 4, 5]),
                told_what_next=rng.choice([None, 2, 4, 5]),
                comments="Synthetic feedback.",
                submitted_on=_day(rng, pilot.start, pilot.end),
            )
            for _ in range(max(1, children // 20))
        ]
    )
    return made.counts


def _journey(
    rng, more, parent: ParentInJustice, *, today: date, pilot_courts: list[str]
) -> list[JusticeEvent]:
    """An arrest, one to three hearings (some still to come) and, for some, a sentence, prison
    and release: the stages in about the shares a caseload has."""
    Kind, Outcome = JusticeEvent.Kind, JusticeEvent.Outcome
    arrested = _day(rng, date(2021, 1, 1), today - timedelta(days=30))
    events = [JusticeEvent(parent=parent, kind=Kind.ARREST, on=arrested)]
    day = arrested
    for _ in range(rng.randint(1, 3)):
        day = min(day + timedelta(days=rng.randint(7, 120)), today + timedelta(days=90))
        events.append(
            JusticeEvent(
                parent=parent,
                kind=Kind.HEARING,
                on=day,
                court=_court(rng, pilot_courts),
                purpose=rng.choice(JusticeEvent.Purpose.values),
            )
        )
    hearings = [e for e in events if e.kind == Kind.HEARING]
    for hearing in [h for h in hearings[:-1] if h.on <= today]:  # before the last: adjourned
        hearing.outcome = Outcome.ADJOURNED
        hearing.adjourned_for = more.choice([*JusticeEvent.AdjournedFor.values, ""])
    last = events[-1]
    if last.on > today:
        return events
    if more.random() < 0.6:
        view = more.choice([*JusticeEvent.ChildView.values, ""])
        events.append(
            JusticeEvent(parent=parent, kind=Kind.REPORT_WRITTEN, on=last.on, child_view=view)
        )
    last.purpose = JusticeEvent.Purpose.SENTENCING
    last.outcome = rng.choice([Outcome.CUSTODY, Outcome.SUSPENDED, Outcome.COMMUNITY, ""])
    if last.outcome == Outcome.CUSTODY:
        last.sentence_months = rng.choice([3, 6, 12, 18, 24])
        prison = JusticeEvent(
            parent=parent,
            kind=Kind.PRISON,
            on=last.on,
            prison=rng.choice(PRISONS),
            distance_miles=rng.randint(5, 150),
        )
        released_on = last.on + timedelta(days=int(last.sentence_months * 15))
        release_kind = Kind.RELEASE if released_on <= today else Kind.EXPECTED_RELEASE
        events += [prison, JusticeEvent(parent=parent, kind=release_kind, on=released_on)]
    return events


def _court(rng: random.Random, pilot_courts: list[str]) -> str:
    """Any court; with several pilots, one of theirs half the time (with one pilot, any court,
    so that a seed makes what it made before areas were added)."""
    if len(pilot_courts) > 1 and rng.random() < 0.5:
        return rng.choice(pilot_courts)
    return rng.choice(COURTS)


def _families(rng, made: Made, staff, routes, perms, wanted: int, pilot_courts) -> int:
    """Families until about `wanted` children are made; returns how many were."""
    today = timezone.localdate()
    # The circumstances the evaluation counts (issue 21) come from a generator of their own,
    # so that the rest of the data for a seed is as it was before they were added (seeded
    # and synthetic: nothing secret).
    more = random.Random(wanted + len(staff))  # nosec B311
    families, parents, events, kids, links, carers = [], [], [], [], [], []
    holders: list[tuple[Child, list[User]]] = []
    while len(kids) < wanted:
        holder = rng.choice(staff)
        family = Family(name=f"Synthetic family {len(families)}", created_by=holder)
        families.append(family)
        parent = ParentInJustice(family=family, name="Synthetic parent")
        parents.append(parent)
        parent.number_of_children = more.choice([None, 1, 2, 3, 4, 6])
        parent.pregnant = more.random() < 0.05
        events += _journey(rng, more, parent, today=today, pilot_courts=pilot_courts)
        carers.append(
            Carer(family=family, name="Synthetic carer", relationship=Carer.Relationship.values[0])
        )
        other = rng.choice(staff)
        second = [other] if other != holder and rng.random() < 0.1 else []
        for _ in range(rng.choice([1, 1, 2, 2, 2, 3, 3, 4])):
            child = Child(
                family=family,
                preferred_name=f"{rng.choice(NAMES)} (synthetic)",
                date_of_birth=_day(rng, date(2008, 1, 1), date(2024, 1, 1)),
                gender=rng.choice(Child.Gender.values),
                ethnicity=rng.choice(Child.Ethnicity.values),
                created_by=holder,
                living_arrangement=more.choice(Child.LivingArrangement.values),
                siblings_apart=more.choice(Child.SiblingsApart.values),
                care_status=more.choice(Child.CareStatus.values),
            )
            kids.append(child)
            holders.append((child, [holder, *second]))
            links.append(
                ParentChildLink(
                    parent=parent,
                    child=child,
                    relationship=ParentChildLink.Relationship.values[0],
                    care_arrangement=rng.choice(ParentChildLink.CareArrangement.values),
                    contact_now=more.choice(ParentChildLink.Contact.values),
                )
            )
    for rows in (families, parents, events, kids, links, carers):
        made.add(rows)
    made.add(
        [
            Child.practitioners.through(child_id=child.pk, user_id=user.pk)
            for child, users in holders
            for user in users
        ]
    )
    grants = [
        ChildUserObjectPermission(content_object=child, user=user, permission=perms[codename])
        for child, users in holders
        for user in users
        for codename in ("view_child", "change_child")
    ]
    _records(rng, made, holders, staff, grants, perms)
    made.add(grants)
    _referrals(rng, made, families, routes)
    return len(kids)


def _records(rng, made: Made, holders, staff, grants, perms) -> None:
    today = timezone.localdate()
    offers, conversations, actions, consents, recipients, audit = [], [], [], [], [], []
    for child, users in holders:
        holder = users[0]
        offered = _day(rng, date(2022, 1, 1), today)
        outcome = rng.choices(Offer.Outcome.values, weights=[8, 2, 1][: len(Offer.Outcome.values)])
        offers.append(
            Offer(
                child=child,
                stage=rng.choice(Stage.values),
                offered_on=offered,
                offered_by=holder,
                outcome=outcome[0],
            )
        )
        for n in range(rng.choice([0, 1, 2, 2, 3, 4])):
            done = n or rng.random() < 0.8
            conversation = Assessment(
                child=child,
                stage=rng.choice(Stage.values),
                status=Assessment.Status.COMPLETED if done else Assessment.Status.DRAFT,
                conversation_date=min(today, offered + timedelta(days=7 + 30 * n)),
                completed_with=holder,
                created_by=holder,
                completed_at=timezone.now() if done else None,
                about_me=WORDS,
                worries=WORDS,
                feelings=rng.sample(["happy", "sad", "worried", "angry", "okay"], 2),
            )
            conversations.append(conversation)
            for _ in range(rng.randint(1, 3)):
                actions.append(
                    AgreedAction(
                        child=child,
                        assessment=conversation,
                        description="Synthetic action: a call with the school",
                        owner="Synthetic owner",
                        due_date=_day(rng, date(2023, 1, 1), today + timedelta(days=60)),
                        status=rng.choice(AgreedAction.Status.values),
                    )
                )
        if rng.random() < 0.3:
            recipient = rng.choice(staff)
            withdrawn = rng.random() < 0.2
            consent = Consent(
                child=child,
                given_by=Consent.GivenBy.CHILD,
                stages=[Stage.COURT],
                sections=["what-i-want-people-to-know"],
                purpose="Synthetic: for the pre-sentence report",
                how_given=Consent.How.SPOKEN,
                given_on=offered,
                recorded_by=holder,
                for_pre_sentence_report=rng.random() < 0.5,
                withdrawn_at=timezone.now() if withdrawn else None,
                withdrawn_by=holder if withdrawn else None,
            )
            consents.append(consent)
            recipients.append(
                Consent.recipient_users.through(consent_id=consent.pk, user_id=recipient.pk)
            )
            if not withdrawn and recipient not in users:
                grants.append(
                    ChildUserObjectPermission(
                        content_object=child, user=recipient, permission=perms["view_child"]
                    )
                )
        audit += [
            AuditEvent(
                actor=holder,
                action=AuditEvent.Action.VIEW,
                object_type="assessments.child",
                object_id=str(child.pk),
                child_id=child.pk,
            )
            for _ in range(rng.randint(2, 8))
        ]
    for rows in (offers, conversations, actions, consents, recipients, audit):
        made.add(rows)


def _referrals(rng, made: Made, families, routes) -> None:
    referrals, events = [], []
    for family in families:
        if rng.random() < 0.7:
            status = rng.choice(Referral.Status.values)
            received = _day(rng, date(2022, 1, 1), timezone.localdate())
            referral = Referral(
                route=rng.choice(routes),
                referred_by="Synthetic referrer",
                received_on=received,
                mother_name="Synthetic parent",
                children_description="Synthetic children",
                family=family if status not in ("declined", "not_reached") else None,
                status=status,
                received_by=family.created_by,
            )
            referrals.append(referral)
            events.append(ReferralEvent(referral=referral, status="received", by=family.created_by))
            if status != "received":
                events.append(ReferralEvent(referral=referral, status=status, by=family.created_by))
    made.add(referrals)
    made.add(events)
