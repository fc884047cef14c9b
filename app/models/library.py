"""Case scenarios: the fictional families that exercises and maps are built from."""

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models._types import enum_column, timestamp, utcnow
from app.models.accounts import Organisation, User


class Vocabulary(enum.StrEnum):
    """Which words a map uses for its statements and goals."""

    CHILD_PROTECTION = "child_protection"
    EARLY_HELP = "early_help"

    @property
    def label(self) -> str:
        return "Child protection" if self is Vocabulary.CHILD_PROTECTION else "Early help"

    @property
    def statement_label(self) -> str:
        return "Danger statements" if self is Vocabulary.CHILD_PROTECTION else "Worry statements"

    @property
    def goal_label(self) -> str:
        return "Safety goals" if self is Vocabulary.CHILD_PROTECTION else "Wellbeing goals"


class Scenario(db.Model):
    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("organisation_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # A stable name for the scenario inside its organisation (used by demo seeding and imports).
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    vocabulary: Mapped[Vocabulary] = mapped_column(enum_column(Vocabulary))
    summary: Mapped[str] = mapped_column(Text)
    referral: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User | None] = relationship()
    family_members: Mapped[list["FamilyMember"]] = relationship(
        back_populates="scenario",
        cascade="all, delete-orphan",
        order_by="FamilyMember.position",
    )
    chronology: Mapped[list["ChronologyEntry"]] = relationship(
        back_populates="scenario",
        cascade="all, delete-orphan",
        order_by="(ChronologyEntry.occurred_on, ChronologyEntry.id)",
    )

    @property
    def referral_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.referral.split("\n\n") if p.strip()]

    def __repr__(self) -> str:
        return f"<Scenario {self.slug!r}>"


class FamilyMember(db.Model):
    __tablename__ = "family_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(120))
    age: Mapped[int | None]
    relation: Mapped[str] = mapped_column(String(120))

    scenario: Mapped[Scenario] = relationship(back_populates="family_members")


class ChronologyEntry(db.Model):
    __tablename__ = "chronology_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), index=True
    )
    occurred_on: Mapped[date] = mapped_column(Date)
    entry: Mapped[str] = mapped_column(Text)

    scenario: Mapped[Scenario] = relationship(back_populates="chronology")
