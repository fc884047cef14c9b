"""Review comments: feedback on a map as a whole, or on one card, statement pair or rating.

A comment starts a thread; replies hang off the thread's first comment (never off a reply), and
only the whole thread is resolved or reopened. Every comment and resolution goes in the map's
history. Like cards, comments are plain text, shown exactly as typed, and text that looks like a
real identifier is flagged.
"""

import re
from dataclasses import dataclass, field

from sqlalchemy.orm import joinedload

from app.extensions import db
from app.maps import service
from app.maps.guard import kinds_in
from app.maps.service import MapError
from app.maps.structure import statement_words
from app.models import Card, Comment, Map, Perspective, Rating, StatementPair, User
from app.models._types import utcnow

MAX_COMMENT = 5000

# Control characters (except tab and line breaks) and lone surrogates cannot be stored or shown.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# Whose rating it is, in a sentence: "On the worker's rating of 6".
_WHOSE = {
    Perspective.WORKER: "the worker's",
    Perspective.SUPERVISOR: "the supervisor's",
    Perspective.PARENT_OR_CARER: "a parent or carer's",
    Perspective.CHILD: "the child's",
    Perspective.PROFESSIONAL: "another professional's",
    Perspective.GROUP_MEMBER: "a group member's",
}


@dataclass
class Thread:
    """A comment, its replies (oldest first), and what it is about in words."""

    comment: Comment
    about: str
    replies: list[Comment] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.comment.id

    @property
    def is_resolved(self) -> bool:
        return self.comment.is_resolved

    @property
    def about_in_sentence(self) -> str:
        """What it is about, to follow words such as "Reply to the comment"."""
        return lower_first(self.about)


@dataclass
class Feedback:
    """Every thread on one map: open ones first, then resolved ones, each oldest first."""

    threads: list[Thread]

    @property
    def open(self) -> list[Thread]:
        return [thread for thread in self.threads if not thread.is_resolved]

    @property
    def resolved(self) -> list[Thread]:
        return [thread for thread in self.threads if thread.is_resolved]

    @property
    def open_count(self) -> int:
        return len(self.open)

    def on_card(self, card_id: int) -> list[Thread]:
        return [thread for thread in self.threads if thread.comment.card_id == card_id]

    def open_on_card(self, card_id: int) -> int:
        return sum(1 for thread in self.on_card(card_id) if not thread.is_resolved)


# Reading ----------------------------------------------------------------------------------------


def threads_for(the_map: Map) -> Feedback:
    """The map's feedback in one query, however many comments and replies it holds."""
    comments = db.session.scalars(
        db.select(Comment)
        .where(Comment.map_id == the_map.id)
        .options(joinedload(Comment.author), joinedload(Comment.resolved_by))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    words = statement_words(the_map.vocabulary)
    threads = {c.id: Thread(c, describe_target(c, words)) for c in comments if c.parent_id is None}
    for comment in comments:
        if comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    ordered = list(threads.values())
    return Feedback(
        [t for t in ordered if not t.is_resolved] + [t for t in ordered if t.is_resolved]
    )


def open_counts(maps: list[Map]) -> dict[int, int]:
    """How many unresolved threads each map has (for lists of maps), in one query."""
    if not maps:
        return {}
    rows = db.session.execute(
        db.select(Comment.map_id, db.func.count())
        .where(
            Comment.map_id.in_([m.id for m in maps]),
            Comment.parent_id.is_(None),
            Comment.resolved_at.is_(None),
        )
        .group_by(Comment.map_id)
    ).all()
    return dict(rows)


def describe_target(comment: Comment, words: dict[str, str] | None = None) -> str:
    """What a thread is about, as a heading: "On the card: ‘…’", "On danger statement 1"."""
    return target_label(
        comment.map,
        card=comment.card if comment.card_id is not None else None,
        pair=comment.pair if comment.pair_id is not None else None,
        rating=comment.rating if comment.rating_id is not None else None,
        words=words,
    )


def target_label(
    the_map: Map,
    *,
    card: Card | None = None,
    pair: StatementPair | None = None,
    rating: Rating | None = None,
    words: dict[str, str] | None = None,
) -> str:
    """What a comment on `card`, `pair` or `rating` (or none: the whole map) is about."""
    words = words or statement_words(the_map.vocabulary)
    if card is not None:
        deleted = " (since deleted)" if card.is_deleted else ""
        return f"On the card: “{service._short(card.text)}”{deleted}"
    if pair is not None:
        number = _pair_number(pair)
        if number is None:
            return f"On a {words['statement']} that has since been deleted"
        return f"On {words['statement']} {number}"
    if rating is not None:
        whose = f"{rating.rater_name}'s" if rating.rater_name else _WHOSE[rating.perspective]
        return f"On {whose} rating of {rating.score} ({service.scale_name(rating.scale)})"
    return "On the whole map"


def _pair_number(pair: StatementPair) -> int | None:
    """The pair's number as the map shows it (live pairs only), or None once deleted."""
    for number, live in enumerate(service.live_pairs(pair.map), start=1):
        if live.id == pair.id:
            return number
    return None


# Writing ----------------------------------------------------------------------------------------


def add_comment(
    the_map: Map,
    author: User,
    body: str,
    *,
    card: Card | None = None,
    pair: StatementPair | None = None,
    rating: Rating | None = None,
) -> Comment:
    """Start a thread on the whole map, or on one of its cards, statement pairs or ratings."""
    body = _checked_body(body)
    if sum(target is not None for target in (card, pair, rating)) > 1:
        raise MapError("Comment on one card, statement or rating at a time")
    _check_target(the_map, card, pair, rating)
    comment = Comment(
        map=the_map,
        author=author,
        card=card,
        pair=pair,
        rating=rating,
        body=body,
        flags=kinds_in(body),
    )
    db.session.add(comment)
    db.session.flush()
    about = describe_target(comment)
    service.record(
        the_map,
        author,
        "commented",
        f"Commented {lower_first(about)}",
        card,
        {"comment_id": comment.id},
    )
    service._record_flags(the_map, author, comment.flags, card)
    db.session.flush()
    return comment


def reply(comment: Comment, author: User, body: str) -> Comment:
    """Answer a thread. A reply to a reply joins the same thread, under its first comment."""
    body = _checked_body(body)
    root = thread_root(comment)
    answer = Comment(
        map_id=root.map_id, parent=root, author=author, body=body, flags=kinds_in(body)
    )
    db.session.add(answer)
    db.session.flush()
    service.record(
        root.map,
        author,
        "replied",
        f"Replied to the comment {lower_first(describe_target(root))}",
        root.card,
        {"comment_id": answer.id, "thread_id": root.id},
    )
    service._record_flags(root.map, author, answer.flags, root.card)
    db.session.flush()
    return answer


def resolve(comment: Comment, by: User) -> None:
    """Mark a thread as dealt with. Resolving it again changes nothing."""
    _check_thread(comment, "resolve")
    if comment.is_resolved:
        return
    comment.resolved_at, comment.resolved_by = utcnow(), by
    service.record(
        comment.map,
        by,
        "resolved comment",
        f"Resolved the comment {lower_first(describe_target(comment))}",
        comment.card,
        {"comment_id": comment.id},
    )
    db.session.flush()


def unresolve(comment: Comment, by: User) -> None:
    """Open a resolved thread again, when there is more to say or do."""
    _check_thread(comment, "reopen")
    if not comment.is_resolved:
        return
    comment.resolved_at, comment.resolved_by = None, None
    service.record(
        comment.map,
        by,
        "reopened comment",
        f"Reopened the comment {lower_first(describe_target(comment))}",
        comment.card,
        {"comment_id": comment.id},
    )
    db.session.flush()


def thread_root(comment: Comment) -> Comment:
    """The first comment of the thread `comment` belongs to."""
    while comment.parent is not None:
        comment = comment.parent
    return comment


def find_target(
    the_map: Map,
    *,
    card_id: int | None = None,
    pair_id: int | None = None,
    rating_id: int | None = None,
) -> dict:
    """The card, pair or rating named by id, as keyword arguments for `add_comment`.

    An id that does not exist, or belongs to another map, is refused in the same words, so an id
    reveals nothing about other people's maps."""
    found: dict = {}
    for name, model, key in (
        ("card", Card, card_id),
        ("pair", StatementPair, pair_id),
        ("rating", Rating, rating_id),
    ):
        if key is None:
            continue
        row = db.session.get(model, key)
        if row is None:
            raise MapError(_NOT_ON_THIS_MAP[name])
        found[name] = row
    _check_target(the_map, **{name: found.get(name) for name in ("card", "pair", "rating")})
    return found


_NOT_ON_THIS_MAP = {
    "card": "There is no such card on this map",
    "pair": "There is no such statement and goal on this map",
    "rating": "There is no such rating on this map",
}


def _check_target(
    the_map: Map, card: Card | None, pair: StatementPair | None, rating: Rating | None
) -> None:
    if card is not None and (card.map_id != the_map.id or card.is_deleted):
        raise MapError(_NOT_ON_THIS_MAP["card"])
    if pair is not None and (pair.map_id != the_map.id or pair.deleted_at is not None):
        raise MapError(_NOT_ON_THIS_MAP["pair"])
    if rating is not None and rating.scale.map_id != the_map.id:
        raise MapError(_NOT_ON_THIS_MAP["rating"])


def _check_thread(comment: Comment, verb: str) -> None:
    if comment.parent_id is not None:
        raise MapError(f"A reply cannot be {verb}d on its own: {verb} the whole thread instead")


def _checked_body(body: str | None) -> str:
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not body:
        raise MapError("Enter your comment")
    if len(body) > MAX_COMMENT:
        raise MapError(f"A comment must be {MAX_COMMENT:,} characters or fewer")
    if _UNPRINTABLE.search(body):
        raise MapError("The comment contains characters that cannot be saved. Type it again")
    return body


def lower_first(text: str) -> str:
    """`text` to follow other words: "On the card" becomes "on the card"."""
    return text[:1].lower() + text[1:]


# What the feedback's pages and fragments show ---------------------------------------------------

# The id of a card's comments, opened in place under the card (see maps/_card_comments.html).
_CARD_REGION = re.compile(r"card-(\d+)-comments")


def feedback_update(the_map: Map, thread: Comment, target: str | None) -> dict:
    """What the htmx answer to a change in the feedback brings up to date, around the part of
    the page the request came from (`target`, the id htmx aimed at: a card's comments, or the
    feedback panel): that card, the markers of the thread's card, and where focus goes."""
    region = _CARD_REGION.fullmatch(target or "")
    live_cards = {card.id: card for card in the_map.cards if not card.is_deleted}
    region_card = live_cards.get(int(region[1])) if region else None
    # Focus follows the thread when the form that was used is replaced; the pair and rating
    # forms stay on the page, so focus stays with them.
    from_own_region = region_card is not None or (
        thread.pair_id is None and thread.rating_id is None
    )
    return {
        "region_card": region_card,
        "marker_cards": [live_cards[thread.card_id]] if thread.card_id in live_cards else [],
        "focus_thread": thread.id if from_own_region else None,
    }


def new_comment_page(the_map: Map, target: dict) -> dict:
    """What the page without JavaScript shows around a new comment's form: the card, pair or
    rating it is about (`target`, as `find_target` found it; empty for the whole map), and its
    threads."""
    card, pair, rating = target.get("card"), target.get("pair"), target.get("rating")
    about = target_label(the_map, card=card, pair=pair, rating=rating)
    if card is not None:
        key, field = f"card-{card.id}", ("card", card.id)
    elif pair is not None:
        key, field = f"pair-{pair.id}", ("pair", pair.id)
    elif rating is not None:
        key, field = f"rating-{rating.id}", ("rating", rating.id)
    else:
        key, field = "map", None
    ids = (card and card.id, pair and pair.id, rating and rating.id)
    return {
        "form_key": key,
        "comment_target": field,
        "ratings": None,
        "label": f"Your comment {lower_first(about)}",
        "card": card,
        "threads": [
            t
            for t in threads_for(the_map).threads
            if (t.comment.card_id, t.comment.pair_id, t.comment.rating_id) == ids
        ],
    }
