import pytest

from tests.schedule.support import Undrawn, reset_venue


@pytest.fixture
def undrawn(db) -> Undrawn:
    return reset_venue()
