"""Review comments on maps, and group supervision: sessions, their people and maps, and
independent scaling rounds."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models._types import enum_column, timestamp, utcnow
from app.models.accounts import Cohort, User
from app.models.library import TemplateVersion
from app.models.maps import Card, Map, Rating, Scale, StatementPair


class Comment(Model):
    """Feedback on a map: on the whole map, or on one card, statement/goal pair or rating.

    A reply points at the comment it answers (`parent_id`); only a thread's first comment carries
    the target and can be resolved."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    map_id: Mapped[int] = mapped_column(ForeignKey("maps.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement_pairs.id", ondelete="CASCADE")
    )
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("ratings.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    resolved_at: Mapped[datetime | None] = mapped_column(timestamp())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow, onupdate=utcnow)

    map: Mapped[Map] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    card: Mapped[Card | None] = relationship()
    pair: Mapped[StatementPair | None] = relationship()
    rating: Mapped[Rating | None] = relationship()
    parent: Mapped["Comment | None"] = relationship(
        back_populates="replies", remote_side="Comment.id"
    )
    replies: Mapped[list["Comment"]] = relationship(
        back_populates="parent",
        cascade="all, delete-orphan",
        order_by="(Comment.created_at, Comment.id)",
    )

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class SessionStatus(enum.StrEnum):
    PLANNED = "planned"
    LIVE = "live"
    FINISHED = "finished"

    @property
    def label(self) -> str:
        return {"planned": "Planned", "live": "Under way", "finished": "Finished"}[self.value]

    @property
    def tag_class(self) -> str:
        return {
            "planned": "govuk-tag--grey",
            "live": "govuk-tag--green",
            "finished": "govuk-tag--blue",
        }[self.value]


class SessionRole(enum.StrEnum):
    """Roles in group supervision. Everyone not presenting, facilitating or advising is a
    group member, and every one of them scales."""

    PRESENTER = "presenter"
    FACILITATOR = "facilitator"
    ADVISOR = "advisor"
    GROUP_MEMBER = "group_member"

    @property
    def label(self) -> str:
        return {
            "presenter": "Presenter",
            "facilitator": "Facilitator",
            "advisor": "Advisor",
            "group_member": "Group member",
        }[self.value]


class SupervisionSession(Model):
    """One group supervision: who takes part, the presenter's question, the maps discussed,
    the scaling rounds, and the reflection that closes it."""

    __tablename__ = "supervision_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    question: Mapped[str] = mapped_column(Text, default="")
    # A template mapped live in the session, when there is no presenter's map.
    template_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("template_versions.id", ondelete="SET NULL")
    )
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus), default=SessionStatus.PLANNED
    )
    # Reflection (appreciative inquiry) and the record of the session.
    went_well: Mapped[str] = mapped_column(Text, default="")
    how_it_happened: Mapped[str] = mapped_column(Text, default="")
    who_helped: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(timestamp())

    cohort: Mapped[Cohort] = relationship()
    created_by: Mapped[User | None] = relationship()
    template_version: Mapped[TemplateVersion | None] = relationship()
    participants: Mapped[list["SessionParticipant"]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="SessionParticipant.added_at",
    )
    session_maps: Mapped[list["SessionMap"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionMap.position"
    )
    rounds: Mapped[list["ScalingRound"]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="(ScalingRound.opened_at, ScalingRound.id)",
    )

    def role_of(self, user: User) -> SessionRole | None:
        for participant in self.participants:
            if participant.user_id == user.id:
                return participant.role
        return None

    @property
    def people(self) -> list["SessionParticipant"]:
        """Presenter, facilitator, advisor, then the group, each by name."""
        order = list(SessionRole)
        return sorted(self.participants, key=lambda p: (order.index(p.role), p.user.name))

    def shows(self, the_map: Map) -> bool:
        """A session shows a map shared for review, or the map it started for the group. A
        map taken back to a private draft (or deleted) leaves every session it was in."""
        from app.models.maps import SHARED_STATUSES

        return the_map.deleted_at is None and (
            the_map.status in SHARED_STATUSES or the_map.owner_id == self.created_by_id
        )

    @property
    def maps(self) -> list[Map]:
        return [entry.map for entry in self.session_maps if self.shows(entry.map)]


class SessionParticipant(Model):
    __tablename__ = "session_participants"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[SessionRole] = mapped_column(
        enum_column(SessionRole), default=SessionRole.GROUP_MEMBER
    )
    added_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)

    session: Mapped[SupervisionSession] = relationship(back_populates="participants")
    user: Mapped[User] = relationship()


class SessionMap(Model):
    __tablename__ = "session_maps"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    map_id: Mapped[int] = mapped_column(
        ForeignKey("maps.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    session: Mapped[SupervisionSession] = relationship(back_populates="session_maps")
    map: Mapped[Map] = relationship()


class RoundStatus(enum.StrEnum):
    """Open: people rate, seeing nobody else's number. Revealed: everyone sees every rating;
    ratings given or changed now are marked. Closed: no more ratings."""

    OPEN = "open"
    REVEALED = "revealed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"open": "Scaling", "revealed": "Revealed", "closed": "Closed"}[self.value]


class ScalingRound(Model):
    """Everyone in the session scales one scale independently; the facilitator reveals."""

    __tablename__ = "scaling_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("supervision_sessions.id", ondelete="CASCADE"), index=True
    )
    scale_id: Mapped[int] = mapped_column(ForeignKey("scales.id", ondelete="CASCADE"), index=True)
    status: Mapped[RoundStatus] = mapped_column(enum_column(RoundStatus), default=RoundStatus.OPEN)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    revealed_at: Mapped[datetime | None] = mapped_column(timestamp())
    closed_at: Mapped[datetime | None] = mapped_column(timestamp())

    session: Mapped[SupervisionSession] = relationship(back_populates="rounds")
    scale: Mapped[Scale] = relationship()
    ratings: Mapped[list["RoundRating"]] = relationship(
        back_populates="round",
        cascade="all, delete-orphan",
        order_by="(RoundRating.created_at, RoundRating.id)",
    )


class RoundRating(Model):
    """One participant's score in a round. Changing it keeps one row; a change after the reveal
    keeps the score that was shown at the reveal."""

    __tablename__ = "round_ratings"
    __table_args__ = (UniqueConstraint("round_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("scaling_rounds.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Given for the first time after the reveal.
    late: Mapped[bool] = mapped_column(default=False)
    # Changed after the reveal: the score everyone saw at the reveal.
    score_at_reveal: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow, onupdate=utcnow)

    round: Mapped[ScalingRound] = relationship(back_populates="ratings")
    user: Mapped[User] = relationship()

    @property
    def changed_after_reveal(self) -> bool:
        return self.score_at_reveal is not None and self.score_at_reveal != self.score
