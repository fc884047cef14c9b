"""Practice Mapper: an app factory in the Flask tutorial's shape."""

from pathlib import Path

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import Config, check_production_settings, config_from_environment
from app.extensions import csrf, db, htmx, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_class: type[Config] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    config_class = config_class or config_from_environment()
    app.config.from_object(config_class)
    if config_class.NAME == "production":
        check_production_settings(app.config)
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        # Flask's documented way to wrap the app in WSGI middleware.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )

    from app.audit import set_up_logging

    set_up_logging(app)
    _set_up_templates(app)
    _set_up_extensions(app)
    _register_blueprints(app)

    from app import cli, errors, security, unit_of_work

    unit_of_work.register(app)
    errors.register(app)
    security.register(app)
    cli.register(app)
    return app


def _set_up_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)

    from app import templating

    templating.register(app)


def _set_up_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"

    from app.auth.service import load_user, unauthorized

    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)


def _register_blueprints(app: Flask) -> None:
    from app.auth.routes import bp as auth_bp
    from app.cohorts.routes import bp as cohorts_bp
    from app.exports.routes import bp as exports_bp
    from app.home.routes import bp as home_bp
    from app.library.routes import bp as library_bp
    from app.library.routes import templates_bp
    from app.maps.routes import bp as maps_bp
    from app.people.routes import bp as people_bp
    from app.supervision.routes import bp as supervision_bp

    for blueprint in (
        home_bp,
        auth_bp,
        people_bp,
        cohorts_bp,
        library_bp,
        templates_bp,
        maps_bp,
        supervision_bp,
        exports_bp,
    ):
        app.register_blueprint(blueprint)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(
    dbapi_connection: DBAPIConnection, connection_record: ConnectionPoolEntry
) -> None:
    """WAL (readers never wait for the writer) and enforced foreign keys on every SQLite link."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # With WAL, NORMAL keeps the database consistent after a crash and commits much faster.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
