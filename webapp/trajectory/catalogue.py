"""Loading methods (modules, phases, durations, checklist instruments) from methods/*.toml into the database: each
file is checked first (method_file.py), and a changed file becomes a new MethodVersion (docs/methods.md)."""
import json
from pathlib import Path

from sqlalchemy import event, func, select

from ..extensions import db
from . import instruments, method_file
from .domain_models import LifeDomain
from .models import Enrolment, Method, MethodVersion, Module, OutflowReason, Phase
from .support_models import MeetingType, RelationRole
from .training_models import TrainingTemplate

METHODS_DIR = Path(__file__).parent / "methods"
MODULE_FIELDS = ("name", "track", "optional", "duration_months", "extension_months", "review_months", "duration_note",
                 "max_months")


class MethodFileError(instruments.InstrumentError):
    """Method files that cannot be loaded, with every Dutch error by file, line and key."""


def load_all() -> list[str]:
    """Load every method file; idempotent. Returns the codes loaded."""
    return load_path(METHODS_DIR)


def check_path(path: Path) -> list[method_file.Checked]:
    """Every method file at `path` (a file or a folder) checked; nothing is loaded."""
    return [method_file.check(file) for file in method_file.files(path)]


def load_path(path: Path) -> list[str]:
    """Load a file or every file of a folder, all or nothing: MethodFileError (and nothing loaded) when any fails
    its check. Codes must also be unique across the files."""
    checked = check_path(path)
    errors = [line for c in checked for line in c.errors]
    seen: dict[str, str] = {}
    for c in checked:
        if c.ok and c.data["code"] in seen:
            errors.append(f"{c.path.name}:1: code: {c.data['code']!r} staat ook in {seen[c.data['code']]}")
        elif c.ok:
            seen[c.data["code"]] = c.path.name
    if not checked:
        errors.append(f"{path}: geen methodebestanden (*.toml) gevonden")
    errors += _outflow_disagreements([c for c in checked if c.ok])
    if errors:
        raise MethodFileError(errors)
    try:
        codes = [_load(c) for c in checked]
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return codes


def _outflow_disagreements(checked: list[method_file.Checked]) -> list[str]:
    """An outflow code means the same in every method: the outcome on an enrolment is a code, and the review form,
    the outflow figures over all methods and the Participatieladder read it without its method. So a code another
    method (loaded, or in the same folder) has already must have its class and ladder rung."""
    loading = {c.data["code"] for c in checked}
    known: dict[str, tuple[str, int | None, str]] = {}
    for reason, code in db.session.execute(select(OutflowReason, Method.code).join(Method)
                                           .where(Method.code.not_in(loading)).order_by(Method.id, OutflowReason.id)):
        known.setdefault(reason.code, (reason.klass, reason.ladder, f"methode {code}"))
    errors = []
    for c in checked:
        lines = method_file.key_lines(c.path.read_text(encoding="utf-8"))
        for i, spec in enumerate(c.data.get("outflow", [])):
            meaning = (spec["class"], spec.get("ladder"))
            there = known.setdefault(spec["code"], (*meaning, c.path.name))
            if there[:2] != meaning:
                errors.append(f"{c.path.name}:{method_file.line_of(lines, ('outflow', i))}: outflow[{i}]: "
                              f"{spec['code']!r} is in {there[2]} klasse {there[0]!r}, trede {there[1]}; hier "
                              f"{meaning[0]!r}, trede {meaning[1]}. Een uitstroomcode betekent in elke methode "
                              "hetzelfde: kies een andere code of dezelfde klasse en trede.")
    return errors


def load(path: Path) -> str:
    """Check and load one method file (see load_path)."""
    return load_path(path)[0]


def _load(checked: method_file.Checked) -> str:
    """Insert or update one checked method (never deletes, so history keeps its modules); a new version when its
    content (the file and its checklists) changed."""
    path, data = checked.path, checked.data
    method = db.session.scalar(select(Method).where(Method.code == data["code"])) or Method(code=data["code"])
    method.name = data["name"]
    db.session.add(method)
    db.session.flush()
    _version(method, checked)
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
            phase.max_months = phase_spec.get("max_months")
            db.session.add(phase)
            db.session.flush()
            if "checklist" in phase_spec:
                instruments.sync(path.parent / phase_spec["checklist"], module, phase)
        if "checklist" in spec:
            instruments.sync(path.parent / spec["checklist"], module, None)
    for position, spec in enumerate(data.get("outflow", [])):
        reason = db.session.scalar(
            select(OutflowReason).where(OutflowReason.method_id == method.id, OutflowReason.code == spec["code"])
        ) or OutflowReason(method_id=method.id, code=spec["code"])
        reason.label, reason.klass, reason.position = spec["label"], spec["class"], position
        reason.ladder = spec.get("ladder")
        db.session.add(reason)
    for position, spec in enumerate(data.get("domains", [])):
        domain = db.session.scalar(
            select(LifeDomain).where(LifeDomain.method_id == method.id, LifeDomain.code == spec["code"])
        ) or LifeDomain(method_id=method.id, code=spec["code"])
        domain.name, domain.short, domain.position = spec["name"], spec.get("short", spec["name"][:3]), position
        domain.supervisors = bool(spec.get("supervisors", False))
        domain.zrm = spec.get("zrm")
        db.session.add(domain)
    load_kow_sections(method, data)
    db.session.flush()
    return method.code


# The keys17 sections (training series, meeting types, roles, placements): one small loader per section.
def load_kow_sections(method: Method, data: dict) -> None:
    method.placements = bool(data.get("placements", False))
    _load_training(method, data.get("training", []))
    _load_meetings(method, data.get("meetings", []))
    _load_roles(method, data.get("roles", []))


def _load_training(method: Method, specs: list[dict]) -> None:
    for spec in specs:
        row = db.session.scalar(select(TrainingTemplate).where(
            TrainingTemplate.method_id == method.id, TrainingTemplate.code == spec["code"])) \
            or TrainingTemplate(method_id=method.id, code=spec["code"])
        row.name, row.sessions, row.module_code = spec["name"], int(spec["sessions"]), spec.get("module")
        row.description = spec.get("description", "")
        db.session.add(row)


def _load_meetings(method: Method, specs: list[dict]) -> None:
    for position, spec in enumerate(specs):
        row = db.session.scalar(select(MeetingType).where(
            MeetingType.method_id == method.id, MeetingType.code == spec["code"])) \
            or MeetingType(method_id=method.id, code=spec["code"])
        row.name, row.report, row.position = spec["name"], bool(spec.get("report", True)), position
        row.description = spec.get("description", "")
        db.session.add(row)


def _load_roles(method: Method, specs: list[dict]) -> None:
    for spec in specs:
        row = db.session.scalar(select(RelationRole).where(
            RelationRole.method_id == method.id, RelationRole.code == spec["code"])) \
            or RelationRole(method_id=method.id, code=spec["code"])
        row.name, row.description = spec["name"], spec.get("description", "")
        db.session.add(row)


def _version(method: Method, checked: method_file.Checked) -> MethodVersion:
    """The method's newest version, a new one when the content hash differs from it (loading again is a no-op)."""
    digest = checked.content_hash
    latest = newest_version(method.id)
    if latest is not None and latest.content_hash == digest:
        return latest
    version = MethodVersion(method_id=method.id, number=(latest.number + 1) if latest else 1, content_hash=digest,
                            content=method_file.as_json(checked.data))
    db.session.add(version)
    db.session.flush()
    return version


def newest_version(method_id: int) -> MethodVersion | None:
    return db.session.scalar(select(MethodVersion).where(MethodVersion.method_id == method_id)
                             .order_by(MethodVersion.number.desc()).limit(1))


def versions(method_code: str) -> list[MethodVersion]:
    return db.session.scalars(select(MethodVersion).join(Method, Method.id == MethodVersion.method_id)
                              .where(Method.code == method_code).order_by(MethodVersion.number)).all()


@event.listens_for(Enrolment, "before_insert")
def stamp_version(_mapper, connection, enrolment: Enrolment) -> None:
    """A new enrolment starts under its method's newest version (wherever in the code it is made)."""
    if enrolment.method_version_id is None and enrolment.module_id is not None:
        enrolment.method_version_id = connection.scalar(
            select(func.max(MethodVersion.id)).join(Module, Module.method_id == MethodVersion.method_id)
            .where(Module.id == enrolment.module_id))


def find(module_code: str, phase_number: int | None) -> tuple[Module | None, Phase | None]:
    """The module by its catalogue code and, if given, its phase by number."""
    module = db.session.scalar(select(Module).where(Module.code == module_code).order_by(Module.id).limit(1))
    if module is None or phase_number is None:
        return module, None
    return module, next((p for p in module.phases if p.number == phase_number), None)


def payout_defaults() -> list[dict]:
    """The payout rules a fresh organisation starts from: the `[[payout]]` tables of the loaded methods (the first
    method loaded that pays a programme decides it), else of the shipped method files."""
    found: dict[str, dict] = {}
    versions = [newest_version(method.id) for method in db.session.scalars(select(Method).order_by(Method.id))]
    contents = [json.loads(v.content) for v in versions if v is not None]
    if not any(c.get("payout") for c in contents):
        contents = [c.data for c in check_path(METHODS_DIR) if c.ok]
    for content in contents:
        for rule in content.get("payout", []):
            found.setdefault(rule["programme"], rule)
    return list(found.values())


def methods() -> list[Method]:
    return db.session.scalars(select(Method).order_by(Method.name)).all()


def modules() -> list[Module]:
    return db.session.scalars(select(Module).order_by(Module.method_id, Module.position)).all()


def life_domains() -> list[LifeDomain]:
    """Every life domain of every method, in the method file's order."""
    return db.session.scalars(select(LifeDomain).order_by(LifeDomain.method_id, LifeDomain.position)).all()


def outflow_reasons(method: str | None = None) -> list[OutflowReason]:
    """Every outflow reason of every method (or of the method with this code), in the method file's order."""
    query = select(OutflowReason).order_by(OutflowReason.method_id, OutflowReason.position)
    if method:
        query = query.join(Method, Method.id == OutflowReason.method_id).where(Method.code == method)
    return db.session.scalars(query).all()


def outflow_classes(method: str | None = None) -> dict[str, str]:
    """Outflow code → class (positief / negatief / overig), for the outflow rules (of one method, or all)."""
    return {reason.code: reason.klass for reason in outflow_reasons(method)}
