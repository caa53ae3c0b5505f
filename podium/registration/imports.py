"""Registrations in bulk: the import (all or nothing) and the export, for CLI and pages."""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from podium.competitions.models import Edition, Industry, Province
from podium.errors import Message, PodiumError, gettext_noop
from podium.ledger.models import EntryKind
from podium.ledger.services import ledger_append
from podium.registration.models import Enterprise, Member, Project, ProjectStatus, Team
from podium.registration.spreadsheets import open_rows, rows_xlsx, template_xlsx
from podium.rules.registration_rows import (
    MAX_MEMBERS,
    RegistrationRow,
    Vocabulary,
    registrations_from_rows,
    spelling,
)

ORGANISERS_ONLY = "only an organiser imports or exports registrations"
CHANGED_MEANWHILE = (
    "the edition changed while the file was being checked (another import or a sign-up"
    " registered one of its teams or emails); nothing was imported, import it again to"
    " see which rows: {error}"
)
TOO_BIG = gettext_noop(
    "{name} is {size:,} bytes; an import takes at most {limit:,} bytes"
    " (PODIUM_IMPORT_MAX_BYTES): split the file, or raise the limit"
)
BATCH = 2000


@dataclass(frozen=True)
class ImportSummary:
    teams: int
    members: int
    new_enterprises: int
    dry_run: bool
    codes: tuple[str, ...] = ()


def edition_vocabulary(edition: Edition, *, exclude_team: Team | None = None) -> Vocabulary:
    """What rows may name in ``edition``, and the team names and emails already taken."""
    kinds = {
        "track": edition.tracks.order_by("position", "code"),
        "industry": Industry.objects.order_by("code"),
        "province": Province.objects.order_by("code"),
        "region": edition.regions.order_by("code"),
    }
    spellings: dict[str, dict[str, str]] = {}
    allowed: dict[str, str] = {}
    for kind, rows in kinds.items():
        pairs = list(rows.values_list("code", "name", "name_en"))
        spellings[kind] = {
            spelling(text): code for code, *names in pairs for text in (code, *names) if text
        }
        allowed[kind] = "、".join(name for _code, name, _en in pairs)
    province_region = dict(
        edition.regions.filter(provinces__isnull=False).values_list("provinces__code", "code")
    )
    teams = Team.objects.filter(edition=edition)
    members = Member.objects.filter(team__edition=edition).exclude(email="")
    if exclude_team is not None:
        teams = teams.exclude(pk=exclude_team.pk)
        members = members.exclude(team=exclude_team)
    return Vocabulary(
        tracks=spellings["track"],
        industries=spellings["industry"],
        provinces=spellings["province"],
        regions=spellings["region"],
        province_region=province_region,
        allowed=allowed,
        region_names=dict(edition.regions.values_list("code", "name")),
        province_names=dict(Province.objects.values_list("code", "name")),
        taken_teams=frozenset(spelling(name) for name in teams.values_list("name", flat=True)),
        taken_emails=frozenset(e.casefold() for e in members.values_list("email", flat=True)),
    )


def vocabulary_lists(edition: Edition) -> dict[str, list[str]]:
    """The names a template offers in its drop-downs."""
    return {
        "track": list(edition.tracks.order_by("position").values_list("name", flat=True)),
        "industry": list(Industry.objects.order_by("code").values_list("name", flat=True)),
        "province": list(Province.objects.order_by("code").values_list("name", flat=True)),
        "region": list(edition.regions.order_by("code").values_list("name", flat=True)),
    }


def registration_template(edition: Edition) -> bytes:
    return template_xlsx(vocabulary_lists(edition))


def _check_actor(actor) -> None:
    # The CLI runs as the machine's operator (actor None); pages pass the signed-in user.
    if actor is not None and not actor.is_organiser:
        raise PodiumError(ORGANISERS_ONLY)


def _check_size(stream: BinaryIO, name: str) -> None:
    """Refuse a file past PODIUM_IMPORT_MAX_BYTES before reading any of it."""
    size = getattr(stream, "size", None)  # an upload knows its size
    if not isinstance(size, int):
        size = stream.seek(0, os.SEEK_END)
        stream.seek(0)
    limit = settings.PODIUM_IMPORT_MAX_BYTES
    if size > limit:
        raise PodiumError(Message(TOO_BIG, name=name, size=size, limit=limit))


def registrations_import(
    *,
    actor,
    edition: Edition,
    stream: BinaryIO,
    name: str,
    dry_run: bool = False,
    on_total: Callable[[int | None], None] | None = None,
    on_row: Callable[[], None] | None = None,
) -> ImportSummary:
    """Read every row, then create every team, or none and raise with every problem."""
    _check_actor(actor)
    _check_size(stream, name)
    vocabulary = edition_vocabulary(edition)
    digest = hashlib.file_digest(stream, "sha256").hexdigest()
    stream.seek(0)
    with open_rows(stream, name) as source:
        if on_total is not None:
            on_total(source.total)
        rows = registrations_from_rows(
            source.header, source.rows, vocabulary, source=name, on_row=on_row
        )
    if dry_run:
        return ImportSummary(
            teams=len(rows),
            members=sum(len(r.members) for r in rows),
            new_enterprises=0,
            dry_run=True,
        )
    record = {"actor": actor.username if actor else "cli", "file": name, "sha256": digest}
    return registrations_write(edition=edition, rows=rows, record=record)


def _next_code_number(edition: Edition) -> int:
    prefix = str(edition.year)
    numbers = [
        int(code[len(prefix) :])
        for code in Project.objects.filter(edition=edition, code__startswith=prefix).values_list(
            "code", flat=True
        )
        if code[len(prefix) :].isdigit()
    ]
    return max(numbers, default=0) + 1


def _batches(rows: Iterable[Sequence[object]]) -> Iterator[list[Sequence[object]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _insert(model, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """INSERT many rows at once. The ORM's bulk_create builds a model object per row and
    costs seconds per 100,000; the values here are already checked, so plain SQL is safe."""
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in columns]
    sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(
        table=quote(model._meta.db_table),
        columns=", ".join(quote(field.column) for field in fields),
        values=", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(sql, batch)


def registrations_write(
    *,
    edition: Edition,
    rows: Sequence[RegistrationRow],
    accounts: Sequence | None = None,
    record: dict | None = None,
) -> ImportSummary:
    """Create teams, projects, enterprises and members for checked rows, in bulk.

    The rows were checked before this transaction began; a sign-up or another import that
    landed in between can make one of them a duplicate, which the database's unique
    constraints catch: then nothing is written and the caller hears why. With ``record``
    the write is also entered in the ledger (who, which file, its SHA-256).
    """
    try:
        with transaction.atomic():
            # Writers of one edition queue here, so project numbers never collide.
            Edition.objects.select_for_update().filter(pk=edition.pk).first()
            summary = _write(edition=edition, rows=rows, accounts=accounts)
            if record is not None:
                ledger_append(
                    kind=EntryKind.REGISTRATIONS_IMPORTED,
                    actor=record.get("actor", ""),
                    subject=f"edition:{edition.slug}/registrations",
                    payload={
                        **record,
                        "teams": summary.teams,
                        "members": summary.members,
                        "codes": [summary.codes[0], summary.codes[-1]] if summary.codes else [],
                    },
                )
            return summary
    except IntegrityError as error:
        raise PodiumError(CHANGED_MEANWHILE.format(error=error)) from error


def _write(
    *, edition: Edition, rows: Sequence[RegistrationRow], accounts: Sequence | None
) -> ImportSummary:
    names = {r.lead_enterprise for r in rows} | {p for r in rows for p in r.partners}
    known = dict(Enterprise.objects.values_list("name", "id"))
    provinces = dict(Province.objects.values_list("code", "id"))
    industries = dict(Industry.objects.values_list("code", "id"))
    tracks = dict(edition.tracks.values_list("code", "id"))
    regions = dict(edition.regions.values_list("code", "id"))
    province_of = {r.lead_enterprise: r.province for r in rows}
    missing = sorted(name for name in names if name not in known)
    _insert(
        Enterprise,
        ("name", "province"),
        ((name, provinces.get(province_of.get(name, ""))) for name in missing),
    )
    known = dict(Enterprise.objects.values_list("name", "id"))

    _insert(
        Team,
        ("edition", "name", "account"),
        ((edition.pk, r.team, accounts[i].pk if accounts else None) for i, r in enumerate(rows)),
    )
    team_ids = dict(Team.objects.filter(edition=edition).values_list("name", "id"))
    first = _next_code_number(edition)
    codes = [f"{edition.year}{first + i:04d}" for i in range(len(rows))]
    _insert(
        Project,
        (
            "edition",
            "code",
            "team",
            "title",
            "summary",
            "industry",
            "province",
            "region",
            "track",
            "lead_enterprise",
            "patents",
            "software_copyrights",
            "video_url",
            "deck",
            "status",
            "review_reason",
        ),
        (
            (
                edition.pk,
                code,
                team_ids[r.team],
                r.title,
                r.summary,
                industries[r.industry],
                provinces[r.province],
                regions[r.region],
                tracks[r.track],
                known[r.lead_enterprise],
                r.patents,
                r.software_copyrights,
                r.video_url,
                "",
                ProjectStatus.SUBMITTED.value,
                "",
            )
            for r, code in zip(rows, codes, strict=True)
        ),
    )
    project_ids = dict(Project.objects.filter(edition=edition).values_list("code", "id"))
    _insert(
        Project.partner_enterprises.through,
        ("project", "enterprise"),
        (
            (project_ids[code], known[partner])
            for r, code in zip(rows, codes, strict=True)
            for partner in r.partners
        ),
    )
    _insert(
        Member,
        ("team", "name", "email", "enterprise", "is_leader", "position"),
        (
            (team_ids[r.team], m.name, m.email, None, i == 0, i)
            for r in rows
            for i, m in enumerate(r.members)
        ),
    )
    return ImportSummary(
        teams=len(rows),
        members=sum(len(r.members) for r in rows),
        new_enterprises=len(missing),
        dry_run=False,
        codes=tuple(codes),
    )


def _export_rows(edition: Edition, members_per_team: dict, partners: dict) -> Iterator[list]:
    projects = (
        Project.objects.filter(edition=edition)
        .select_related("team", "track", "industry", "province", "region", "lead_enterprise")
        .order_by("code")
    )
    for p in projects.iterator(chunk_size=BATCH):
        row: list[object] = [
            p.team.name,
            p.title,
            p.summary,
            p.track.name,
            p.industry.name,
            p.province.name,
            p.region.name,
            p.lead_enterprise.name,
            "、".join(partners.get(p.pk, ())),
            p.patents,
            p.software_copyrights,
            p.video_url,
        ]
        for name, email in members_per_team.get(p.team_id, ())[:MAX_MEMBERS]:
            row += [name, email]
        yield row


def registrations_export(*, actor, edition: Edition) -> bytes:
    """The edition's registrations as .xlsx, in the template's columns (re-importable)."""
    _check_actor(actor)
    members_per_team: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for team_id, name, email in (
        Member.objects.filter(team__edition=edition)
        .order_by("team_id", "position")
        .values_list("team_id", "name", "email")
        .iterator(chunk_size=BATCH * 5)
    ):
        members_per_team[team_id].append((name, email))
    partners: dict[int, list[str]] = defaultdict(list)
    for project_id, name in (
        Project.partner_enterprises.through.objects.filter(project__edition=edition)
        .order_by("project_id", "enterprise__name")
        .values_list("project_id", "enterprise__name")
    ):
        partners[project_id].append(name)
    widest = min(max((len(m) for m in members_per_team.values()), default=1), MAX_MEMBERS)
    return rows_xlsx(_export_rows(edition, members_per_team, partners), widest)
