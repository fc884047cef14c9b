"""The map's rules, tested without a request."""

from datetime import date

import pytest

from app.extensions import db
from app.maps import service
from app.maps.service import EditConflict, MapError
from app.models import Category, MapEvent, MapSource, MapStatus, Perspective, Vocabulary
from tests.conftest import row_counts
from tests.factories import UserFactory


def cards_in(the_map, category):
    return [card.text for card in service.live_cards(the_map, category)]


def test_create_map_from_scenario_with_co_author(world):
    the_map = world.map
    assert the_map.owner == world.trainee
    assert the_map.cohort == world.cohort
    assert the_map.scenario == world.scenario
    assert the_map.status is MapStatus.DRAFT
    assert the_map.author_ids == {world.trainee.id, world.co_author.id}
    map_scale = next(s for s in the_map.scales if s.pair_id is None)
    assert map_scale.low_anchor.startswith("Things are so bad")


def test_create_map_refuses_strangers_as_co_authors(world):
    before = row_counts()
    with pytest.raises(MapError, match="not in your cohort"):
        service.create_map(
            world.trainee,
            source=MapSource.BLANK,
            title="Blank",
            vocabulary=Vocabulary.EARLY_HELP,
            co_authors=[world.other_trainee],
        )
    db.session.rollback()
    assert row_counts() == before


def test_at_most_three_co_authors(world):
    extra = [UserFactory(organisation=world.organisation) for _ in range(3)]
    for person in extra:
        world.cohort.memberships.append(type(world.cohort.memberships[0])(user=person))
    db.session.commit()
    with pytest.raises(MapError, match="up to 3"):
        service.create_map(
            world.trainee,
            source=MapSource.BLANK,
            title="Too many",
            vocabulary=Vocabulary.EARLY_HELP,
            co_authors=[world.co_author, *extra],
        )


def test_add_card_goes_to_the_end_and_is_recorded(world):
    service.add_card(world.map, world.co_author, category=Category.HARM, text="  Second harm  ")
    assert cards_in(world.map, Category.HARM) == ["Robin had a bruise on his arm.", "Second harm"]
    event = db.session.scalars(db.select(MapEvent).order_by(MapEvent.id.desc())).first()
    assert event.actor == world.co_author
    assert "Added to Harm" in event.summary


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Enter the card"), ("   ", "Enter the card"), ("x" * 2001, "2,000 characters")],
)
def test_bad_card_text_changes_nothing(world, text, message):
    before = row_counts()
    with pytest.raises(MapError, match=message):
        service.add_card(world.map, world.trainee, category=Category.HARM, text=text)
    db.session.rollback()
    assert row_counts() == before


def test_grey_area_needs_to_be_turned_on(world):
    world.map.has_grey_area = False
    db.session.commit()
    with pytest.raises(MapError, match="no grey area"):
        service.add_card(world.map, world.trainee, category=Category.GREY_AREA, text="Unclear")


def test_edit_card_bumps_version_and_keeps_before_and_after(world):
    card = world.card
    service.edit_card(
        card, world.trainee, text="Robin had two bruises.", source="School", expected_version=1
    )
    assert (card.text, card.source, card.version) == ("Robin had two bruises.", "School", 2)
    event = db.session.scalars(db.select(MapEvent).where(MapEvent.action == "edited")).one()
    assert event.detail == {
        "before": "Robin had a bruise on his arm.",
        "after": "Robin had two bruises.",
    }


def test_stale_edit_is_a_conflict_and_writes_nothing(world):
    card = world.card
    service.edit_card(
        card, world.co_author, text="Co-author's words", source="", expected_version=1
    )
    db.session.commit()  # the co-author's request ends, committing their edit
    with pytest.raises(EditConflict) as raised:
        service.edit_card(card, world.trainee, text="My words", source="", expected_version=1)
    assert raised.value.attempted["text"] == "My words"
    db.session.rollback()
    db.session.refresh(card)
    assert card.text == "Co-author's words"
    assert card.version == 2


def test_delete_and_restore_put_the_card_back_in_place(world):
    first = world.card
    second = service.add_card(world.map, world.trainee, category=Category.HARM, text="Two")
    third = service.add_card(world.map, world.trainee, category=Category.HARM, text="Three")
    service.delete_card(first, world.trainee)
    assert cards_in(world.map, Category.HARM) == ["Two", "Three"]
    assert [second.position, third.position] == [0, 1]
    assert service.deleted_cards(world.map) == [first]
    service.restore_card(first, world.trainee)
    assert cards_in(world.map, Category.HARM) == ["Robin had a bruise on his arm.", "Two", "Three"]


def test_move_within_and_across_categories(world):
    a = world.card
    b = service.add_card(world.map, world.trainee, category=Category.HARM, text="B")
    c = service.add_card(world.map, world.trainee, category=Category.HARM, text="C")
    service.move_card_by(c, world.trainee, -1)
    assert cards_in(world.map, Category.HARM) == [a.text, "C", "B"]
    service.move_card(b, world.trainee, to_category=Category.EXISTING_SAFETY, position=0)
    assert cards_in(world.map, Category.HARM) == [a.text, "C"]
    assert cards_in(world.map, Category.EXISTING_SAFETY) == ["B"]
    service.move_card(a, world.trainee, to_category=Category.EXISTING_SAFETY, position=99)
    assert cards_in(world.map, Category.EXISTING_SAFETY) == ["B", a.text]
    assert next(e.summary for e in service.history(world.map)).startswith("Moved")


def test_moving_up_from_the_top_changes_nothing(world):
    version = world.card.version
    events = len(service.history(world.map))
    service.move_card_by(world.card, world.trainee, -1)
    assert world.card.version == version
    assert len(service.history(world.map)) == events


def test_a_house_card_stays_in_the_houses(world):
    worry = service.add_card(
        world.map, world.trainee, category=Category.HOUSE_OF_WORRIES, text="Shouting"
    )
    with pytest.raises(MapError, match="cannot move"):
        service.move_card(worry, world.trainee, to_category=Category.HARM)
    service.move_card(worry, world.trainee, to_category=Category.HOUSE_OF_DREAMS)
    assert worry.category is Category.HOUSE_OF_DREAMS


def test_pairs_each_have_their_own_scale(world):
    second = service.add_pair(
        world.map, world.trainee, statement="S2", goal="G2", statement_who="School"
    )
    assert second.scale is not None
    assert second.scale is not world.pair.scale
    assert second.statement_who == "School"
    assert [p.statement for p in service.live_pairs(world.map)][1] == "S2"
    service.delete_pair(world.pair, world.trainee)
    assert service.live_pairs(world.map) == [second]


def test_pair_update_conflict(world):
    service.update_pair(
        world.pair, world.co_author, expected_version=1, statement="New S", goal="New G"
    )
    with pytest.raises(EditConflict):
        service.update_pair(
            world.pair, world.trainee, expected_version=1, statement="Mine", goal="Mine"
        )


def test_ratings_keep_history_and_latest_per_person(world):
    scale = world.pair.scale
    service.add_rating(
        scale, world.trainee, perspective=Perspective.WORKER, score=3, rated_on=date(2026, 3, 1)
    )
    service.add_rating(
        scale, world.trainee, perspective=Perspective.PARENT_OR_CARER, rater_name="Sam (dad)", score=7,
        reason="He says he has stopped drinking", rated_on=date(2026, 3, 1),
    )  # fmt: skip
    service.add_rating(
        scale, world.trainee, perspective=Perspective.WORKER, score=5, rated_on=date(2026, 4, 1)
    )
    latest = service.latest_ratings(scale)
    assert [(r.who, r.score) for r in latest] == [("Sam (dad) (parent or carer)", 7), ("Worker", 5)]
    assert len(scale.ratings) == 3


@pytest.mark.parametrize("score", [-1, 11, "5", 2.5, True])
def test_scores_outside_0_to_10_are_refused(world, score):
    before = row_counts()
    with pytest.raises(MapError, match="0 to 10"):
        service.add_rating(
            world.pair.scale, world.trainee, perspective=Perspective.WORKER, score=score
        )
    db.session.rollback()
    assert row_counts() == before


def test_anchor_wording_is_editable(world):
    scale = world.pair.scale
    service.update_anchors(
        scale, world.trainee, low="Mum can't look after me", high="Everything is OK"
    )
    assert (scale.low_anchor, scale.high_anchor) == ("Mum can't look after me", "Everything is OK")
    with pytest.raises(MapError):
        service.update_anchors(scale, world.trainee, low="", high="x")


def test_child_for_the_three_houses(world):
    service.set_child(world.map, world.trainee, name="Robin", age=7)
    assert (world.map.child_name, world.map.child_age) == ("Robin", 7)
    with pytest.raises(MapError):
        service.set_child(world.map, world.trainee, name="Robin", age=40)


def test_real_looking_identifiers_are_flagged_and_recorded(world):
    card = service.add_card(
        world.map,
        world.co_author,
        category=Category.HARM,
        text="NHS number 943 476 5919, lives at SW1A 1AA",
    )
    assert card.flags == ["nhs_number", "postcode"]
    flagged = db.session.scalars(db.select(MapEvent).where(MapEvent.action == "flagged")).one()
    assert "an NHS number, a postcode" in flagged.summary
    service.edit_card(
        card, world.co_author, text="A fictional note", source="", expected_version=card.version
    )
    assert card.flags == []


def test_submit_and_withdraw(world):
    service.submit_map(world.map, world.trainee)
    assert world.map.status is MapStatus.SUBMITTED
    assert world.map.submitted_at is not None
    with pytest.raises(MapError):
        service.submit_map(world.map, world.trainee)
    service.withdraw_submission(world.map, world.trainee)
    assert world.map.status is MapStatus.DRAFT


def test_maps_for_lists_owned_and_co_authored_maps_not_deleted(world):
    assert service.maps_for(world.trainee) == [world.map]
    assert service.maps_for(world.co_author) == [world.map]
    assert service.maps_for(world.classmate) == [world.session_map]  # their own, not the trio's
    service.delete_map(world.map, world.trainee)
    assert service.maps_for(world.trainee) == []


def test_settings_change_co_authors(world):
    service.update_settings(
        world.map, world.trainee, title="Renamed", vocabulary=Vocabulary.EARLY_HELP,
        has_grey_area=False, co_authors=[world.classmate],
    )  # fmt: skip
    assert world.map.title == "Renamed"
    assert world.map.author_ids == {world.trainee.id, world.classmate.id}
