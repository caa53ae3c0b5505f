"""Visit pages over HTTP: sign up, cancel, the organiser's list to print and download."""

import csv
import io
from html import escape
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from podium.visits.exports import COLUMNS
from podium.visits.models import Signup, SignupStatus, Visit
from podium.visits.selectors import attendees
from podium.visits.services import BAD_SEATS, visit_signup

pytestmark = pytest.mark.django_db

TOWN = "参观中国杭州工业互联网小镇"


def test_index_lists_the_demo_visits_to_anyone(client):
    response = client.get(reverse("visits:index"))
    html = response.content.decode()

    assert response.status_code == 200
    assert [row["visit"].title for row in response.context["rows"]] == [
        TOWN,
        "走访supET工业互联网平台",
        "实地调研小镇重点企业",
    ]
    assert html.count('<meter min="0" max="40" value="40">') == 1
    assert 'action="/visits/' not in html  # anonymous visitors see no sign-up form


def test_index_offers_a_team_up_to_its_seat_limit(client_as, users, visit):
    response = client_as(users["team"]).get(reverse("visits:index"))

    row = next(r for r in response.context["rows"] if r["visit"].pk == visit.pk)
    assert list(row["seat_choices"]) == [1, 2, 3]


def test_signup_page_seats_a_team(client_as, users, visit):
    response = client_as(users["team"]).post(
        reverse("visits:signup", args=[visit.pk]), {"seats": "2"}
    )
    index = client_as(users["team"]).get(response["Location"]).content.decode()

    assert (response.status_code, response["Location"]) == (302, reverse("visits:index"))
    assert f"您已报名：{visit.title}。" in index
    signup = Signup.objects.get(visit=visit, account=users["team"])
    assert (signup.seats, signup.status) == (2, SignupStatus.CONFIRMED)


def test_signup_page_bad_seats_is_400_and_changes_nothing(client_as, users, visit):
    response = client_as(users["team"]).post(
        reverse("visits:signup", args=[visit.pk]), {"seats": "9"}
    )

    assert response.status_code == 400
    assert escape(BAD_SEATS.format(limit=3, given="9")) in response.content.decode()
    assert not Signup.objects.filter(visit=visit).exists()


def test_signup_page_anonymous_is_sent_to_log_in(client, visit):
    response = client.post(reverse("visits:signup", args=[visit.pk]), {"seats": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Signup.objects.filter(visit=visit).exists()


def test_signup_page_organiser_is_refused(client_as, users, visit):
    response = client_as(users["organiser"]).post(reverse("visits:signup", args=[visit.pk]))

    assert response.status_code == 403
    assert "403 Forbidden" in response.content.decode()
    assert not Signup.objects.filter(visit=visit).exists()


def test_signup_page_unknown_visit_is_404(client_as, users):
    before = Signup.objects.count()

    response = client_as(users["judge"]).post(reverse("visits:signup", args=[999999]))

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()
    assert Signup.objects.count() == before


def test_cancel_page_own_signup(client_as, users, visit):
    signup = visit_signup(account=users["judge"], visit=visit)

    response = client_as(users["judge"]).post(reverse("visits:cancel", args=[signup.pk]))
    index = client_as(users["judge"]).get(response["Location"]).content.decode()

    assert (response.status_code, response["Location"]) == (302, reverse("visits:index"))
    assert f"已取消报名：{visit.title}。" in index
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED


def test_cancel_page_another_accounts_signup_is_404_and_unchanged(client_as, users, visit):
    signup = visit_signup(account=users["judge"], visit=visit)

    response = client_as(users["other_judge"]).post(reverse("visits:cancel", args=[signup.pk]))

    assert response.status_code == 404
    assert "Not Found" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED


def test_cancel_page_anonymous_is_sent_to_log_in(client, users, visit):
    signup = visit_signup(account=users["judge"], visit=visit)

    url = reverse("visits:cancel", args=[signup.pk])

    response = client.post(url)

    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('accounts:login')}?next={url}",
    )
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED


def demo_town() -> Visit:
    return Visit.objects.get(title=TOWN)


def test_attendee_list_for_the_organiser_prints_both_lists(client_as, users):
    town = demo_town()
    response = client_as(users["organiser"]).get(reverse("visits:attendees", args=[town.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert len(response.context["confirmed"]) == 16  # 12 teams and 4 judges: 40 seats
    assert sum(a.seats for a in response.context["confirmed"]) == 40
    assert [a.seats for a in response.context["waiting"]] == [3, 2, 1]
    assert response.context["waiting"][2].name == str(users["partner"])
    assert "podium/visits.css" in html
    assert '<button type="button" class="primary" data-print>' in html


@pytest.mark.parametrize("role", ["team", "judge", "supervisor", "partner"])
def test_attendee_list_is_refused_to_other_roles(client_as, users, role):
    town = demo_town()
    urls = [reverse("visits:attendees", args=[town.pk])] + [
        reverse("visits:export", args=[town.pk, fmt]) for fmt in ("csv", "xlsx")
    ]
    for url in urls:
        response = client_as(users[role]).get(url)
        html = response.content.decode()
        assert response.status_code == 403
        assert response["Content-Type"].startswith("text/html")  # no list, no download
        assert "403 Forbidden" in html
        assert str(users["partner"]) not in html  # a name on the waiting list


def test_attendee_list_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("visits:attendees", args=[demo_town().pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_attendee_csv_rows_match_the_lists(client_as, users):
    town = demo_town()
    response = client_as(users["organiser"]).get(reverse("visits:export", args=[town.pk, "csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    lists = attendees(town)
    expected = [
        [status, str(a.position), a.name, str(a.role), a.contact, str(a.seats)]
        for status, people in lists.items()
        for a in people
    ]
    assert rows[0] == COLUMNS
    assert [row[:6] for row in rows[1:]] == expected
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_attendee_xlsx_opens_with_the_same_rows(client_as, users):
    town = demo_town()
    response = client_as(users["organiser"]).get(reverse("visits:export", args=[town.pk, "xlsx"]))

    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["attendees"].iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert [(r[0], r[5]) for r in rows[1:]] == [
        *[("confirmed", a.seats) for a in attendees(town)["confirmed"]],
        ("waiting", 3),
        ("waiting", 2),
        ("waiting", 1),
    ]
    about = dict(book["visit"].iter_rows(values_only=True))
    assert (about["title"], about["capacity"], about["seats_taken"]) == (TOWN, 40, 40)


def test_organiser_cancels_from_the_list_and_the_line_moves_up(client_as, users):
    town = demo_town()
    first_team = Signup.objects.filter(visit=town, status="confirmed", seats=3).first()

    response = client_as(users["organiser"]).post(reverse("visits:cancel", args=[first_team.pk]))

    assert response["Location"] == reverse("visits:attendees", args=[town.pk])
    waiting = Signup.objects.filter(visit=town, status="waiting")
    assert [s.seats for s in waiting] == [2, 1]  # the team of three moved up


def test_print_stylesheet_hides_the_page_chrome():
    css = (Path(__file__).parents[2] / "podium/visits/static/podium/visits.css").read_text()

    print_rules = css[css.index("@media print") :]
    assert ".bar, footer, .screen-only" in print_rules
