"""Login throttling keyed on username and address; lockouts expire."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from podium.accounts.models import User
from podium.demo.reference import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
VENUE = "10.0.0.8"


def login(client, username: str, password: str, address: str = VENUE):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def lock_out(client, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, username, "wrong")


def signed_in_as(client) -> str | None:
    """The username the client's session is signed in as, if any."""
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk).username if pk else None


def test_login_right_password_reaches_home(client):
    response = login(client, "judge001", DEMO_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")


def test_login_wrong_password_shows_the_form_again(client):
    response = login(client, "judge001", "wrong")

    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]


def test_login_locked_after_failures_even_with_right_password(client):
    lock_out(client, "judge001")

    response = login(client, "judge001", DEMO_PASSWORD)

    assert response.status_code == 429
    assert "<h1>登录失败次数过多</h1>" in response.content.decode()
    assert signed_in_as(client) is None


def test_login_lockout_spares_other_judges_on_the_same_address(client):
    lock_out(client, "judge001")

    response = login(client, "judge002", DEMO_PASSWORD)

    assert (response.status_code, response["Location"]) == (302, reverse("accounts:home"))
    assert signed_in_as(client) == "judge002"


def test_login_lockout_spares_the_same_judge_elsewhere(client):
    lock_out(client, "judge001")

    response = login(client, "judge001", DEMO_PASSWORD, address="10.9.9.9")

    assert (response.status_code, response["Location"]) == (302, reverse("accounts:home"))
    assert signed_in_as(client) == "judge001"


def test_login_lockout_expires(client):
    lock_out(client, "judge001")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16)
    )

    response = login(client, "judge001", DEMO_PASSWORD)

    assert (response.status_code, response["Location"]) == (302, reverse("accounts:home"))
    assert signed_in_as(client) == "judge001"
