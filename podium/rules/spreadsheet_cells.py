"""Cells a spreadsheet program will not run: the one guard every CSV and XLSX writer uses.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel and LibreOffice when they open a CSV (``=HYPERLINK("http://evil…")``),
and openpyxl itself stores a ``str`` that begins with ``=`` as a formula. Team-controlled
text (titles, team names, enterprises, members) reaches every export, so each writer
passes its cells through :func:`inert_cell`, which prefixes such text with a single quote,
as OWASP recommends ("CSV Injection"); the quote makes openpyxl store the cell as a string.

Numbers stay numbers: an ``int``, ``float`` or ``Decimal`` is left alone, and so is text
that is only a number (a score written ``"-1.25"``), which no program runs as a formula.

The registration export is imported again, so :func:`imported_text` takes exactly the
one quote back off. Text that already begins with quotes before such a character
(``'=x``) gets one more on export, so the round trip gives back every text unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

QUOTE = "'"
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def inert_cell(value: T) -> T | str:
    """``value`` as a writer may put it in a cell: quoted when it is text a spreadsheet
    would take for a formula, else unchanged."""
    if not isinstance(value, str) or _PLAIN_NUMBER.fullmatch(value):
        return value
    if _NEEDS_QUOTE.match(value):
        return QUOTE + value
    return value


def inert_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row through :func:`inert_cell`."""
    return [inert_cell(value) for value in values]


def imported_text(value: T) -> T | str:
    """A cell read back from an export: the quote :func:`inert_cell` added, taken off."""
    if isinstance(value, str) and _QUOTED.match(value):
        return value[1:]
    return value
