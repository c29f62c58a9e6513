"""Children, their families, and the Child Impact Assessment conversations held with them."""

import secrets
import uuid
from datetime import date
from functools import cache

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Stage(models.TextChoices):
    """Where the parent is in the justice system; each conversation belongs to one stage."""

    ARREST = "arrest", _("Arrest, bail or remand")
    COURT = "court", _("Court and sentencing")
    CUSTODY = "custody", _("Custody (prison)")
    COMMUNITY_SENTENCE = "community_sentence", _("Community sentence")
    RELEASE = "release", _("Release")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_KNOWN = "not_known", _("Not known")


REFERENCE_LETTERS = "23456789BCDFGHJKLMNPQRSTVWXZ"  # no vowels (no words), no 0/O, 1/I


def new_reference() -> str:
    """A case reference to say on the phone or write on paper: 'K7MXB-2D9QZ'. 28 to the power
    10 of them: two alike among 300,000 children is about a 1 in 7,000 chance."""
    letters = "".join(secrets.choice(REFERENCE_LETTERS) for _ in range(10))
    return f"{letters[:5]}-{letters[5:]}"


def normalised_reference(text: str) -> str:
    """What someone typed ('k7mxb 2d9qz', 'K7MXB2D9QZ') as a stored reference, or ''."""
    letters = "".join(c for c in text.upper() if c.isalnum())
    if len(letters) != 10 or any(c not in REFERENCE_LETTERS for c in letters):
        return ""
    return f"{letters[:5]}-{letters[5:]}"


class BaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field) -> str:
        """`get_<field>_display()`: the label of the value, translated. Django's own
        translates every label of the field to find one (a child's page shows about twenty,
        some of twenty labels); this looks it up first."""
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(value, value), strings_only=True)


@cache
def _labels(field: models.Field) -> dict:
    """A field's choices as value -> label, the labels still lazy (translated when shown)."""
    return dict(field.flatchoices)


class Family(BaseModel):
    """Brothers and sisters, the parent in the justice system and the carers belong to a family."""

    name = models.CharField(
        _("Family name"),
        max_length=100,
        help_text=_("How you refer to this family, e.g. 'the Smiths'."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.name


class Child(BaseModel):
    class Gender(models.TextChoices):
        GIRL = "girl", _("Girl")
        BOY = "boy", _("Boy")
        ANOTHER = "another", _("In another way")
        NOT_SAID = "not_said", _("Prefers not to say")

    class Ethnicity(models.TextChoices):
        # The five high-level groups of the 2021 census, plus not known.
        ASIAN = "asian", _("Asian or Asian British")
        BLACK = "black", _("Black, Black British, Caribbean or African")
        MIXED = "mixed", _("Mixed or multiple ethnic groups")
        WHITE = "white", _("White")
        OTHER = "other", _("Other ethnic group")
        NOT_KNOWN = "not_known", _("Not known or prefers not to say")

    class CareStatus(models.TextChoices):
        NONE = "none", _("None")
        CHILD_IN_NEED = "child_in_need", _("Child in need")
        CHILD_PROTECTION = "child_protection", _("Child protection plan")
        LOOKED_AFTER = "looked_after", _("Looked after")

    class LivingArrangement(models.TextChoices):
        """Who the child lives with now, in groups that can be counted (kinship care is
        family or friends caring for the child; fostering and residential care are care)."""

        PARENT_IN_JUSTICE = "parent_in_justice", _("The parent in the justice system")
        OTHER_PARENT = "other_parent", _("Their other parent, or a step-parent")
        GRANDPARENT = "grandparent", _("A grandparent (kinship care)")
        OTHER_FAMILY = "other_family", _("Other family or friends (kinship care)")
        FOSTER_CARE = "foster_care", _("Foster care")
        RESIDENTIAL = "residential", _("A children's home or residential care")
        ADOPTED = "adopted", _("Adoptive parents")
        INDEPENDENT = "independent", _("On their own, or somewhere else")
        NOT_KNOWN = "not_known", _("Not known")

    class SiblingsApart(models.TextChoices):
        YES = "yes", _("Yes, some brothers or sisters live somewhere else")
        NO = "no", _("No, they live together")
        NO_SIBLINGS = "no_siblings", _("No brothers or sisters")
        NOT_KNOWN = "not_known", _("Not known")

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="children")
    reference = models.CharField(max_length=11, unique=True, default=new_reference, editable=False)
    preferred_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(db_index=True)
    gender = models.CharField(max_length=16, choices=Gender.choices)
    ethnicity = models.CharField(max_length=16, choices=Ethnicity.choices)
    school = models.CharField(max_length=200, blank=True)
    school_knows = models.CharField(
        _("Does the school know?"),
        max_length=16,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.NOT_KNOWN,
        help_text=_("Only tell the school if the child agrees."),
    )
    living_arrangement = models.CharField(
        _("Who does the child live with now?"),
        max_length=32,
        choices=LivingArrangement.choices,
        default=LivingArrangement.NOT_KNOWN,
    )
    lives_with = models.CharField(
        _("Their names, or more about where the child lives"), max_length=200, blank=True
    )
    lives_with_since = models.DateField(_("Living there since"), null=True, blank=True)
    care_status = models.CharField(
        max_length=32, choices=CareStatus.choices, default=CareStatus.NONE
    )
    siblings_apart = models.CharField(
        _("Does the child live apart from any brothers or sisters?"),
        max_length=16,
        choices=SiblingsApart.choices,
        default=SiblingsApart.NOT_KNOWN,
    )
    told_what = models.TextField(_("What the child has been told"), blank=True)
    saw_arrest = models.CharField(
        _("Did the child see the arrest?"),
        max_length=16,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.NOT_KNOWN,
    )
    trusted_adults = models.TextField(_("Trusted adults the child has named"), blank=True)
    young_carer_duties = models.TextField(_("Caring the child does at home"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    practitioners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="allocated_children",
        blank=True,
        help_text=_("The practitioners allocated to the case. They hold it and may change it."),
    )
    # Retention counts from the day the case closes (`records.retention`).
    closed_on = models.DateField(_("Case closed on"), null=True, blank=True)
    # Set when the record is anonymised (on request or under retention): the row stays, with only
    # what the evaluation counts, and nobody can open it.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "children"
        ordering = ["preferred_name"]
        indexes = [
            models.Index(
                fields=["closed_on"],
                condition=models.Q(closed_on__isnull=False, erased_at__isnull=True),
                name="child_closed_not_erased",
            )
        ]

    def __str__(self) -> str:
        return self.preferred_name

    def age_on(self, day: date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())


class ChildUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's direct foreign-key permission rows for children (fast, indexed).

    Derived state, written only by `assessments.privacy.grants.child_sync_grants`. `valid_until`
    carries the end of the consent or override behind a grant, so expiry takes effect at
    once, without waiting for the grants to be recomputed.
    """

    content_object = models.ForeignKey(Child, on_delete=models.CASCADE)
    valid_until = models.DateField(null=True, blank=True)

    class Meta(UserObjectPermissionBase.Meta):
        pass  # the base's unique (user, permission, object) index serves every check


class ChildGroupObjectPermission(GroupObjectPermissionBase):
    """Grants to an organisation, through the organisation's group."""

    content_object = models.ForeignKey(Child, on_delete=models.CASCADE)
    valid_until = models.DateField(null=True, blank=True)

    class Meta(GroupObjectPermissionBase.Meta):
        pass


class ParentInJustice(BaseModel):
    """The mother (or father, or brother) in the criminal justice system. Her way through it
    is a list of dated events (`JusticeEvent`); where she is now is worked out from them."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="parents")
    name = models.CharField(max_length=100)
    pregnant = models.BooleanField(default=False)
    number_of_children = models.PositiveSmallIntegerField(
        _("How many children does the parent have?"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Of any age, wherever they live, including any not known to this service."),
    )

    class Meta:
        verbose_name = "parent in the justice system"
        verbose_name_plural = "parents in the justice system"

    def __str__(self) -> str:
        return self.name


class ParentChildLink(BaseModel):
    """How one parent in the justice system relates to, and cares for, one child.

    Maternal status is asked broadly: narrow "sole or primary carer" questions make mothers
    invisible.
    """

    class Relationship(models.TextChoices):
        MOTHER = "mother", _("Mum")
        FATHER = "father", _("Dad")
        STEP_PARENT = "step_parent", _("Step-parent")
        BROTHER = "brother", _("Brother")
        SISTER = "sister", _("Sister")
        GRANDPARENT = "grandparent", _("Grandparent")
        CARER = "carer", _("Carer (not a parent)")
        OTHER = "other", _("Other")

    class CareArrangement(models.TextChoices):
        LIVES_WITH = "lives_with", _("Lives with the child")
        SOLE_OR_PRIMARY = "sole_or_primary", _("Sole or primary carer")
        SHARED = "shared", _("Shared care")
        APART_WITH_CONTACT = "apart_with_contact", _("Lives apart, with contact")
        CONTACT_UNDER_ORDER = "contact_under_order", _("Contact under a court order")
        CHILD_REMOVED = "child_removed", _("Child removed from their care")
        NO_CONTACT = "no_contact", _("No contact")

    class Contact(models.TextChoices):
        """Whether contact with a parent who is away (in prison, or living apart) is kept up."""

        LIVE_TOGETHER = "live_together", _("They live together")
        VISITS = "visits", _("Visits, and calls or letters")
        CALLS_OR_LETTERS = "calls", _("Calls, video calls or letters only")
        NONE = "none", _("No contact")
        NOT_KNOWN = "not_known", _("Not known")

    # A parent who cared for the child before (asked broadly: not only a sole carer).
    CARED_FOR = (
        CareArrangement.LIVES_WITH,
        CareArrangement.SOLE_OR_PRIMARY,
        CareArrangement.SHARED,
    )

    parent = models.ForeignKey(ParentInJustice, on_delete=models.CASCADE, related_name="links")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="parent_links")
    relationship = models.CharField(
        max_length=16, choices=Relationship.choices, default=Relationship.MOTHER
    )
    care_arrangement = models.CharField(max_length=32, choices=CareArrangement.choices)
    removed_on = models.DateField(_("When the child was removed"), null=True, blank=True)
    contact_now = models.CharField(
        _("How does the child keep in touch with this parent now?"),
        max_length=16,
        choices=Contact.choices,
        default=Contact.NOT_KNOWN,
    )
    return_plans = models.TextField(_("Plans for the child's return"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="one_link_per_parent_child")
        ]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} of {self.child}"


class JusticeEventQuerySet(models.QuerySet):
    def hearings(self):
        return self.filter(kind=JusticeEvent.Kind.HEARING)

    def sentencing(self):
        """Hearings that were for sentencing, or gave a sentence."""
        return self.hearings().filter(
            models.Q(purpose=JusticeEvent.Purpose.SENTENCING)
            | models.Q(outcome__in=JusticeEvent.SENTENCES)
        )

    def happened(self, *, on: date):
        """What had happened by `on`: not a hearing still to come, nor an expected release."""
        return self.filter(on__lte=on, stage__isnull=False)

    def latest_first(self):
        """(`assessments.justice.in_order`, reversed)."""
        return self.order_by("-on", "-created_at", "-id")


class JusticeEvent(BaseModel):
    """One dated step of the parent's way through the justice system: an arrest, a hearing and
    its outcome, a report, prison and each move between prisons, release, recall. `stage` is
    worked out by the database from the kind and the outcome, so the parent's stage (that of
    the latest step that has happened) cannot disagree with the steps."""

    class Kind(models.TextChoices):
        ARREST = "arrest", _("Arrested")
        POLICE_CUSTODY = "police_custody", _("Held in police custody")
        CHARGE = "charge", _("Charged")
        BAIL = "bail", _("Released on bail")
        REMAND = "remand", _("Remanded in custody")
        HEARING = "hearing", _("Court hearing")
        REPORT_ASKED = "report_asked", _("Pre-sentence report asked for")
        REPORT_WRITTEN = "report_written", _("Pre-sentence report written")
        PRISON = "prison", _("Went to prison")
        TRANSFER = "transfer", _("Moved to another prison")
        TEMPORARY_RELEASE = "temporary_release", _("Temporary release")
        EXPECTED_RELEASE = "expected_release", _("Release expected")
        RELEASE = "release", _("Released")
        RECALL = "recall", _("Recalled to prison")

    class Purpose(models.TextChoices):
        FIRST_APPEARANCE = "first_appearance", _("First appearance")
        PLEA = "plea", _("Plea hearing")
        TRIAL = "trial", _("Trial")
        SENTENCING = "sentencing", _("Sentencing")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        ADJOURNED = "adjourned", _("Adjourned")
        BAILED = "bailed", _("Bail given")
        REMANDED = "remanded", _("Remanded in custody")
        CUSTODY = "custody", _("Sentenced to custody")
        SUSPENDED = "suspended", _("Suspended sentence")
        COMMUNITY = "community", _("Community order")
        FINE = "fine", _("Fine")
        DISCHARGE = "discharge", _("Discharge")
        ACQUITTED = "acquitted", _("Not guilty, or the case was dropped")

    class AdjournedFor(models.TextChoices):
        REPORT_AND_CIA = "report_and_cia", _("A pre-sentence report and a Child Impact Assessment")
        REPORT = "report", _("A pre-sentence report")
        OTHER = "other", _("Another reason")

    class ChildView(models.TextChoices):
        WITH_CONSENT = "with_consent", _("Yes, with the child's consent")
        NO = "no", _("No")
        NOT_KNOWN = "not_known", _("Not known")

    SENTENCES = (
        Outcome.CUSTODY,
        Outcome.SUSPENDED,
        Outcome.COMMUNITY,
        Outcome.FINE,
        Outcome.DISCHARGE,
    )
    IN_PRISON = (Kind.PRISON, Kind.TRANSFER, Kind.RECALL)  # name the prison

    parent = models.ForeignKey(ParentInJustice, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("What happened"), max_length=32, choices=Kind.choices)
    on = models.DateField(_("Date"))
    court = models.CharField(_("Court"), max_length=200, blank=True)
    purpose = models.CharField(
        _("What the hearing was for"), max_length=32, choices=Purpose.choices, blank=True
    )
    outcome = models.CharField(
        _("What the court decided"), max_length=32, choices=Outcome.choices, blank=True
    )
    adjourned_for = models.CharField(
        _("Why the hearing was adjourned"), max_length=32, choices=AdjournedFor.choices, blank=True
    )
    sentence_months = models.DecimalField(
        _("Length of the sentence, in months"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    prison = models.CharField(_("Prison"), max_length=200, blank=True)
    distance_miles = models.PositiveIntegerField(
        _("Distance from the child's home, in miles"), null=True, blank=True
    )
    child_view = models.CharField(
        _("Did the child's view go into the report?"),
        max_length=32,
        choices=ChildView.choices,
        blank=True,
    )
    note = models.TextField(_("Anything else"), max_length=2000, blank=True)
    # (a hearing with no outcome yet is "court": `happened` leaves out those still to come)
    stage = models.GeneratedField(
        expression=models.Case(
            models.When(
                kind__in=[Kind.ARREST, Kind.POLICE_CUSTODY, Kind.CHARGE, Kind.BAIL, Kind.REMAND],
                then=models.Value(Stage.ARREST),
            ),
            models.When(
                kind=Kind.HEARING, outcome=Outcome.CUSTODY, then=models.Value(Stage.CUSTODY)
            ),
            models.When(
                kind=Kind.HEARING,
                outcome__in=[Outcome.SUSPENDED, Outcome.COMMUNITY],
                then=models.Value(Stage.COMMUNITY_SENTENCE),
            ),
            models.When(
                kind__in=[Kind.HEARING, Kind.REPORT_ASKED, Kind.REPORT_WRITTEN],
                then=models.Value(Stage.COURT),
            ),
            models.When(
                kind__in=[Kind.PRISON, Kind.TRANSFER, Kind.TEMPORARY_RELEASE, Kind.RECALL],
                then=models.Value(Stage.CUSTODY),
            ),
            models.When(kind=Kind.RELEASE, then=models.Value(Stage.RELEASE)),
            default=None,
        ),
        output_field=models.CharField(max_length=32, choices=Stage.choices, null=True),
        db_persist=True,
    )

    objects = JusticeEventQuerySet.as_manager()

    class Meta:
        ordering = ["on", "created_at"]
        indexes = [
            models.Index(fields=["parent", "on"]),
            models.Index(
                fields=["on"], condition=models.Q(kind="hearing"), name="event_hearing_on"
            ),
            # Which children a pilot counts: hearings at its court (any case) in its period.
            models.Index(
                Upper("court"),
                "on",
                condition=models.Q(kind="hearing"),
                name="event_hearing_court_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.on:%-d %B %Y}"


class Carer(BaseModel):
    class Relationship(models.TextChoices):
        OTHER_PARENT = "other_parent", _("Other parent")
        GRANDPARENT = "grandparent", _("Grandparent")
        KINSHIP = "kinship", _("Other family member (kinship carer)")
        FAMILY_FRIEND = "family_friend", _("Family friend (private arrangement)")
        FOSTER = "foster", _("Foster carer")
        RESIDENTIAL = "residential", _("Residential care")
        OTHER = "other", _("Other")

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="carers")
    name = models.CharField(max_length=100)
    relationship = models.CharField(max_length=32, choices=Relationship.choices)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    support_needs = models.TextField(_("Their own support needs"), blank=True)

    def __str__(self) -> str:
        return self.name


class Offer(BaseModel):
    """A CIA is offered, never imposed. Declining is a valid outcome, not an error."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Said no, thank you")
        SOMEONE_ELSE = "someone_else", _("Would like someone else to do it with them")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="offers")
    stage = models.CharField(max_length=32, choices=Stage.choices)
    offered_on = models.DateField(default=timezone.localdate)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason = models.TextField(_("The child's reason, if they gave one"), blank=True)
    preferred_adult = models.CharField(_("Who they would like instead"), max_length=200, blank=True)

    class Meta:
        ordering = ["-offered_on", "-created_at"]

    def __str__(self) -> str:
        return f"CIA offered {self.offered_on:%-d %B %Y}: {self.get_outcome_display()}"


class Assessment(BaseModel):
    """One conversation with one child at one stage. There may be several at each stage."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        COMPLETED = "completed", _("Completed")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="assessments")
    stage = models.CharField(max_length=32, choices=Stage.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    conversation_date = models.DateField(default=timezone.localdate)
    completed_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessments_completed_with",
        help_text=_("The trusted adult who has the conversation with the child."),
    )
    chosen_by_child = models.BooleanField(_("The child chose this adult"), default=True)
    on_paper = models.BooleanField(
        _("Done on paper, typed in afterwards"),
        default=False,
        help_text=_(
            "The child answered on a printed pack. Type in their words as they wrote them, "
            "and add photos of their drawings."
        ),
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    # The child's words: one field per question (see assessments/sections.py).
    about_me = models.TextField(blank=True)
    what_is_happening = models.TextField(blank=True)
    feelings = models.JSONField(default=list, blank=True)
    feelings_words = models.TextField(blank=True)
    worries = models.TextField(blank=True)
    who_helps = models.TextField(blank=True)
    what_would_help = models.TextField(blank=True)
    want_people_to_know = models.TextField(blank=True)
    would_like_to_happen = models.TextField(blank=True)

    # Kept apart from the child's words, and never shared unless chosen explicitly.
    practitioner_notes = models.TextField(blank=True)

    # How the questions are worded for this child (see assessments/wording.py).
    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        WELSH = "cy", _("Cymraeg (Welsh)")

    class AgeBand(models.TextChoices):
        UNDER_8 = "under_8", _("Under 8")
        EIGHT_TO_12 = "8_12", _("8 to 12")
        THIRTEEN_PLUS = "13_plus", _("13 and over")

    class FamilyMember(models.TextChoices):
        MUM = "mum", _("Mum")
        DAD = "dad", _("Dad")
        STEP_PARENT = "step_parent", _("Step-parent")
        BROTHER = "brother", _("Brother")
        SISTER = "sister", _("Sister")
        GRANDPARENT = "grandparent", _("Grandparent")
        CARER = "carer", _("Carer")
        OTHER = "other", _("Someone else in the family")

    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    age_band = models.CharField(
        _("Words for age"), max_length=8, choices=AgeBand.choices, blank=True
    )
    family_member = models.CharField(
        _("Who in the family is in the justice system"),
        max_length=16,
        choices=FamilyMember.choices,
        blank=True,
    )

    class Meta:
        ordering = ["-conversation_date", "-created_at"]
        indexes = [models.Index(fields=["child", "stage"])]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} conversation, {self.conversation_date:%-d %B %Y}"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


def _drawing_path(instance: "Drawing", filename: str) -> str:
    return f"drawings/{instance.assessment_id}/{uuid.uuid4().hex}.png"


class Drawing(BaseModel):
    """A drawing by the child, or a photo of one. Private: served only through a checked view."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="drawings")
    image = models.ImageField(upload_to=_drawing_path)  # default storage is private
    caption = models.CharField(
        _("What the drawing shows, in the child's words"), max_length=300, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.caption or "Drawing"


class AgreedAction(BaseModel):
    """Children want action, not another report: every conversation should end with some."""

    class Status(models.TextChoices):
        TO_DO = "to_do", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        NOT_DONE = "not_done", _("Could not be done")

    OPEN_STATUSES = (Status.TO_DO, Status.IN_PROGRESS)

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="actions")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField(_("What will happen"))
    owner = models.CharField(_("Who will do it"), max_length=200)
    due_date = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.TO_DO)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date"]
        indexes = [models.Index(fields=["child", "status", "due_date"])]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_date < timezone.localdate()


class YouSaidWeDid(BaseModel):
    """What the child is given back after a conversation, in their words and language: what they
    told us (only the parts they chose), what is being done about it, by whom and by when, and
    who to ask. The practitioner records each time it is given (the audit trail keeps them all)."""

    class How(models.TextChoices):
        TOGETHER = "together", _("We went through it together")
        PRINTED = "printed", _("I gave them a printed copy")
        SENT = "sent", _("I sent it to them or their carer")

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="you_said_we_did"
    )
    # The slugs of the sections the child chose to have in it (`sections.SECTIONS`).
    sections = models.JSONField(default=list, blank=True)
    who_to_ask = models.CharField(
        _("Who the child can ask"),
        max_length=300,
        help_text=_(
            "A name the child knows and how to reach them, for example 'Sam at school, "
            "or Jo Clarke on 01632 960 123'."
        ),
    )
    given_on = models.DateField(_("When did you give it?"), null=True, blank=True)
    given_how = models.CharField(
        _("How did you give it?"), max_length=16, choices=How.choices, blank=True
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A fingerprint of the child's copy as it was given: a different one now is news for them.
    given_copy = models.CharField(max_length=64, blank=True, editable=False)

    def __str__(self) -> str:
        return f"You said, we did: {self.assessment}"


class ConsentQuerySet(models.QuerySet):
    def active(self, *, on: date) -> "ConsentQuerySet":
        """The one definition of an active consent: not withdrawn, and `on` is before the day
        sharing stops ("Stop sharing on 5 March": from 5 March nobody sees it)."""
        return self.filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gt=on),
            withdrawn_at__isnull=True,
        )


class Consent(BaseModel):
    """The child's agreement (or a parent's or carer's on their behalf) that named people or
    organisations may see chosen parts of what they said, for a purpose. The gate for sharing."""

    class GivenBy(models.TextChoices):
        CHILD = "child", _("The child, who is able to decide for themselves")
        PARENT = "parent", _("A parent, on the child's behalf")
        CARER = "carer", _("A carer, on the child's behalf")

    class How(models.TextChoices):
        SPOKEN = "spoken", _("They said it")
        WRITTEN = "written", _("They wrote it")
        DRAWN = "drawn", _("They drew or pointed to it")

    DRAWINGS = "drawings"  # a scope entry beside the section slugs

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(max_length=16, choices=GivenBy.choices)
    giver_name = models.CharField(_("Name of the parent or carer"), max_length=100, blank=True)
    competence_note = models.TextField(_("Why the child can decide for themselves"), blank=True)
    on_behalf_reason = models.TextField(
        _("Why a parent or carer decided for the child"), blank=True
    )
    recipient_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="consents_received", blank=True
    )
    recipient_organisations = models.ManyToManyField(
        "accounts.Organisation", related_name="consents_received", blank=True
    )
    stages = models.JSONField(default=list)
    sections = models.JSONField(default=list)
    include_practitioner_notes = models.BooleanField(default=False)
    # Pilot action 5.2: the child's words may inform the mother's pre-sentence report.
    for_pre_sentence_report = models.BooleanField(
        _("This is so the child's words can go into the pre-sentence report"), default=False
    )
    purpose = models.CharField(max_length=300)
    how_given = models.CharField(max_length=16, choices=How.choices)
    given_on = models.DateField(default=timezone.localdate)
    review_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_note = models.TextField(blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-created_at"]
        indexes = [models.Index(fields=["child", "withdrawn_at"])]

    def __str__(self) -> str:
        return f"Consent for {self.purpose}"

    def is_active_on(self, day: date) -> bool:
        """Mirrors `ConsentQuerySet.active`, for a consent already in memory."""
        return self.withdrawn_at is None and (self.expires_on is None or day < self.expires_on)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    def stage_names(self) -> list[str]:
        return [str(label) for value, label in Stage.choices if value in self.stages]

    def part_names(self) -> list[str]:
        """The parts shared, in words: sections, drawings, the practitioner's notes."""
        from .sections import SECTIONS

        parts = [str(s.title) for s in SECTIONS if s.slug in self.sections]
        if self.DRAWINGS in self.sections:
            parts.append(str(_("My drawings")))
        if self.include_practitioner_notes:
            parts.append(str(_("the practitioner's notes")))
        return parts

    def scope_description(self) -> str:
        """What is shared, in words: 'Court and sentencing: What I want people to know, ...'."""
        return f"{', '.join(self.stage_names())}: {', '.join(self.part_names())}"

    @property
    def state(self) -> str:
        if self.withdrawn_at:
            return "Withdrawn"
        return "Active" if self.is_active else "Expired"


class OverrideQuerySet(models.QuerySet):
    def active(self, *, on: date) -> "OverrideQuerySet":
        """The one definition of an active override: not ended, and `on` is before the day
        sharing stops."""
        return self.filter(ended_at__isnull=True, ends_on__gt=on)


class SafeguardingOverride(BaseModel):
    """Sharing without consent, where a child is at risk of significant harm. Only a
    safeguarding lead may record one; it names its reason, recipient and end date."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="overrides")
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overrides_received",
    )
    recipient_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overrides_received",
    )
    reason = models.TextField()
    ends_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = OverrideQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    recipient_user__isnull=False, recipient_organisation__isnull=True
                )
                | models.Q(recipient_user__isnull=True, recipient_organisation__isnull=False),
                name="override_has_one_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"Safeguarding override, stopping on {self.ends_on:%-d %B %Y}"

    @property
    def recipient(self):
        return self.recipient_user or self.recipient_organisation

    def is_active_on(self, day: date) -> bool:
        """Mirrors `OverrideQuerySet.active`, for an override already in memory."""
        return self.ended_at is None and day < self.ends_on

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())


class JoinRequest(BaseModel):
    """A colleague may be working with the same child: the duplicate check found a likely
    match for a child they added, told the case holders, and the holders decide whether to
    add them to the case. The colleague learns nothing else of the record."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the case holders")
        ADDED = "added", _("Added to the case")
        DECLINED = "declined", _("Not the same child")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="join_requests")
    # The record the colleague added (or linked a referral to) that looked like this child.
    their_child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="join_requests"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "their_child"], name="one_join_request_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"Request to join {self.child} by {self.requested_by}"
