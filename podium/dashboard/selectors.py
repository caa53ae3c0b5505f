"""The edition's figures, always computed from the data (never stored)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from podium.competitions.models import Edition, Stage, StageKind
from podium.competitions.selectors import stage_of_kind, stages_of, tracks_of
from podium.judging.models import Judge, JudgeKind, Panel, StageEntry
from podium.registration.models import Enterprise, Member, Project, Team


def enterprises_of(edition: Edition) -> QuerySet[Enterprise]:
    """Enterprises that lead or partner a project of the edition."""
    partnered = Project.partner_enterprises.through.objects.filter(project__edition=edition)
    return Enterprise.objects.filter(
        Q(id__in=Project.objects.filter(edition=edition).values("lead_enterprise_id"))
        | Q(id__in=partnered.values("enterprise_id"))
    )


def stages_with_rules(edition: Edition) -> QuerySet[Stage]:
    """The edition's stages in order, with their track rules and region quotas."""
    return stages_of(edition).prefetch_related("track_rules__track", "region_quotas")


def growth_percent(current: int, previous: int | None) -> Decimal | None:
    if not previous:
        return None
    change = Decimal(current - previous) * 100 / Decimal(previous)
    return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def edition_stats(edition: Edition) -> dict[str, object]:
    projects = Project.objects.filter(edition=edition)
    totals = projects.aggregate(
        patents=Sum("patents"),
        software_copyrights=Sum("software_copyrights"),
        provinces=Count("province", distinct=True),
        industries=Count("industry", distinct=True),
    )
    teams = Team.objects.filter(edition=edition).count()
    previous_teams = (
        Team.objects.filter(edition=edition.previous).count() if edition.previous_id else None
    )
    stats: dict[str, object] = {
        "edition": edition.name,
        "teams": teams,
        "participants": Member.objects.filter(team__edition=edition).count(),
        "enterprises": enterprises_of(edition).count(),
        "provinces": totals["provinces"],
        "industries": totals["industries"],
        "patents": totals["patents"] or 0,
        "software_copyrights": totals["software_copyrights"] or 0,
        "previous_edition_teams": previous_teams,
        "growth_percent": growth_percent(teams, previous_teams),
    }
    stats.update(_semifinal_stats(edition))
    return stats


def _semifinal_stats(edition: Edition) -> dict[str, object]:
    semifinal = stage_of_kind(edition, StageKind.SEMIFINAL)
    codes = list(tracks_of(edition).values_list("code", flat=True))
    if semifinal is None:
        return {
            **{f"semifinal_{code}": 0 for code in codes},
            "semifinal_venues": 0,
            "semifinal_judges_industry": 0,
            "semifinal_judges_investment": 0,
            **{f"final_{code}": None for code in codes},
        }
    entries = dict(
        StageEntry.objects.filter(stage=semifinal)
        .values_list("track__code")
        .annotate(n=Count("id"))
        .values_list("track__code", "n")
    )
    judges = Judge.objects.filter(panels__stage=semifinal).distinct()
    quotas = dict(semifinal.track_rules.values_list("track__code", "advancement_quota"))
    return {
        **{f"semifinal_{code}": entries.get(code, 0) for code in codes},
        "semifinal_venues": Panel.objects.filter(stage=semifinal)
        .values("venue")
        .distinct()
        .count(),
        "semifinal_judges_industry": judges.filter(kind=JudgeKind.INDUSTRY).count(),
        "semifinal_judges_investment": judges.filter(kind=JudgeKind.INVESTMENT).count(),
        **{f"final_{code}": quotas.get(code) for code in codes},
    }


def teams_by(edition: Edition, field: str) -> list[tuple[str, int]]:
    """(label, count) pairs of the edition's projects grouped by a related name, largest first."""
    rows = (
        Project.objects.filter(edition=edition)
        .values(f"{field}__name")
        .annotate(n=Count("id"))
        .order_by("-n", f"{field}__name")
    )
    return [(row[f"{field}__name"], row["n"]) for row in rows]
