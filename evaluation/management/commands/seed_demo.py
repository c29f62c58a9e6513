"""The Hopeside demo: a fictional pilot of 15 children whose mothers appear at Hopeside Court,
with its referral routes and support directory, and, outside the pilot, a team's day: a
practitioner on leave, a likely duplicate, notifications.

Every name here is invented. Runs only in demo mode, and only once: a second run changes
nothing. It lives in the lowest app it needs (referrals imports assessments, never the reverse).
"""

import io
import os
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from assessments import services
from assessments.models import (
    AgreedAction,
    Child,
    Consent,
    JusticeEvent,
    Offer,
    ParentChildLink,
    ParentInJustice,
    Stage,
    YesNoUnknown,
)
from assessments.privacy import ALL_SECTIONS
from chronology import services as chronology_services
from chronology.models import CaseNote, HandOn, ParentContact
from cia_portal.accounts import two_factor
from cia_portal.accounts.models import Area, Organisation, Role, User
from evaluation import services as evaluation_services
from evaluation.models import Pilot, PlanAction
from referrals import services as referral_services
from referrals.models import Referral, ReferralRoute, SupportService

USERS = [
    # username, first, last, job title, organisation, roles
    (
        "practitioner1",
        "Sam",
        "Patel",
        "Family support worker",
        "Hopeside Women's Centre",
        [Role.PRACTITIONER],
    ),
    (
        "practitioner2",
        "Jo",
        "Clarke",
        "Probation officer (pre-sentence reports)",
        "Hopeside Probation Service",
        [Role.PRACTITIONER],
    ),
    (
        "dsl",
        "Priya",
        "Shah",
        "Designated safeguarding lead",
        "Hopeside Children's Services",
        [Role.PRACTITIONER, Role.SAFEGUARDING_LEAD],
    ),
    ("chair", "Margaret", "Owusu", "Chair", "Hopeside Women's Alliance", [Role.ALLIANCE_CHAIR]),
    (
        "national",
        "Dev",
        "Okafor",
        "National lead",
        "National Child Impact Assessment Programme",
        [Role.NATIONAL_LEAD],
    ),
    (
        "admin",
        "Alex",
        "Morgan",
        "Referral administrator",
        "Hopeside Women's Alliance",
        [Role.REFERRAL_ADMIN],
    ),
    (
        "auditor",
        "Chris",
        "Evans",
        "Information governance auditor",
        "Hopeside Children's Services",
        [Role.AUDITOR],
    ),
    (
        "manager",
        "Rosa",
        "Bennett",
        "Team manager",
        "Hopeside Women's Centre",
        [Role.TEAM_MANAGER],
    ),
    (
        "prison1",
        "Lou",
        "Harper",
        "Family services worker",
        "HMP Brackenmoor",
        [Role.PRACTITIONER],
    ),
    (
        "practitioner3",
        "Dan",
        "Hughes",
        "Family support worker (on leave from 20 November)",
        "Hopeside Women's Centre",
        [Role.PRACTITIONER],
    ),
]

# Who each child lives with, as the portal counts it (`Child.LivingArrangement`).
LIVING = {
    "Grandma": "grandparent",
    "Grandad": "grandparent",
    "Nan": "grandparent",
    "Aunt Siobhan": "other_family",
    "Foster carers": "foster_care",
    "Residential home": "residential",
    "Mum": "parent_in_justice",
    "Mum, on bail": "parent_in_justice",
    "Dad and Mum (shared)": "parent_in_justice",
    "Dad": "other_parent",
    "Dad and his partner": "other_parent",
}
# How the children of mothers who went to prison keep in touch with her.
CONTACT = {"The Brennan family": "calls", "The Price family": "visits"}
CONTACT |= {"The Lewis family": "visits"}

# Families: (family name, mother, stage, care arrangement, owner, court date, children).
# Children: (preferred name, date of birth, gender, ethnicity, school, lives with).
FAMILIES = [
    (
        "The Adeyemi family",
        "Grace",
        Stage.COURT,
        "sole_or_primary",
        "practitioner1",
        date(2023, 3, 14),
        [
            ("Tobi", date(2012, 5, 2), "boy", "black", "Hopeside Academy", "Grandma"),
            ("Ayo", date(2016, 9, 20), "girl", "black", "Hopeside Primary School", "Grandma"),
        ],
    ),
    (
        "The Brennan family",
        "Kerry",
        Stage.CUSTODY,
        "sole_or_primary",
        "practitioner1",
        date(2023, 2, 7),
        [
            ("Liam", date(2010, 1, 15), "boy", "white", "Hopeside Academy", "Aunt Siobhan"),
            (
                "Niamh",
                date(2013, 7, 30),
                "girl",
                "white",
                "Hopeside Primary School",
                "Foster carers",
            ),
            ("Ciara", date(2018, 11, 4), "girl", "white", "Little Acorns Nursery", "Aunt Siobhan"),
        ],
    ),
    (
        "The Hussain family",
        "Amina",
        Stage.COMMUNITY_SENTENCE,
        "lives_with",
        "practitioner1",
        date(2023, 4, 18),
        [
            ("Zara", date(2011, 3, 9), "girl", "asian", "Hopeside Academy", "Mum"),
        ],
    ),
    (
        "The Kowalski family",
        "Ewa",
        Stage.ARREST,
        "shared",
        "practitioner1",
        date(2023, 6, 1),
        [
            (
                "Oskar",
                date(2014, 8, 22),
                "boy",
                "white",
                "Hopeside Primary School",
                "Dad and Mum (shared)",
            ),
        ],
    ),
    (
        "The Lewis family",
        "Dionne",
        Stage.RELEASE,
        "sole_or_primary",
        "practitioner1",
        date(2023, 1, 24),
        [
            ("Mia", date(2009, 12, 1), "girl", "mixed", "Hopeside Academy", "Grandad"),
            ("Jayden", date(2015, 4, 17), "boy", "mixed", "Hopeside Primary School", "Grandad"),
        ],
    ),
    (
        "The Okafor family",
        "Chioma",
        Stage.COURT,
        "apart_with_contact",
        "practitioner2",
        date(2023, 5, 9),
        [
            ("Daniel", date(2013, 10, 12), "boy", "black", "Hopeside Primary School", "Dad"),
        ],
    ),
    (
        "The Price family",
        "Leanne",
        Stage.CUSTODY,
        "sole_or_primary",
        "practitioner2",
        date(2023, 3, 28),
        [
            ("Ellie", date(2008, 6, 6), "girl", "white", "Hopeside Academy", "Nan"),
            ("Riley", date(2012, 2, 25), "another", "white", "Hopeside Academy", "Nan"),
        ],
    ),
    (
        "The Rahman family",
        "Sadia",
        Stage.ARREST,
        "lives_with",
        "practitioner2",
        date(2023, 9, 12),
        [
            (
                "Ibrahim",
                date(2017, 1, 3),
                "boy",
                "asian",
                "Hopeside Primary School",
                "Mum, on bail",
            ),
        ],
    ),
    (
        "The Thompson family",
        "Nicola",
        Stage.COURT,
        "child_removed",
        "practitioner2",
        date(2023, 10, 3),
        [
            ("Harvey", date(2011, 9, 14), "boy", "white", "Hopeside Academy", "Residential home"),
        ],
    ),
    (
        "The Walsh family",
        "Shannon",
        Stage.RELEASE,
        "contact_under_order",
        "practitioner2",
        date(2023, 2, 21),
        [
            (
                "Kacey",
                date(2014, 12, 8),
                "girl",
                "white",
                "Hopeside Primary School",
                "Dad and his partner",
            ),
        ],
    ),
]

WORDS = {
    "about_me": "I like football and drawing. I have a little sister. I am good at maths.",
    "what_is_happening": "Mum has to go to court. I don't really know what will happen.",
    "feelings_words": "Sometimes I feel sad at night and I can't sleep.",
    "worries": "That mum will go away for a long time and that people at school will find out.",
    "who_helps": "Grandma, and my friend Sol.",
    "what_would_help": "Knowing what is happening. Being able to phone mum.",
    "want_people_to_know": "I want the judge to know that mum looks after us and we need her.",
    "would_like_to_happen": "I would like to see mum every week and stay at my school.",
}

# The environment variable's name, not a password (bandit B105 accepted).
PASSWORD_ENV = "DEMO_PASSWORD"  # nosec B105

# Feedback (fictional): who, scores for listened to / supported / included (1-5), their words.
FEEDBACK = [
    ("child", (5, 4, 4, 5), "It was good to draw instead of just talking."),
    ("child", (5, 5, 4, 4), "I liked that I could say stop."),
    ("child", (4, 4, 3, 5), ""),
    ("child", (5, 4, 5, 4), "Now my teacher knows why I am tired."),
    ("child", (3, 4, 2, 2), ""),
    ("child", (5, 5, 5, 5), "The judge heard what I said."),
    ("child", (4, 3, None, None), ""),
    ("mother", (4, 4, 4, 4), "For the first time someone asked about my kids first."),
    ("mother", (5, 4, 3, 5), ""),
    ("mother", (4, 5, 4, 4), ""),
    ("carer", (4, 3, 3, 2), "I did not know there was help for grandparents."),
    ("practitioner", (5, 4, 4, None), "The toolkit gave me words to start the conversation."),
    ("practitioner", (4, 4, 5, None), ""),
    ("sentencer", (4, 3, 3, None), "The child's view was clear and useful."),
]

ROUTES = [
    (
        "Hopeside Court duty desk",
        "Hopeside Court",
        Stage.COURT,
        "Court staff ask every woman appearing whether she has children. Phone the duty desk "
        "(01234 000101, 9am to 4pm on court days) with the mother's consent.",
    ),
    (
        "Police custody suite",
        "Hopeside Police",
        Stage.ARREST,
        "Custody sergeants ask about children at booking-in. Email the safeguarding hub.",
    ),
    (
        "Liaison and diversion",
        "Hopeside Liaison and Diversion",
        Stage.ARREST,
        "L&D workers refer from police custody and court cells. Use the referral form.",
    ),
    (
        "Probation pre-sentence report team",
        "Hopeside Probation Service",
        Stage.COURT,
        "Report writers offer a CIA whenever a defendant has children. Email the team.",
    ),
    (
        "School designated safeguarding leads",
        "Hopeside Academy",
        Stage.CUSTODY,
        "Schools refer when a pupil's mother is arrested or sent to prison. Phone or email.",
    ),
    (
        "Children's services front door",
        "Hopeside Children's Services",
        Stage.ARREST,
        "Any agency can refer through the front door. Say the mother is in the justice system.",
    ),
    (
        "Women's centre",
        "Hopeside Women's Centre",
        Stage.RELEASE,
        "Key workers refer women on licence or community orders. Speak to the duty worker.",
    ),
]
SERVICES = [
    (
        "Families Together family support",
        "Hopeside Families Together",
        "family_support",
        (0, 18),
        "Phone the family support line, weekdays.",
    ),
    (
        "Young people's mentoring",
        "Hopeside Families Together",
        "mentoring",
        (11, 18),
        "Refer by email with the young person's agreement.",
    ),
    (
        "School support worker",
        "Hopeside Academy",
        "school_support",
        (11, 16),
        "Ask the school's safeguarding lead, only with the child's consent.",
    ),
    (
        "Prison family days",
        "HMP Brackenmoor",
        "prison_visits",
        (0, 18),
        "Book through the visitors' centre.",
    ),
    (
        "Kinship carers' group",
        "Hopeside Women's Alliance",
        "kinship_carers",
        (0, 18),
        "Carers can self-refer. Meets monthly.",
    ),
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(16, 0)))


def _weekday(day: date) -> date:
    """Courts sit on weekdays: a Saturday or Sunday moves back to the Friday before."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _drawing_png() -> SimpleUploadedFile:
    """A child's picture of home: a house, a sun and two people (made here, not downloaded)."""
    image = Image.new("RGB", (480, 360), "white")
    pen = ImageDraw.Draw(image)
    pen.ellipse((380, 20, 450, 90), fill="gold")
    pen.rectangle((120, 160, 300, 320), outline="black", width=4, fill="lightblue")
    pen.polygon([(100, 165), (210, 70), (320, 165)], outline="black", fill="indianred")
    pen.rectangle((190, 240, 230, 320), fill="saddlebrown")
    for x in (340, 400):
        pen.ellipse((x, 210, x + 30, 240), outline="black", width=3)
        pen.line((x + 15, 240, x + 15, 300), fill="black", width=3)
        pen.line((x, 260, x + 30, 260), fill="black", width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("home.png", buffer.getvalue(), content_type="image/png")


class Command(BaseCommand):
    help = "Create the fictional Hopeside demo (demo mode only). Safe to run twice."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("seed_demo runs only in demo mode (DEMO_MODE=1).")
        password = os.environ.get(PASSWORD_ENV)
        if not password:
            raise CommandError(f"Set {PASSWORD_ENV} to the demo sign-ins' shared password.")
        call_command("loaddata", "hopeside_organisations", verbosity=0)
        users = self._users(password)
        self._directory(users)
        self._pilot(users)
        if Child.objects.filter(created_by__in=users.values()).exists():
            self.stdout.write("Hopeside demo already present: nothing changed.")
        else:
            self._children(users)
            self.stdout.write(
                self.style.SUCCESS(
                    "Hopeside demo created: 15 fictional children in the pilot, 2 outside it."
                )
            )
        # tonight's job, now: the pilots' figures and the national roll-up
        call_command("refresh_figures", stdout=io.StringIO())
        self.stdout.write(
            f"Demo sign-ins (fictional, demo mode only), password '{password}': "
            + ", ".join(users)
            + ". The code page shows each demo account's two-factor code."
        )

    def _users(self, password: str) -> dict[str, User]:
        users = {}
        for username, first, last, title, org, roles in USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "job_title": title,
                    "organisation": Organisation.objects.get(name=org),
                    "email": f"{username}@hopeside.example",
                },
            )
            if created:
                user.set_password(password)
                user.is_staff = user.is_superuser = username == "admin"
                user.save()
                user.groups.set(Group.objects.filter(name__in=roles))
            two_factor.app_device_ready(user=user)
            users[username] = user
        return users

    @transaction.atomic
    def _children(self, users: dict[str, User]) -> None:
        today = timezone.localdate()
        number = 0
        for family_name, mother, stage, care, owner, court_date, children in FAMILIES:
            practitioner = users[owner]
            first = None
            apart = len({lives_with for *_rest, lives_with in children}) > 1
            siblings = "yes" if apart else "no" if len(children) > 1 else "no_siblings"
            for name, dob, gender, ethnicity, school, lives_with in children:
                number += 1
                data = {
                    "living_arrangement": LIVING[lives_with],
                    "siblings_apart": siblings,
                    "preferred_name": name,
                    "date_of_birth": dob,
                    "gender": gender,
                    "ethnicity": ethnicity,
                    "school": school,
                    "lives_with": lives_with,
                    "care_status": "looked_after"
                    if "carers" in lives_with.lower() or "home" in lives_with.lower()
                    else "none",
                    "care_arrangement": care,
                }
                if first is None:
                    first = services.case_create(
                        created_by=practitioner,
                        data=data
                        | {
                            "family_name": family_name,
                            "parent_name": mother,
                            "relationship": "mother",
                            "so_far_kind": JusticeEvent.Kind.ARREST,
                            "so_far_on": court_date - timedelta(days=23),
                            "next_court_date": court_date,
                            "court": "Hopeside Court",
                            "hearing_purpose": JusticeEvent.Purpose.FIRST_APPEARANCE
                            if stage == Stage.ARREST
                            else JusticeEvent.Purpose.SENTENCING,
                            "carer_name": lives_with if lives_with != "Mum" else "",
                            "carer_relationship": "kinship",
                        },
                    )
                    child = first
                    self._sentence(first, stage, practitioner, today)
                else:
                    child = services.sibling_add(child=first, created_by=practitioner, data=data)
                self._conversations(child, practitioner, number, court_date, today)
            ParentInJustice.objects.filter(links__child=first).update(
                number_of_children=len(children) + (family_name == "The Okafor family"),
                pregnant=family_name == "The Rahman family",
            )
            ParentChildLink.objects.filter(parent__links__child=first).update(
                contact_now=CONTACT.get(family_name, "not_known")
            )
            self._referral(first, mother, court_date, children, practitioner, number)
        self._sharing(users)
        self._upcoming(users, today)
        self._caseload(users, today)
        self._whole_journey(users)
        self._training(users)

    @staticmethod
    def _sentence(child: Child, stage: str, practitioner: User, today) -> None:
        """What the court decided at the family's hearing, and what followed, so that the
        mother's events put her at the `stage` the demo gives her."""
        Kind, Outcome = JusticeEvent.Kind, JusticeEvent.Outcome
        link = child.parent_links.get()
        hearing = link.parent.events.get(kind=Kind.HEARING)
        outcome = {
            Stage.CUSTODY: Outcome.CUSTODY,
            Stage.RELEASE: Outcome.CUSTODY,
            Stage.COMMUNITY_SENTENCE: Outcome.COMMUNITY,
        }.get(stage)
        if outcome is None:
            return
        custody = outcome == Outcome.CUSTODY
        services.justice_event_update(
            event=hearing,
            child_id=child.id,
            actor=practitioner,
            data={"outcome": outcome, "sentence_months": 8 if custody else None},
        )
        if not custody:
            return
        steps = [(Kind.PRISON, hearing.on, {"prison": "HMP Eastwood Park", "distance_miles": 64})]
        if stage == Stage.RELEASE:
            steps.append((Kind.RELEASE, hearing.on + timedelta(days=122), {}))
        else:
            steps.append((Kind.EXPECTED_RELEASE, today + timedelta(days=75), {}))
        for kind, on, details in steps:
            services.justice_event_record(
                link=link, actor=practitioner, kind=kind, data={"on": on, **details}
            )

    @staticmethod
    def _training(users: dict[str, User]) -> None:
        """The pilot's information sessions (plan actions 2.1, 2.2 and 5.1)."""
        pilot = Pilot.objects.get(slug="hopeside-2023")
        for audience, title, held_on, attended, sentencers, trained in [
            (
                "alliance",
                "Children's experiences when a mother is in the justice system",
                date(2023, 1, 17),
                {"voluntary": 6, "childrens_services": 3, "school": 4, "health": 2},
                0,
                [],
            ),
            (
                "practitioners",
                "Offering and completing a Child Impact Assessment",
                date(2023, 2, 2),
                {"childrens_services": 5, "womens_centre": 3, "probation": 2, "prison": 1},
                0,
                [users["practitioner1"], users["practitioner2"], users["dsl"]],
            ),
            (
                "court",
                "Children of mothers before the court",
                date(2023, 2, 21),
                {"court": 9, "probation": 4, "liaison_and_diversion": 2},
                3,
                [],
            ),
        ]:
            evaluation_services.training_session_save(
                pilot=pilot,
                actor=users["chair"],
                data={
                    "audience": audience,
                    "title": title,
                    "held_on": held_on,
                    "delivered_by": "Hopeside Women's Alliance",
                    "sentencers": sentencers,
                    "trained": trained,
                },
                attendance=attended,
            )

    @staticmethod
    def _whole_journey(users: dict[str, User]) -> None:
        """One family followed from arrest to release: Dionne Lewis's court hearing adjourned
        for a pre-sentence report and a CIA, Mia's view in the report with her consent, prison,
        a move to HMP Brackenmoor nearer home, visits and calls, Mia's case handed on to the
        prison's family services (Sam stays on it), a family day there answered by Lou, a day's
        temporary release, the release plan and the release."""
        sam, lou = users["practitioner1"], users["prison1"]
        mia = Child.objects.get(preferred_name="Mia")
        link = mia.parent_links.select_related("parent").get()
        Kind, Outcome = JusticeEvent.Kind, JusticeEvent.Outcome
        for kind, day, details in [
            (Kind.BAIL, date(2023, 1, 2), {}),
            (
                Kind.HEARING,
                date(2023, 1, 10),
                {
                    "court": "Hopeside Court",
                    "purpose": JusticeEvent.Purpose.PLEA,
                    "outcome": Outcome.ADJOURNED,
                    "adjourned_for": JusticeEvent.AdjournedFor.REPORT_AND_CIA,
                    "note": "The bench asked for Mia's and Jayden's views before sentence.",
                },
            ),
            (Kind.REPORT_ASKED, date(2023, 1, 10), {}),
            (Kind.REPORT_WRITTEN, date(2023, 1, 20), {"child_view": "with_consent"}),
            (Kind.TRANSFER, date(2023, 3, 6), {"prison": "HMP Brackenmoor", "distance_miles": 18}),
            (
                Kind.TEMPORARY_RELEASE,
                date(2023, 4, 15),
                {"note": "A day at home for Mia's birthday."},
            ),
            (Kind.EXPECTED_RELEASE, date(2023, 5, 26), {}),
        ]:
            services.justice_event_record(
                link=link, actor=sam, kind=kind, data={"on": day, **details}
            )
        for day, kind, who, summary in [
            (
                date(2023, 2, 18),
                CaseNote.Kind.PARENT_VISIT,
                "Mia, Jayden and Grandad",
                "Visited mum at HMP Eastwood Park. Two hours each way; Jayden was sick on the bus.",
            ),
            (
                date(2023, 3, 20),
                CaseNote.Kind.VIDEO_CALL,
                "Mia and her mum",
                "First video call from HMP Brackenmoor. Mia showed mum her science project.",
            ),
            (
                date(2023, 5, 30),
                CaseNote.Kind.HOME_VISIT,
                "Mia, Jayden, Grandad and Dionne",
                "Mum home four days. Mia says it feels strange but good.",
            ),
        ]:
            chronology_services.note_save(
                child=mia,
                actor=sam,
                data={"kind": kind, "happened_on": day, "who_took_part": who, "summary": summary},
            )
        chronology_services.parent_contact_save(
            link=link,
            actor=sam,
            data={
                "ways": [ParentContact.Way.VISITS, ParentContact.Way.VIDEO_CALLS],
                "how_often": ParentContact.HowOften.FORTNIGHTLY,
                "who_takes": "Grandad",
                "visitor_centre": YesNoUnknown.YES,
                "visit_costs_eligible": YesNoUnknown.YES,
                "visit_costs_claimed": YesNoUnknown.YES,
                "barriers": [ParentContact.Barrier.DISTANCE],
                "childs_wish": ParentContact.Wish.WANTS_CONTACT,
                "childs_words": "I want to see mum every week, not just on the phone.",
            },
        )
        chronology_services.release_plan_save(
            link=link,
            actor=sam,
            data={
                "expected_on": date(2023, 5, 26),
                "parent_will_live": "Back home with Grandad, Mia and Jayden at first",
                "room_for_children": YesNoUnknown.YES,
                "child_will_live_with": "Mum and Grandad",
                "childs_wishes": "Mia wants mum at her parents' evening in June.",
                "support_agreed": "A women's centre key worker for mum; Sam visits that week.",
                "conversation": mia.assessments.filter(stage=Stage.RELEASE).first(),
            },
        )
        brackenmoor = Organisation.objects.get(name="HMP Brackenmoor")
        services.consent_record(
            child=mia,
            recorded_by=sam,
            data={
                "given_by": Consent.GivenBy.CHILD,
                "competence_note": "Mia understood that the prison's team would hold her case.",
                "stages": Stage.values,
                "sections": sorted(ALL_SECTIONS),
                "include_practitioner_notes": True,
                "how_given": Consent.How.SPOKEN,
                "purpose": "So the prison's family team can help me see mum",
                "given_on": date(2023, 3, 7),
            },
            recipient_users=[],
            recipient_organisations=[brackenmoor],
        )
        hand_on = chronology_services.hand_on_propose(
            child=mia,
            actor=sam,
            to_organisation=brackenmoor,
            note="Dionne moved to HMP Brackenmoor on 6 March. Mia wants fortnightly visits.",
            sender_stays=True,
        )
        chronology_services.hand_on_decide(hand_on=hand_on, actor=lou, accept=True)
        HandOn.objects.filter(pk=hand_on.pk).update(
            created_at=_at(date(2023, 3, 7)), decided_at=_at(date(2023, 3, 8))
        )
        action = services.action_save(
            child=mia,
            actor=sam,
            data={
                "description": "A family day at HMP Brackenmoor for Mia and Jayden",
                "owner": "Sam Patel",
                "due_date": date(2023, 4, 1),
            },
        )
        onward = referral_services.onward_referral_create(
            action=action, service=SupportService.objects.get(name="Prison family days"), actor=sam
        )
        referral_services.onward_answer(onward=onward, actor=lou, accept=True)
        referral_services.onward_session_record(
            onward=onward, actor=lou, on=date(2023, 3, 25), note="Family day: crafts and lunch."
        )
        referral_services.onward_end(
            onward=onward,
            actor=lou,
            outcome="Mia and Jayden spent a whole day with their mum.",
            end_note="Mia asked to come again; the next family day is in May.",
        )
        AgreedAction.objects.filter(pk=action.pk).update(created_at=_at(date(2023, 3, 10)))
        for status, day in [("sent", 10), ("accepted", 13), ("started", 25), ("completed", 25)]:
            onward.events.filter(status=status).update(at=_at(date(2023, 3, day)))

    def _directory(self, users: dict[str, User]) -> None:
        owner = users["admin"]
        for position, (name, organisation, stage, how) in enumerate(ROUTES):
            ReferralRoute.objects.get_or_create(
                name=name,
                defaults={
                    "organisation": Organisation.objects.get(name=organisation),
                    "stage": stage,
                    "how_to_refer": how,
                    "owner": owner,
                    "position": position,
                    "last_verified": date(2023, 1, 9) if position == 4 else timezone.localdate(),
                },
            )
        ReferralRoute.objects.get_or_create(
            name="Families asking for themselves",
            defaults={
                "organisation": Organisation.objects.get(name="Hopeside Women's Centre"),
                "stage": Stage.COURT,
                "how_to_refer": "Mothers, carers and young people ask through the public form "
                "(/families/ask/); anyone at the women's centre picks the request up.",
                "owner": owner,
                "position": len(ROUTES),
                "takes_family_requests": True,
            },
        )
        for position, (name, organisation, kind, ages, how) in enumerate(SERVICES):
            SupportService.objects.get_or_create(
                name=name,
                defaults={
                    "organisation": Organisation.objects.get(name=organisation),
                    "type": kind,
                    "min_age": ages[0],
                    "max_age": ages[1],
                    "how_to_refer": how,
                    "owner": owner,
                    "position": position,
                    "last_verified": timezone.localdate(),
                },
            )

    def _pilot(self, users: dict[str, User]) -> None:
        """The Hopeside pilot, its action plan (with some progress) and some feedback."""
        pilot, created = Pilot.objects.get_or_create(
            slug="hopeside-2023",
            defaults={
                "name": "Hopeside Child Impact Assessment pilot",
                "area": Area.objects.get(slug="hopeside"),
                "court": "Hopeside Court",
                "start": date(2023, 1, 1),
                "end": date(2023, 12, 31),
                "target_children": 15,
                "aim": "To pilot and evaluate the use of Child Impact Assessments for 15 children "
                "whose mothers have a court appearance.",
                "background": "Hopeside Women's Alliance (fictional) agreed to pilot and "
                "evaluate Child Impact Assessments for 15 children whose mothers appear before "
                "Hopeside Court from January to December 2023.",
            },
        )
        if not created:
            return
        pilot.partners.set(Organisation.objects.filter(name__startswith="Hopeside"))
        evaluation_services.action_plan_load(
            pilot=pilot, plan_file=evaluation_services.PLANS / "hopeside-2023.json"
        )
        progress = {"1.": PlanAction.Status.DONE, "2.1": PlanAction.Status.DONE}
        progress |= {"5.2": PlanAction.Status.AT_RISK, "7.1": PlanAction.Status.IN_PROGRESS}
        for action in PlanAction.objects.filter(outcome__pilot=pilot):
            for prefix, status in progress.items():
                if action.code.startswith(prefix):
                    action.status = status
                    action.updated_by = users["chair"]
                    action.save()
        PlanAction.objects.filter(outcome__pilot=pilot, code="5.2").update(
            note="Fictional: two hearings went ahead before the CIA was finished."
        )
        for n, (respondent, scores, words) in enumerate(FEEDBACK):
            evaluation_services.feedback_enter_paper(
                pilot=pilot,
                entered_by=users["practitioner1"],
                data={
                    "respondent": respondent,
                    "stage": Stage.COURT,
                    "submitted_on": date(2023, 3, 1) + timedelta(days=17 * n),
                    "listened_to": scores[0],
                    "supported": scores[1],
                    "included": scores[2],
                    "told_what_next": scores[3],
                    "comments": words,
                    "may_quote": bool(words),
                },
            )

    def _sharing(self, users: dict[str, User]) -> None:
        """Tobi shares his court words with the pre-sentence report author; Liam shared with his
        school and then changed his mind; a safeguarding lead shares Harvey's record."""
        tobi = Child.objects.get(preferred_name="Tobi")
        services.consent_record(
            child=tobi,
            recorded_by=users["practitioner1"],
            data={
                "given_by": Consent.GivenBy.CHILD,
                "competence_note": "Tobi understood who would read it and why.",
                "stages": [Stage.COURT],
                "how_given": Consent.How.SPOKEN,
                "sections": [
                    "what-i-want-people-to-know",
                    "what-i-would-like-to-happen",
                    Consent.DRAWINGS,
                ],
                "purpose": "So the judge knows about me (mum's pre-sentence report)",
                "for_pre_sentence_report": True,
                "given_on": date(2023, 3, 6),
            },
            recipient_users=[users["practitioner2"]],
            recipient_organisations=[],
        )
        liam = Child.objects.get(preferred_name="Liam")
        school = services.consent_record(
            child=liam,
            recorded_by=users["practitioner1"],
            data={
                "given_by": Consent.GivenBy.CHILD,
                "competence_note": "Liam is 13 and clear.",
                "stages": [Stage.CUSTODY],
                "sections": ["who-helps-me"],
                "how_given": Consent.How.WRITTEN,
                "purpose": "So my school can support me",
                "given_on": date(2023, 4, 1),
            },
            recipient_users=[],
            recipient_organisations=[Organisation.objects.get(name="Hopeside Academy")],
        )
        services.consent_withdraw(
            consent=school,
            actor=users["practitioner1"],
            note="Liam said: if my school knew I would want to change schools.",
        )
        services.override_record(
            child=Child.objects.get(preferred_name="Harvey"),
            created_by=users["dsl"],
            data={
                "recipient_organisation": Organisation.objects.get(
                    name="Hopeside Children's Services"
                ),
                "reason": "Fictional example: worries about Harvey's safety at his placement.",
                "ends_on": timezone.localdate() + timedelta(days=30),
            },
        )

    def _referral(self, child, mother, court_date, children, practitioner, number) -> None:
        """How the family reached the pilot: received three weeks before court, offered a week
        later, accepted (or declined) and allocated, linked to the family once it was added."""
        route = ReferralRoute.objects.filter(stage=Stage.COURT)[number % 2]
        received = court_date - timedelta(days=21)
        referral = referral_services.referral_create(
            received_by=practitioner,
            data={
                "route": route,
                "referred_by": f"{route.name} (fictional referrer)",
                "received_on": received,
                "mother_name": mother,
                "next_court_date": court_date,
                "children_description": ", ".join(c[0] for c in children),
            },
            at=_at(received),
        )
        steps = [(Referral.Status.OFFERED, 7, "")]
        if any(c[0] == "Zara" for c in children):
            steps.append((Referral.Status.DECLINED, 7, "Zara said no, thank you, for now."))
        else:
            steps += [(Referral.Status.ACCEPTED, 7), (Referral.Status.ALLOCATED, 8)]
        for to, days, *reason in steps:
            referral_services.referral_transition(
                referral=referral,
                to=to,
                actor=practitioner,
                reason=reason[0] if reason else "",
                allocated_to=practitioner,
                at=_at(received + timedelta(days=days)),
            )
        referral_services.referral_link_family(
            referral=referral, family=child.family, actor=practitioner
        )

    def _upcoming(self, users: dict[str, User], today) -> None:
        """Something for this week: new referrals (one waiting too long, with court in six days),
        two hearings ahead, a consent due for review and an onward referral under way."""
        routes = ReferralRoute.objects.all()
        for days_ago, route, mother, court_in, children, offer in [
            (8, routes[4], "Nicole", 5, "Kai (9)", False),
            (2, routes[0], "Farah", 19, "Amira (12) and Yusuf (7)", True),
        ]:
            referral = referral_services.referral_create(
                received_by=users["practitioner1"],
                data={
                    "route": route,
                    "referred_by": f"{route.name} (fictional referrer)",
                    "received_on": today - timedelta(days=days_ago),
                    "mother_name": mother,
                    "next_court_date": _weekday(today + timedelta(days=court_in)),
                    "children_description": children,
                },
                at=_at(today - timedelta(days=days_ago)),
            )
            if offer:
                referral_services.referral_transition(
                    referral=referral, to=Referral.Status.OFFERED, actor=users["practitioner1"]
                )
        for name, days in [("Harvey", 4), ("Tobi", 12)]:
            services.justice_event_record(
                link=Child.objects.get(preferred_name=name).parent_links.get(),
                actor=users["practitioner2" if name == "Harvey" else "practitioner1"],
                kind=JusticeEvent.Kind.HEARING,
                data={
                    "on": _weekday(today + timedelta(days=days)),
                    "court": "Hopeside Court",
                    "purpose": JusticeEvent.Purpose.SENTENCING,
                },
            )
        tobi = Child.objects.get(preferred_name="Tobi")
        families_together = Organisation.objects.get(name="Hopeside Families Together")
        services.consent_record(
            child=tobi,
            recorded_by=users["practitioner1"],
            data={
                "given_by": Consent.GivenBy.CHILD,
                "competence_note": "Tobi understood what Families Together would be told.",
                "stages": [Stage.COURT],
                "sections": ["who-helps-me", "what-i-would-like-to-happen"],
                "how_given": Consent.How.SPOKEN,
                "purpose": "So Families Together can help me and Grandma",
                "given_on": today - timedelta(days=20),
                "review_on": today + timedelta(days=5),
            },
            recipient_users=[],
            recipient_organisations=[families_together],
        )
        onward = referral_services.onward_referral_create(
            action=tobi.actions.get(status=AgreedAction.Status.TO_DO),
            service=SupportService.objects.get(name="Families Together family support"),
            actor=users["practitioner1"],
            note="Help Tobi and his grandma set up a weekly phone call with his mum.",
        )
        referral_services.onward_referral_transition(
            onward=onward, to=onward.Status.ACCEPTED, actor=users["practitioner1"]
        )
        for days_ago, kind, who, summary in [
            (
                9,
                CaseNote.Kind.PHONE_CALL,
                "Grandma (Tobi's carer)",
                "Grandma says Tobi is sleeping better. We did not ask about visits yet: she wants "
                "to talk about them after the hearing.",
            ),
            (
                6,
                CaseNote.Kind.SCHOOL_VISIT,
                "Ms Okafor (head of year), with Tobi's agreement",
                "Agreed a quiet place at break on hard days. The school will not tell other "
                "pupils anything about Tobi's mum.",
            ),
            (
                2,
                CaseNote.Kind.NO_CONTACT_MADE,
                "Grandma",
                "Rang twice about the prison visit form; no answer. Will try again on Friday.",
            ),
        ]:
            chronology_services.note_save(
                child=tobi,
                actor=users["practitioner1"],
                data={
                    "kind": kind,
                    "happened_on": today - timedelta(days=days_ago),
                    "who_took_part": who,
                    "summary": summary,
                },
            )
        chronology_services.parent_contact_save(
            link=tobi.parent_links.get(),
            actor=users["practitioner1"],
            data={
                "ways": [ParentContact.Way.PHONE_CALLS, ParentContact.Way.LETTERS],
                "how_often": ParentContact.HowOften.NONE,
                "who_takes": "Grandma, once visits can start",
                "visit_costs_eligible": YesNoUnknown.YES,
                "visit_costs_claimed": YesNoUnknown.NO,
                "barriers": [ParentContact.Barrier.DISTANCE, ParentContact.Barrier.COST],
                "childs_wish": ParentContact.Wish.WANTS_CONTACT,
                "childs_words": "I want to hear mum's voice every week, and see her at Christmas.",
            },
        )

    def _caseload(self, users: dict[str, User], today) -> None:
        """Outside the pilot: Dan is on leave with a case and a referral for his manager, Rosa,
        to move; and Jo, at probation, adds a "Toby" born the same day as Tobi, so the duplicate
        check asks Sam (Tobi's case holder) whether to add her."""
        dan = users["practitioner3"]
        ellie = services.case_create(
            created_by=dan,
            data={
                "family_name": "The Marsh family",
                "preferred_name": "Ellie",
                "date_of_birth": date(2016, 9, 14),
                "gender": Child.Gender.GIRL,
                "ethnicity": Child.Ethnicity.WHITE,
                "lives_with": "Grandad",
                "care_arrangement": "sole_or_primary",
                "parent_name": "Kerry",
                "relationship": "mother",
                "so_far_kind": JusticeEvent.Kind.PRISON,
                "so_far_on": today - timedelta(days=40),
            },
        )
        services.action_save(
            child=ellie,
            actor=dan,
            data={
                "description": "Arrange Ellie's first visit to see her mum",
                "owner": "Dan Hughes",
                "due_date": today - timedelta(days=3),
            },
        )
        route = (
            ReferralRoute.objects.filter(stage=Stage.CUSTODY).first()
            or ReferralRoute.objects.first()
        )
        referral_services.referral_create(
            received_by=dan,
            data={
                "route": route,
                "referred_by": f"{route.name} (fictional referrer)",
                "received_on": today - timedelta(days=3),
                "mother_name": "Shannon",
                "children_description": "Riley (6)",
            },
            at=_at(today - timedelta(days=3)),
        )
        tobi = Child.objects.get(preferred_name="Tobi")
        toby = services.case_create(
            created_by=users["practitioner2"],
            data={
                "family_name": "Grace A. (probation)",
                "preferred_name": "Toby",
                "date_of_birth": tobi.date_of_birth,
                "gender": tobi.gender,
                "ethnicity": tobi.ethnicity,
                "care_arrangement": "sole_or_primary",
                "parent_name": "Grace",
                "relationship": "mother",
                "so_far_kind": JusticeEvent.Kind.BAIL,
                "so_far_on": today - timedelta(days=60),
            },
        )
        services.duplicate_check(child=toby, actor=users["practitioner2"])

    def _conversations(self, child, practitioner, number, court_date, today) -> None:
        offered = court_date - timedelta(days=14)
        if number == 6:  # a child who said no: a valid outcome, recorded kindly
            services.offer_record(
                child=child,
                offered_by=practitioner,
                data={
                    "stage": Stage.COURT,
                    "offered_on": offered,
                    "outcome": Offer.Outcome.DECLINED,
                    "reason": "I don't want to talk about it right now. Maybe later.",
                    "preferred_adult": "",
                },
            )
            return
        services.offer_record(
            child=child,
            offered_by=practitioner,
            data={
                "stage": Stage.COURT,
                "offered_on": offered,
                "outcome": Offer.Outcome.ACCEPTED,
                "reason": "",
                "preferred_adult": "",
            },
        )
        assessment = services.assessment_start(
            child=child,
            created_by=practitioner,
            data={
                "stage": Stage.COURT,
                "conversation_date": offered + timedelta(days=5),
                "completed_with": practitioner,
                "chosen_by_child": True,
            },
        )
        in_progress = number in (3, 9, 14)
        answers = dict(WORDS) if not in_progress else {"about_me": WORDS["about_me"]}
        answers["feelings"] = ["worried", "sad"] if number % 2 else ["confused", "okay"]
        services.assessment_save(assessment=assessment, actor=practitioner, data=answers)
        if number == 1:
            services.drawing_add(
                assessment=assessment,
                actor=practitioner,
                image=_drawing_png(),
                caption="My house with me and Ayo",
            )
        if in_progress:
            return
        services.assessment_complete(
            assessment=assessment, actor=practitioner, at=_at(assessment.conversation_date)
        )
        services.action_save(
            child=child,
            actor=practitioner,
            data={
                "description": f"Share {child.preferred_name}'s words with the pre-sentence report "
                "author (with their agreement)",
                "owner": "Jo Clarke, probation",
                "due_date": court_date - timedelta(days=2),
                "status": AgreedAction.Status.DONE,
                "outcome": "Included in the report.",
                "assessment": assessment,
            },
        )
        follow_up = {1: 21, 2: 30, 4: -10, 7: 14, 11: 45}
        if number in follow_up:
            services.action_save(
                child=child,
                actor=practitioner,
                data={
                    "description": "Arrange a weekly phone call with mum",
                    "owner": practitioner.get_full_name(),
                    "due_date": today + timedelta(days=follow_up[number]),
                    "status": AgreedAction.Status.TO_DO,
                    "outcome": "",
                    "assessment": assessment,
                },
            )
        if number in (4, 5, 12):
            later = services.assessment_start(
                child=child,
                created_by=practitioner,
                data={
                    "stage": Stage.CUSTODY,
                    "conversation_date": court_date + timedelta(days=40),
                    "completed_with": practitioner,
                    "chosen_by_child": True,
                },
            )
            services.assessment_save(
                assessment=later,
                actor=practitioner,
                data={
                    "feelings": ["lonely"],
                    "feelings_words": "I miss mum. The visits are too short.",
                    "what_would_help": "Longer visits, and help with homework.",
                },
            )
            if number != 12:
                services.assessment_complete(
                    assessment=later, actor=practitioner, at=_at(later.conversation_date)
                )
