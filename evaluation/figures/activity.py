"""What was done: actions agreed and completed, onward referrals by type of service, consents
and safeguarding overrides."""

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncDate

from assessments.models import AgreedAction, Consent, SafeguardingOverride
from referrals.models import OnwardReferral, SupportService

from .pilot import Period
from .suppression import Cell, LinkedCounts, Table, cell


def action_counts(ids, period: Period) -> dict[str, int]:
    """Actions agreed and done. An action counts in the period of the conversation that
    agreed it (or of its recording)."""
    return (
        AgreedAction.objects.annotate(
            agreed_on=Coalesce("assessment__conversation_date", TruncDate("created_at"))
        )
        .filter(child__in=ids, agreed_on__range=period.range)
        .aggregate(agreed=Count("pk"), done=Count("pk", filter=Q(status=AgreedAction.Status.DONE)))
    )


def action_steps(counts: dict[str, int], t: int) -> list[tuple[str, Cell]]:
    """The funnel's last two steps."""
    linked = LinkedCounts(t)
    linked.add("agreed", counts["agreed"])
    linked.add("done", counts["done"])
    linked.at_most("done", "agreed")
    cells = linked.cells()
    return [("Actions agreed", cells["agreed"]), ("Actions completed", cells["done"])]


def onward_counts(ids, period: Period) -> dict[str, int]:
    """Onward referrals sent in the period, by type of service (`onward_<type>`)."""
    onward = dict(
        OnwardReferral.objects.filter(action__child__in=ids, sent_at__date__range=period.range)
        .values_list("service__type")
        .annotate(n=Count("pk"))
    )
    return {f"onward_{value}": onward.get(value, 0) for value in SupportService.Type.values}


def link_onward(linked: LinkedCounts, counts: dict[str, int]) -> None:
    names = [linked.add(f"onward_{v}", counts[f"onward_{v}"]) for v in SupportService.Type.values]
    linked.add("onward", sum(counts[name] for name in names))
    linked.split("onward", names)


def onward_table(cells: dict[str, Cell]) -> Table:
    return Table(
        "onward-by-type",
        "Onward referrals by type of service",
        [(label, cells[f"onward_{value}"]) for value, label in SupportService.Type.choices],
        total=cells["onward"],
        unit="onward referrals",
    )


def sharing_counts(ids, period: Period) -> dict[str, int]:
    counts = Consent.objects.filter(child__in=ids).aggregate(
        given=Count("pk", filter=Q(given_on__range=period.range)),
        withdrawn=Count("pk", filter=Q(withdrawn_at__date__range=period.range)),
    )
    overrides = SafeguardingOverride.objects.filter(
        child__in=ids, created_at__date__range=period.range
    ).count()
    return counts | {"overrides": overrides}


def sharing(counts: dict[str, int], t: int) -> Table:
    """Three counts with no sum between them: a consent withdrawn in the period may have been
    given before it."""
    return Table(
        "sharing",
        "Consent and safeguarding overrides",
        [
            ("Consents to share given", cell(counts["given"], t)),
            ("Consents withdrawn", cell(counts["withdrawn"], t)),
            ("Safeguarding overrides (shared without consent)", cell(counts["overrides"], t)),
        ],
        unit="records",
        empty="No consent to share was given or withdrawn, and no record was shared without "
        "consent, in this period.",
    )
