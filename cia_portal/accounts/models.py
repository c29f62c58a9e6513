import uuid

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The role groups. Their names are the names of Django groups, seeded by a migration."""

    PRACTITIONER = "Practitioner"
    SAFEGUARDING_LEAD = "Safeguarding lead"
    ALLIANCE_CHAIR = "Alliance chair"
    REFERRAL_ADMIN = "Referral admin"
    AUDITOR = "Auditor"
    TEAM_MANAGER = "Team manager"
    NATIONAL_LEAD = "National lead"


class Area(models.Model):
    """A local authority or a police force area. Organisations, pilots and referral routes
    belong to one; an Alliance chair sees the figures of their own area's pilots, and a
    national lead every area's."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        POLICE_FORCE = "police_force", _("Police force area")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.LOCAL_AUTHORITY)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Type(models.TextChoices):
        POLICE = "police", _("Police")
        COURT = "court", _("Court")
        PROBATION = "probation", _("Probation")
        PRISON = "prison", _("Prison")
        CHILDRENS_SERVICES = "childrens_services", _("Children's services")
        SCHOOL = "school", _("School")
        HEALTH = "health", _("Health")
        LIAISON_AND_DIVERSION = "liaison_and_diversion", _("Liaison and diversion")
        WOMENS_CENTRE = "womens_centre", _("Women's centre")
        VOLUNTARY = "voluntary", _("Voluntary organisation")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=32, choices=Type.choices)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    # Holds the organisation's object permissions (consent to an organisation grants to it).
    # Its members are the users whose `organisation` is this one: no membership to keep in step.
    group = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="organisation",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Everyone who signs in. A practitioner is a user with an organisation and a job title."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    job_title = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, role: Role) -> bool:
        """Asked of the database once per user object (so once per request, however many
        checks a page makes); a change of groups forgets the answer (`signals.py`)."""
        if self._role_names is None:
            self._role_names = frozenset(self.groups.values_list("name", flat=True))
        return role in self._role_names

    _role_names: frozenset | None = None

    @property
    def description(self) -> str:
        """Name, job title and organisation, as a colleague would introduce them."""
        parts = [str(self), self.job_title, str(self.organisation or "")]
        return ", ".join(p for p in parts if p)
