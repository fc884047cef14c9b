"""PDF packs: a group supervision session's maps and scaling rounds, and every shared map of
one exercise. Each map reads the same view model as its page."""

from datetime import date

from app.exports.pdf_data import map_data
from app.maps.view import build_view, load_map
from app.models import (
    Map,
    RoundStatus,
    ScalingRound,
    SessionRole,
    SupervisionSession,
    Template,
    User,
)
from app.pdf import DotPlotData, ExportOptions, MapData, PackCover, PackSection, render_pack
from app.supervision.service import first_name, round_view


def session_pack(session: SupervisionSession, viewer: User, options: ExportOptions) -> bytes:
    """Cover (the session, its date, first names only, the presenter's question), every map of
    the session, and each revealed scaling round as a dot plot after the map it scaled."""
    names: dict[SessionRole, list[str]] = {role: [] for role in SessionRole}
    for participant in session.people:
        names[participant.role].append(first_name(participant.user))
    details = [
        ("The presenter's question", session.question),
        *((_plural(role, len(names[role])), ", ".join(names[role])) for role in SessionRole),
        ("Agreed next steps", session.next_steps),
        ("Record of the session", session.summary),
    ]
    cover = PackCover(
        title=session.title,
        subtitle="Group supervision pack",
        cohort=session.cohort.name,
        date=session.held_on,
        prepared_by=", ".join(names[SessionRole.FACILITATOR]),
        details=[(label, value) for label, value in details if value],
    )
    sections = []
    for the_map in session.maps:
        plots = [
            _dot_plot(scaling_round, viewer)
            for scaling_round in session.rounds
            # Only what the room has seen: a round still open keeps its numbers hidden.
            if scaling_round.status is not RoundStatus.OPEN
            and scaling_round.scale.map_id == the_map.id
        ]
        sections.append(PackSection(map=_map_data(the_map, viewer), dot_plots=plots))
    return render_pack(cover, sections, options)


def _plural(role: SessionRole, count: int) -> str:
    return role.label + ("s" if count > 1 else "")


def _dot_plot(scaling_round: ScalingRound, viewer: User) -> DotPlotData:
    view = round_view(scaling_round, viewer)
    return DotPlotData(
        label=view.name,
        points=[(first_name(r.user), r.score, r.reason) for r in view.ratings],
        median=view.median,
    )


def exercise_pack(
    template: Template, maps: list[Map], viewer: User, options: ExportOptions
) -> bytes:
    """Every shared map of one exercise, one section each, after a cover and contents."""
    version = template.latest_published or template.latest
    cohorts = sorted({m.cohort.name for m in maps if m.cohort})
    cover = PackCover(
        title=version.document["title"],
        subtitle="Exercise pack: every map shared for review",
        cohort=", ".join(cohorts),
        date=date.today(),
        prepared_by=viewer.name,
    )
    sections = [
        PackSection(map=_map_data(the_map, viewer), title=f"{the_map.title} ({the_map.owner.name})")
        for the_map in maps
    ]
    return render_pack(cover, sections, options)


def _map_data(the_map: Map, viewer: User) -> MapData:
    whole = load_map(the_map.id)  # everything the map shows, in a fixed number of queries
    if whole is None:
        raise LookupError(f"Map {the_map.id} was deleted while its pack was being made")
    return map_data(build_view(whole, viewer), today=date.today())
