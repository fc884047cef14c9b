"""app/templating.py: one way to write a date, and policy actions checked before a page renders."""

from datetime import date, datetime
from pathlib import Path

import pytest

from app import policy
from app.templating import check_policy_actions, policy_actions_in

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.mark.parametrize(
    ("source", "value", "shown"),
    [
        ("{{ d | long_date }}", date(2026, 12, 1), "1 December 2026"),
        ("{{ d | long_date }}", datetime(2026, 3, 9, 8, 5), "9 March 2026"),
        ("{{ d | long_date }}", "2026-12-01", "1 December 2026"),
        ("{{ d | long_date }}", None, ""),
        ("{{ d | short_date }}", date(2026, 12, 1), "1 Dec 2026"),
        ("{{ d | short_date }}", datetime(2026, 3, 9, 8, 5), "9 Mar 2026"),
        ("{{ d | short_date }}", None, ""),
        ("{{ d | date_time }}", datetime(2026, 3, 9, 8, 5), "9 March 2026 at 08:05"),
        ("{{ d | date_time }}", None, ""),
        ("{{ d | short_date_time }}", datetime(2026, 12, 25, 17, 30), "25 Dec 2026, 17:30"),
        ("{{ d | short_date_time }}", None, ""),
    ],
)
def test_dates_are_written_one_way_without_a_leading_zero(app, source, value, shown):
    assert app.jinja_env.from_string(source).render(d=value) == shown


def test_no_template_formats_a_date_itself():
    # strftime's `%-d` works only with glibc: templates use the date filters instead.
    calling = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "strftime(" in line
    ]
    assert calling == []


def test_every_policy_action_a_template_asks_about_has_a_rule():
    actions = policy_actions_in(TEMPLATES)
    assert "view a map" in actions  # the scan finds the calls
    assert set(actions) - set(policy.RULES) == set()


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_a_mistyped_action_or_one_not_written_out_is_refused(tmp_path):
    write(tmp_path, "fine.html", '{% if policy_allows("view a map", m) %}{% endif %}')
    check_policy_actions(tmp_path)
    write(tmp_path, "maps/typo.html", "{% if policy_allows( 'veiw a map', m) %}{% endif %}")
    write(tmp_path, "dynamic.html", "{% if policy_allows(action) %}{% endif %}")
    with pytest.raises(LookupError) as refused:
        check_policy_actions(tmp_path)
    assert "'veiw a map' in maps/typo.html" in str(refused.value)
    assert "'<not a literal>' in dynamic.html" in str(refused.value)


def test_the_app_does_not_start_with_a_mistyped_action(make_app, monkeypatch, tmp_path):
    write(tmp_path, "templates/page.html", "{{ policy_allows('start a mpa') }}")
    monkeypatch.setattr("app.ROOT", tmp_path)
    with pytest.raises(LookupError, match="start a mpa"):
        make_app()


def test_a_page_asks_the_policy_through_the_template_global(app):
    rendered = app.jinja_env.from_string("{{ policy_allows('start a map') }}")
    with app.test_request_context():
        assert rendered.render() == "False"  # nobody is signed in
