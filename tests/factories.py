"""factory_boy factories for the models, writing to the real test database. Dates come from the app clock
(`webapp.clock`, frozen by DAGDEEL_NOW), never from the machine's."""
from datetime import time
from functools import lru_cache

import factory
from factory.alchemy import SQLAlchemyModelFactory

from webapp import clock

from webapp.auth.models import Staff
from webapp.auth.passwords import hash_password
from webapp.extensions import db
from webapp.org.models import Bus, DagdeelBlock, Shelter, Site, Workshop
from webapp.payouts.models import CashBox, LedgerLine
from webapp.rounds.models import PickupRound, RoundStop, SignUp
from webapp.workers.models import Worker

PASSWORD = "correct horse battery staple"


@lru_cache(maxsize=1)
def password_hash() -> str:
    """Hash once per run: argon2id at 19 MiB is slow on purpose."""
    return hash_password(PASSWORD)


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class SiteFactory(Base):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Vestiging {n}")


class StaffFactory(Base):
    class Meta:
        model = Staff

    email = factory.Sequence(lambda n: f"staff{n}@dagdeel.test")
    name = factory.Sequence(lambda n: f"Begeleider {n}")
    role = "supervisor"
    password_hash = factory.LazyFunction(password_hash)
    # One site by id (`site_id=…`), or none: then, unless told otherwise, the whole test organisation ("alle
    # vestigingen"), so that a test about something else need not place its staff; the site rule's own tests
    # (tests/test_access.py) give their staff sites.
    sites = factory.LazyAttribute(lambda o: [db.session.get(Site, o.site_id)] if o.site_id else [])
    all_sites = factory.LazyAttribute(lambda o: o.site_id is None)

    class Params:
        site_id = None


class WorkshopFactory(Base):
    class Meta:
        model = Workshop

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Werkplaats {n}")

    @factory.post_generation
    def blocks(workshop, create, extracted, **kwargs):
        for name, start, end in extracted or [("ochtend", time(8), time(12)), ("middag", time(12, 30), time(16, 30))]:
            workshop.blocks.append(DagdeelBlock(name=name, starts_at=start, ends_at=end))
        db.session.flush()


class ShelterFactory(Base):
    class Meta:
        model = Shelter

    name = factory.Sequence(lambda n: f"Opvang {n}")
    address = "Straat 1, Heerlen"
    route_order = factory.Sequence(lambda n: n)


class BusFactory(Base):
    class Meta:
        model = Bus

    name = factory.Sequence(lambda n: f"Bus {n + 100}")  # never a test's own "Bus 1" or "Bus 2", whatever ran before
    seats = 8


class WorkerFactory(Base):
    class Meta:
        model = Worker

    external_id = factory.Sequence(lambda n: f"T{n:04d}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    phone = "06-12345678"


class RoundFactory(Base):
    """A round today with a bus and the given number of stops."""

    class Meta:
        model = PickupRound

    date = factory.LazyFunction(clock.today)
    bus = factory.SubFactory(BusFactory)

    @factory.post_generation
    def stops(pickup, create, extracted, **kwargs):
        shelters = extracted if extracted is not None else [ShelterFactory() for _ in range(2)]
        pickup.stops = [RoundStop(shelter_id=s.id, position=i) for i, s in enumerate(shelters)]
        db.session.flush()


class SignUpFactory(Base):
    class Meta:
        model = SignUp

    round = factory.SubFactory(RoundFactory)
    worker = factory.SubFactory(WorkerFactory)
    date = factory.SelfAttribute("round.date")


class CashBoxFactory(Base):
    class Meta:
        model = CashBox

    staff = factory.SubFactory(StaffFactory)
    date = factory.LazyFunction(clock.today)


class LedgerLineFactory(Base):
    """A paid Loon naar Werken day, written straight into the ledger (tests of the cash check)."""

    class Meta:
        model = LedgerLine

    worker = factory.SubFactory(WorkerFactory)
    programme = "lnw"
    unit = factory.LazyFunction(lambda: clock.today().isoformat())
    unit_date = factory.LazyFunction(clock.today)
    dagdelen = 1
    premium_cents = 600
    vouchers = 1
    voucher_type = "slaaphuis"
    cash_box = factory.SubFactory(CashBoxFactory)
