"""The row checker alone (no database): numbers, names, emails, every problem at once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from podium.rules.registration_rows import (
    HEADERS,
    RegistrationFileError,
    Vocabulary,
    cell_count,
    registrations_from_rows,
    spelling,
)

VOCABULARY = Vocabulary(
    tracks={"领军组": "leader", "leader": "leader"},
    industries={"农业": "agriculture"},
    provinces={"四川": "sichuan", "火星": "mars"},
    regions={"西部赛区": "west"},
    province_region={"sichuan": "west"},
    allowed={},
    taken_teams=frozenset({"旧队"}),
    taken_emails=frozenset({"old@example.com"}),
)
KEYS = (
    "team",
    "title",
    "summary",
    "track",
    "industry",
    "province",
    "lead_enterprise",
    "member1_name",
    "member1_email",
    "patents",
)
HEADER = [HEADERS[k] for k in KEYS]


def problems_of(rows) -> list:
    """The problems the checker reports, or [] when it accepts every row."""
    try:
        registrations_from_rows(HEADER, rows, VOCABULARY, source="f")
    except RegistrationFileError as refused:
        return refused.problems
    return []


def row(team: str, email: str, patents: object = 0, province: str = "四川") -> list[object]:
    return [team, "题目", "简介", "领军组", "农业", province, "某公司", "甲", email, patents]


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_cell_count_reads_whole_numbers_as_text_int_or_float(number):
    assert cell_count(str(number)) == number
    assert cell_count(number) == number
    assert cell_count(float(number)) == number


@given(st.text(alphabet="abcxyz.-e ", min_size=1).filter(lambda t: t.strip() not in ("", "-")))
def test_cell_count_never_accepts_letters(text):
    if any(c in text for c in "abcxyz"):
        assert cell_count(text) is None


@given(st.lists(st.sampled_from(["甲队", "乙队", "丙队", "旧队"]), min_size=1, max_size=12))
def test_duplicate_and_taken_teams_are_each_reported(teams):
    rows = [(n, row(team, f"m{n}@example.com")) for n, team in enumerate(teams, start=2)]
    first_seen: dict[str, int] = {}
    expected = []
    for number, team in zip(range(2, len(teams) + 2), teams, strict=True):
        if team == "旧队" or team in first_seen:
            expected.append(number)
        first_seen.setdefault(team, number)

    assert [p.row for p in problems_of(rows)] == expected


@given(
    st.lists(
        st.sampled_from(["a@x.cn", "b@x.cn", "A@X.cn", "old@example.com"]), min_size=1, max_size=8
    )
)
def test_an_email_in_two_teams_is_refused_whatever_its_case(emails):
    rows = [(n, row(f"队{n}", email)) for n, email in enumerate(emails, start=2)]
    seen: set[str] = set()
    expected = []
    for number, email in enumerate(emails, start=2):
        key = email.casefold()
        if key == "old@example.com" or key in seen:
            expected.append(number)
        seen.add(key)

    assert [(p.row, p.column) for p in problems_of(rows)] == [(n, "成员1邮箱") for n in expected]


def test_province_without_region_needs_one_and_region_is_derived_otherwise():
    rows = [(2, row("甲队", "a@x.cn")), (3, row("乙队", "b@x.cn", province="火星"))]

    assert [str(p) for p in problems_of(rows)] == [
        "row 3, column '赛区': province '火星' belongs to no region; give the region"
    ]


def test_blank_rows_are_skipped_and_a_file_of_blanks_has_no_rows():
    rows = [(2, [None] * len(HEADER)), (3, ["", " "])]

    assert [str(p) for p in problems_of(rows)] == ["row 2: the file has headers but no team rows"]


@given(st.text(max_size=20))
def test_spelling_ignores_case_and_spacing(text):
    assert spelling(f"  {text.upper()}  ") == spelling(text.upper())
