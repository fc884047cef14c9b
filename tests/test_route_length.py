"""Routes stay thin: a view parses, asks the policy, calls a service and renders. A view longer
than this is doing a service's, a form's or the view model's work (docs/architecture.md)."""

import inspect

from flask import Flask

MAX_VIEW_LINES = 40  # counting its decorators

# Views allowed to be longer for now, each with the reason. Thin one, then take it off the list.
LONGER_FOR_NOW: dict[str, str] = {}


def _view_lengths(app: Flask) -> dict[str, int]:
    lengths = {}
    for endpoint, view in app.view_functions.items():
        function = inspect.unwrap(view)
        module = inspect.getmodule(function)
        if module is None or not module.__name__.startswith("app."):
            continue  # Flask's own static route
        lines, _ = inspect.getsourcelines(function)
        lengths[endpoint] = len(lines)
    return lengths


def test_no_view_is_longer_than_the_limit(app):
    too_long = {
        endpoint: length
        for endpoint, length in _view_lengths(app).items()
        if length > MAX_VIEW_LINES and endpoint not in LONGER_FOR_NOW
    }
    assert too_long == {}, f"Views over {MAX_VIEW_LINES} lines: thin them into a service or form"


def test_the_limit_counts_every_view_of_the_app(app):
    lengths = _view_lengths(app)
    assert "maps.save_card" in lengths
    assert "maps.add_comment" in lengths
    assert len(lengths) >= 32


def test_an_exception_names_a_view_that_is_still_long(app):
    lengths = _view_lengths(app)
    for endpoint in LONGER_FOR_NOW:
        assert lengths.get(endpoint, 0) > MAX_VIEW_LINES, f"{endpoint} is thin now: unlist it"
