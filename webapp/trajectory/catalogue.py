"""Loading methods (modules, phases, durations, checklist instruments) from methods/*.toml into the database."""
import tomllib
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from . import instruments
from .domain_models import LifeDomain
from .models import Method, Module, OutflowReason, Phase
from .outflow import CLASSES

METHODS_DIR = Path(__file__).parent / "methods"
MODULE_FIELDS = ("name", "track", "optional", "duration_months", "extension_months", "review_months", "duration_note")


def load_all() -> list[str]:
    """Load every method file; idempotent. Returns the codes loaded."""
    return [load(path) for path in sorted(METHODS_DIR.glob("*.toml"))]


def load(path: Path) -> str:
    """Insert or update one method from its TOML file (never deletes, so history keeps its modules)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    method = db.session.scalar(select(Method).where(Method.code == data["code"])) or Method(code=data["code"])
    method.name = data["name"]
    db.session.add(method)
    db.session.flush()
    for position, spec in enumerate(data["modules"]):
        module = db.session.scalar(
            select(Module).where(Module.method_id == method.id, Module.code == spec["code"])
        ) or Module(method_id=method.id, code=spec["code"])
        module.position = position
        for field in MODULE_FIELDS:
            setattr(module, field, spec.get(field, False if field == "optional" else "" if field == "duration_note" else None))
        db.session.add(module)
        db.session.flush()
        for phase_spec in spec.get("phases", []):
            phase = db.session.scalar(
                select(Phase).where(Phase.module_id == module.id, Phase.number == phase_spec["number"])
            ) or Phase(module_id=module.id, number=phase_spec["number"])
            phase.name, phase.duration_months = phase_spec["name"], phase_spec.get("duration_months")
            db.session.add(phase)
            db.session.flush()
            if "checklist" in phase_spec:
                instruments.sync(path.parent / phase_spec["checklist"], module, phase)
        if "checklist" in spec:
            instruments.sync(path.parent / spec["checklist"], module, None)
    for position, spec in enumerate(data.get("outflow", [])):
        if spec["class"] not in CLASSES:
            raise ValueError(f"{path.name}: outflow {spec['code']!r} has class {spec['class']!r}, not one of {CLASSES}")
        reason = db.session.scalar(
            select(OutflowReason).where(OutflowReason.method_id == method.id, OutflowReason.code == spec["code"])
        ) or OutflowReason(method_id=method.id, code=spec["code"])
        reason.label, reason.klass, reason.position = spec["label"], spec["class"], position
        db.session.add(reason)
    for position, spec in enumerate(data.get("domains", [])):
        domain = db.session.scalar(
            select(LifeDomain).where(LifeDomain.method_id == method.id, LifeDomain.code == spec["code"])
        ) or LifeDomain(method_id=method.id, code=spec["code"])
        domain.name, domain.short, domain.position = spec["name"], spec.get("short", spec["name"][:3]), position
        domain.supervisors = bool(spec.get("supervisors", False))
        db.session.add(domain)
    db.session.commit()
    return method.code


def find(module_code: str, phase_number: int | None) -> tuple[Module | None, Phase | None]:
    """The module by its catalogue code and, if given, its phase by number."""
    module = db.session.scalar(select(Module).where(Module.code == module_code).order_by(Module.id).limit(1))
    if module is None or phase_number is None:
        return module, None
    return module, next((p for p in module.phases if p.number == phase_number), None)


def methods() -> list[Method]:
    return db.session.scalars(select(Method).order_by(Method.name)).all()


def modules() -> list[Module]:
    return db.session.scalars(select(Module).order_by(Module.method_id, Module.position)).all()


def life_domains() -> list[LifeDomain]:
    """Every life domain of every method, in the method file's order."""
    return db.session.scalars(select(LifeDomain).order_by(LifeDomain.method_id, LifeDomain.position)).all()


def outflow_reasons() -> list[OutflowReason]:
    """Every outflow reason of every method, in the method file's order."""
    return db.session.scalars(select(OutflowReason).order_by(OutflowReason.method_id, OutflowReason.position)).all()


def outflow_classes() -> dict[str, str]:
    """Outflow code → class (positief / negatief / overig), for the outflow rules."""
    return {reason.code: reason.klass for reason in outflow_reasons()}
