"""Visits over the REST API: the same services, the same refusals."""

import pytest

from podium.accounts.services import api_token_create
from podium.visits.models import Signup, SignupStatus
from podium.visits.services import BAD_SEATS, visit_signup

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='visits-test')}"}


def test_api_lists_visits_with_their_seats(client):
    response = client.get("/api/visits")

    assert [
        (v["title"], v["capacity"], v["seats_taken"], v["waiting_seats"]) for v in response.json()
    ] == [
        ("参观中国杭州工业互联网小镇", 40, 40, 6),
        ("走访supET工业互联网平台", 25, 19, 0),
        ("实地调研小镇重点企业", 20, 20, 2),
    ]


def test_api_signup_with_a_token(client, users, visit):
    response = client.post(
        f"/api/visits/{visit.pk}/signups",
        {"seats": 3},
        content_type="application/json",
        headers=bearer(users["team"]),
    )

    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    assert Signup.objects.get(visit=visit).seats == 3


def test_api_signup_bad_seats_is_400_naming_the_field(client, users, visit):
    response = client.post(
        f"/api/visits/{visit.pk}/signups",
        {"seats": 0},
        content_type="application/json",
        headers=bearer(users["team"]),
    )

    assert response.status_code == 400
    assert response.json() == {"detail": BAD_SEATS.format(limit=3, given=0), "field": "seats"}
    assert not Signup.objects.filter(visit=visit).exists()


def test_api_signup_without_credentials_is_401(client, visit):
    response = client.post(
        f"/api/visits/{visit.pk}/signups", {"seats": 1}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})
    assert not Signup.objects.filter(visit=visit).exists()


def test_api_cancel_another_accounts_signup_is_404(client, users, visit):
    signup = visit_signup(account=users["judge"], visit=visit)

    response = client.post(
        f"/api/visits/signups/{signup.pk}/cancel", headers=bearer(users["other_judge"])
    )

    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED


def test_api_cancel_own_signup(client, users, visit):
    signup = visit_signup(account=users["judge"], visit=visit)

    response = client.post(
        f"/api/visits/signups/{signup.pk}/cancel", headers=bearer(users["judge"])
    )

    assert response.json()["status"] == "cancelled"
