"""The ophaalronde: a bus round on one date past the shelters, and the sign-ups at each stop."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import UTCDateTime


class PickupRound(db.Model):
    """One bus on one date, with its stops (shelters in order) and the staff on it."""

    __tablename__ = "pickup_round"
    __table_args__ = (UniqueConstraint("date", "bus_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[date] = mapped_column(Date, index=True)
    bus_id: Mapped[int] = mapped_column(ForeignKey("bus.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # The final choice of who rides, when sign-ups exceeded the seats.
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrived_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    bus = relationship("Bus")
    stops: Mapped[list["RoundStop"]] = relationship(order_by="RoundStop.position", cascade="all, delete-orphan")
    staff: Mapped[list["RoundStaff"]] = relationship(cascade="all, delete-orphan")
    signups: Mapped[list["SignUp"]] = relationship(back_populates="round", order_by="SignUp.signed_up_at",
                                                   foreign_keys="SignUp.round_id")
    decided_by = relationship("Staff", foreign_keys=[decided_by_id])

    @property
    def is_open(self) -> bool:
        """Sign-ups, the choice, boarding and arrival can still change: the bus has not arrived yet."""
        return self.arrived_at is None


class RoundStop(db.Model):
    """A shelter on a round's route, in order."""

    __tablename__ = "round_stop"

    round_id: Mapped[int] = mapped_column(ForeignKey("pickup_round.id"), primary_key=True)
    shelter_id: Mapped[int] = mapped_column(ForeignKey("shelter.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    shelter = relationship("Shelter")


class RoundStaff(db.Model):
    """A staff member on the bus."""

    __tablename__ = "round_staff"

    round_id: Mapped[int] = mapped_column(ForeignKey("pickup_round.id"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)

    staff = relationship("Staff")


class SignUp(db.Model):
    """A person at a shelter asking to come and work today; once per person per date."""

    __tablename__ = "signup"
    __table_args__ = (UniqueConstraint("worker_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("pickup_round.id"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"))
    shelter_id: Mapped[int] = mapped_column(ForeignKey("shelter.id"), index=True)
    date: Mapped[date] = mapped_column(Date)
    signed_up_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    signed_up_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    # Loon naar Werken conditions that were not met and that the assistant confirmed anyway.
    conditions_waived: Mapped[str] = mapped_column(String(200), default="")
    # None: not decided (everyone fits); True: rides; False: left behind ("vol — voorrang volgende keer").
    selected: Mapped[bool | None]
    selection_reason: Mapped[str] = mapped_column(String(200), default="")
    boarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set on arrival for those who were to ride but did not board.
    no_show: Mapped[bool] = mapped_column(default=False)
    # Boarding on another bus moved this sign-up there (a fact beats the plan): from which round, by whom.
    moved_from_round_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_round.id"))
    moved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    moved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Also boarded on another round while boarded on this one: a conflict for a supervisor to resolve.
    conflict_round_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_round.id"), index=True)
    conflict_boarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    conflict_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    round: Mapped[PickupRound] = relationship(back_populates="signups", foreign_keys=[round_id])
    worker = relationship("Worker")
    shelter = relationship("Shelter")
    moved_from = relationship("PickupRound", foreign_keys=[moved_from_round_id])
    moved_by = relationship("Staff", foreign_keys=[moved_by_id])
    conflict_round = relationship("PickupRound", foreign_keys=[conflict_round_id])
    conflict_by = relationship("Staff", foreign_keys=[conflict_by_id])

    @property
    def rides(self) -> bool:
        """Whether this person has a seat (everyone, until a choice had to be made)."""
        return self.selected is not False
