"""Each role's home page and the public pages."""

from tests.factories import ScenarioFactory


def test_trainee_home_lists_cohort_and_scenarios(client, auth, world):
    auth.sign_in(world.trainee)
    page = client.get("/").text
    assert "My maps" in page
    assert "My exercises" in page
    assert world.cohort.name in page
    assert world.scenario.title in page
    assert world.outsider_scenario.title not in page


def test_champion_home_lists_their_own_scenarios(client, auth, world):
    ScenarioFactory(organisation=world.organisation, title="Somebody else's scenario")
    auth.sign_in(world.champion)
    page = client.get("/").text
    assert world.scenario.title in page
    assert "Somebody else&#39;s scenario" not in page


def test_admin_home_counts_people_and_lists_cohorts(client, auth, world):
    auth.sign_in(world.admin)
    page = client.get("/").text
    assert world.cohort.name in page
    assert world.other_cohort.name in page
    assert "2 active" in page  # two trainees, two supervisors


def test_fictional_notice_on_every_page(client, auth, world):
    for url in ["/sign-in", "/accessibility", "/fictional-cases"]:
        assert "every case here is fictional" in client.get(url).text
    auth.sign_in(world.trainee)
    assert "every case here is fictional" in client.get("/").text


def test_accessibility_statement_is_public(client):
    page = client.get("/accessibility")
    assert page.status_code == 200
    assert "WCAG" in page.text
    assert "axe-core" in page.text


def test_no_third_party_requests(client, auth, world):
    auth.sign_in(world.admin)
    page = client.get("/").text
    for attribute in ("src=", "href="):
        for value in page.split(attribute)[1:]:
            url = value[1:].split(value[0])[0]
            assert not url.startswith(("http:", "https:", "//")), url


def test_scenario_page_says_the_case_is_fictional(client, auth, world):
    auth.sign_in(world.trainee)
    page = client.get(f"/scenarios/{world.scenario.id}").text
    assert "This is a fictional case" in page
    assert "Robin Test" in page
    assert "School raised a worry." in page
    assert "Second paragraph." in page
