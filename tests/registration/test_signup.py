"""Team sign-up, the team's own edits until the deadline, and the organisers' review."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from podium import clock
from podium.accounts.models import Role, User
from podium.registration.models import Member, Project, ProjectStatus, Team
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SIGNUP = {
    "username": "xinghuo",
    "password": "Correct-Horse-42",
    "team": "星火团队",
    "title": "星火平台",
    "summary": "工业互联网平台。",
    "track": "leader",
    "industry": "equipment",
    "province": "zhejiang",
    "region": "",
    "lead_enterprise": "星火有限公司",
    "partners": "甲公司；乙公司",
    "patents": "2",
    "software_copyrights": "7",
    "video_url": "https://video.example.com/x",
    "member1_name": "张三",
    "member1_email": "zs@example.com",
    "member2_name": "李四",
    "member2_email": "ls@example.com",
}


@pytest.fixture
def before_deadline(edition):
    with clock.frozen(edition.registration_closes_at - timedelta(seconds=1)):
        yield


def post_signup(client, **changes):
    data = {**SIGNUP, **changes}
    if "deck" not in data:
        data["deck"] = SimpleUploadedFile("deck.pdf", PDF, "application/pdf")
    return client.post(reverse("registration:register"), data)


def test_signup_creates_login_team_members_and_project(client, edition, before_deadline):
    response = post_signup(client)

    project = Project.objects.get(edition=edition, team__name="星火团队")
    assert response.status_code == 302
    assert response["Location"] == reverse("registration:project", args=[project.pk])
    account = User.objects.get(username="xinghuo")
    assert (account.role, account.check_password("Correct-Horse-42")) == (Role.TEAM, True)
    assert project.team.account == account
    assert (project.region.code, project.industry.code, project.patents) == ("east", "equipment", 2)
    assert sorted(e.name for e in project.partner_enterprises.all()) == ["乙公司", "甲公司"]
    assert [(m.name, m.is_leader) for m in project.team.members.all()] == [
        ("张三", True),
        ("李四", False),
    ]
    assert project.deck.read() == PDF
    assert client.get(reverse("accounts:home")).context["user"] == account


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("team", "", "required value missing"),
        ("title", "", "required value missing"),
        ("summary", "", "required value missing"),
        ("track", "", "required value missing"),
        ("industry", "", "required value missing"),
        ("province", "", "required value missing"),
        ("region", "west", "province '浙江' belongs to region '华东赛区', not '西部赛区'"),
        ("lead_enterprise", "", "required value missing"),
        ("patents", "many", "'many' is not a whole number"),
        ("software_copyrights", "-1", "-1 is negative"),
        ("video_url", "video", "'video' is not a web link (http:// or https://)"),
        ("member1_name", "", "required value missing"),
        ("member1_email", "zs@", "'zs@' is not an email address"),
        ("member2_email", "", "required value missing"),
        ("username", "", "choose a login name"),
        ("username", "team0001", "the login name 'team0001' is taken"),
        ("password", "123", "This password is too short. It must contain at least 8 characters."),
    ],
)
def test_signup_refuses_bad_field_and_creates_nothing(
    client, edition, before_deadline, field, value, message, settings
):
    settings.LANGUAGE_CODE = "en"
    client.cookies["django_language"] = "en"
    teams, users = Team.objects.count(), User.objects.count()

    response = post_signup(client, **{field: value})

    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert (Team.objects.count(), User.objects.count()) == (teams, users)


def test_signup_refuses_team_name_or_email_already_registered(client, edition, before_deadline):
    taken = Team.objects.filter(edition=edition).first().name
    post_signup(client)
    client.logout()

    response = post_signup(
        client,
        username="other",
        team=taken,
        member1_email="ZS@example.com",
        member2_email="new@example.com",
    )

    errors = response.context["form"].errors
    assert response.status_code == 400
    assert list(errors) == ["team", "member1_email"]
    assert Member.objects.filter(email="zs@example.com").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deck.pdf", b"PK\x03\x04 a zip renamed", "is not a PDF document"),
        ("deck.docx", PDF, "must be a .pdf file"),
    ],
)
def test_signup_refuses_deck_that_is_not_pdf(client, before_deadline, name, content, message):
    response = post_signup(client, deck=SimpleUploadedFile(name, content))

    assert response.status_code == 400
    assert message in response.context["form"].errors["deck"][0]
    assert not User.objects.filter(username="xinghuo").exists()


def test_signup_refuses_deck_over_the_size_limit(client, before_deadline, monkeypatch):
    monkeypatch.setattr("podium.registration.signup.DECK_MAX_BYTES", len(PDF) - 1)

    response = post_signup(client)

    assert response.status_code == 400
    assert "MiB; at most" in response.context["form"].errors["deck"][0]


def test_signup_is_locked_at_the_deadline(client, edition):
    with clock.frozen(edition.registration_closes_at):
        response = post_signup(client)

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()[0].startswith("registration closed at")
    assert not User.objects.filter(username="xinghuo").exists()


def test_team_edits_registration_until_the_deadline_then_is_locked(
    client, edition, before_deadline
):
    post_signup(client)
    project = Project.objects.get(team__name="星火团队")
    url = reverse("registration:registration_edit")
    changed = {**SIGNUP, "title": "星火平台二代", "member2_name": "", "member2_email": ""}

    saved = client.post(url, changed)
    project.refresh_from_db()
    assert (saved.status_code, saved["Location"]) == (
        302,
        reverse("registration:project", args=[project.pk]),
    )
    assert (project.title, project.team.members.count()) == ("星火平台二代", 1)

    with clock.frozen(edition.registration_closes_at):
        locked = client.post(url, {**changed, "title": "截止后修改"})
        api = client.patch(
            f"/api/projects/{project.pk}", {"title": "截止后"}, content_type="application/json"
        )
    project.refresh_from_db()
    assert locked.status_code == 400
    assert locked.context["form"].non_field_errors()[0].startswith("registration closed at")
    assert api.status_code == 400
    assert api.json()["detail"].startswith("registration closed at")
    assert project.title == "星火平台二代"


def review(client, project, **data):
    return client.post(reverse("registration:review_decide", args=[project.pk]), data)


def test_organiser_accepts_and_rejects_with_reason_the_team_sees(client_as, users, edition):
    # New registrations: the demo's are in published results, which keep them.
    first, second = ProjectFactory(edition=edition), ProjectFactory(edition=edition)
    client = client_as(users["organiser"])

    review(client, first, decision="reject", reason="材料不完整")
    review(client, second, decision="accept")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.review_reason) == (ProjectStatus.REJECTED, "材料不完整")
    assert (second.status, second.review_reason) == (ProjectStatus.ACCEPTED, "")
    team_page = client_as(first.team.account).get(reverse("registration:project", args=[first.pk]))
    assert "材料不完整" in team_page.content.decode()


def test_rejection_without_reason_changes_nothing(client_as, users, edition):
    project = Project.objects.filter(edition=edition).order_by("code").first()
    client = client_as(users["organiser"])

    response = client.post(
        reverse("registration:review_decide", args=[project.pk]),
        {"decision": "reject", "reason": "  "},
    )

    project.refresh_from_db()
    assert (project.status, project.review_reason) == (ProjectStatus.ACCEPTED, "")
    assert response.status_code == 400  # the refusal page, not a redirect that looks done
    shown = html.unescape(response.content.decode())
    assert "reason: a rejection needs a reason the team can read" in shown
    assert not list(response.context["messages"])


def test_review_list_filters_by_status(client_as, users, edition):
    project = ProjectFactory(edition=edition)
    client = client_as(users["organiser"])
    review(client, project, decision="reject", reason="重复报名")

    rejected = client.get(reverse("registration:review"), {"status": "rejected"})

    assert [p.code for p in rejected.context["page"]] == [project.code]


@pytest.mark.parametrize("role", ["team", "judge", "supervisor", "partner"])
@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "review"),
        ("post", "review_decide"),
        ("get", "import"),
        ("get", "template"),
        ("get", "export"),
    ],
)
def test_organiser_pages_refuse_other_roles(client_as, users, edition, role, method, name):
    project = Project.objects.filter(edition=edition).order_by("code").first()
    args = [project.pk] if name == "review_decide" else []
    client = client_as(users[role])

    response = getattr(client, method)(
        reverse(f"registration:{name}", args=args), {"decision": "accept"}
    )

    project.refresh_from_db()
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")  # not the workbook
    assert "403 Forbidden" in response.content.decode()
    assert project.status == ProjectStatus.ACCEPTED


@pytest.mark.parametrize("name", ["review", "import", "template", "export", "registration_edit"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(f"registration:{name}"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_registration_edit_refuses_non_team_roles(client_as, users):
    response = client_as(users["judge"]).get(reverse("registration:registration_edit"))

    assert response.status_code == 403
    assert "403 Forbidden" in response.content.decode()
    assert 'name="title"' not in response.content.decode()


def test_api_review_rejects_with_reason_and_refuses_other_roles(client_as, users, edition):
    project = ProjectFactory(edition=edition)
    url = f"/api/projects/{project.pk}/review"

    as_team = client_as(users["team"]).post(
        url, {"decision": "accept"}, content_type="application/json"
    )
    organiser = client_as(users["organiser"])
    no_reason = organiser.post(url, {"decision": "reject"}, content_type="application/json")
    done = organiser.post(
        url, {"decision": "reject", "reason": "不符合参赛条件"}, content_type="application/json"
    )

    assert (as_team.status_code, as_team.json()["detail"]) == (
        403,
        "only an organiser accepts or rejects a registration",
    )
    assert (no_reason.status_code, no_reason.json()["field"]) == (400, "reason")
    assert (done.status_code, done.json()["status"], done.json()["review_reason"]) == (
        200,
        "rejected",
        "不符合参赛条件",
    )


def test_api_review_needs_login(client, edition):
    project = Project.objects.filter(edition=edition).order_by("code").first()

    response = client.post(
        f"/api/projects/{project.pk}/review",
        {"decision": "accept"},
        content_type="application/json",
    )

    project.refresh_from_db()
    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})
    assert project.status == ProjectStatus.ACCEPTED
