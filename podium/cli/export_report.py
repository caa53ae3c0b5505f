"""``podium export report|certificates|workbook``: the organisers' PDFs and workbook.

The command line acts for an organiser: a venue's report is written once its supervisor
signed off (marked as unpublished until publication), certificates once results are
published. A bad option exits 2 naming it, and nothing is written: every file is made in
memory first and moved into place whole.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer

from podium.cli.app import django_setup
from podium.cli.groups import export_app
from podium.errors import PodiumError

NOT_A_FOLDER = "--out: {path} is not a folder"
NO_FOLDER = "--out: the folder {path} does not exist"
WRONG_SUFFIX = "--out: {path} must end in {suffix}"


def _refuse(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


def _as_option(error: PodiumError) -> PodiumError:
    """A lookup's field (stage, venue) is this command's option of the same name."""
    return PodiumError(error.message, option=error.extra.get("field"))


def _target(out: Path | None, default: str, suffix: str) -> Path:
    path = out or Path(default)
    if path.suffix.lower() != suffix:
        raise _refuse(WRONG_SUFFIX.format(path=path, suffix=suffix))
    if not path.parent.resolve().is_dir():
        raise _refuse(NO_FOLDER.format(path=path.parent))
    return path


def _write(path: Path, body: bytes) -> None:
    """Write whole or not at all: a reader never sees half a PDF."""
    handle, temporary = tempfile.mkstemp(dir=path.parent.resolve(), suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@export_app.command("report")
def report(
    stage: str = typer.Option(..., "--stage", help="Stage kind, e.g. semifinal."),
    venue: str = typer.Option(..., "--venue", help="Venue code, e.g. yuhang-a."),
    out: Path | None = typer.Option(None, "--out", help="PDF file to write."),
    edition: str = typer.Option("", help="Edition slug (default: the current edition)."),
) -> None:
    """A venue's signed results report (PDF): ranking, panel, sign-off and ledger head."""
    django_setup()
    from podium.competitions.selectors import edition_required
    from podium.reports.report_pdf import report_pdf
    from podium.reports.selectors import stage_of, venue_of, venue_report

    found = edition_required(edition)
    try:
        found_stage = stage_of(found, stage)
        found_venue = venue_of(found_stage, venue)
        target = _target(out, f"report-{found.slug}-{stage}-{venue}.pdf", ".pdf")
        body = report_pdf(venue_report(found_stage, found_venue))
    except PodiumError as error:
        raise _as_option(error) from None
    _write(target, body)
    typer.echo(str(target))


@export_app.command("certificates")
def certificates(
    stage: str = typer.Option(..., "--stage", help="Stage kind the teams advance from."),
    out: Path | None = typer.Option(
        None, "--out", help="One PDF (F.pdf) or a folder for one PDF per team."
    ),
    edition: str = typer.Option("", help="Edition slug (default: the current edition)."),
) -> None:
    """Certificates of advancement (PDF) for the teams that advance from a stage."""
    django_setup()
    from podium.competitions.selectors import edition_required
    from podium.reports.certificates_pdf import certificate_files, certificates_pdf
    from podium.reports.selectors import certificates_required, stage_of

    found = edition_required(edition)
    try:
        found_stage = stage_of(found, stage)
        found_certificates = certificates_required(found_stage)
        if out is not None and out.suffix.lower() != ".pdf":
            if not out.is_dir():
                raise _refuse((NOT_A_FOLDER if out.exists() else NO_FOLDER).format(path=out))
            files = certificate_files(found_certificates)
            for name, body in files.items():
                _write(out / name, body)
            typer.echo(f"{out} ({len(files)} files)")
            return
        target = _target(out, f"certificates-{found.slug}-{stage}.pdf", ".pdf")
        body = certificates_pdf(found_certificates)
    except PodiumError as error:
        raise _as_option(error) from None
    _write(target, body)
    typer.echo(f"{target} ({len(found_certificates)} pages)")


@export_app.command("workbook")
def workbook(
    out: Path | None = typer.Option(None, "--out", help="XLSX file to write."),
    edition: str = typer.Option("", help="Edition slug (default: the current edition)."),
) -> None:
    """The organisers' workbook (XLSX): figures, teams by group, results, finalists."""
    django_setup()
    from podium.competitions.selectors import edition_required
    from podium.reports.workbook import edition_workbook

    found = edition_required(edition)
    target = _target(out, f"podium-{found.slug}.xlsx", ".xlsx")
    _write(target, edition_workbook(found))
    typer.echo(str(target))
