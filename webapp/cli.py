"""Command-line tools: `flask --app webapp demo|catalogue|workers …`. They never prompt."""
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from flask_migrate import upgrade

from . import clock, csvfiles, demo, parse
from .audit.operations import exported
from .errors import Refused
from .extensions import db
from .attendance import csv_io as attendance_csv
from .payouts import export as payout_export
from .trajectory import catalogue, checklists, domain_ops, figures, history, instruments, worklist, zrm_ops
from .workers import csv_io


def prepare_demo() -> None:
    """Migrate the database and load the demo organisation (idempotent)."""
    upgrade()
    demo.load()


workers_cli = AppGroup("workers", help="Import or export workers (medewerkers) as CSV.")


@workers_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_workers(csv_file: Path) -> None:
    """Import workers from CSV: all rows, or none when any row is wrong."""
    parsed = csv_io.parse(csvfiles.decode(csv_file.read_bytes()))
    for row in parsed.rows:
        name = f"{row.values.get('first_name', '')} {row.values.get('last_name', '')}".strip()
        click.echo(f"regel {row.line}: {row.values.get('external_id', '')} {name}: {row.outcome}")
    if not parsed.ok:
        for message in parsed.messages():
            click.echo(message, err=True)
        click.echo("Niets geïmporteerd.", err=True)
        sys.exit(1)
    try:
        created, updated = csv_io.apply(parsed)
    except Refused as refusal:
        click.echo(f"{refusal}\nNiets geïmporteerd.", err=True)
        sys.exit(1)
    click.echo(f"Import klaar: {created} nieuw, {updated} bijgewerkt.")


@workers_cli.command("export")
def export_workers() -> None:
    """Write all workers as `;`-separated CSV to standard output."""
    click.echo(csv_io.export(), nl=False)


attendance_cli = AppGroup("attendance", help="Import or export attendance as CSV.")


@attendance_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_attendance(csv_file: Path) -> None:
    """Import attendance from CSV: all rows, or none when any row is wrong."""
    parsed = attendance_csv.parse(csvfiles.decode(csv_file.read_bytes()))
    if not parsed.ok:
        for message in parsed.messages():
            click.echo(message, err=True)
        click.echo("Niets geïmporteerd.", err=True)
        sys.exit(1)
    click.echo(f"Import klaar: {attendance_csv.apply(parsed)} regels aanwezigheid.")


@attendance_cli.command("export")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="first date, YYYY-MM-DD")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="last date, YYYY-MM-DD")
def export_attendance(start, end) -> None:
    """Write attendance between two dates (inclusive) as `;`-separated CSV to standard output."""
    click.echo(attendance_csv.export(start.date(), end.date()), nl=False)


payouts_cli = AppGroup("payouts", help="Export payouts for the finance office.")


@payouts_cli.command("export")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="first date, YYYY-MM-DD")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="last date, YYYY-MM-DD")
def export_payouts(start, end) -> None:
    """Write every due, paid, reversed and duplicate payout of the period as CSV to standard output."""
    click.echo(payout_export.csv(start.date(), end.date()), nl=False)


trajectory_cli = AppGroup("trajectory", help="Trajectories: import history, the work list of what is due, outflow figures.")
# (`due` — the work list; `import` and `outflow` — history and figures: their commands follow.)


@trajectory_cli.command("due")
@click.option("--on", "on", help="the day to look from, YYYY-MM-DD (default: today)")
@click.option("--days", default="7", show_default=True, help="also what falls due this many days ahead (0–366)")
def trajectory_due(on: str | None, days: str) -> None:
    """Write everything due (overdue first) as `;`-separated CSV to standard output."""
    try:
        day = parse.day(on, field="datum") if on is not None else clock.today()
        ahead = parse.count(days, field="dagen", limit=worklist.MAX_CLI_DAYS)
    except parse.BadInput as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(worklist.csv(day, ahead), nl=False)


@trajectory_cli.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_history(csv_file: Path) -> None:
    """Import trajectory history (enrolments with their outflow) from CSV: all rows, or none when any row is wrong.
    Header external_id;module;phase;start_date;end_date;outcome, optional method."""
    parsed = history.parse(csvfiles.decode(csv_file.read_bytes()))
    if not parsed.ok:
        for message in parsed.messages():
            click.echo(message, err=True)
        click.echo("Niets geïmporteerd.", err=True)
        sys.exit(1)
    enrolments, workers = history.apply(parsed)
    click.echo(f"Import klaar: {enrolments} inschrijvingen van {workers} medewerkers.")


@trajectory_cli.command("outflow")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="first date, YYYY-MM-DD")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="last date, YYYY-MM-DD")
@click.option("--cohort", is_flag=True, help="who started in the period and where they were 12 months later")
@click.option("--method", default=None, help="one method's code (default: all methods)")
def outflow_figures(start, end, cohort: bool, method: str | None) -> None:
    """Outflow per track and a totaal row as `;`-separated CSV: exits per class, percentages with one decimal and
    a decimal comma (35,0), as Dutch Excel reads them. With --cohort: starters, their class or lopend."""
    if end < start:
        click.echo(f"De periode eindigt ({end:%Y-%m-%d}) vóór ze begint ({start:%Y-%m-%d}).", err=True)
        sys.exit(1)
    if cohort:
        click.echo(figures.cohort_csv(figures.cohort_rows(start.date(), end.date(), clock.today(), method)), nl=False)
    else:
        click.echo(figures.period_csv(figures.period_rows(start.date(), end.date(), method)[0]), nl=False)


domains_cli = AppGroup("domains", help="The eight life domains (leefgebieden): export their state.")


@domains_cli.command("export")
@click.option("--on", "on", help="the day, YYYY-MM-DD (default: today)")
def export_domains(on: str | None) -> None:
    """Per worker and domain: the status at the end of the day and the action points open and overdue then, as
    `;`-separated CSV (external_id;domain;status;open_actions;overdue_actions) to standard output."""
    try:
        day = parse.day(on, field="datum") if on is not None else clock.today()
    except parse.BadInput as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(domain_ops.export_csv(day), nl=False)
checklists_cli = AppGroup("checklists", help="Checklist scores (worker and supervisor) as CSV.")


@checklists_cli.command("export")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="first date, YYYY-MM-DD")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="last date, YYYY-MM-DD")
def checklists_export(start, end) -> None:
    """Every score of the sessions held in the period: external_id;date;instrument;version;item;rater;score;on_paper."""
    if end < start:
        click.echo(f"De periode eindigt ({end:%Y-%m-%d}) vóór ze begint ({start:%Y-%m-%d}).", err=True)
        sys.exit(1)
    click.echo(checklists.csv(start.date(), end.date()), nl=False)


instruments_cli = AppGroup("instruments", help="The municipality's instruments (ZRM, Participatieladder) as CSV.")


@instruments_cli.command("export")
@click.argument("instrument")
@click.option("--from", "start", required=True, help="first date, YYYY-MM-DD")
@click.option("--to", "end", required=True, help="last date, YYYY-MM-DD")
def instruments_export(instrument: str, start: str, end: str) -> None:
    """`zrm`: every assessment of the period, a level and entered/derived per domain; `ladder`: the Participatieladder
    rung on each day something happened and on the last day, entered or derived. `;`-separated, to standard output."""
    try:
        if instrument not in zrm_ops.INSTRUMENTS:
            raise parse.BadInput(f"Kies zrm of ladder, niet {instrument!r}.")
        first, last = parse.day(start, field="van"), parse.day(end, field="tot")
        if last < first:
            raise parse.BadInput(f"De periode eindigt ({last:%Y-%m-%d}) vóór ze begint ({first:%Y-%m-%d}).")
    except parse.BadInput as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    text = zrm_ops.export(instrument, first, last)
    exported(f"{instrument} {first.isoformat()}–{last.isoformat()}", csvfiles.data_rows(text))
    click.echo(text, nl=False)


privacy_cli = AppGroup("privacy", help="Privacy: retention, and the keys of the fields encrypted at rest.")


@privacy_cli.command("new-key")
def privacy_new_key() -> None:
    """Print a fresh data key (put it first in DAGDEEL_DATA_KEYS, then run rotate-key)."""
    from cryptography.fernet import Fernet

    click.echo(Fernet.generate_key().decode())


@privacy_cli.command("rotate-key")
def privacy_rotate_key() -> None:
    """Re-encrypt every encrypted field with the first key of DAGDEEL_DATA_KEYS; afterwards the others may go."""
    from . import crypto
    from .audit.operations import record

    with db.engine.begin() as connection:
        done = crypto.rotate(connection)
    record("data_key_rotated", detail=f"{done} velden opnieuw versleuteld")
    db.session.commit()
    click.echo(f"{done} versleutelde velden opnieuw versleuteld met de eerste sleutel.")


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="only say what would be done")
def privacy_purge(dry_run: bool) -> None:
    """Anonymise former workers and delete access-log lines past their retention period (see the README)."""
    from flask import current_app

    from .privacy import retention

    done = retention.purge(clock.today(), current_app.config["RETENTION_WORKER_YEARS"],
                           current_app.config["RETENTION_ACCESS_LOG_YEARS"], dry_run)
    click.echo(("Proef, er is niets veranderd:\n" if dry_run else "") + "\n".join(done.lines()))


def register(app: Flask) -> None:
    """Add the commands to `flask`."""
    app.cli.add_command(workers_cli)
    app.cli.add_command(attendance_cli)
    app.cli.add_command(payouts_cli)
    app.cli.add_command(trajectory_cli)
    app.cli.add_command(domains_cli)
    app.cli.add_command(checklists_cli)
    app.cli.add_command(instruments_cli)
    app.cli.add_command(privacy_cli)

    @app.cli.command("demo")
    @click.option("--reset", is_flag=True, help="first empty the database (every table, the demo's and yours), then migrate")
    def demo_command(reset: bool) -> None:
        """Load the demo organisation into the configured database (idempotent); --reset starts it afresh."""
        if reset:
            demo.drop_everything()
            upgrade()
        demo.load()
        click.echo("Demo-organisatie geladen. Inloggen: zie README (assistent@dagdeel.test / demo-assistent, …).")

    @app.cli.group("catalogue", invoke_without_command=True)
    @click.pass_context
    def catalogue_command(context) -> None:
        """Method files: without a subcommand, load the app's own (methods/*.toml); `check PATH`, `load PATH`."""
        if context.invoked_subcommand is None:
            _load_methods(None)

    @catalogue_command.command("check")
    @click.argument("path", type=click.Path(exists=True, path_type=Path))
    def catalogue_check(path: Path) -> None:
        """Check a method file or every *.toml of a folder; exit 1 with the errors by file, line and key."""
        checked = catalogue.check_path(path)
        errors = [line for c in checked for line in c.errors]
        for line in errors:
            click.echo(line, err=True)
        if errors or not checked:
            click.echo(f"{len(errors)} fout(en); niets geladen." if checked else f"{path}: geen methodebestanden.",
                       err=True)
            sys.exit(1)
        click.echo("In orde: " + ", ".join(f"{c.path.name} ({c.data['code']})" for c in checked))

    @catalogue_command.command("load")
    @click.argument("path", type=click.Path(exists=True, path_type=Path))
    def catalogue_load(path: Path) -> None:
        """Check, then load a method file or every *.toml of a folder: all or nothing; a changed file is a new version."""
        _load_methods(path)

    def _load_methods(path: Path | None) -> None:
        try:
            codes = catalogue.load_all() if path is None else catalogue.load_path(path)
        except instruments.InstrumentError as error:
            db.session.rollback()
            click.echo(f"{error}\nNiets geladen.", err=True)
            sys.exit(1)
        click.echo("Geladen: " + ", ".join(
            f"{code} (versie {catalogue.versions(code)[-1].number})" for code in codes))
