"""Under `podium serve`, Django's requests run on a fixed pool of threads that keep their
database connections (or, on PostgreSQL, take them from the pool): a crowd of requests
neither starts a thread each nor opens a connection each, and every one is answered."""

import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.signals import request_started
from django.db import connection
from django.db.backends.signals import connection_created

CROWD = 40


@pytest.mark.django_db(transaction=True)
def test_a_crowd_is_served_by_the_pool_threads_on_kept_connections(asgi_demo):
    threads: set[int] = set()
    opened: list[int] = []

    def started(**_: object) -> None:
        threads.add(threading.get_ident())

    def connected(**_: object) -> None:
        opened.append(threading.get_ident())

    def login_page(_: int) -> tuple[int, bool]:
        with urllib.request.urlopen(f"{asgi_demo}/accounts/login/", timeout=20) as answer:
            return answer.status, b'name="password"' in answer.read()

    request_started.connect(started)
    connection_created.connect(connected)
    try:
        login_page(0)  # the pool's first thread opens its connection
        opened.clear()
        with ThreadPoolExecutor(CROWD) as crowd:
            answers = list(crowd.map(login_page, range(CROWD)))
    finally:
        request_started.disconnect(started)
        connection_created.disconnect(connected)

    assert answers == [(200, True)] * CROWD
    assert 1 <= len(threads) <= settings.PODIUM_DJANGO_CONCURRENCY
    if connection.vendor == "sqlite":
        # Each thread opens a connection once at most (the first had its own already).
        # (PostgreSQL's are lent by the pool per request: Django opens one each time.)
        assert len(opened) == len(set(opened)) <= len(threads) - 1
