"""Hostile text through every text field: always shown literally, never turned into markup."""

import pytest
from markupsafe import escape

from app.extensions import db
from app.maps import comments, service
from app.models import Category, Perspective
from tests.xss import PAYLOADS, markup_problems

HTMX = {"HX-Request": "true"}


def test_the_corpus_is_big_enough():
    assert len(PAYLOADS) >= 30


def test_the_checker_catches_real_markup():
    assert markup_problems('<p><img src=x onerror="alert(1)"></p>')
    assert markup_problems("<script>alert(1)</script>")
    assert markup_problems('<a href="javascript:alert(1)">x</a>')
    assert markup_problems('<p style="color:red">x</p>')
    assert not markup_problems('<script src="/static/js/app.js"></script><p>&lt;script&gt;</p>')


def fill_every_field(world, payload: str) -> None:
    """Store the payload in every free-text field a person can type into."""
    the_map = world.map
    the_map.title = payload[:200]
    service.add_card(
        the_map, world.trainee, category=Category.HARM, text=payload, source=payload[:200]
    )
    service.add_card(the_map, world.trainee, category=Category.HOUSE_OF_DREAMS, text=payload)
    service.add_card(the_map, world.trainee, category=Category.GREY_AREA, text=payload)
    parts = {
        name: payload
        for name in (
            "statement_who", "statement_behaviour", "statement_impact",
            "goal_carers", "goal_child", "goal_professionals", "goal_duration",
        )
    }  # fmt: skip
    service.add_pair(the_map, world.trainee, statement=payload, goal=payload, **parts)
    scale = world.pair.scale
    service.add_rating(
        scale, world.trainee, perspective=Perspective.PARENT_OR_CARER, score=4,
        reason=payload, rater_name=payload[:120],
    )  # fmt: skip
    service.update_anchors(scale, world.trainee, low=payload[:500], high=payload[:500])
    service.set_child(the_map, world.trainee, name=payload[:120], age=5)
    thread = comments.add_comment(the_map, world.trainee, payload, card=world.card)
    comments.reply(thread, world.trainee, payload)
    world.cohort.name = payload[:120]
    world.co_author.name = payload[:200]
    world.scenario.title = payload[:200]
    world.scenario.referral = payload
    # Straight into the stored template, past the file validator, to test the pages' own escaping.
    version = world.template.latest
    doc = dict(version.document)
    doc.update(title=payload[:200], summary=payload, referral=f"{payload}\n\n- {payload}\n- **{payload}**",
               learning_objectives=payload, themes=[payload[:40]], prompts={"harm": payload},
               example_cards=[{"category": "harm", "text": payload, "source": None}])  # fmt: skip
    doc["reference"] = {
        "cards": [{"category": "existing_safety", "text": payload, "source": None}],
        "pairs": [{"statement": payload, "goal": payload, "score": 3, "reason": payload}],
        "map_score": {"score": 4, "reason": payload},
    }
    version.document = doc
    db.session.commit()


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_is_shown_literally_everywhere(client, auth, world, payload):
    fill_every_field(world, payload)
    card = service.live_cards(world.map, Category.HARM)[-1]
    scale = world.pair.scale
    pages = {}
    auth.sign_in(world.trainee)
    for url in [
        "/",
        "/maps/",
        f"/maps/{world.map.id}",
        f"/maps/{world.map.id}/history",
        f"/maps/{world.map.id}/settings",
        f"/maps/{world.map.id}/pairs/{world.pair.id}",
        f"/maps/{world.map.id}/cards/{world.card.id}/comments",
        f"/scenarios/{world.scenario.id}",
        "/library/",
        f"/library/{world.template.id}",
        f"/maps/{world.map.id}/compare",
    ]:
        pages[url] = client.get(url)
    for url in [
        f"/maps/{world.map.id}/cards/{card.id}",
        f"/maps/{world.map.id}/cards/{card.id}/edit",
    ]:
        pages[url + " (htmx)"] = client.get(url, headers=HTMX)
    pages["rating fragment"] = client.post_form(
        f"/maps/{world.map.id}/scales/{scale.id}/ratings",
        {f"scale-{scale.id}-perspective": "child", f"scale-{scale.id}-rater_name": payload[:120],
         f"scale-{scale.id}-score": "5", f"scale-{scale.id}-reason": payload,
         f"scale-{scale.id}-rated_on": ["1", "3", "2026"]},
        headers=HTMX,
    )  # fmt: skip
    pages["preview fragment"] = client.get(
        f"/maps/{world.map.id}/pairs/preview",
        query_string={"statement_who": payload, "statement_behaviour": payload},
        headers=HTMX,
    )
    auth.sign_out()
    auth.sign_in(world.admin)
    pages["people"] = client.get("/people/")
    pages["cohort"] = client.get(f"/cohorts/{world.cohort.id}")
    pages["template as admin"] = client.get(f"/library/{world.template.id}")

    shown_somewhere = False
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert markup_problems(response.text) == [], name
        shown_somewhere |= str(escape(payload)) in response.text
    assert shown_somewhere
    map_page = pages[f"/maps/{world.map.id}"].text
    assert str(escape(payload)) in map_page  # the card, shown as typed


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_template_export_is_inert_json(client, auth, world, payload):
    """The JSON export carries hostile text as data: a download, never a page."""
    import json

    version = world.template.latest
    version.document = dict(version.document) | {"summary": payload}
    db.session.commit()
    auth.sign_in(world.champion)
    response = client.get(f"/library/{world.template.id}/export")
    if response.status_code == 409:  # the format refuses script-like text: said plainly, no crash
        assert "cannot be exported until these are fixed" in response.text
        assert markup_problems(response.text) == []
        return
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert json.loads(response.text)["template"]["summary"] == payload
