"""Case scenarios (the fictional families that maps are built from), and the exercise templates
written on them: their versions, who may edit them, the cohorts they are set for and revealed to."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models._types import enum_column, timestamp, utcnow
from app.models.accounts import Cohort, Organisation, User


class Vocabulary(enum.StrEnum):
    """Which words a map uses for its statements and goals."""

    CHILD_PROTECTION = "child_protection"
    EARLY_HELP = "early_help"

    @property
    def label(self) -> str:
        return "Child protection" if self is Vocabulary.CHILD_PROTECTION else "Early help"

    @property
    def statement_label(self) -> str:
        return "Danger statements" if self is Vocabulary.CHILD_PROTECTION else "Worry statements"

    @property
    def goal_label(self) -> str:
        return "Safety goals" if self is Vocabulary.CHILD_PROTECTION else "Wellbeing goals"


class Scenario(Model):
    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("organisation_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # A stable name for the scenario inside its organisation (used by demo seeding and imports).
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    vocabulary: Mapped[Vocabulary] = mapped_column(enum_column(Vocabulary))
    summary: Mapped[str] = mapped_column(Text)
    referral: Mapped[str] = mapped_column(Text)
    learning_objectives: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    suggested_minutes: Mapped[int | None]
    # False for the frozen copies that published template versions keep of their scenario.
    listed: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User | None] = relationship()
    family_members: Mapped[list["FamilyMember"]] = relationship(
        back_populates="scenario",
        cascade="all, delete-orphan",
        order_by="FamilyMember.position",
    )
    chronology: Mapped[list["ChronologyEntry"]] = relationship(
        back_populates="scenario",
        cascade="all, delete-orphan",
        order_by="(ChronologyEntry.occurred_on, ChronologyEntry.id)",
    )

    def __repr__(self) -> str:
        return f"<Scenario {self.slug!r}>"


class FamilyMember(Model):
    __tablename__ = "family_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(120))
    age: Mapped[int | None]
    relation: Mapped[str] = mapped_column(String(120))

    scenario: Mapped[Scenario] = relationship(back_populates="family_members")


class ChronologyEntry(Model):
    __tablename__ = "chronology_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), index=True
    )
    occurred_on: Mapped[date] = mapped_column(Date)
    entry: Mapped[str] = mapped_column(Text)

    scenario: Mapped[Scenario] = relationship(back_populates="chronology")


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class PublishScope(enum.StrEnum):
    COHORTS = "cohorts"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return "Chosen cohorts" if self is PublishScope.COHORTS else "The whole organisation"


class Template(Model):
    """An exercise: a scenario, starter prompts and cards, and a reference map. Its content lives
    in versions; publishing freezes one, and editing after that starts the next."""

    __tablename__ = "templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The champion's model answer, built with the map editor; copied into each published version.
    reference_map_id: Mapped[int | None] = mapped_column(
        ForeignKey("maps.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(timestamp())

    organisation: Mapped[Organisation] = relationship()
    author: Mapped[User | None] = relationship()
    versions: Mapped[list["TemplateVersion"]] = relationship(
        back_populates="template",
        cascade="all, delete-orphan",
        order_by="TemplateVersion.number",
    )
    # Other champions or admins the author lets edit the template (drafts included).
    co_editors: Mapped[list["TemplateCoEditor"]] = relationship(
        back_populates="template", cascade="all, delete-orphan"
    )

    @property
    def co_editor_ids(self) -> set[int]:
        return {c.user_id for c in self.co_editors}

    @property
    def latest(self) -> "TemplateVersion":
        return self.versions[-1]

    @property
    def latest_published(self) -> "TemplateVersion | None":
        published = [v for v in self.versions if v.status is VersionStatus.PUBLISHED]
        return published[-1] if published else None

    @property
    def title(self) -> str:
        return self.latest.document.get("title", "")


class TemplateCoEditor(Model):
    """Someone the author named to edit a template with them, unpublished drafts included."""

    __tablename__ = "template_co_editors"

    template_id: Mapped[int] = mapped_column(
        ForeignKey("templates.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)

    template: Mapped[Template] = relationship(back_populates="co_editors")
    user: Mapped[User] = relationship()


class TemplateVersion(Model):
    __tablename__ = "template_versions"
    __table_args__ = (UniqueConstraint("template_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("templates.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    # The content, in the exchange format's `template` shape (see app/library/document.py).
    document: Mapped[dict] = mapped_column(JSON)
    status: Mapped[VersionStatus] = mapped_column(
        enum_column(VersionStatus), default=VersionStatus.DRAFT
    )
    scope: Mapped[PublishScope | None] = mapped_column(enum_column(PublishScope))
    published_at: Mapped[datetime | None] = mapped_column(timestamp())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The frozen scenario maps started from this version show beside the map.
    scenario_id: Mapped[int | None] = mapped_column(ForeignKey("scenarios.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)

    template: Mapped[Template] = relationship(back_populates="versions")
    scenario: Mapped[Scenario | None] = relationship()
    cohorts: Mapped[list["TemplateVersionCohort"]] = relationship(cascade="all, delete-orphan")

    @property
    def cohort_ids(self) -> set[int]:
        return {c.cohort_id for c in self.cohorts}


class TemplateVersionCohort(Model):
    __tablename__ = "template_version_cohorts"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("template_versions.id", ondelete="CASCADE"), primary_key=True
    )
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Exercise(Model):
    """A template assigned to a cohort, with an optional due date."""

    __tablename__ = "exercises"
    __table_args__ = (UniqueConstraint("template_id", "cohort_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("templates.id", ondelete="CASCADE"), index=True
    )
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)

    template: Mapped[Template] = relationship()
    cohort: Mapped["Cohort"] = relationship()


class ReferenceReveal(Model):
    """The reference map of a template, shown to one cohort's trainees."""

    __tablename__ = "reference_reveals"

    template_id: Mapped[int] = mapped_column(
        ForeignKey("templates.id", ondelete="CASCADE"), primary_key=True
    )
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    revealed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revealed_at: Mapped[datetime] = mapped_column(timestamp(), default=utcnow)
