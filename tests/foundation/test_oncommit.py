"""Work asked for by many writes of one transaction is done once, after the commit."""

import pytest
from django.db import transaction

from podium.oncommit import AfterCommit

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs():
    done: list[dict] = []
    return done, AfterCommit(done.append)


def test_a_thousand_asks_in_one_transaction_run_once_after_it_commits(
    runs, django_capture_on_commit_callbacks
):
    done, after = runs
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(1000):
            after.ask({"/": None, f"/p/{n % 3}/": None})
        assert done == []  # nothing before the commit

    assert done == [{"/": None, "/p/0/": None}, {"/p/1/": None}, {"/p/2/": None}]


def test_a_rolled_back_savepoint_keeps_what_was_asked_before_it(
    runs, django_capture_on_commit_callbacks
):
    done, after = runs
    with django_capture_on_commit_callbacks(execute=True):
        after.ask({"kept": 1})
        with transaction.atomic():
            after.ask({"kept": 2, "dropped": 2})
            transaction.set_rollback(True)

    assert done == [{"kept": 1}]


def test_a_rolled_back_transaction_leaves_nothing_for_the_next(
    runs, django_capture_on_commit_callbacks
):
    done, after = runs
    with transaction.atomic():
        after.ask({"rolled back": None})
        transaction.set_rollback(True)
    with django_capture_on_commit_callbacks(execute=True):
        after.ask({"next": None})

    assert done == [{"next": None}]


def test_each_transaction_runs_again(runs, django_capture_on_commit_callbacks):
    done, after = runs
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            after.ask({"/": None})
            after.ask({"/": None})

    assert done == [{"/": None}, {"/": None}]
