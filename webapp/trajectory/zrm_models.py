"""The municipality's instruments per worker: ZRM assessments (one record per assessment, thirteen scores, append
only: the history is the rows) and the Participatieladder values a counsellor entered (derived values are computed
from attendance and outflow, zrm_rules.py)."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import clock
from ..extensions import db
from ..types import UTCDateTime


class ZrmAssessment(db.Model):
    """One ZRM assessment of a worker: the occasion (intake, voortgang, uitstroom), its date and who scored it."""

    __tablename__ = "zrm_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    occasion: Mapped[str] = mapped_column(String(20))  # zrm_rules.OCCASIONS
    assessed_on: Mapped[date] = mapped_column(Date)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)  # the form's one-time id

    scores: Mapped[list["ZrmScore"]] = relationship(back_populates="assessment", order_by="ZrmScore.id")
    by = relationship("Staff")

    def levels(self) -> dict[str, int]:
        return {score.domain: score.level for score in self.scores}


class ZrmScore(db.Model):
    """One domain's level (1–5) in an assessment, `entered` or `derived` (pre-filled from the life domains, unchanged)."""

    __tablename__ = "zrm_score"
    __table_args__ = (UniqueConstraint("assessment_id", "domain"),
                      CheckConstraint("level BETWEEN 1 AND 5", name="level_1_to_5"))

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("zrm_assessment.id"), index=True)
    domain: Mapped[str] = mapped_column(String(40))  # zrm_rules.ZRM_DOMAINS
    level: Mapped[int]
    source: Mapped[str] = mapped_column(String(10))  # entered | derived

    assessment: Mapped[ZrmAssessment] = relationship(back_populates="scores")


class LadderEntry(db.Model):
    """A Participatieladder rung a counsellor entered for a worker on a date (it holds until a newer one)."""

    __tablename__ = "ladder_entry"
    __table_args__ = (CheckConstraint("rung BETWEEN 1 AND 6", name="rung_1_to_6"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("worker.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    rung: Mapped[int]
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    client_id: Mapped[str | None] = mapped_column(String(36), unique=True)

    by = relationship("Staff")
