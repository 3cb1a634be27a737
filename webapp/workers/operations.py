"""State changes on worker records: create, edit, photo, schedule, agreements, incidents."""
import io
import warnings

from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..audit.operations import record
from ..errors import Refused
from ..extensions import db
from .models import Agreement, Incident, ScheduleSlot, Worker, WorkerPhoto

FIELDS = ("first_name", "roepnaam", "last_name", "phone", "uitkering", "postadres", "ingeschreven", "travel_cents",
          "counsellor_id")
PHOTO_SIZE = (480, 480)
# Any phone camera's photo fits; a larger image is refused from its header, before it is decoded (a 12,500 ×
# 12,500 PNG of 18 KiB would take some 730 MiB). Pillow's own guard is set to the same limit.
MAX_PIXELS = 40_000_000
PHOTO_FORMATS = ["JPEG", "PNG", "WEBP"]  # JPEG includes the multi-picture JPEG (MPO) many phones write
TOO_LARGE = _l("Deze foto is te groot (meer dan %(n)s megapixel). Kies een kleinere foto.", n=MAX_PIXELS // 1_000_000)
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def next_external_id() -> str:
    """A fresh registration number such as 'M00061' for a worker added in the app."""
    highest = db.session.scalar(select(func.max(Worker.id))) or 0
    candidate = highest + 1
    while db.session.scalar(select(Worker.id).where(Worker.external_id == f"M{candidate:05d}")):
        candidate += 1
    return f"M{candidate:05d}"


def save_worker(worker: Worker | None, data: dict, photo_bytes: bytes | None = None) -> Worker:
    """Create or update a worker from cleaned data; Refused (code "photo" when the photo is the problem)."""
    creating = worker is None
    worker = worker or Worker()
    before = {f: getattr(worker, f) for f in FIELDS} if not creating else {}
    assign(worker, data)
    if photo_bytes:
        try:
            set_photo(worker, photo_bytes)
        except Refused:
            db.session.rollback()
            raise
    db.session.add(worker)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Refused(_("Dit registratienummer is al in gebruik."), code="external_id") from None
    changed = [f"{f}: {before[f]!r} → {getattr(worker, f)!r}" for f in FIELDS
               if not creating and before[f] != getattr(worker, f)]
    record("create" if creating else "update", worker, "; ".join(changed))
    db.session.commit()
    return worker


def assign(worker: Worker, data: dict) -> None:
    """Copy cleaned form or CSV data onto the worker (no commit)."""
    for field in FIELDS:
        if field in data:
            setattr(worker, field, data[field].strip() if isinstance(data[field], str) else data[field])
    worker.shelter_id = data.get("shelter_id") or None
    worker.external_id = (data.get("external_id") or "").strip() or worker.external_id or next_external_id()


def set_photo(worker: Worker, raw: bytes) -> None:
    """Store the photo as a small upright JPEG; Refused (code "photo") when it is no image or too large."""
    image = _open_photo(raw)
    image = image.convert("RGB")
    image.thumbnail(PHOTO_SIZE)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    if worker.photo is None:
        worker.photo = WorkerPhoto(data=out.getvalue())
    else:
        worker.photo.data = out.getvalue()
    worker.photo_at = clock.now()


def _open_photo(raw: bytes) -> Image.Image:
    """The uploaded image, decoded only when its header shows at most MAX_PIXELS; Refused (code "photo") otherwise."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw), formats=PHOTO_FORMATS)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise Refused(TOO_LARGE, code="photo")
            image.draft("RGB", PHOTO_SIZE)  # a JPEG is decoded at the smallest scale that still fills PHOTO_SIZE
            return ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise Refused(TOO_LARGE, code="photo") from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise Refused(_("Dit bestand is geen foto die Dagdeel kan lezen (kies jpg of png)."), code="photo") from error


def set_active(worker: Worker, active: bool) -> None:
    """Deactivate (or reactivate) a worker; their history stays."""
    worker.active = active
    record("activate" if active else "deactivate", worker)
    db.session.commit()


def set_schedule(worker: Worker, slots: set[tuple[int, int]], commit: bool = True) -> None:
    """Replace the weekly expected dagdelen with (block id, weekday) pairs. `commit=False` when it is one step of a
    larger change (the proefweek's start) whose caller commits."""
    db.session.execute(delete(ScheduleSlot).where(ScheduleSlot.worker_id == worker.id))
    db.session.add_all(ScheduleSlot(worker_id=worker.id, block_id=b, weekday=d) for b, d in sorted(slots))
    db.session.expire(worker, ["schedule"])
    record("schedule", worker, f"{len(slots)} dagdelen per week")
    if commit:
        db.session.commit()


def add_agreement(worker: Worker, text: str, rides_bus: bool = False) -> Agreement:
    """Record an afspraak the whole team will see."""
    agreement = Agreement(worker_id=worker.id, text=text.strip(), rides_bus=rides_bus, created_by_id=current_user.id)
    db.session.add(agreement)
    record("agreement", worker, text[:200])
    db.session.commit()
    return agreement


def end_agreement(worker: Worker, agreement: Agreement) -> None:
    """Close an afspraak (it stays in the history)."""
    agreement.ended_at, agreement.ended_by_id = clock.now(), current_user.id
    record("agreement_end", worker, agreement.text[:200])
    db.session.commit()


def add_incident(worker: Worker, text: str) -> Incident:
    """Record an incident on the floor."""
    incident = Incident(worker_id=worker.id, text=text.strip(), created_by_id=current_user.id)
    db.session.add(incident)
    record("incident", worker, text[:200])
    db.session.commit()
    return incident
