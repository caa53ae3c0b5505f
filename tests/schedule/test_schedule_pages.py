"""The public schedule and its exports, the public draw record, the organiser's forms."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from openpyxl import load_workbook

from podium.judging.models import StageEntry
from podium.ledger.models import EntryKind, LedgerEntry
from podium.rules.draw import commitment, draw
from podium.schedule.exports import COLUMNS
from podium.schedule.models import Draw
from podium.schedule.serialize import verify_snippet
from podium.schedule.services import BAD_COMMITMENT, NOT_COMMITTED, SEED_MISMATCH
from tests.schedule.support import COMMITMENT, SEED

pytestmark = pytest.mark.django_db
COMMIT = reverse("schedule:commit", args=["semifinal", "yuhang-b"])
REVEAL = reverse("schedule:reveal", args=["semifinal", "yuhang-b"])
MANAGE = reverse("schedule:manage")


def first_entry(venue: str) -> StageEntry:
    return (
        StageEntry.objects.filter(stage__kind="semifinal", venue__code=venue)
        .select_related("project")
        .get(draw_position=1)
    )


def unfold(body: bytes) -> list[str]:
    """The content lines of an iCalendar body (RFC 5545 §3.1), checking the line format."""
    text = body.decode("utf-8")
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert "\n" not in "".join(physical)
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def events(lines: list[str]) -> list[dict[str, str]]:
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


def test_schedule_page_shows_days_and_both_venues(client):
    leader, rookie = first_entry("yuhang-a"), first_entry("yuhang-b")

    response = client.get(reverse("schedule:index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r"<h3>(2020-1\d-1\d)", html) == ["2020-11-10", "2020-11-11", "2020-12-10"]
    assert html.count('<div class="card">') == 6  # two days × two venues, then the final
    assert leader.project.title in html
    assert rookie.project.title in html
    assert '<time datetime="2020-11-10T08:00:00+08:00">08:00</time>' in html
    assert reverse("schedule:export", args=["semifinal", "ics"]) in html


def test_schedule_page_in_english_has_english_headings(client):
    response = client.get(reverse("schedule:index"), HTTP_ACCEPT_LANGUAGE="en")

    assert "<h1>Schedule</h1>" in response.content.decode()


def test_schedule_page_says_when_sessions_do_not_fit(client):
    from podium.schedule.models import StageSchedule

    StageSchedule.objects.filter(stage__kind="semifinal").update(days=["2020-11-10"])

    html = client.get(reverse("schedule:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert html.count('class="message error shortfall"') == 2
    assert "34 team(s) do not fit in the sessions" in html


def test_schedule_ics_has_one_event_per_semifinal_slot(client):
    response = client.get(reverse("schedule:export", args=["semifinal", "ics"]))

    lines = unfold(response.content)
    found = events(lines)
    leader = first_entry("yuhang-a")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (lines[0], lines[1], lines[-1]) == ("BEGIN:VCALENDAR", "VERSION:2.0", "END:VCALENDAR")
    assert len(found) == 100
    assert len({event["UID"] for event in found}) == 100
    assert found[0]["UID"] == f"ciic-2020-semifinal-yuhang-a-{leader.project.code}@podium"
    assert (found[0]["DTSTART"], found[0]["DTEND"]) == ("20201110T000000Z", "20201110T001400Z")
    assert found[0]["SUMMARY"] == leader.project.title.replace(",", "\\,").replace(";", "\\;")
    assert found[0]["LOCATION"] == "余杭主赛场·领军组"
    assert {set(e) >= {"DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "UID"} for e in found} == {True}


def test_schedule_ics_uid_stable_across_exports(client):
    url = reverse("schedule:export", args=["semifinal", "ics"])

    first = [e["UID"] for e in events(unfold(client.get(url).content))]
    second = [e["UID"] for e in events(unfold(client.get(url).content))]

    assert first == second


def test_schedule_ics_folds_long_lines_between_characters():
    from podium.schedule.exports import _fold

    line = "SUMMARY:" + "工业互联网" * 20

    folded = _fold(line)

    parts = folded.split("\r\n")
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line
    assert [len(p.encode()) <= 75 for p in parts] == [True] * len(parts)
    assert all(p.startswith(" ") for p in parts[1:])


def test_schedule_xlsx_opens_with_a_row_per_slot(client):
    response = client.get(reverse("schedule:export", args=["semifinal", "xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    leader = first_entry("yuhang-a")
    assert rows[0] == tuple(COLUMNS)
    assert len(rows) == 101
    assert rows[1] == (
        "semifinal",
        "yuhang-a",
        "leader",
        1,
        leader.project.code,
        leader.project.title,
        "2020-11-10",
        "08:00",
        "08:14",
    )


@pytest.mark.parametrize("fmt", ["ics", "xlsx"])
def test_schedule_export_stage_without_schedule_is_404(client, fmt):
    response = client.get(reverse("schedule:export", args=["regional", fmt]))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")  # no calendar, no workbook
    assert "Not Found" in response.content.decode()


def test_draws_page_shows_seed_order_and_snippet(client):
    found = Draw.objects.select_related("venue").get(venue__code="yuhang-a")

    html = client.get(reverse("schedule:draws"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'<code class="hash commitment">{found.commitment}</code>' in html
    assert f'<code class="seed">{found.seed}</code>' in html
    assert "HMAC-SHA256" in html
    assert html.count("<li><code>") == 100 + 20  # the semi-final's and the final's orders


def test_draws_page_shows_only_the_commitment_before_the_reveal(client, users, undrawn):
    from podium.schedule.services import draw_commit

    draw_commit(
        organiser=users["organiser"],
        stage=undrawn.stage,
        venue=undrawn.venue,
        commitment=COMMITMENT,
    )

    html = client.get(reverse("schedule:draws"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    section = html.split('id="draw-semifinal-yuhang-b"')[1]
    assert f'<code class="hash commitment">{COMMITMENT}</code>' in section
    assert "Revealed after the draw." in section
    assert SEED not in html


def test_verify_snippet_runs_and_checks_the_draw():
    found = Draw.objects.get(venue__code="yuhang-b")
    printed = io.StringIO()

    exec(verify_snippet(found), {"print": lambda *a: printed.write(" ".join(map(str, a)))})

    assert printed.getvalue() == "verified: 31 teams"


def test_verify_snippet_fails_on_a_tampered_order():
    found = Draw.objects.get(venue__code="yuhang-b")
    found.order = [*found.order[1:], found.order[0]]

    with pytest.raises(AssertionError):
        exec(verify_snippet(found), {"print": lambda *a: None})


def test_organiser_commits_then_reveals_through_the_pages(client_as, users, undrawn):
    client = client_as(users["organiser"])

    committed = client.post(COMMIT, {"commitment": COMMITMENT})
    revealed = client.post(REVEAL, {"seed": SEED})

    assert (committed.status_code, committed["Location"]) == (302, MANAGE)
    assert (revealed.status_code, revealed["Location"]) == (302, MANAGE)
    stored = Draw.objects.get(stage=undrawn.stage, venue=undrawn.venue)
    assert (stored.seed, stored.order) == (SEED, list(draw(undrawn.codes, SEED).order))
    last = LedgerEntry.objects.order_by("-seq").first()
    assert (last.kind, last.actor) == (EntryKind.DRAW, "organiser")


def test_organiser_manage_page_lists_each_venue(client_as, users, undrawn):
    response = client_as(users["organiser"]).get(MANAGE, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'action="{COMMIT}"' in html
    assert 'id="manage-semifinal-yuhang-a"' in html


def test_commit_bad_value_shown_on_the_form_naming_the_field(client_as, users, undrawn):
    response = client_as(users["organiser"]).post(COMMIT, {"commitment": "abc"})

    form = next(row.form for row in response.context["rows"] if row.target.venue.code == "yuhang-b")
    assert response.status_code == 400
    assert form.errors == {"commitment": [BAD_COMMITMENT.format(given="abc")]}
    assert "commitment: give the SHA-256 of the seed" in response.content.decode()
    assert not Draw.objects.filter(stage=undrawn.stage, venue=undrawn.venue).exists()


def test_reveal_wrong_seed_shown_on_the_form_and_nothing_changes(client_as, users, undrawn):
    client = client_as(users["organiser"])
    client.post(COMMIT, {"commitment": COMMITMENT})

    response = client.post(REVEAL, {"seed": "wrong"})

    form = next(row.form for row in response.context["rows"] if row.target.venue.code == "yuhang-b")
    assert response.status_code == 400
    assert form.errors == {
        "seed": [SEED_MISMATCH.format(digest=commitment("wrong"), commitment=COMMITMENT)]
    }
    assert Draw.objects.get(stage=undrawn.stage, venue=undrawn.venue).revealed_at is None


def test_reveal_before_commit_refused_on_the_form(client_as, users, undrawn):
    response = client_as(users["organiser"]).post(REVEAL, {"seed": SEED})

    form = next(row.form for row in response.context["rows"] if row.target.venue.code == "yuhang-b")
    assert response.status_code == 400
    assert form.errors == {"seed": [NOT_COMMITTED.format(venue="yuhang-b", stage="semifinal")]}
    assert set(
        StageEntry.objects.filter(stage=undrawn.stage, venue=undrawn.venue).values_list(
            "draw_position", flat=True
        )
    ) == {None}


@pytest.mark.parametrize("role", ["judge", "supervisor", "team", "partner"])
@pytest.mark.parametrize("url", [COMMIT, REVEAL])
def test_draw_actions_refused_to_other_roles(client_as, users, undrawn, role, url):
    response = client_as(users[role]).post(url, {"commitment": COMMITMENT, "seed": SEED})

    assert response.status_code == 403
    assert "403 Forbidden" in response.content.decode()
    assert not Draw.objects.filter(stage=undrawn.stage, venue=undrawn.venue).exists()


@pytest.mark.parametrize("role", ["judge", "supervisor", "team", "partner"])
def test_draw_manage_page_refused_to_other_roles(client_as, users, role):
    response = client_as(users[role]).get(MANAGE)

    assert response.status_code == 403
    assert "403 Forbidden" in response.content.decode()
    assert 'id="manage-semifinal-yuhang-a"' not in response.content.decode()


@pytest.mark.parametrize("url", [COMMIT, REVEAL, MANAGE])
def test_draw_pages_send_anonymous_to_login(client, url):
    response = client.post(url, {"commitment": COMMITMENT}) if url != MANAGE else client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next={url}"


@pytest.mark.parametrize("url", [COMMIT, REVEAL])
def test_draw_actions_are_post_only(client_as, users, url):
    response = client_as(users["organiser"]).get(url)

    assert (response.status_code, response["Allow"]) == (405, "POST")


def test_draw_action_unknown_venue_is_404(client_as, users):
    url = reverse("schedule:commit", args=["semifinal", "nowhere"])
    before = Draw.objects.count()

    response = client_as(users["organiser"]).post(url, {"commitment": COMMITMENT})

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()
    assert Draw.objects.count() == before


def test_demo_draw_recorded_before_the_first_slot(edition):
    first_slot = {
        "semifinal": datetime(2020, 11, 10, 0, 0, tzinfo=UTC),
        "final": datetime(2020, 12, 10, 1, 0, tzinfo=UTC),
    }

    revealed = list(Draw.objects.values_list("stage__kind", "committed_at", "revealed_at"))

    assert {kind for kind, _c, _r in revealed} == {"semifinal", "final"}
    assert all(c < r < first_slot[kind] for kind, c, r in revealed)
