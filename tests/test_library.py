"""Exercise templates: writing, versions, publishing, the library, exercises, reveal, compare."""

import re
from datetime import date

import pytest

from app.extensions import db
from app.library import service as library
from app.maps import service as maps
from app.models import (
    Category,
    Exercise,
    Map,
    MapSource,
    MapStatus,
    Perspective,
    PublishScope,
    Template,
    VersionStatus,
    Vocabulary,
)
from tests.conftest import HalfWayFailure, fails_after, row_counts


def template_form(**overrides) -> dict:
    data = {
        "title": "Jade, 11, and the locked bedroom",
        "vocabulary": "child_protection",
        "summary": "An 11-year-old locked in her room at night; a stepfather who drinks.",
        "referral": "The school rang on Monday.\n\n- Jade was tired\n- Jade had **no lunch**",
        "learning_objectives": "Tell harm from danger.",
        "themes": "neglect, alcohol, Neglect",
        "suggested_minutes": "45",
        "family_members": "Jade Marsh, 11, Child\nCarl Marsh, 38, Stepfather\nBaby Ava, , Sister",
        "chronology": "03/02/2026: School rang the social worker.\n2026-03-01: Home visit.",
        "prompt_harm": "What has already happened to Jade?",
        "prompt_statements": "Who is worried, about what?",
        "examples_existing_strength": "Jade's nan collects her on Fridays.",
        "examples_harm": "Jade was locked in her room overnight.",
    }
    data.update(overrides)
    return data


def write_template(client, **overrides) -> Template:
    response = client.post_form("/library/new", template_form(**overrides))
    assert response.status_code == 302, response.text[:2000]
    return db.session.get(Template, int(response.headers["Location"].rsplit("/", 1)[1]))


def publish(client, template, scope="organisation", cohorts=()):
    return client.post_form(
        f"/library/{template.id}/publish", {"scope": scope, "cohorts": list(cohorts)}
    )


def test_champion_writes_a_template_as_a_private_draft(client, auth, world):
    auth.sign_in(world.champion)
    template = write_template(client)
    version = template.latest
    assert version.status is VersionStatus.DRAFT
    assert version.number == 1
    doc = version.document
    assert doc["themes"] == ["neglect", "alcohol"]
    assert doc["family_members"][2] == {"name": "Baby Ava", "age": None, "relation": "Sister"}
    assert doc["chronology"][0] == {"date": "2026-02-03", "entry": "School rang the social worker."}
    assert doc["prompts"] == {
        "harm": "What has already happened to Jade?",
        "statements": "Who is worried, about what?",
    }
    assert {
        "category": "harm",
        "text": "Jade was locked in her room overnight.",
        "source": None,
    } in doc["example_cards"]
    page = client.get(f"/library/{template.id}").text
    assert "<strong>no lunch</strong>" in page
    assert "<li>Jade was tired</li>" in page
    auth.sign_out()
    auth.sign_in(world.trainee)
    assert client.get(f"/library/{template.id}").status_code == 403
    assert "Jade, 11" not in client.get("/library/").text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Enter a title"),
        ("family_members", "Only a name", "Line 1: write name, age, relation"),
        ("family_members", "Jo, five, Child", "Line 1: the age must be a whole number"),
        ("chronology", "yesterday: something", "Line 1: start with a date"),
        ("suggested_minutes", "1000", "from 5 to 480"),
        ("referral", "<script>alert(1)</script>", "not allowed in a template"),
    ],
)
def test_bad_template_input_is_refused(client, auth, world, field, value, message):
    auth.sign_in(world.champion)
    before = row_counts()
    response = client.post_form("/library/new", template_form(**{field: value}))
    assert response.status_code == 400
    assert message in response.text
    assert row_counts() == before


def test_only_champions_and_admins_write(client, auth, world):
    for person in (world.trainee, world.supervisor):
        auth.sign_in(person)
        assert client.get("/library/new").status_code == 403
        assert client.post_form("/library/new", template_form()).status_code == 403
        auth.sign_out()


def test_publish_to_a_cohort_then_trainee_starts_and_submits(client, auth, world):
    auth.sign_in(world.champion)
    template = write_template(client)
    assert publish(client, template, "cohorts", [world.cohort.id]).status_code == 302
    version = template.latest
    assert version.status is VersionStatus.PUBLISHED
    assert version.scope is PublishScope.COHORTS
    assert version.scenario is not None
    assert not version.scenario.listed
    auth.sign_out()

    auth.sign_in(world.other_trainee)  # another cohort: not published to them
    assert client.get(f"/library/{template.id}").status_code == 403
    auth.sign_out()

    auth.sign_in(world.trainee)
    assert "Jade, 11" in client.get("/library/").text
    response = client.post_form(
        f"/library/{template.id}/start", {"co_authors": [world.classmate.id]}
    )
    assert response.status_code == 302
    started = db.session.get(Map, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert started.template_version == version
    assert started.scenario == version.scenario
    assert [c.text for c in maps.live_cards(started, Category.HARM)] == [
        "Jade was locked in her room overnight."
    ]
    page = client.get(f"/maps/{started.id}").text
    assert "Prompt:" in page
    assert "What has already happened to Jade?" in page
    assert "Case scenario: Jade, 11" in page
    assert client.post_form(f"/maps/{started.id}/submit").status_code == 302
    assert started.status is MapStatus.SUBMITTED


def test_editing_a_published_template_makes_a_new_version(client, auth, world):
    auth.sign_in(world.champion)
    template = write_template(client)
    publish(client, template)
    first = template.latest
    started = library.start_map(world.trainee, template)
    response = client.post_form(
        f"/library/{template.id}/edit", template_form(title="Jade, 11 (revised)")
    )
    assert response.status_code == 302
    assert [v.number for v in template.versions] == [1, 2]
    assert template.latest.status is VersionStatus.DRAFT
    assert first.document["title"] == "Jade, 11, and the locked bedroom"  # frozen
    # Trainees still see version 1 until version 2 is published.
    assert library.version_for(template, world.trainee) == first
    publish(client, template)
    assert library.version_for(template, world.trainee).number == 2
    assert started.template_version == first  # the map keeps the version it began from


def test_archive_hides_but_keeps_maps(client, auth, world):
    auth.sign_in(world.champion)
    template = write_template(client)
    publish(client, template)
    started = library.start_map(world.trainee, template)
    client.post_form(f"/library/{template.id}/archive", {"archived": "1"})
    assert template.archived_at is not None
    assert library.version_for(template, world.trainee) is None
    assert client.post_form(f"/library/{template.id}/delete").status_code == 409
    assert db.session.get(Map, started.id).template_version is not None


def test_delete_an_unused_draft(client, auth, world):
    auth.sign_in(world.champion)
    template = write_template(client)
    assert client.post_form(f"/library/{template.id}/delete").status_code == 302
    assert db.session.get(Template, template.id) is None


def make_published(world, title, *, themes=(), minutes=None, vocabulary="child_protection"):
    doc = library.blank_document() | {
        "title": title, "summary": f"Summary of {title}", "themes": list(themes),
        "suggested_minutes": minutes, "vocabulary": vocabulary,
    }  # fmt: skip
    template = library.create_template(world.champion, doc)
    library.publish(template, world.champion, scope=PublishScope.ORGANISATION, cohorts=[])
    return template


def test_search_filter_and_sort(world):
    a = make_published(world, "Sami at the bus stop", themes=["exploitation"], minutes=30)
    b = make_published(
        world, "Noor's new baby", themes=["neglect"], minutes=90, vocabulary="early_help"
    )
    library.start_map(world.trainee, b)
    library.start_map(world.classmate, b)

    def titles(**kwargs):
        return [item.document["title"] for item in library.library_for(world.trainee, **kwargs)]

    assert titles(query="bus") == [a.title]
    assert titles(query="summary noor") == [b.title]
    assert titles(vocabulary="early_help") == [b.title]
    assert titles(theme="Exploitation") == [a.title]
    assert titles(duration="short") == [a.title]
    assert titles(duration="long") == [b.title]
    assert titles(sort="most-used")[0] == b.title
    assert set(titles(author_id=world.champion.id)) == {a.title, b.title, world.template.title}
    assert titles(author_id=world.supervisor.id) == []


def test_assign_and_my_exercises_status(client, auth, world):
    template = make_published(world, "Sami at the bus stop")
    auth.sign_in(world.supervisor)
    response = client.post_form(
        f"/library/{template.id}/assign",
        {"cohort": world.cohort.id, "due_on": ["12", "12", "2026"]},
    )
    assert response.status_code == 302
    exercise = db.session.scalar(db.select(Exercise))
    assert exercise.due_on == date(2026, 12, 12)
    auth.sign_out()

    def status():
        return [(e.exercise.template.title, e.status) for e in library.exercises_for(world.trainee)]

    assert status() == [("Sami at the bus stop", "not_started")]
    started = library.start_map(world.trainee, template)
    assert status() == [("Sami at the bus stop", "in_progress")]
    maps.submit_map(started, world.trainee)
    assert status() == [("Sami at the bus stop", "submitted")]
    auth.sign_in(world.trainee)
    home = client.get("/").text
    assert "Sami at the bus stop" in home
    assert "Submitted" in home
    assert "due 12 December 2026" in home


def test_supervisor_cannot_assign_to_another_cohort(client, auth, world):
    template = make_published(world, "Sami at the bus stop")
    auth.sign_in(world.supervisor)
    before = row_counts()
    response = client.post_form(f"/library/{template.id}/assign", {"cohort": world.other_cohort.id})
    assert response.status_code == 400
    assert row_counts() == before


def build_reference(world, template):
    reference = library.reference_map_for(template, world.champion)
    maps.add_card(
        reference,
        world.champion,
        category=Category.HARM,
        text="Jade was locked in her bedroom all night",
    )
    maps.add_card(
        reference,
        world.champion,
        category=Category.EXISTING_SAFETY,
        text="Nan collects Jade every Friday after school",
    )
    maps.add_card(
        reference, world.champion, category=Category.NEXT_STEP, text="Visit the family on Thursday"
    )
    pair = maps.add_pair(
        reference, world.champion, statement="School is worried", goal="Carl will stay sober"
    )
    maps.add_rating(
        pair.scale, world.champion, perspective=Perspective.WORKER, score=3, reason="No plan yet"
    )
    scale = next(s for s in reference.scales if s.pair_id is None)
    maps.add_rating(
        scale, world.champion, perspective=Perspective.WORKER, score=4, reason="Nan helps"
    )
    return reference


def test_reference_hidden_until_revealed_then_compare(client, auth, world):
    template = make_published(world, "Jade draft")
    build_reference(world, template)
    library.save_draft(template, world.champion, template.latest.document)
    library.publish(template, world.champion, scope=PublishScope.ORGANISATION, cohorts=[])
    assert template.latest.document["reference"]["map_score"] == {"score": 4, "reason": "Nan helps"}

    mine = library.start_map(world.trainee, template)
    maps.add_card(
        mine, world.trainee, category=Category.HARM, text="Jade locked in her bedroom overnight"
    )
    maps.add_card(
        mine,
        world.trainee,
        category=Category.EXISTING_STRENGTH,
        text="Her nan collects Jade every Friday",
    )
    auth.sign_in(world.trainee)
    page = client.get(f"/library/{template.id}").text
    assert "stays hidden" in page
    assert "Nan collects Jade every Friday after school" not in page
    assert client.get(f"/maps/{mine.id}/compare").status_code == 403
    assert "Compare with the reference map" not in client.get(f"/maps/{mine.id}").text
    auth.sign_out()

    auth.sign_in(world.supervisor)
    assert (
        client.post_form(f"/library/{template.id}/reveal", {"cohort": world.cohort.id}).status_code
        == 302
    )
    auth.sign_out()

    auth.sign_in(world.trainee)
    assert (
        "Nan collects Jade every Friday after school" in client.get(f"/library/{template.id}").text
    )
    compare = client.get(f"/maps/{mine.id}/compare")
    assert compare.status_code == 200
    text = compare.text
    assert "Also in the reference" in text  # the harm card matched
    assert (
        "You put this in Existing strengths" in text
    )  # the nan card: existing safety in the reference
    assert "Visit the family on Thursday" in text
    assert "Not on yours" in text
    assert "Reference score: 3" in text
    assert "Reference score: <strong>4</strong>" in text
    auth.sign_out()

    auth.sign_in(world.other_trainee)  # other cohort: not revealed to them, and not their map
    assert client.get(f"/maps/{mine.id}/compare").status_code == 403


def test_export_import_round_trip(client, auth, world):
    auth.sign_in(world.champion)
    template = write_template(client)
    build_reference(world, template)
    exported = client.get(f"/library/{template.id}/export")
    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"].startswith(
        'attachment; filename="template-jade-11'
    )
    first = exported.text
    import io

    response = client.post(
        "/library/import",
        data={"csrf_token": client.csrf_token(), "file": (io.BytesIO(first.encode()), "jade.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    imported = db.session.get(Template, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert imported.id != template.id
    assert imported.latest.status is VersionStatus.DRAFT
    second = client.get(f"/library/{imported.id}/export").text

    def without_timestamp(text):
        return "\n".join(line for line in text.splitlines() if '"exported_at"' not in line)

    assert without_timestamp(second) == without_timestamp(first)
    assert '"reference"' in first
    assert "Nan collects Jade every Friday after school" in first


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "not valid JSON"),
        (b"[]", ""),
        (
            b'{"format": "practice-mapper-template", "schema_version": 2, "template": {}}',
            "newer version",
        ),
        (b"\xff\xfe\x00", ""),
        (b"[" * 5000 + b"]" * 5000, "nested"),
    ],
)
def test_bad_import_files_change_nothing(client, auth, world, content, message):
    import io

    auth.sign_in(world.champion)
    before = row_counts()
    response = client.post(
        "/library/import",
        data={"csrf_token": client.csrf_token(), "file": (io.BytesIO(content), "bad.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "The file was not imported" in response.text
    assert message in response.text
    assert row_counts() == before


def test_oversized_import_is_refused(client, auth, world):
    import io

    auth.sign_in(world.champion)
    before = row_counts()
    response = client.post(
        "/library/import",
        data={
            "csrf_token": client.csrf_token(),
            "file": (io.BytesIO(b" " * 1_100_000), "big.json"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "1 MB" in response.text
    assert row_counts() == before


def test_a_template_exported_from_one_database_imports_into_a_fresh_one(app, world):
    """Two installations: export here, import into an empty, freshly migrated database."""
    from app import create_app
    from app.models import Organisation, Role, User
    from tests.databases import config_for, migrate_to_latest, throwaway_database

    build_reference(world, world.template)
    exported = library.export_document(world.template)
    with throwaway_database("other_council") as url:
        migrate_to_latest(url)
        other = create_app(config_for(url))
        with other.app_context():
            organisation = Organisation(name="Another Council Academy")
            champion = User(
                organisation=organisation, name="Other Champion", email="other@example.org",
                role=Role.CHAMPION, password_hash="x",
            )  # fmt: skip
            db.session.add(champion)
            db.session.commit()
            imported = library.import_document(exported.encode(), champion)
            assert imported.latest.status is VersionStatus.DRAFT
            assert imported.latest.document["title"] == "Robin's exercise"
            reference = imported.latest.document["reference"]
            assert {"category": "harm", "text": "Robin was hurt.", "source": None} in reference[
                "cards"
            ]
            again = library.export_document(imported)
            db.session.remove()
            db.engine.dispose()

    def without_timestamp(text):
        return "\n".join(line for line in text.splitlines() if '"exported_at"' not in line)

    assert without_timestamp(again) == without_timestamp(exported)


def test_reference_map_with_script_like_text_blocks_publishing_clearly(client, auth, world):
    template = library.create_template(world.champion, library.blank_document() | {"title": "T"})
    reference = library.reference_map_for(template, world.champion)
    maps.add_card(
        reference, world.champion, category=Category.HARM, text="<script>alert(1)</script>"
    )
    auth.sign_in(world.champion)
    response = publish(client, template)
    assert response.status_code == 400
    assert "Fix the reference map first" in response.text
    assert template.latest.status is VersionStatus.DRAFT
    response = client.get(f"/library/{template.id}/export")
    assert response.status_code == 409
    assert "cannot be exported until these are fixed" in response.text


# Who a published template's scenario reaches ----------------------------------------------------

OPTION = re.compile(r'<option value="(\d+)"')


def scenario_options(client) -> set[int]:
    return {int(value) for value in OPTION.findall(client.get("/maps/new").text)} - {0}


def map_the_scenario(client, scenario_id: int):
    return client.post_form(
        "/maps/new",
        {
            "source": "scenario",
            "scenario": scenario_id,
            "title": "",
            "vocabulary": "child_protection",
        },
    )


def test_a_template_scenario_reaches_only_the_cohorts_it_was_published_to(client, auth, world):
    scenario = world.template.latest.scenario
    assert scenario is not None
    assert not scenario.listed

    auth.sign_in(world.other_trainee)  # another cohort
    assert client.get(f"/library/{world.template.id}").status_code == 403
    assert client.get(f"/scenarios/{scenario.id}").status_code == 403
    assert f"/scenarios/{scenario.id}" not in client.get("/scenarios/").text
    assert scenario.id not in scenario_options(client)
    assert world.scenario.id in scenario_options(client)  # the organisation's own scenario
    before = row_counts()
    response = map_the_scenario(client, scenario.id)
    assert response.status_code == 400
    assert row_counts() == before
    with pytest.raises(maps.MapError):
        maps.create_map(
            world.other_trainee,
            source=MapSource.SCENARIO,
            title="Not mine",
            vocabulary=Vocabulary.CHILD_PROTECTION,
            scenario=scenario,
        )
    auth.sign_out()

    auth.sign_in(world.trainee)  # the cohort it was published to
    page = client.get(f"/scenarios/{scenario.id}")
    assert page.status_code == 200
    assert "Robin&#39;s exercise" in page.text
    assert scenario.id in scenario_options(client)
    response = map_the_scenario(client, scenario.id)
    assert response.status_code == 302
    started = db.session.get(Map, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert started.scenario == scenario


def test_a_scenario_published_to_the_organisation_reaches_everyone_in_it(client, auth, world):
    auth.sign_in(world.champion)
    template = write_template(client)
    assert publish(client, template, "organisation").status_code == 302
    scenario = template.latest.scenario
    auth.sign_out()
    for person in (world.trainee, world.other_trainee, world.other_supervisor, world.admin):
        auth.sign_in(person)
        assert client.get(f"/scenarios/{scenario.id}").status_code == 200, person.email
        assert scenario.id in scenario_options(client)
        auth.sign_out()
    auth.sign_in(world.outsider_admin)
    assert client.get(f"/scenarios/{scenario.id}").status_code == 403
    assert scenario.id not in scenario_options(client)
    assert map_the_scenario(client, scenario.id).status_code == 400
    auth.sign_out()

    # Archived, it leaves the library and its scenario with it (maps already started keep it).
    library.set_archived(template, True)
    auth.sign_in(world.other_trainee)
    assert client.get(f"/scenarios/{scenario.id}").status_code == 403
    assert scenario.id not in scenario_options(client)


# Drafts belong to their author ------------------------------------------------------------------


def test_another_champion_cannot_see_or_change_a_draft(client, auth, world):
    auth.sign_in(world.champion)
    template = write_template(client)
    auth.sign_out()

    auth.sign_in(world.other_champion)
    before = row_counts()
    url = f"/library/{template.id}"
    assert client.get(url).status_code == 403
    assert client.get(f"{url}/edit").status_code == 403
    assert client.post_form(f"{url}/edit", template_form(title="Taken over")).status_code == 403
    assert publish(client, template, "organisation").status_code == 403
    for action in ("archive", "delete", "reference"):
        assert client.post_form(f"{url}/{action}").status_code == 403, action
    assert client.get(f"{url}/export").status_code == 403
    assert client.get(f"{url}/calibration").status_code == 403
    assert client.get(f"{url}/pack.pdf").status_code == 403
    assert client.post_form(f"{url}/start").status_code == 403
    assert "Jade, 11" not in client.get("/library/").text
    assert "Jade, 11" not in client.get("/library/?archived=1").text
    assert "Jade, 11" not in client.get("/").text
    assert row_counts() == before
    assert template.latest.status is VersionStatus.DRAFT
    assert template.title == "Jade, 11, and the locked bedroom"


def test_the_author_names_a_co_editor_who_may_then_edit(client, auth, world):
    auth.sign_in(world.champion)
    template = write_template(client)
    url = f"/library/{template.id}"
    page = client.get(f"{url}/edit").text
    assert "Co-editors (optional)" in page
    assert "Morgan Champion" in page
    assert "Priya Trainee" not in page  # only champions can be named
    assert "Alex Admin" not in page  # admins may edit every template already
    refused = client.post_form(f"{url}/edit", template_form(co_editors=[world.trainee.id]))
    assert refused.status_code == 400
    assert template.co_editor_ids == set()
    named = client.post_form(f"{url}/edit", template_form(co_editors=[world.other_champion.id]))
    assert named.status_code == 302
    assert template.co_editor_ids == {world.other_champion.id}
    auth.sign_out()

    auth.sign_in(world.other_champion)
    assert client.get(url).status_code == 200
    assert "Jade, 11" in client.get("/library/").text
    edit_page = client.get(f"{url}/edit")
    assert edit_page.status_code == 200
    assert "Co-editors (optional)" not in edit_page.text  # the author chooses who edits
    saved = client.post_form(f"{url}/edit", template_form(title="Jade, 11, revised"))
    assert saved.status_code == 302
    assert template.title == "Jade, 11, revised"
    assert template.co_editor_ids == {world.other_champion.id}
    # The reference map is the template's: its co-editors build and open it too.
    opened = client.post_form(f"{url}/reference")
    assert opened.status_code == 302
    assert client.get(opened.headers["Location"]).status_code == 200
    assert client.get(f"{url}/export").status_code == 200
    assert publish(client, template, "organisation").status_code == 302
    assert template.latest.status is VersionStatus.PUBLISHED


def test_an_admin_may_edit_and_publish_any_draft_in_the_organisation(client, auth, world):
    auth.sign_in(world.champion)
    template = write_template(client)
    auth.sign_out()
    auth.sign_in(world.admin)
    url = f"/library/{template.id}"
    assert client.get(url).status_code == 200
    assert client.post_form(f"{url}/edit", template_form(title="Checked")).status_code == 302
    assert template.title == "Checked"
    assert publish(client, template, "cohorts", [world.cohort.id]).status_code == 302
    auth.sign_out()
    auth.sign_in(world.outsider_admin)
    assert client.get(url).status_code == 403
    assert client.get(f"{url}/edit").status_code == 403


def test_other_champions_read_the_published_version_not_the_next_draft(client, auth, world):
    auth.sign_in(world.champion)
    url = f"/library/{world.template.id}"
    assert client.post_form(f"{url}/edit", template_form(title="Next draft")).status_code == 302
    assert world.template.latest.status is VersionStatus.DRAFT
    auth.sign_out()

    auth.sign_in(world.other_champion)
    page = client.get(url)
    assert page.status_code == 200
    assert "Robin&#39;s exercise" in page.text
    assert "Next draft" not in page.text
    assert "Edit the template" not in page.text
    assert "Next draft" not in client.get("/library/").text
    assert client.get(f"{url}/export").status_code == 403


def test_only_the_organisations_champions_can_be_co_editors(world):
    template = world.template
    with pytest.raises(library.LibraryError):
        library.set_co_editors(template, [world.trainee])
    with pytest.raises(library.LibraryError):
        library.set_co_editors(template, [world.outsider_admin])
    library.set_co_editors(template, [world.other_champion])
    assert template.co_editor_ids == {world.other_champion.id}


# One unit of work: a failure half-way leaves nothing half-made -------------------------------

TWO_EXAMPLES = [
    {"category": "harm", "text": "Jade was locked in her room overnight."},
    {"category": "existing_strength", "text": "Jade's nan collects her on Fridays."},
]


def published_with_two_examples(world) -> Template:
    template = library.create_template(
        world.champion, library.blank_document() | {"example_cards": TWO_EXAMPLES}
    )
    library.publish(template, world.champion, scope=PublishScope.ORGANISATION, cohorts=[])
    db.session.commit()  # as the champion's requests would
    return template


def test_starting_a_map_that_fails_half_way_creates_nothing(world, monkeypatch):
    template = published_with_two_examples(world)
    before = row_counts()
    # The map and its first example card are written, then the second card fails.
    monkeypatch.setattr(library.maps, "add_card", fails_after(maps.add_card, calls=2))
    with pytest.raises(HalfWayFailure):
        library.start_map(world.trainee, template)
    db.session.rollback()  # what the request does when it fails
    assert row_counts() == before


def test_starting_a_map_that_fails_half_way_answers_an_error_and_creates_nothing(
    client, auth, world, monkeypatch
):
    template = published_with_two_examples(world)
    auth.sign_in(world.trainee)
    before = row_counts()

    def second_card_refused(*args, **kwargs):
        if row_counts()["cards"] > before["cards"]:
            raise maps.MapError("The map has too many cards")
        return real_add_card(*args, **kwargs)

    real_add_card = maps.add_card
    monkeypatch.setattr(library.maps, "add_card", second_card_refused)
    response = client.post_form(f"/library/{template.id}/start")
    assert response.status_code == 400
    assert "The map has too many cards" in response.text
    assert row_counts() == before


def test_publishing_that_fails_half_way_leaves_the_draft(world, monkeypatch):
    template = library.create_template(world.champion, library.blank_document())
    db.session.commit()
    before = row_counts()
    # The version is marked published and its scenario written, then publishing fails.
    monkeypatch.setattr(library, "_frozen_scenario", fails_after(library._frozen_scenario))
    with pytest.raises(HalfWayFailure):
        library.publish(template, world.champion, scope=PublishScope.ORGANISATION, cohorts=[])
    db.session.rollback()
    assert row_counts() == before
    assert template.latest.status is VersionStatus.DRAFT


def test_publishing_that_fails_half_way_answers_500_and_leaves_the_draft(
    client, auth, world, monkeypatch, crashes_answer_500
):
    auth.sign_in(world.champion)
    template = write_template(client)
    before = row_counts()
    monkeypatch.setattr(library, "_frozen_scenario", fails_after(library._frozen_scenario))
    response = publish(client, template, "cohorts", [world.cohort.id])
    assert response.status_code == 500
    assert row_counts() == before
    db.session.refresh(template.latest)
    assert template.latest.status is VersionStatus.DRAFT


def test_importing_that_fails_half_way_creates_nothing(world, monkeypatch):
    exported = library.export_document(world.template)
    before = row_counts()
    # The template and its first version are written, then importing fails.
    monkeypatch.setattr(library, "create_template", fails_after(library.create_template))
    with pytest.raises(HalfWayFailure):
        library.import_document(exported, world.champion)
    db.session.rollback()
    assert row_counts() == before


def test_importing_that_fails_half_way_answers_500_and_creates_nothing(
    client, auth, world, monkeypatch, crashes_answer_500
):
    import io

    auth.sign_in(world.champion)
    exported = library.export_document(world.template)
    before = row_counts()
    monkeypatch.setattr(library, "create_template", fails_after(library.create_template))
    response = client.post(
        "/library/import",
        data={"csrf_token": client.csrf_token(), "file": (io.BytesIO(exported.encode()), "a.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 500
    assert row_counts() == before
