"""The map as JSON (app/exports/map_json.py): the route, its schema and what it holds."""

import json
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from app.maps import service
from app.maps.structure import COLUMN_CATEGORIES, HOUSE_CATEGORIES
from app.models import Category, MapStatus, Perspective, Vocabulary
from tests.xss import PAYLOADS

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "map-export.schema.json"


def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def validator() -> Draft202012Validator:
    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def json_url(world) -> str:
    return f"/maps/{world.map.id}/export.json"


@pytest.fixture
def full_map(world):
    """The world's map with something in every part: cards in order, ratings, houses, grey area."""
    trainee = world.trainee
    service.add_card(world.map, trainee, category=Category.HARM, text="Robin missed school.",
                     source="School")  # fmt: skip
    service.add_card(world.map, trainee, category=Category.EXISTING_SAFETY,
                     text="Nan collects Robin every Wednesday.", source="Nan")  # fmt: skip
    service.add_card(world.map, trainee, category=Category.GREY_AREA,
                     text="Dad says the bruise was from football.")  # fmt: skip
    service.add_card(world.map, trainee, category=Category.HOUSE_OF_DREAMS,
                     text="A dog called Biscuit.", source="Robin")  # fmt: skip
    gone = service.add_card(world.map, trainee, category=Category.NEXT_STEP, text="Deleted.")
    service.delete_card(gone, trainee)
    service.set_child(world.map, trainee, name="Robin", age=7)
    scale = world.pair.scale
    service.add_rating(scale, trainee, perspective=Perspective.WORKER, score=3,
                       reason="The bruise is recent.", rated_on=date(2026, 11, 2))  # fmt: skip
    service.add_rating(scale, trainee, perspective=Perspective.PARENT_OR_CARER, score=7,
                       reason="He says it was football.", rater_name="Dad",
                       rated_on=date(2026, 11, 3))  # fmt: skip
    service.add_rating(scale, trainee, perspective=Perspective.WORKER, score=4,
                       reason="Nan is helping.", rated_on=date(2026, 11, 20))  # fmt: skip
    return world.map


def exported(client, auth, world, who=None) -> dict:
    auth.sign_in(who or world.trainee)
    response = client.get(json_url(world))
    assert response.status_code == 200
    return json.loads(response.data)


def test_the_owner_downloads_the_map_as_a_json_file(client, auth, world):
    auth.sign_in(world.trainee)
    response = client.get(json_url(world))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f"attachment; filename=map-robins-map-{date.today().isoformat()}.json"
    assert response.headers["Cache-Control"] == "no-store"
    document = json.loads(response.data)
    assert document["format"] == "practice-mapper-map"
    assert document["version"] == 1


def test_the_map_page_offers_the_json_download(client, auth, world):
    auth.sign_in(world.trainee)
    page = client.get(f"/maps/{world.map.id}").get_data(as_text=True)
    assert "Download as JSON" in page
    assert json_url(world) in page


def test_an_exported_map_is_valid_against_the_published_schema(client, auth, world, full_map):
    document = exported(client, auth, world)
    assert sorted(e.message for e in validator().iter_errors(document)) == []
    # Every part the schema describes is filled, so the check covers them all.
    assert document["cards"]["harm"]
    assert document["pairs"][0]["scale"]["ratings"]
    assert document["grey_area"]
    assert document["three_houses"]["house_of_dreams"]
    assert document["history"]


def test_the_export_holds_what_the_database_holds(client, auth, world, full_map):
    document = exported(client, auth, world)
    the_map = world.map

    assert document["map"] | {"created_at": None} == {
        "title": "Robin's map",
        "status": "draft",
        "vocabulary": "child_protection",
        "authors": ["Priya Trainee", "Cleo Coauthor"],
        "cohort": "ASYE cohort 6 — January",
        "created_at": None,
        "submitted_at": None,
    }
    # Cards by category, in the map's order, with who said it; deleted cards left out.
    for category in COLUMN_CATEGORIES:
        live = sorted(
            (c for c in the_map.cards if c.category is category and not c.is_deleted),
            key=lambda c: (c.position, c.id),
        )
        expected = [{"text": c.text, "source": c.source or None} for c in live]
        assert document["cards"][category.value] == expected
    assert document["cards"]["harm"] == [
        {"text": "Robin had a bruise on his arm.", "source": None},
        {"text": "Robin missed school.", "source": "School"},
    ]
    assert document["cards"]["next_step"] == []
    assert document["grey_area"] == [
        {"text": "Dad says the bruise was from football.", "source": None}
    ]
    assert document["three_houses"] == {
        "child": {"name": "Robin", "age": 7},
        "house_of_worries": [],
        "house_of_good_things": [],
        "house_of_dreams": [{"text": "A dog called Biscuit.", "source": "Robin"}],
    }

    [pair] = document["pairs"]
    assert pair["number"] == 1
    assert pair["statement"] == world.pair.statement
    assert pair["goal"] == world.pair.goal
    assert pair["scale"]["low_anchor"] == world.pair.scale.low_anchor
    # Every rating, not just the latest from each person, oldest first.
    assert pair["scale"]["ratings"] == [
        {"perspective": "worker", "name": None, "score": 3,
         "reason": "The bruise is recent.", "date": "2026-11-02"},
        {"perspective": "parent_or_carer", "name": "Dad", "score": 7,
         "reason": "He says it was football.", "date": "2026-11-03"},
        {"perspective": "worker", "name": None, "score": 4,
         "reason": "Nan is helping.", "date": "2026-11-20"},
    ]  # fmt: skip
    assert document["map_scale"]["ratings"] == []

    history = document["history"]
    assert len(history) == len(service.history(the_map))
    assert history[0]["action"] == "created"
    assert history[0]["who"] == "Priya Trainee"
    assert [h["at"] for h in history] == sorted(h["at"] for h in history)
    assert any(h["action"] == "deleted" for h in history)


def test_a_supervisor_of_a_submitted_map_downloads_it_without_review_comment_bodies(
    client, auth, world
):
    from app.maps import comments

    service.submit_map(world.map, world.trainee)
    comments.add_comment(world.map, world.supervisor, "Private thought about the harm card.")
    service.return_map(world.map, world.supervisor, outcome=MapStatus.CHANGES_REQUESTED,
                       summary="Please rewrite the goal in behaviours.")  # fmt: skip

    document = exported(client, auth, world, who=world.supervisor)
    text = json.dumps(document, ensure_ascii=False)
    assert "Private thought" not in text
    assert "Is the harm card clear?" not in text  # the trainee's own comment, too
    assert "Please rewrite the goal" not in text
    returned = [h for h in document["history"] if h["action"] == "changes requested"]
    assert returned == [
        {"at": returned[0]["at"], "who": "Sam Supervisor", "action": "changes requested",
         "summary": "Changes requested"}
    ]  # fmt: skip
    assert document["map"]["status"] == "changes_requested"
    assert list(validator().iter_errors(document)) == []


def test_a_private_map_is_refused_to_another_trainee(client, auth, world):
    auth.sign_in(world.other_trainee)
    assert client.get(json_url(world)).status_code == 403
    auth.sign_in(world.classmate)  # same cohort, but the map is a private draft
    assert client.get(json_url(world)).status_code == 403


def test_hostile_text_survives_as_literal_text(client, auth, world):
    for payload in PAYLOADS:
        service.add_card(world.map, world.trainee, category=Category.GREY_AREA, text=payload,
                         source=payload[:200])  # fmt: skip
    service.update_pair(
        world.pair, world.trainee, statement=PAYLOADS[0], goal=PAYLOADS[-1], expected_version=1
    )
    service.add_rating(world.pair.scale, world.trainee, perspective=Perspective.WORKER, score=5,
                       reason=PAYLOADS[2])  # fmt: skip

    auth.sign_in(world.trainee)
    response = client.get(json_url(world))
    document = json.loads(response.data)
    assert [card["text"] for card in document["grey_area"]] == PAYLOADS
    assert [card["source"] for card in document["grey_area"]] == [p[:200] for p in PAYLOADS]
    assert document["pairs"][0]["statement"] == PAYLOADS[0]
    assert document["pairs"][0]["goal"] == PAYLOADS[-1]
    assert document["pairs"][0]["scale"]["ratings"][-1]["reason"] == PAYLOADS[2]
    # Served as a JSON attachment, never as a page a browser would render.
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_schema_lists_the_models_categories_and_choices():
    properties = schema()["properties"]
    assert list(properties["cards"]["properties"]) == [c.value for c in COLUMN_CATEGORIES]
    houses = [key for key in properties["three_houses"]["properties"] if key != "child"]
    assert houses == [c.value for c in HOUSE_CATEGORIES]
    map_fields = properties["map"]["properties"]
    assert map_fields["status"]["enum"] == [s.value for s in MapStatus]
    assert map_fields["vocabulary"]["enum"] == [v.value for v in Vocabulary]
    rating = schema()["$defs"]["scale"]["properties"]["ratings"]["items"]["properties"]
    assert rating["perspective"]["enum"] == [p.value for p in Perspective]


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(schema())
    assert schema()["$id"].startswith("https://")
