"""Calibration across a cohort: which maps count, the scale figures, card placements, the page."""

from dataclasses import dataclass
from datetime import date

import pytest

from app.extensions import db
from app.library import service as library
from app.library.calibration import calibration_for
from app.library.calibration_chart import DotRow, calibration_dot_plot
from app.maps import service as maps
from app.maps.compare import compare
from app.maps.view import build_view, load_map
from app.models import (
    Category,
    CohortMembership,
    Map,
    MapStatus,
    Perspective,
    PublishScope,
    Role,
    Template,
    User,
)
from tests.conftest import sql_statements
from tests.factories import UserFactory
from tests.xss import PAYLOADS, markup_problems

HARM = "Kayla saw her mum pushed into a glass table and heard the shouting beforehand."
COMPLICATING = "Dean has not yet spoken to any professional about what happened."
SAFETY = "Jade took Kayla to Pauline's house within two days and they have stayed there since."
STRENGTH = "Pauline collects Kayla from nursery twice a week and Kayla talks about her warmly."

REFERENCE = {
    "cards": [
        {"category": "harm", "text": HARM, "source": "Police"},
        {"category": "complicating_factor", "text": COMPLICATING, "source": None},
        {"category": "existing_safety", "text": SAFETY, "source": "Jade"},
        {"category": "existing_strength", "text": STRENGTH, "source": "Nursery"},
    ],
    "pairs": [
        {
            "statement": "The nursery is worried Kayla will again see Jade and Dean hurting each other.",
            "goal": "Jade will sort out disagreements without violence, for six months.",
            "score": 4,
            "reason": "Safety is new.",
        }
    ],
    "map_score": {"score": 3, "reason": "Safety rests on Jade staying at her mum's."},
}


@dataclass
class Exercise:
    template: Template
    priya: Map  # submitted, with a co-author; worker scores; safety item called a strength
    kit: Map  # submitted; only a supervisor's score on the map; no pairs
    dana: Map  # reviewed; never scaled
    draft: Map  # a private draft: never counted
    owen: Map  # submitted, in the other cohort


def card(the_map: Map, category: Category, text: str) -> None:
    maps.add_card(the_map, the_map.owner, category=category, text=text)


def rate(the_map: Map, score: int, perspective=Perspective.WORKER, pair: int | None = None):
    if pair is None:
        scale = next(s for s in the_map.scales if s.pair_id is None)
    else:
        scale = maps.live_pairs(the_map)[pair].scale
    maps.add_rating(scale, the_map.owner, perspective=perspective, score=score)


def submitted(the_map: Map, status: MapStatus = MapStatus.SUBMITTED) -> Map:
    maps.submit_map(the_map, the_map.owner)
    the_map.status = status
    db.session.commit()
    return the_map


def trainee_in(cohort, name: str) -> User:
    user = UserFactory(organisation=cohort.organisation, role=Role.TRAINEE, name=name)
    db.session.add(CohortMembership(cohort=cohort, user=user))
    db.session.commit()
    return user


@pytest.fixture
def exercise(world) -> Exercise:
    template = library.create_template(
        world.champion,
        library.blank_document()
        | {"title": "Kayla, 4: arguments at home", "summary": "Arguments.", "reference": REFERENCE},
    )
    library.publish(
        template,
        world.champion,
        scope=PublishScope.COHORTS,
        cohorts=[world.cohort, world.other_cohort],
    )

    priya = library.start_map(world.trainee, template, co_authors=[world.co_author])
    card(priya, Category.HARM, "Kayla saw mum pushed into the glass table; shouting beforehand.")
    card(priya, Category.EXISTING_STRENGTH, "Jade took Kayla to Pauline's house within two days.")
    card(priya, Category.EXISTING_STRENGTH, "Pauline collects Kayla from nursery twice a week.")
    card(priya, Category.NEXT_STEP, "Social worker to visit Dean.")
    maps.add_pair(priya, world.trainee, statement="Worried about Kayla.", goal="Kayla safe.")
    rate(priya, 5)
    rate(priya, 3, pair=0)
    submitted(priya)

    kit = library.start_map(world.classmate, template)
    card(kit, Category.HARM, "Kayla heard the shouting and saw her mum pushed into a table.")
    card(kit, Category.COMPLICATING_FACTOR, "Dean has not spoken to any professional yet.")
    card(kit, Category.EXISTING_SAFETY, "Jade took Kayla to Pauline's house and stayed since.")
    rate(kit, 7, perspective=Perspective.SUPERVISOR)
    submitted(kit)

    dana = library.start_map(trainee_in(world.cohort, "Dana Trainee"), template)
    card(dana, Category.EXISTING_STRENGTH, "Jade took Kayla to stay at Pauline's house since.")
    submitted(dana, MapStatus.REVIEWED)

    # A draft that agrees with the reference everywhere: if it were counted, every figure moves.
    draft = library.start_map(trainee_in(world.cohort, "Drafty Trainee"), template)
    for reference_card in REFERENCE["cards"]:
        card(draft, Category(reference_card["category"]), reference_card["text"])
    rate(draft, 10)

    owen = library.start_map(world.other_trainee, template)
    card(owen, Category.EXISTING_SAFETY, "Jade took Kayla to Pauline's house two days later.")
    rate(owen, 2)
    submitted(owen)
    return Exercise(template, priya, kit, dana, draft, owen)


def names(cell) -> list[str]:
    return [t.authors for t in cell.trainees]


def by_label(calibration, label):
    return next(row for row in calibration.scales if row.label == label)


def placement(calibration, text):
    return next(p for p in calibration.placements if p.text == text)


# Which maps count ----------------------------------------------------------------------------


def test_supervisor_sees_shared_maps_of_their_cohorts_only(world, exercise):
    calibration = calibration_for(exercise.template, world.supervisor)

    assert [t.authors for t in calibration.maps] == [
        "Dana Trainee",
        "Kit Classmate",
        "Priya Trainee with Cleo Coauthor",
    ]
    # The draft, Owen's map (another cohort) and the reference answers are not trainee maps.
    assert calibration.reference_source == "the reference map published with version 1"


def test_champion_sees_every_cohort_but_never_drafts(world, exercise):
    calibration = calibration_for(exercise.template, world.champion)

    authors = [t.authors for t in calibration.maps]
    assert "Owen Trainee" in authors
    assert "Drafty Trainee" not in authors
    assert len(authors) == 4


def test_other_supervisor_sees_only_their_cohort(world, exercise):
    calibration = calibration_for(exercise.template, world.other_supervisor)

    assert [t.authors for t in calibration.maps] == ["Owen Trainee"]


def test_deleted_maps_and_other_templates_do_not_count(world, exercise):
    maps.delete_map(exercise.kit, world.classmate)
    # The world's own map comes from another template; submit it to prove it stays out.
    maps.submit_map(world.map, world.trainee)

    calibration = calibration_for(exercise.template, world.supervisor)

    assert [t.authors for t in calibration.maps] == [
        "Dana Trainee",
        "Priya Trainee with Cleo Coauthor",
    ]


# Scales --------------------------------------------------------------------------------------


def test_map_scale_uses_the_worker_then_anyone_and_lists_the_not_scaled(world, exercise):
    whole = by_label(calibration_for(exercise.template, world.supervisor), "Whole map")

    assert whole.reference == 3
    assert [(s.trainee.authors, s.text) for s in whole.scores] == [
        ("Dana Trainee", "Not scaled"),
        ("Kit Classmate", "7 (Supervisor)"),
        ("Priya Trainee with Cleo Coauthor", "5"),
    ]
    assert whole.summary.median == 6
    assert whole.summary.spread_text == "5 to 7"
    assert whole.summary.count == 2
    assert [s.trainee.authors for s in whole.not_scaled] == ["Dana Trainee"]


def test_the_worker_rating_wins_over_a_later_rating_from_someone_else(world, exercise):
    rate(exercise.priya, 9, perspective=Perspective.PARENT_OR_CARER)

    whole = by_label(calibration_for(exercise.template, world.supervisor), "Whole map")

    assert whole.scores[2].score == 5


def test_pair_scales_go_by_position_against_the_reference_pair(world, exercise):
    pair = by_label(calibration_for(exercise.template, world.supervisor), "Pair 1")

    assert pair.reference == 4
    assert [s.text for s in pair.scores] == ["No such pair", "No such pair", "3"]
    assert pair.summary.median == 3
    assert pair.not_scaled == []


def test_champion_median_includes_every_cohort(world, exercise):
    whole = by_label(calibration_for(exercise.template, world.champion), "Whole map")

    assert sorted(whole.scored) == [2, 5, 7]
    assert whole.summary.median == 5
    assert whole.summary.spread_text == "2 to 7"


# Placements ----------------------------------------------------------------------------------


def test_counts_where_each_reference_item_was_placed(world, exercise):
    calibration = calibration_for(exercise.template, world.supervisor)

    safety = placement(calibration, SAFETY)
    assert names(safety.agreed) == ["Kit Classmate"]
    assert [(c.label, c.count) for c in safety.elsewhere] == [("Existing strengths", 2)]
    assert names(safety.elsewhere[0]) == ["Dana Trainee", "Priya Trainee with Cleo Coauthor"]
    assert safety.not_found.count == 0

    harm = placement(calibration, HARM)
    assert (harm.agreed.count, harm.elsewhere, names(harm.not_found)) == (2, [], ["Dana Trainee"])

    complicating = placement(calibration, COMPLICATING)
    assert names(complicating.agreed) == ["Kit Classmate"]
    assert complicating.not_found.count == 2

    strength = placement(calibration, STRENGTH)
    assert names(strength.agreed) == ["Priya Trainee with Cleo Coauthor"]
    assert strength.not_found.count == 2


def test_placements_are_grouped_by_the_reference_category_in_column_order(world, exercise):
    calibration = calibration_for(exercise.template, world.supervisor)

    assert [label for label, _ in calibration.placement_groups] == [
        "Harm",
        "Complicating factors",
        "Existing strengths",
        "Existing safety",
    ]


def test_one_card_stands_for_one_reference_item(world, exercise):
    # Kit's harm card is the only close match for the harm item; a second, near-identical
    # reference item finds nothing left on Kit's map.
    template = library.create_template(
        world.champion,
        library.blank_document()
        | {
            "title": "Twice",
            "summary": "Twice.",
            "reference": {
                "cards": [
                    {"category": "harm", "text": HARM, "source": None},
                    {"category": "harm", "text": HARM + " Again.", "source": None},
                ],
                "pairs": [],
                "map_score": None,
            },
        },
    )
    library.publish(template, world.champion, scope=PublishScope.ORGANISATION, cohorts=[])
    the_map = library.start_map(world.classmate, template)
    card(the_map, Category.HARM, HARM)
    submitted(the_map)

    first, second = calibration_for(template, world.supervisor).placements

    assert (first.agreed.count, second.not_found.count) == (1, 1)


# One reference score: the page, the snapshot, compare and calibration agree -------------------


def test_every_reading_of_a_map_gives_the_same_reference_score(world):
    template = library.create_template(
        world.champion,
        library.blank_document() | {"title": "Sami at the bus stop", "summary": "Sami."},
    )
    library.publish(template, world.champion, scope=PublishScope.ORGANISATION, cohorts=[])
    reference = library.reference_map_for(template, world.champion)
    card(reference, Category.HARM, HARM)
    maps.add_pair(reference, world.champion, statement="Worried about Sami.", goal="Sami safe.")
    whole = next(s for s in reference.scales if s.pair_id is None)
    pair = maps.live_pairs(reference)[0].scale

    def rate_on(scale, perspective, score, day, **more):
        maps.add_rating(
            scale, world.champion, perspective=perspective, score=score, rated_on=day, **more
        )

    # The champion's own view is the worker's: the latest of it counts, not a later, higher
    # rating from another perspective.
    rate_on(whole, Perspective.WORKER, 2, date(2026, 1, 5))
    rate_on(whole, Perspective.WORKER, 4, date(2026, 2, 1), reason="Nan helps")
    rate_on(whole, Perspective.SUPERVISOR, 8, date(2026, 3, 1))
    rate_on(whole, Perspective.PARENT_OR_CARER, 9, date(2026, 3, 2), rater_name="Jade")
    # Nobody rated the pair as the worker: the latest rating from anyone, not the highest.
    rate_on(pair, Perspective.SUPERVISOR, 6, date(2026, 1, 5))
    rate_on(pair, Perspective.GROUP_MEMBER, 5, date(2026, 2, 1), reason="The group's view")

    page = build_view(load_map(reference.id), world.champion)
    assert (page.map_scale.reference_score, page.pairs[0].scale.reference_score) == (4, 5)
    assert (page.map_scale.reference_rated_by, page.pairs[0].scale.reference_rated_by) == (
        "",
        "Group member",
    )

    snapshot = library.reference_snapshot(reference)
    assert snapshot["map_score"] == {"score": 4, "reason": "Nan helps"}
    assert [(p["score"], p["reason"]) for p in snapshot["pairs"]] == [(5, "The group's view")]
    assert [c["text"] for c in snapshot["cards"]] == [HARM]

    before = calibration_for(template, world.champion)
    assert before.reference_source.endswith("(not yet published)")
    assert [row.reference for row in before.scales] == [4, 5]

    library.save_draft(template, world.champion, template.latest.document)
    library.publish(template, world.champion, scope=PublishScope.ORGANISATION, cohorts=[])
    published = template.latest.document["reference"]
    assert published["map_score"] == snapshot["map_score"]
    assert [p["score"] for p in published["pairs"]] == [5]

    # A trainee's map, read by compare and calibration by the same rule.
    mine = library.start_map(world.trainee, template)
    card(mine, Category.HARM, HARM)
    rate(mine, 3)
    rate(mine, 10, perspective=Perspective.CHILD)
    submitted(mine)
    mine_view = build_view(load_map(mine.id), world.trainee)
    assert mine_view.map_scale.reference_score == 3
    assert compare(mine_view, published).map_score == {"score": 4, "reason": "Nan helps"}

    after = calibration_for(template, world.champion)
    assert after.reference_source.startswith("the reference map published with version")
    assert [row.reference for row in after.scales] == [4, 5]
    [score] = by_label(after, "Whole map").scores
    assert (score.trainee.map, score.score, score.text) == (mine, 3, "3")


# Compare and calibration agree ---------------------------------------------------------------


def compare_says(the_map: Map, reference: dict) -> dict[str, str]:
    """What the compare page says of each reference item: "same", a category label, "missing"."""
    comparison = compare(build_view(the_map, the_map.owner), reference)
    said: dict[str, str] = {}
    for item in comparison.categories:
        said |= {ref: "same" for _, ref in item.matched}
        said |= {ref: where for ref, where in item.elsewhere}
        said |= {ref: "missing" for ref in item.only_reference}
    return said


def calibration_says(calibration, the_map: Map) -> dict[str, str]:
    """What calibration says of each reference item for one map, in the same words."""
    said = {}
    for item in calibration.placements:
        cells = [(item.agreed, "same"), (item.not_found, "missing")]
        cells += [(cell, cell.label) for cell in item.elsewhere]
        [where] = [word for cell, word in cells if the_map in [t.map for t in cell.trainees]]
        said[item.text] = where
    return said


def test_compare_and_calibration_agree_on_every_item_of_every_map(world, exercise):
    calibration = calibration_for(exercise.template, world.supervisor)

    for the_map in (exercise.priya, exercise.kit, exercise.dana):
        assert compare_says(the_map, REFERENCE) == calibration_says(calibration, the_map)
    assert compare_says(exercise.priya, REFERENCE) == {
        HARM: "same",
        COMPLICATING: "missing",
        SAFETY: "Existing strengths",
        STRENGTH: "same",
    }


def test_a_card_found_elsewhere_is_not_also_only_on_yours(world, exercise):
    # The compare page once tagged Priya's "Jade took Kayla…" strength "Only on yours" while the
    # safety item beside it said "You put this in Existing strengths".
    comparison = compare(build_view(exercise.priya, world.trainee), REFERENCE)
    strengths = next(c for c in comparison.categories if c.category is Category.EXISTING_STRENGTH)
    safety = next(c for c in comparison.categories if c.category is Category.EXISTING_SAFETY)

    assert safety.elsewhere == [(SAFETY, "Existing strengths")]
    assert strengths.only_mine == []
    assert [mine for mine, _ in strengths.matched] == [
        "Pauline collects Kayla from nursery twice a week."
    ]


def test_one_card_is_found_elsewhere_for_one_reference_item_only(world, exercise):
    reference = REFERENCE | {
        "cards": [
            {"category": "existing_safety", "text": SAFETY, "source": None},
            {"category": "existing_safety", "text": SAFETY + " Again.", "source": None},
        ]
    }
    the_map = library.start_map(world.classmate, exercise.template)
    card(the_map, Category.EXISTING_STRENGTH, SAFETY)

    comparison = compare(build_view(the_map, world.classmate), reference)
    [safety] = [c for c in comparison.categories if c.category is Category.EXISTING_SAFETY]

    assert len(safety.elsewhere) == 1
    assert len(safety.only_reference) == 1
    assert comparison.reference_count == 2


# Loading -------------------------------------------------------------------------------------


def count_queries(action) -> int:
    return len(sql_statements(action))


def test_loads_in_the_same_number_of_queries_however_many_maps(world, exercise):
    def measure() -> int:
        db.session.expire_all()
        template = db.session.get(Template, exercise.template.id)
        champion = db.session.get(User, world.champion.id)
        return count_queries(lambda: calibration_for(template, champion))

    before = measure()
    for name in ("Extra One", "Extra Two", "Extra Three"):
        extra = library.start_map(trainee_in(world.cohort, name), exercise.template)
        card(extra, Category.HARM, HARM)
        rate(extra, 6)
        submitted(extra)

    assert measure() == before


# The chart -----------------------------------------------------------------------------------


def test_dot_plot_is_an_image_with_a_title_a_description_and_distinct_markers():
    svg = str(
        calibration_dot_plot(
            [DotRow("Whole map", [5, 7, 7], reference=3, median=7), DotRow("Pair 1", [])],
            title="Scores for <Kayla>",
            chart_id="calibration-1",
        )
    )

    assert 'role="img"' in svg
    assert '<title id="calibration-1-title">Scores for &lt;Kayla&gt;</title>' in svg
    assert (
        "Whole map: 3 maps scaled from 5 to 7, median 7, reference 3. "
        "Pair 1: no maps scaled, no reference score." in svg
    )
    assert svg.count("<title>A trainee map") == 3
    assert svg.count("<title>Reference: 3</title>") == 1
    assert svg.count("<title>Median: 7</title>") == 1
    assert "style=" not in svg


def test_dot_plot_refuses_bad_scores_and_ids():
    with pytest.raises(ValueError, match="0 to 10"):
        calibration_dot_plot([DotRow("Whole map", [11])], title="x", chart_id="c")
    with pytest.raises(ValueError, match="chart_id"):
        calibration_dot_plot([], title="x", chart_id='"><script>')


# The page ------------------------------------------------------------------------------------


def test_page_shows_the_figures_to_the_supervisor(client, auth, world, exercise):
    auth.sign_in(world.supervisor)

    page = client.get(f"/library/{exercise.template.id}/calibration")

    assert page.status_code == 200
    text = page.text
    assert "Calibration across the cohort" in text
    assert "3 maps counted." in text
    assert 'role="img"' in text
    assert '<title id="calibration-' in text
    assert "Kit Classmate" in text
    assert "7 (Supervisor)" in text
    assert "Not scaled" in text
    assert "Existing strengths: 2" in text
    assert "Drafty Trainee" not in text
    assert "Owen Trainee" not in text
    assert "each card counts for one reference item only" in text
    # The supervisor reviews these maps, so each name links to its map.
    assert f'href="/maps/{exercise.kit.id}"' in text


def test_template_page_links_to_calibration_for_those_allowed(client, auth, world, exercise):
    url = f"/library/{exercise.template.id}/calibration"
    auth.sign_in(world.supervisor)
    assert url in client.get(f"/library/{exercise.template.id}").text
    auth.sign_out()
    auth.sign_in(world.trainee)
    assert url not in client.get(f"/library/{exercise.template.id}").text


def test_trainees_may_not_see_calibration(client, auth, world, exercise):
    auth.sign_in(world.trainee)

    assert client.get(f"/library/{exercise.template.id}/calibration").status_code == 403


def test_page_without_shared_maps_says_so(client, auth, world):
    auth.sign_in(world.champion)

    page = client.get(f"/library/{world.template.id}/calibration")

    assert page.status_code == 200
    assert "No maps for this exercise have been submitted yet." in page.text


def test_hostile_text_is_shown_as_text(client, auth, world):
    # The live reference map (shown to champions until it is published) accepts any text, and
    # so do people's names: neither may turn into markup on the page.
    template = library.create_template(
        world.champion, library.blank_document() | {"title": "Hostile", "summary": "Hostile."}
    )
    library.publish(template, world.champion, scope=PublishScope.ORGANISATION, cohorts=[])
    reference = library.reference_map_for(template, world.champion)
    for payload in PAYLOADS:
        maps.add_card(reference, world.champion, category=Category.HARM, text=payload)
    for payload in PAYLOADS[:8]:
        the_map = library.start_map(trainee_in(world.cohort, payload), template)
        card(the_map, Category.EXISTING_STRENGTH, payload)
        rate(the_map, 4)
        submitted(the_map)
    auth.sign_in(world.champion)

    page = client.get(f"/library/{template.id}/calibration")

    assert page.status_code == 200
    assert "the reference map as it stands now" in page.text
    assert markup_problems(page.text) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
