"""Group supervision: planning a session, running it live, independent scaling rounds and the
reflection that closes it. Every function validates, writes and flushes, like the map service; the request commits."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from statistics import median

from markupsafe import Markup
from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.maps import service as map_service
from app.maps.guard import kinds_in
from app.models import (
    Cohort,
    Map,
    MapEvent,
    Perspective,
    Rating,
    Role,
    RoundRating,
    RoundStatus,
    Scale,
    ScalingRound,
    SessionMap,
    SessionParticipant,
    SessionRole,
    SessionStatus,
    SupervisionSession,
    Template,
    User,
)
from app.models._types import utcnow
from app.models.maps import SHARED_STATUSES
from app.supervision.charts import Dot, round_dot_plot

MAX_TITLE = 200
MAX_TEXT = 2000
# A group supervision is 4 to 10 people; a little room for observers.
MAX_PARTICIPANTS = 16


class SessionError(ValueError):
    """A change that cannot be made. The message is shown to the person as it is."""


# Planning ----------------------------------------------------------------------------------


def plan_session(
    supervisor: User,
    *,
    cohort: Cohort,
    title: str,
    held_on: date,
    question: str = "",
    template: Template | None = None,
) -> SupervisionSession:
    """A planned session in one of the supervisor's cohorts, with the supervisor facilitating.
    With a template, a map is started from it for the group to build live."""
    if supervisor.role is not Role.SUPERVISOR or not cohort.has_member(supervisor):
        raise SessionError("You can only plan group supervision for a cohort you supervise")
    # Everything is checked before anything is written, though the request commits only once.
    title = _required(title, "title of the session", MAX_TITLE)
    question = _optional(question, "presenter's question", MAX_TEXT)
    live_map = _start_group_map(supervisor, template, cohort, title) if template else None
    session = SupervisionSession(
        organisation_id=supervisor.organisation_id,
        cohort=cohort,
        created_by=supervisor,
        title=title,
        held_on=held_on,
        question=question,
        template_version=live_map.template_version if live_map else None,
    )
    session.participants.append(SessionParticipant(user=supervisor, role=SessionRole.FACILITATOR))
    if live_map is not None:
        session.session_maps.append(SessionMap(map=live_map, position=0))
    db.session.add(session)
    db.session.flush()
    return session


def _start_group_map(supervisor: User, template: Template, cohort: Cohort, title: str) -> Map:
    from app.library import service as library

    try:
        live_map = library.start_map(supervisor, template, title=f"{title}: group map")
    except (library.LibraryError, map_service.MapError) as problem:
        raise SessionError(str(problem)) from problem
    live_map.cohort = cohort
    return live_map


def candidate_people(session: SupervisionSession) -> list[User]:
    """Who can take part: the active trainees and supervisors of the session's cohort."""
    return sorted(
        (m.user for m in session.cohort.memberships if m.user.active),
        key=lambda user: (user.role is not Role.SUPERVISOR, user.name),
    )


def candidate_maps(session: SupervisionSession) -> Sequence[Map]:
    """Maps the group can discuss: the cohort's maps shared for review, and the session's own."""
    own = {entry.map_id for entry in session.session_maps}
    return db.session.scalars(
        db.select(Map)
        .where(
            Map.deleted_at.is_(None),
            (Map.cohort_id == session.cohort_id) & Map.status.in_(SHARED_STATUSES)
            | Map.id.in_(own),
        )
        .options(joinedload(Map.owner))
        .order_by(Map.title)
    ).all()


def set_up(
    session: SupervisionSession,
    by: User,
    *,
    people: list[User],
    presenter: User | None,
    advisor: User | None,
    question: str,
    maps: list[Map],
) -> None:
    """Who takes part, in which role, the presenter's question and the maps to discuss.
    Whoever sets the session up stays its facilitator."""
    if session.status is SessionStatus.FINISHED:
        raise SessionError("This session has finished: its record can no longer be changed")
    allowed_people = {user.id for user in candidate_people(session)}
    chosen = {user.id: user for user in [*people, *(u for u in (presenter, advisor) if u)]}
    chosen[by.id] = by
    if any(user_id not in allowed_people for user_id in chosen):
        raise SessionError("Choose people from the session's cohort")
    if len(chosen) > MAX_PARTICIPANTS:
        raise SessionError(f"A session can have up to {MAX_PARTICIPANTS} people")
    if presenter is not None and advisor is not None and presenter.id == advisor.id:
        raise SessionError("The presenter and the advisor must be different people")
    if by.id in {u.id for u in (presenter, advisor) if u}:
        raise SessionError("You facilitate this session: choose someone else to present or advise")
    allowed_maps = {m.id for m in candidate_maps(session)}
    if any(m.id not in allowed_maps for m in maps):
        raise SessionError("Choose maps shared with the session's cohort")
    question = _optional(question, "presenter's question", MAX_TEXT)

    def role_for(user: User) -> SessionRole:
        if user.id == by.id:
            return SessionRole.FACILITATOR
        if presenter is not None and user.id == presenter.id:
            return SessionRole.PRESENTER
        if advisor is not None and user.id == advisor.id:
            return SessionRole.ADVISOR
        return SessionRole.GROUP_MEMBER

    existing = {p.user_id: p for p in session.participants}
    session.participants = [
        _participant(existing.get(user.id), user, role_for(user)) for user in chosen.values()
    ]
    existing_maps = {entry.map_id: entry for entry in session.session_maps}
    session.session_maps = [
        existing_maps.get(m.id) or SessionMap(map=m) for m in sorted(maps, key=lambda m: m.title)
    ]
    for position, entry in enumerate(session.session_maps):
        entry.position = position
    session.question = question
    _tidy_rounds(session, people=set(chosen), map_ids={m.id for m in maps})
    db.session.flush()


def _tidy_rounds(session: SupervisionSession, *, people: set[int], map_ids: set[int]) -> None:
    """Someone who leaves the session takes their scores out of rounds not yet closed; a
    round on a map that leaves the session closes (unrevealed, its scores stay hidden)."""
    for scaling_round in session.rounds:
        if scaling_round.status is RoundStatus.CLOSED:
            continue
        if scaling_round.scale.map_id not in map_ids:
            scaling_round.status = RoundStatus.CLOSED
            scaling_round.closed_at = utcnow()
            continue
        for rating in list(scaling_round.ratings):
            if rating.user_id not in people:
                scaling_round.ratings.remove(rating)


def _participant(
    existing: SessionParticipant | None, user: User, role: SessionRole
) -> SessionParticipant:
    if existing is None:
        return SessionParticipant(user=user, role=role)
    existing.role = role
    return existing


def sessions_for(user: User) -> Sequence[SupervisionSession]:
    """The sessions the user takes part in, the latest first."""
    return db.session.scalars(
        db.select(SupervisionSession)
        .join(SessionParticipant)
        .where(SessionParticipant.user_id == user.id)
        .options(joinedload(SupervisionSession.cohort))
        .order_by(SupervisionSession.held_on.desc(), SupervisionSession.id.desc())
    ).all()


def load_session(session_id: int) -> SupervisionSession | None:
    """The session with its people, maps and rounds loaded up front."""
    return db.session.scalar(
        db.select(SupervisionSession)
        .where(SupervisionSession.id == session_id)
        .options(
            joinedload(SupervisionSession.cohort),
            selectinload(SupervisionSession.participants).joinedload(SessionParticipant.user),
            selectinload(SupervisionSession.session_maps).joinedload(SessionMap.map),
            selectinload(SupervisionSession.rounds).selectinload(ScalingRound.ratings),
        )
    )


# Running ------------------------------------------------------------------------------------


def start(session: SupervisionSession, by: User) -> None:
    if session.status is not SessionStatus.PLANNED:
        raise SessionError("This session has already started")
    session.status = SessionStatus.LIVE
    db.session.flush()


REFLECTION_FIELDS = (
    "went_well",
    "how_it_happened",
    "who_helped",
    "learned",
    "next_steps",
    "summary",
)


def save_reflection(session: SupervisionSession, by: User, *, finish: bool, **answers: str) -> None:
    """The appreciative-inquiry reflection, the agreed next steps and a short record.
    Finishing closes every round: a revealed round's scores join the map's scale, a round
    never revealed keeps its scores hidden for good."""
    if session.status is SessionStatus.PLANNED:
        raise SessionError("Start the session before writing its reflection")
    for name in REFLECTION_FIELDS:
        setattr(session, name, _optional(answers.get(name, ""), "answer", MAX_TEXT))
    if finish and session.status is not SessionStatus.FINISHED:
        session.status = SessionStatus.FINISHED
        session.finished_at = utcnow()
        for scaling_round in session.rounds:
            if scaling_round.status is not RoundStatus.CLOSED:
                _close(scaling_round, by)
    db.session.flush()


def board_stamp(the_map: Map) -> int:
    """Changes whenever anything on the map changes (every change writes a history event):
    screens following the map compare stamps instead of re-drawing every few seconds."""
    return db.session.scalar(
        db.select(func.coalesce(func.max(MapEvent.id), 0)).where(MapEvent.map_id == the_map.id)
    )


# Scaling rounds -----------------------------------------------------------------------------


def scales_of(session: SupervisionSession) -> list[tuple[Scale, str]]:
    """Every scale the group could scale (not those of deleted pairs), named as the room
    would say it."""
    choices = []
    for the_map in session.maps:
        live = {pair.id for pair in map_service.live_pairs(the_map)}
        for scale in sorted(the_map.scales, key=lambda s: (s.pair_id is not None, s.id)):
            if scale.pair_id is None or scale.pair_id in live:
                choices.append((scale, scale_label(scale)))
    return choices


def scale_label(scale: Scale) -> str:
    """ "Kit's map: scale for pair 2", numbered as the map shows its pairs."""
    the_map = scale.map
    if scale.pair_id is None:
        return f"{the_map.title}: safety scale for the whole map"
    pairs = map_service.live_pairs(the_map)
    number = next((n for n, pair in enumerate(pairs, start=1) if pair.id == scale.pair_id), None)
    if number is None:
        return f"{the_map.title}: the scale of a deleted pair"
    return f"{the_map.title}: scale for pair {number}"


def scaling_now(session: SupervisionSession) -> set[int]:
    """The scales with a round open: the room must not see their earlier scores yet."""
    return {r.scale_id for r in session.rounds if r.status is RoundStatus.OPEN}


def open_round(session: SupervisionSession, by: User, scale: Scale) -> ScalingRound:
    if session.status is not SessionStatus.LIVE:
        raise SessionError("Start the session before opening a scaling round")
    if scale.id not in {s.id for s, _ in scales_of(session)}:
        raise SessionError("Choose a scale from one of the session's maps")
    if any(r.scale_id == scale.id and r.status is RoundStatus.OPEN for r in session.rounds):
        raise SessionError("A round on this scale is already open")
    scaling_round = ScalingRound(session=session, scale=scale, opened_by_id=by.id)
    db.session.add(scaling_round)
    db.session.flush()
    return scaling_round


def rate(scaling_round: ScalingRound, user: User, *, score: int, reason: str) -> RoundRating:
    """The participant's own score. Before the reveal it can change freely; after it, a first
    score is marked late and a change keeps the score everyone saw."""
    if scaling_round.status is RoundStatus.CLOSED:
        raise SessionError("This scaling round has closed")
    if scaling_round.session.role_of(user) is None:
        raise SessionError("Only people taking part in the session can scale")
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 10:
        raise SessionError("A score must be a whole number from 0 to 10")
    reason = _optional(reason, "reason", MAX_TEXT)
    revealed = scaling_round.status is RoundStatus.REVEALED
    rating = next((r for r in scaling_round.ratings if r.user_id == user.id), None)
    if rating is None:
        rating = RoundRating(round=scaling_round, user=user, score=score, late=revealed)
        db.session.add(rating)
    else:
        if revealed and not rating.late and rating.score_at_reveal is None:
            rating.score_at_reveal = rating.score
        rating.score = score
    rating.reason = reason
    rating.flags = kinds_in(reason)
    db.session.flush()
    return rating


def reveal(scaling_round: ScalingRound, by: User) -> None:
    if scaling_round.status is not RoundStatus.OPEN:
        raise SessionError("This round has already been revealed")
    if not scaling_round.ratings:
        raise SessionError("Nobody has scaled yet: wait for at least one score")
    scaling_round.status = RoundStatus.REVEALED
    scaling_round.revealed_at = utcnow()
    db.session.flush()


def close(scaling_round: ScalingRound, by: User) -> None:
    if scaling_round.status is not RoundStatus.REVEALED:
        raise SessionError("Reveal the scores before closing the round")
    _close(scaling_round, by)
    db.session.flush()


def _close(scaling_round: ScalingRound, by: User) -> None:
    """End scoring. A revealed round's final scores join the map's scale as group members'
    ratings, dated the day of the session, so the map keeps the history of its scaling."""
    scaling_round.status = RoundStatus.CLOSED
    scaling_round.closed_at = utcnow()
    if scaling_round.revealed_at is None:
        return
    scale, session = scaling_round.scale, scaling_round.session
    for rating in scaling_round.ratings:
        scale.ratings.append(
            Rating(
                perspective=Perspective.GROUP_MEMBER,
                rater_name=first_name(rating.user),
                score=rating.score,
                reason=rating.reason,
                rated_on=session.held_on,
                flags=rating.flags,
                created_by_id=by.id,
            )
        )
    map_service.record(
        scale.map,
        by,
        "rated",
        f"Group supervision “{session.title}” scaled {map_service.scale_name(scale)}: "
        f"{len(scaling_round.ratings)} scores, median {_number(median(r.score for r in scaling_round.ratings))}",
    )


def _number(value: float) -> str:
    return f"{value:g}"


@dataclass
class RoundView:
    """What one person may see of a round. Before the reveal that is their own score and how
    many have scaled, never anyone else's number."""

    round: ScalingRound
    viewer: User

    @cached_property
    def name(self) -> str:
        # Worked out only when shown: a poll that answers 204 never needs it.
        return scale_label(self.round.scale)

    @property
    def revealed(self) -> bool:
        # Closed without a reveal (the session finished first): the scores stay hidden.
        return self.round.revealed_at is not None

    @property
    def own(self) -> RoundRating | None:
        return next((r for r in self.round.ratings if r.user_id == self.viewer.id), None)

    @property
    def rated_count(self) -> int:
        return len(self.round.ratings)

    @property
    def participant_count(self) -> int:
        return len(self.round.session.participants)

    @cached_property
    def ratings(self) -> list[RoundRating]:
        """Everyone's ratings, lowest first: only once revealed."""
        if not self.revealed:
            return []
        return sorted(self.round.ratings, key=lambda r: (r.score, first_name(r.user), r.id))

    @property
    def median(self) -> float | None:
        return median(r.score for r in self.ratings) if self.ratings else None

    @property
    def spread(self) -> tuple[int, int] | None:
        scores = [r.score for r in self.ratings]
        return (min(scores), max(scores)) if scores else None

    @cached_property
    def chart(self) -> Markup:
        dots = [
            Dot(first_name(r.user), r.score, r.late or r.changed_after_reveal) for r in self.ratings
        ]
        return round_dot_plot(dots, self.median, title=f"{self.name}: everyone's scores")

    @property
    def stamp(self) -> str:
        """Changes when anything a viewer may see changes: the state and how many have scaled,
        and after the reveal every score."""
        seen = "|".join(
            f"{r.id}:{r.score}:{r.late}:{r.score_at_reveal}:{r.reason}" for r in self.ratings
        )
        digest = hashlib.sha256(seen.encode()).hexdigest()[:16]
        return f"{self.round.status.value}-{self.rated_count}-{digest}"


def round_view(scaling_round: ScalingRound, viewer: User) -> RoundView:
    return RoundView(scaling_round, viewer)


def first_name(user: User) -> str:
    """Group supervision needs no full names: the record keeps first names only."""
    return user.name.split()[0] if user.name.split() else user.name


def load_round(round_id: int) -> ScalingRound | None:
    return db.session.scalar(
        db.select(ScalingRound)
        .where(ScalingRound.id == round_id)
        .options(
            joinedload(ScalingRound.session)
            .selectinload(SupervisionSession.participants)
            .joinedload(SessionParticipant.user),
            selectinload(ScalingRound.ratings).joinedload(RoundRating.user),
        )
    )


def _required(value: str | None, what: str, limit: int) -> str:
    return map_service._required_text(value, what, limit, SessionError)


def _optional(value: str | None, what: str, limit: int) -> str:
    return map_service._optional_text(value, what, limit, SessionError)
