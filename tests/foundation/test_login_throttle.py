"""Login throttling keyed on username and address; lockouts expire."""

import asyncio
import re
from datetime import timedelta

import httpx
import pytest
import uvicorn
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from podium.accounts.models import User
from podium.asgi import application
from podium.cli.serve import proxy_options
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


GUESSES = 30
PROXY = "10.0.0.2"


def guesses_through_serve(trusted: list[str], peer: str, forwarded: list[str], password: str):
    """POST a login per address in ``forwarded`` (as its X-Forwarded-For) from ``peer``,
    through what `podium serve` runs: uvicorn's configuration with ``proxy_options``
    (its proxy-headers middleware when a proxy is trusted), then Podium's ASGI stack."""
    config = uvicorn.Config(application, lifespan="off", **proxy_options(trusted))
    config.load()

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=config.loaded_app, client=(peer, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as web:
            form = await web.get(reverse("accounts:login"))
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
            statuses = []
            for address in forwarded:
                answer = await web.post(
                    reverse("accounts:login"),
                    data={"username": "judge001", "password": password},
                    headers={"X-Forwarded-For": address, "X-CSRFToken": token},
                )
                statuses.append(answer.status_code)
            return statuses

    return asyncio.run(run())


def attempts() -> list[tuple[str, str, int]]:
    return list(
        AccessAttempt.objects.order_by("ip_address").values_list(
            "username", "ip_address", "failures_since_start"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_login_forwarded_for_from_an_untrusted_peer_still_locks_the_account(demo_committed):
    addresses = [f"198.51.100.{n}" for n in range(1, GUESSES + 1)]

    wrong = guesses_through_serve([], "127.0.0.1", addresses, "wrong")
    right = guesses_through_serve([], "127.0.0.1", ["198.51.100.99"], DEMO_PASSWORD)

    limit = settings.AXES_FAILURE_LIMIT
    assert wrong == [200] * (limit - 1) + [429] * (GUESSES - limit + 1)
    assert right == [429]
    assert attempts() == [("judge001", "127.0.0.1", GUESSES + 1)]  # the right one counts too


@pytest.mark.django_db(transaction=True)
def test_login_forwarded_for_from_a_trusted_proxy_is_the_address(demo_committed):
    guesser = ["203.0.113.7"] * (settings.AXES_FAILURE_LIMIT + 1)

    wrong = guesses_through_serve([PROXY], PROXY, guesser, "wrong")
    elsewhere = guesses_through_serve(["10.0.0.0/8"], PROXY, ["203.0.113.8"], DEMO_PASSWORD)

    assert wrong[-2:] == [429, 429]
    assert elsewhere == [302]
    assert attempts() == [("judge001", "203.0.113.7", settings.AXES_FAILURE_LIMIT + 1)]


def test_serve_trusts_no_forwarded_header_unless_a_proxy_is_named():
    assert proxy_options([]) == {"proxy_headers": False, "forwarded_allow_ips": []}
    assert proxy_options(["10.0.0.2", "fd00::/8"]) == {
        "proxy_headers": True,
        "forwarded_allow_ips": ["10.0.0.2", "fd00::/8"],
    }
