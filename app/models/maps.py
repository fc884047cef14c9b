"""Case maps: three columns of cards, statement/goal pairs with their scales, the child's
Three Houses, and a history of every change."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models._types import enum_column, timestamp, utcnow
from app.models.accounts import Cohort, User
from app.models.library import Scenario, TemplateVersion, Vocabulary


class MapSource(enum.StrEnum):
    SCENARIO = "scenario"
    TEMPLATE = "template"
    BLANK = "blank"
    CHILD_IN_YOUR_LIFE = "child_in_your_life"


class MapStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    REVIEWED = "reviewed"

    @property
    def label(self) -> str:
        return {
            "draft": "Private draft",
            "submitted": "Submitted for review",
            "changes_requested": "Changes requested",
            "reviewed": "Reviewed",
        }[self.value]

    @property
    def tag_class(self) -> str:
        return {
            "draft": "govuk-tag--grey",
            "submitted": "govuk-tag--blue",
            "changes_requested": "govuk-tag--orange",
            "reviewed": "govuk-tag--green",
        }[self.value]

    @property
    def editable(self) -> bool:
        """Authors can change the map: a draft, or one returned for changes."""
        return self in (MapStatus.DRAFT, MapStatus.CHANGES_REQUESTED)


# Shared with the supervisors of the map's cohort.
SHARED_STATUSES = (MapStatus.SUBMITTED, MapStatus.CHANGES_REQUESTED, MapStatus.REVIEWED)


class Category(enum.StrEnum):
    """Where a card sits. Statements and goals are pairs, not cards (see StatementPair)."""

    HARM = "harm"
    COMPLICATING_FACTOR = "complicating_factor"
    EXISTING_STRENGTH = "existing_strength"
    EXISTING_SAFETY = "existing_safety"
    NEXT_STEP = "next_step"
    GREY_AREA = "grey_area"
    # The child's own words, in the Three Houses panel.
    HOUSE_OF_WORRIES = "house_of_worries"
    HOUSE_OF_GOOD_THINGS = "house_of_good_things"
    HOUSE_OF_DREAMS = "house_of_dreams"

    @property
    def is_house(self) -> bool:
        return self.value.startswith("house_")


class Perspective(enum.StrEnum):
    """Who gave a rating on a scale."""

    WORKER = "worker"
    SUPERVISOR = "supervisor"
    PARENT_OR_CARER = "parent_or_carer"
    CHILD = "child"
    PROFESSIONAL = "professional"
    GROUP_MEMBER = "group_member"

    @property
    def label(self) -> str:
        return {
            "worker": "Worker",
            "supervisor": "Supervisor",
            "parent_or_carer": "Parent or carer",
            "child": "Child",
            "professional": "Another professional",
            "group_member": "Group member",
        }[self.value]


STANDARD_LOW_ANCHOR = "Things are so bad that the child cannot live at home."
STANDARD_HIGH_ANCHOR = (
    "Everyone knows the child is safe enough for the local authority to close the case."
)


class Map(Model):
    __tablename__ = "maps"
    # The review queue: a cohort's maps waiting for review, the longest waiting first.
    __table_args__ = (Index("ix_maps_review_queue", "cohort_id", "status", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The owner's cohort when the map was started: its supervisors review it.
    cohort_id: Mapped[int | None] = mapped_column(
        ForeignKey("cohorts.id", ondelete="SET NULL"), index=True
    )
    scenario_id: Mapped[int | None] = mapped_column(
        ForeignKey("scenarios.id", ondelete="SET NULL"), index=True
    )
    # The exercise template (version) the map was started from, if any.
    template_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("template_versions.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[MapSource] = mapped_column(enum_column(MapSource))
    title: Mapped[str] = mapped_column(String(200))
    vocabulary: Mapped[Vocabulary] = mapped_column(enum_column(Vocabulary))
    has_grey_area: Mapped[bool] = mapped_column(default=False)
    status: Mapped[MapStatus] = mapped_column(enum_column(MapStatus), default=MapStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(timestamp())
    # The supervisor's latest return: "reviewed" or "changes requested", with a summary.
    reviewed_at: Mapped[datetime | None] = mapped_column(timestamp())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_summary: Mapped[str] = mapped_column(Text, default="")
    child_name: Mapped[str | None] = mapped_column(String(120))  # for the Three Houses
    child_age: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(timestamp())

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    cohort: Mapped[Cohort | None] = relationship()
    scenario: Mapped[Scenario | None] = relationship()
    template_version: Mapped["TemplateVersion | None"] = relationship()
    co_authors: Mapped[list["MapCoAuthor"]] = relationship(
        back_populates="map", cascade="all, delete-orphan", order_by="MapCoAuthor.added_at"
    )
    cards: Mapped[list["Card"]] = relationship(
        back_populates="map", cascade="all, delete-orphan", order_by="Card.position"
    )
    pairs: Mapped[list["StatementPair"]] = relationship(
        back_populates="map", cascade="all, delete-orphan", order_by="StatementPair.position"
    )
    scales: Mapped[list["Scale"]] = relationship(back_populates="map", cascade="all, delete-orphan")

    @property
    def author_ids(self) -> set[int]:
        return {self.owner_id} | {c.user_id for c in self.co_authors}

    def __repr__(self) -> str:
        return f"<Map {self.id} {self.title!r}>"


class MapCoAuthor(Model):
    __tablename__ = "map_co_authors"

    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)

    map: Mapped[Map] = relationship(back_populates="co_authors")
    user: Mapped[User] = relationship()


class Card(Model):
    __tablename__ = "cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    category: Mapped[Category] = mapped_column(enum_column(Category))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))  # who said it, or where it came from
    # Kinds of real-looking identifiers found in the text when it was saved (see maps.guard).
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Bumped on every edit: a save based on an older version is a conflict, not an overwrite.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(timestamp())

    map: Mapped[Map] = relationship(back_populates="cards")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class StatementPair(Model):
    """A danger (or worry) statement and its safety (or wellbeing) goal: always together."""

    __tablename__ = "statement_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The builder's parts, kept so the formula can be revisited.
    statement_who: Mapped[str] = mapped_column(Text, default="")
    statement_behaviour: Mapped[str] = mapped_column(Text, default="")
    statement_impact: Mapped[str] = mapped_column(Text, default="")
    goal_carers: Mapped[str] = mapped_column(Text, default="")
    goal_child: Mapped[str] = mapped_column(Text, default="")
    goal_professionals: Mapped[str] = mapped_column(Text, default="")
    goal_duration: Mapped[str] = mapped_column(Text, default="")
    # The final wording, as the practitioner edited it.
    statement: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(timestamp())

    map: Mapped[Map] = relationship(back_populates="pairs")
    scale: Mapped["Scale"] = relationship(back_populates="pair", uselist=False)


class Scale(Model):
    """A 0–10 safety scale: the map's own (no pair) or one statement/goal pair's."""

    __tablename__ = "scales"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement_pairs.id", ondelete="CASCADE"), unique=True
    )
    low_anchor: Mapped[str] = mapped_column(Text, default=STANDARD_LOW_ANCHOR)
    high_anchor: Mapped[str] = mapped_column(Text, default=STANDARD_HIGH_ANCHOR)

    map: Mapped[Map] = relationship(back_populates="scales")
    pair: Mapped[StatementPair | None] = relationship(back_populates="scale")
    ratings: Mapped[list["Rating"]] = relationship(
        back_populates="scale",
        cascade="all, delete-orphan",
        order_by="(Rating.rated_on, Rating.id)",
    )


class Rating(Model):
    """One person's score on a scale, with their reason. Never edited: re-scaling adds a row."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("scales.id", ondelete="CASCADE"), index=True)
    perspective: Mapped[Perspective] = mapped_column(enum_column(Perspective))
    # Who exactly: "Shannon (mother)", "Kai", "Nursery manager". Empty for worker/supervisor.
    rater_name: Mapped[str] = mapped_column(String(120), default="")
    score: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    rated_on: Mapped[date] = mapped_column(Date)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)

    scale: Mapped[Scale] = relationship(back_populates="ratings")

    @property
    def who(self) -> str:
        """How the rating is labelled: the perspective, and the name when there is one."""
        if self.rater_name:
            return f"{self.rater_name} ({self.perspective.label.lower()})"
        return self.perspective.label


class MapEvent(Model):
    """The map's history: who added, changed, moved or deleted what, and when."""

    __tablename__ = "map_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id", ondelete="SET NULL"))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)

    actor: Mapped[User | None] = relationship()
    map: Mapped[Map] = relationship()
