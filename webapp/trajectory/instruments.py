"""Loading checklist instruments (CSV files beside the method file) as versions: an edited file is a new version."""
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from .checklist_models import Instrument, InstrumentVersion
from .checklist_rules import content_hash, items_json, parse_instrument
from .models import Module, Phase


class InstrumentError(ValueError):
    """An instrument file that cannot be loaded, with every Dutch error by file and line."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def sync(path: Path, module: Module, phase: Phase | None) -> InstrumentVersion:
    """Load one instrument file; a new version only when its items or level texts changed (the caller commits)."""
    if not path.is_file():
        raise InstrumentError([f"{path.name}: bestand niet gevonden (genoemd in het methodebestand)."])
    items, errors = parse_instrument(path.read_text(encoding="utf-8"), path.name)
    if errors:
        raise InstrumentError(errors)
    instrument = db.session.scalar(select(Instrument).where(Instrument.code == path.stem))
    if instrument is None:
        instrument = Instrument(code=path.stem)
        db.session.add(instrument)
    instrument.module_id, instrument.phase_id = module.id, phase.id if phase else None
    instrument.name = f"{module.name} · fase {phase.number} {phase.name}" if phase else module.name
    db.session.flush()
    digest = content_hash(items)
    latest = instrument.versions[-1] if instrument.versions else None
    if latest is not None and latest.content_hash == digest:
        return latest
    version = InstrumentVersion(instrument_id=instrument.id, number=(latest.number + 1) if latest else 1,
                                content_hash=digest, items_json=items_json(items))
    db.session.add(version)
    db.session.flush()
    db.session.refresh(instrument)
    return version


def for_enrolment(enrolment) -> Instrument | None:
    """The instrument of an enrolment: its phase's, else its module's."""
    if enrolment is None:
        return None
    if enrolment.phase_id is not None:
        found = db.session.scalar(select(Instrument).where(Instrument.phase_id == enrolment.phase_id))
        if found:
            return found
    return db.session.scalar(select(Instrument).where(Instrument.module_id == enrolment.module_id,
                                                      Instrument.phase_id.is_(None)))


def all_instruments() -> list[Instrument]:
    return db.session.scalars(select(Instrument).order_by(Instrument.id)).all()
