"""The API's bounded input types and its error shape, used by every router.

A path or body number goes to the database as a query parameter. Unbounded, a number past
a 64-bit integer failed there (SQLite: "Python int too large", PostgreSQL: out of range)
and answered 500; a bounded type refuses it with the API's 400 before any query, and the
OpenAPI document says so. JSON's ``true`` is refused where a number is wanted (pydantic
would read it as 1).
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

MAX_ID = 2**63 - 1  # a 64-bit primary key (PostgreSQL's bigint, SQLite's INTEGER)
MAX_COUNT = 2**31 - 1  # a PositiveIntegerField on PostgreSQL (integer)
NOT_A_BOOLEAN = "give a whole number, not true or false"


def _not_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("not_a_boolean", NOT_A_BOOLEAN)
    return value


# The bounds before the validator: after it, pydantic would still enforce them but write
# them into the OpenAPI document as "ge"/"le" rather than "minimum"/"maximum".
Whole = Annotated[int, BeforeValidator(_not_boolean)]  # bounded by the service that reads it
Id = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_not_boolean)]  # a row's id
Count = Annotated[int, Field(ge=0, le=MAX_COUNT), BeforeValidator(_not_boolean)]
Positive = Annotated[int, Field(ge=1, le=MAX_COUNT), BeforeValidator(_not_boolean)]


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every refusal: what is wrong and the input it is about (``errors`` lists each bad
    input of a request that did not match the schema)."""

    detail: str
    field: str | None = None
    errors: list[FieldError] | None = None


def answers(ok: Any, *refusals: int, status: int = 200) -> dict[int, Any]:
    """An operation's ``response=``: its success and the refusals it can answer."""
    return {status: ok, **dict.fromkeys(refusals, ErrorOut)}


class Pages(PageNumberPagination):
    """Page numbers bounded so the offset (page × page size) fits a 64-bit integer for any
    page size up to 2^31; a page past the last is an empty list."""

    class Input(Schema):
        page: Positive = 1
        page_size: Positive | None = None  # at most the operation's max_page_size
