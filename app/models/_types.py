"""Column helpers shared by the model modules."""

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum


def utcnow() -> datetime:
    return datetime.now(UTC)


def timestamp():
    """A timezone-aware UTC timestamp column type (SQLite stores it as text)."""
    return DateTime(timezone=True)


def enum_column(enum_class: type[enum.Enum]):
    """Store an enum by its value as plain text, so a new member needs no type migration."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )
