"""Registration rows (one team per row) checked against the edition's vocabulary.

Used by the spreadsheet import and by the sign-up form alike, so a team is validated the
same way wherever it comes from. Readers hand over raw cells (strings from CSV; strings,
numbers or None from a spreadsheet). Nothing is returned unless every row is valid, and a
refusal lists the problems by row and column (the first 200, then how many more), so an
organiser fixes the file in one pass.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from podium.errors import PodiumError, gettext_noop
from podium.rules.spreadsheet_cells import imported_text

MAX_MEMBERS = 8
PARTNER_SEPARATORS = re.compile(r"[;；、,，\n]+")
EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

# (key, Chinese header, required, longest text); the header is what organisers see.
BASE_COLUMNS: tuple[tuple[str, str, bool, int], ...] = (
    ("team", "团队名称", True, 200),
    ("title", "项目名称", True, 200),
    ("summary", "项目简介", True, 4000),
    ("track", "赛道", True, 50),
    ("industry", "行业", True, 50),
    ("province", "省份", True, 50),
    ("region", "赛区", False, 50),
    ("lead_enterprise", "牵头单位", True, 200),
    ("partners", "合作单位", False, 2000),
    ("patents", "专利数", False, 20),
    ("software_copyrights", "软件著作权数", False, 20),
    ("video_url", "视频链接", False, 200),
)
MEMBER_NAME_LENGTH, EMAIL_LENGTH, ENTERPRISE_LENGTH = 50, 254, 200


def member_columns(position: int) -> tuple[tuple[str, str], tuple[str, str]]:
    return (
        (f"member{position}_name", f"成员{position}姓名"),
        (f"member{position}_email", f"成员{position}邮箱"),
    )


HEADERS: dict[str, str] = {key: header for key, header, _req, _len in BASE_COLUMNS}
for _position in range(1, MAX_MEMBERS + 1):
    HEADERS.update(dict(member_columns(_position)))
KEYS_BY_HEADER = {header: key for key, header in HEADERS.items()}
MEMBER_KEYS = [
    (position, f"member{position}_name", f"member{position}_email")
    for position in range(1, MAX_MEMBERS + 1)
]
REQUIRED_KEYS = {key for key, _h, required, _len in BASE_COLUMNS if required} | {
    "member1_name",
    "member1_email",
}
LENGTHS = {key: length for key, _h, _req, length in BASE_COLUMNS}


# Messages are templates so a page can translate them before filling them in.
EMPTY_FILE = gettext_noop("the file is empty; the first row must hold the column headers")
UNKNOWN_COLUMN = gettext_noop("unknown column {header!r}")
DUPLICATE_COLUMN = gettext_noop("column {header!r} appears twice")
MISSING_COLUMN = gettext_noop("missing column {header!r}")
NO_ROWS = gettext_noop("the file has headers but no team rows")
REQUIRED = gettext_noop("required value missing")
TOO_LONG = gettext_noop("at most {limit} characters, got {length}")
UNKNOWN_VALUE = gettext_noop("unknown {what} {value!r}; allowed: {allowed}")
NOT_A_NUMBER = gettext_noop("{value!r} is not a whole number")
NEGATIVE = gettext_noop("{value} is negative")
BAD_EMAIL = gettext_noop("{value!r} is not an email address")
BAD_URL = gettext_noop("{value!r} is not a web link (http:// or https://)")
EMAIL_WITHOUT_NAME = gettext_noop("an email without the member's name")
EMAIL_TWICE_IN_FILE = gettext_noop("{email} is already a member of team {team!r} (row {first})")
EMAIL_TAKEN = gettext_noop("{email} is already a member of a team registered in this edition")
TEAM_TWICE_IN_FILE = gettext_noop("team {team!r} appears twice (first on row {first})")
TEAM_TAKEN = gettext_noop("team {team!r} is already registered in this edition")
REGION_MISMATCH = gettext_noop(
    "province {province!r} belongs to region {expected!r}, not {value!r}"
)
REGION_NEEDED = gettext_noop("province {province!r} belongs to no region; give the region")
FILE_PROBLEMS = "{source}: {count} problem(s); nothing was imported"
MORE_PROBLEMS = gettext_noop("… and {count:,} more problem(s)")
# A refusal lists this many problems and counts the rest: a file of 300,000 bad rows has
# millions, which no one reads and which cost a gigabyte to hold and a page to print.
LISTED_PROBLEMS = 200

Cell = str | int | float | Decimal | None


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    column: str
    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template.format(**self.params)

    def __str__(self) -> str:
        place = f"row {self.row}" if self.row else "header"
        if self.column:
            place += f", column {self.column!r}"
        return f"{place}: {self.message}"


class RegistrationFileError(PodiumError):
    """The file (or form) is refused: ``problems`` holds the first ``LISTED_PROBLEMS``
    problems found, in order; ``total`` counts them all, ``unlisted`` the rest."""

    def __init__(self, source: str, problems: Sequence[Problem], *, total: int = 0) -> None:
        total = max(total, len(problems))
        super().__init__(FILE_PROBLEMS.format(source=source, count=total))
        self.source = source
        self.problems = list(problems[:LISTED_PROBLEMS])
        self.total = total
        self.unlisted = total - len(self.problems)

    def report_lines(self) -> list[str]:
        more = [MORE_PROBLEMS.format(count=self.unlisted)] if self.unlisted else []
        return [self.message, *(str(problem) for problem in self.problems), *more]


@dataclass(frozen=True)
class Vocabulary:
    """What a row may name. Each mapping goes from an accepted spelling to the code."""

    tracks: Mapping[str, str]
    industries: Mapping[str, str]
    provinces: Mapping[str, str]
    regions: Mapping[str, str]
    province_region: Mapping[str, str]
    allowed: Mapping[str, str]  # what an error message lists, per kind
    region_names: Mapping[str, str] = field(default_factory=dict)
    province_names: Mapping[str, str] = field(default_factory=dict)
    taken_teams: frozenset[str] = frozenset()
    taken_emails: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class MemberRow:
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class RegistrationRow:
    row: int
    team: str
    title: str
    summary: str
    track: str
    industry: str
    province: str
    region: str
    lead_enterprise: str
    partners: tuple[str, ...]
    patents: int
    software_copyrights: int
    video_url: str
    members: tuple[MemberRow, ...]


def spelling(value: str) -> str:
    """How names are compared: case and surrounding blanks do not matter."""
    return " ".join(value.split()).casefold()


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a spreadsheet stores 12 as 12.0
    return str(cell).strip()


def cell_count(cell: Cell) -> int | None:
    """A non-negative-or-negative whole number, or None when the cell is not one."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if math.isfinite(cell) and cell.is_integer() else None
    text = cell_text(cell).replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    return int(number)


def header_keys(header: Sequence[Cell]) -> tuple[list[str | None], list[Problem]]:
    """The key of each column (None for a blank one) and the header's problems."""
    keys: list[str | None] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for cell in header:
        text = cell_text(cell)
        if not text:
            keys.append(None)
            continue
        key = KEYS_BY_HEADER.get(text) or (text if text in HEADERS else None)
        if key is None:
            problems.append(Problem(1, text, UNKNOWN_COLUMN, {"header": text}))
        elif key in seen:
            problems.append(Problem(1, text, DUPLICATE_COLUMN, {"header": text}))
            key = None
        else:
            seen.add(key)
        keys.append(key)
    if not seen and not problems:
        return keys, [Problem(1, "", EMPTY_FILE)]
    for key in HEADERS:
        if key in REQUIRED_KEYS and key not in seen:
            problems.append(Problem(1, HEADERS[key], MISSING_COLUMN, {"header": HEADERS[key]}))
    return keys, problems


class RowChecker:
    """Checks rows one at a time, remembering teams and emails across the whole file.
    ``problems`` keeps the first ``LISTED_PROBLEMS``; ``count`` counts every one."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []
        self.count = 0
        self.team_rows: dict[str, tuple[int, str]] = {}
        self.email_rows: dict[str, tuple[int, str]] = {}

    def _refuse(self, row: int, key: str, template: str, **params: object) -> None:
        self.count += 1
        if len(self.problems) < LISTED_PROBLEMS:
            self.problems.append(Problem(row, HEADERS.get(key, key), template, params))

    def check(self, row: int, values: Mapping[str, Cell]) -> RegistrationRow | None:
        before = self.count
        text = {key: cell_text(values.get(key)) for key in HEADERS}
        self._team(row, text["team"])
        for key, limit in LENGTHS.items():
            if key in REQUIRED_KEYS and not text[key]:
                self._refuse(row, key, REQUIRED)
            elif len(text[key]) > limit:
                self._refuse(row, key, TOO_LONG, limit=limit, length=len(text[key]))
        codes = {
            kind: self._lookup(row, kind, text[kind])
            for kind in ("track", "industry", "province", "region")
        }
        region = self._region(row, codes["province"], codes["region"], text)
        counts = {
            key: self._count(row, key, values.get(key))
            for key in ("patents", "software_copyrights")
        }
        if text["video_url"] and not URL.match(text["video_url"]):
            self._refuse(row, "video_url", BAD_URL, value=text["video_url"])
        partners = self._partners(row, text["partners"], text["lead_enterprise"])
        members = self._members(row, text)
        if self.count > before:
            return None
        return RegistrationRow(
            row=row,
            team=" ".join(text["team"].split()),
            title=text["title"],
            summary=text["summary"],
            track=codes["track"] or "",
            industry=codes["industry"] or "",
            province=codes["province"] or "",
            region=region or "",
            lead_enterprise=" ".join(text["lead_enterprise"].split()),
            partners=partners,
            patents=counts["patents"] or 0,
            software_copyrights=counts["software_copyrights"] or 0,
            video_url=text["video_url"],
            members=members,
        )

    def _lookup(self, row: int, kind: str, value: str) -> str | None:
        if not value:
            return None
        spellings: Mapping[str, str] = getattr(self.vocabulary, _PLURAL[kind])
        code = spellings.get(spelling(value))
        if code is None:
            what = HEADERS[kind]
            allowed = self.vocabulary.allowed.get(kind, "")
            self._refuse(row, kind, UNKNOWN_VALUE, what=what, value=value, allowed=allowed)
        return code

    def _region(
        self, row: int, province: str | None, given: str | None, text: Mapping[str, str]
    ) -> str | None:
        if province is None:
            return given
        expected = self.vocabulary.province_region.get(province)
        if expected is None:
            if given is None and not text["region"]:
                self._refuse(row, "region", REGION_NEEDED, province=text["province"])
            return given
        if given is not None and given != expected:
            self._refuse(
                row,
                "region",
                REGION_MISMATCH,
                province=self.vocabulary.province_names.get(province, text["province"]),
                expected=self.vocabulary.region_names.get(expected, expected),
                value=self.vocabulary.region_names.get(given, text["region"]),
            )
        return expected

    def _count(self, row: int, key: str, cell: Cell) -> int | None:
        if not cell_text(cell):
            return 0
        number = cell_count(cell)
        if number is None:
            self._refuse(row, key, NOT_A_NUMBER, value=cell_text(cell))
        elif number < 0:
            self._refuse(row, key, NEGATIVE, value=number)
            return None
        return number

    def _partners(self, row: int, value: str, lead: str) -> tuple[str, ...]:
        names: dict[str, str] = {}
        for part in PARTNER_SEPARATORS.split(value):
            name = " ".join(part.split())
            if not name or spelling(name) == spelling(lead):
                continue
            if len(name) > ENTERPRISE_LENGTH:
                self._refuse(row, "partners", TOO_LONG, limit=ENTERPRISE_LENGTH, length=len(name))
            names.setdefault(spelling(name), name)
        return tuple(names.values())

    def _members(self, row: int, text: Mapping[str, str]) -> tuple[MemberRow, ...]:
        members = []
        for position, name_key, email_key in MEMBER_KEYS:
            name, email = text[name_key], text[email_key]
            leader = position == 1
            if not name and not email and not leader:
                continue
            if not name:
                self._refuse(row, name_key, REQUIRED if leader else EMAIL_WITHOUT_NAME)
            elif len(name) > MEMBER_NAME_LENGTH:
                self._refuse(row, name_key, TOO_LONG, limit=MEMBER_NAME_LENGTH, length=len(name))
            if not email:
                self._refuse(row, email_key, REQUIRED)
                continue
            if len(email) > EMAIL_LENGTH or not EMAIL.match(email):
                self._refuse(row, email_key, BAD_EMAIL, value=email)
                continue
            key = email.casefold()
            if key in self.vocabulary.taken_emails:
                self._refuse(row, email_key, EMAIL_TAKEN, email=email)
            elif key in self.email_rows:
                first, team = self.email_rows[key]
                self._refuse(
                    row, email_key, EMAIL_TWICE_IN_FILE, email=email, team=team, first=first
                )
            else:
                self.email_rows[key] = (row, text["team"])
            members.append(MemberRow(name=name, email=email.lower()))
        return tuple(members)

    def _team(self, row: int, team: str) -> None:
        if not team:
            return
        key = spelling(team)
        if key in self.vocabulary.taken_teams:
            self._refuse(row, "team", TEAM_TAKEN, team=team)
        elif key in self.team_rows:
            self._refuse(row, "team", TEAM_TWICE_IN_FILE, team=team, first=self.team_rows[key][0])
        else:
            self.team_rows[key] = (row, team)


_PLURAL = {
    "track": "tracks",
    "industry": "industries",
    "province": "provinces",
    "region": "regions",
}


def registrations_from_rows(
    header: Sequence[Cell],
    rows: Iterable[tuple[int, Sequence[Cell]]],
    vocabulary: Vocabulary,
    *,
    source: str,
    on_row: Callable[[], None] | None = None,
) -> list[RegistrationRow]:
    """Every row as a ``RegistrationRow``, or ``RegistrationFileError`` with the problems
    (the first ``LISTED_PROBLEMS`` of them, and how many in all).

    ``rows`` are (row number, cells) in file order; rows with no value at all are skipped,
    since spreadsheets keep formatted empty rows at the end. A text the export quoted
    (``'=…``, so no spreadsheet runs it) loses that one quote again.
    """
    keys, header_problems = header_keys(header)
    if header_problems:
        raise RegistrationFileError(source, header_problems)
    checker = RowChecker(vocabulary)
    found: list[RegistrationRow] = []
    for number, cells in rows:
        if on_row is not None:
            on_row()
        values = {
            key: imported_text(cell)
            for key, cell in zip(keys, cells, strict=False)
            if key is not None and cell is not None and cell != ""
        }
        if not any(cell_text(cell) for cell in values.values()):
            continue
        checked = checker.check(number, values)
        if checker.count:
            found.clear()  # once a row is refused, so is the file: keep no rows
        elif checked is not None:
            found.append(checked)
    if checker.count:
        raise RegistrationFileError(source, checker.problems, total=checker.count)
    if not found:
        raise RegistrationFileError(source, [Problem(2, "", NO_ROWS)])
    return found
