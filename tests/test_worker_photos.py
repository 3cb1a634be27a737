"""Worker photos: a decompression bomb is refused before it is decoded, and editing without a new photo keeps
the one there is."""
import io
import struct
import zlib

import pytest
from PIL import Image, ImageFile
from sqlalchemy import select

from webapp.errors import Refused
from webapp.extensions import db
from webapp.workers import operations
from webapp.workers.models import Worker, WorkerPhoto

from . import factories
from .test_workers import NEW_WORKER, _jpeg


def _png(width: int, height: int) -> bytes:
    """A black 1-bit PNG of any size, built row by row: 12,500 × 12,500 pixels compress to some 18 KiB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes((width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture
def never_decoded(monkeypatch):
    """Fail loudly if any image is decoded (the old code decoded the bomb: ~730 MiB)."""
    def refuse(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


@pytest.fixture
def worker(app):
    worker = factories.WorkerFactory(first_name="Kees", last_name="Smit")
    operations.set_photo(worker, _jpeg())
    db.session.commit()
    return worker


def test_the_bomb_is_small_on_the_wire_and_huge_in_pixels():
    bomb = _png(12_500, 12_500)
    assert len(bomb) < 64 * 1024
    assert struct.unpack(">II", bomb[16:24]) == (12_500, 12_500)  # the IHDR chunk's width and height


def test_a_12500_by_12500_png_is_refused_in_dutch_before_decoding(client, auth, worker, never_decoded):
    before = worker.photo.data
    auth.login("supervisor")
    data = {**NEW_WORKER, "first_name": "Kees", "last_name": "Smit-Nieuw", "photo": (io.BytesIO(_png(12_500, 12_500)), "f.png")}
    response = client.post(f"/medewerkers/{worker.id}/bewerken", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Deze foto is te groot" in page
    assert 'value="Smit-Nieuw"' in page and 'value="06-11112222"' in page  # what was typed stays
    db.session.expire_all()
    assert (worker.last_name, worker.photo.data) == ("Smit", before)


@pytest.mark.parametrize("size", [(7_000, 7_000), (40_001, 1_000), (100_000, 1_000)])
@pytest.mark.parametrize("pillow_guard", [True, False])
def test_any_image_above_the_pixel_limit_is_refused(size, pillow_guard, never_decoded, monkeypatch):
    if not pillow_guard:  # the check on the header's size stands on its own
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    with pytest.raises(Refused, match="te groot"):
        operations.set_photo(Worker(), _png(*size))


def test_a_new_worker_with_a_bomb_is_not_created(client, auth, never_decoded):
    auth.login("supervisor")
    data = {**NEW_WORKER, "photo": (io.BytesIO(_png(12_500, 12_500)), "f.png")}
    response = client.post("/medewerkers/nieuw", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "te groot" in response.get_data(as_text=True)
    assert db.session.scalar(select(Worker)) is None


@pytest.mark.parametrize("photo_part", [None, (io.BytesIO(b""), "")])
def test_editing_without_a_new_photo_keeps_the_old_one(client, auth, worker, photo_part):
    before, taken_at = worker.photo.data, worker.photo_at
    auth.login("supervisor")
    data = {**NEW_WORKER, "first_name": "Kees", "last_name": "Smit-Jansen"}
    if photo_part:
        data["photo"] = photo_part
    response = client.post(f"/medewerkers/{worker.id}/bewerken", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    assert (worker.last_name, worker.photo.data, worker.photo_at) == ("Smit-Jansen", before, taken_at)
    assert db.session.scalar(select(db.func.count(WorkerPhoto.worker_id))) == 1


def test_the_edit_form_does_not_put_the_photo_into_the_page(client, auth, worker):
    auth.login("supervisor")
    response = client.get(f"/medewerkers/{worker.id}/bewerken")
    assert response.status_code == 200 and "WorkerPhoto" not in response.get_data(as_text=True)
