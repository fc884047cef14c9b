"""What Flask itself can do on this machine: the baselines every app figure is divided by.

A bare Flask + Flask-SQLAlchemy app with no sign-in, CSRF, policy or validation:

- (a) GET  /card  renders one card fragment from a constant;
- (b) POST /cards inserts one row and renders it.

It uses the same kind of database as the app in the same run (DATABASE_URL), with the same SQLite
settings as the app, so the ratio measures the app's own work, not the database's settings.
Serve it with gunicorn: `gunicorn bench.baseline_app:app`.
"""

import os

from flask import Flask, render_template_string, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String, Text, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class BaselineCard(db.Model):
    __tablename__ = "baseline_cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)


# About the size of the app's card fragment, without its edit, move and delete controls.
CARD = """<li class="app-card" id="card-{{ card.id }}" data-card-id="{{ card.id }}">
  <p class="govuk-body app-card__text">{{ card.text }}</p>
  <p class="govuk-body-s app-card__source">{{ card.category }}</p>
</li>"""

CONSTANT_CARD = {"id": 1, "category": "harm", "text": "Kai (2) was found awake at 1.30am."}


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    db.init_app(app)

    @app.get("/card")
    def constant_card():
        return render_template_string(CARD, card=CONSTANT_CARD)

    @app.post("/cards")
    def add_card():
        card = BaselineCard(category="harm", text=request.form.get("text", "A card"))
        db.session.add(card)
        db.session.commit()
        return render_template_string(CARD, card=card)

    with app.app_context():
        db.create_all()
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """The app's SQLite settings (app/__init__.py), so both sides pay the same commit cost."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


app = create_app()
