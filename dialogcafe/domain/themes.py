"""Themes across tables: the harvest's grouping of inputs that say the same thing.

After the rounds, the facilitator gathers inputs from all tables into named themes, so the
report can say "seven inputs from four tables were about safety". A table host may do the
same for their own table's inputs (their themes carry ``table_number``). Themes are made,
renamed and filled in the harvest only; a closed session keeps them read-only. An input is
in one theme at most: putting it into another moves it. Only visible inputs can be put in
a theme, and only visible ones count, so hiding an input takes it out of every figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, fields
from dialogcafe.domain.cafe_rows import row_of
from dialogcafe.domain.errors import N_
from dialogcafe.domain.models import CafeSession, Post, Theme, ThemePost
from dialogcafe.domain.posting import shown_to, visible_post
from dialogcafe.domain.status import SessionStatus

MAX_THEME_NAME = 120
# Inputs one call may put into a theme: more than a café's harvest ever groups at once.
MAX_POSTS_PER_CALL = 500


@dataclass(frozen=True)
class ThemeView:
    """A theme with its visible inputs (oldest first) and the tables they came from."""

    theme: Theme
    post_ids: tuple[int, ...]
    tables: tuple[int, ...]


def ensure_themes_open(cafe: CafeSession) -> None:
    """Themes change in the harvest only: closed is read-only, the rounds are still going."""
    if cafe.status == SessionStatus.CLOSED:
        raise errors.SessionClosed()
    if cafe.status != SessionStatus.HARVEST:
        raise errors.ThemesClosed()


def clean_name(value: object) -> str:
    """A theme's name: one line, 1–``MAX_THEME_NAME`` characters."""
    return fields.text(value, field="name", max_length=MAX_THEME_NAME, required=True, one_line=True)


def post_ids_from(value: object) -> list[int]:
    """A list of input ids as sent (``None``: none), each once, in the order given."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_POSTS_PER_CALL:
        raise errors.InvalidField(
            field="post_ids",
            problem=N_("must be a list of at most {limit} ids"),
            limit=MAX_POSTS_PER_CALL,
        )
    ids = [
        fields.whole_number(item, field="post_ids", minimum=1, maximum=fields.MAX_SAFE_INTEGER)
        for item in value
    ]
    return list(dict.fromkeys(ids))


def _theme(db: Session, cafe: CafeSession, theme_id: object, table: int | None) -> Theme:
    """The session's theme; for a host (``table``) only their own, others look missing."""
    return row_of(
        db,
        cafe,
        Theme,
        theme_id,
        errors.UnknownTheme,
        also=lambda theme: table is None or theme.table_number == table,
    )


def _post(db: Session, cafe: CafeSession, post_id: object, table: int | None) -> Post:
    """A visible input of the session; a host may touch their own table's inputs only."""
    post = visible_post(db, cafe, post_id)
    if table is not None and post.table_number != table:
        raise errors.ThemeOtherTable()
    return post


def create_theme(
    db: Session,
    cafe: CafeSession,
    *,
    name: object,
    post_ids: object = None,
    table: int | None = None,
    now: datetime,
) -> Theme:
    """A new theme (a host's when ``table`` is given), with ``post_ids`` moved into it.

    Accepting a suggestion is this call with the suggestion's (possibly renamed) name
    and inputs.
    """
    ensure_themes_open(cafe)
    clean = clean_name(name)
    ids = post_ids_from(post_ids)
    theme = Theme(session_id=cafe.id, name=clean, table_number=table, created_at=now)
    db.add(theme)
    db.flush()
    _move_into(db, cafe, theme, ids, table)
    return theme


def rename_theme(
    db: Session, cafe: CafeSession, theme_id: object, *, name: object, table: int | None = None
) -> Theme:
    ensure_themes_open(cafe)
    theme = _theme(db, cafe, theme_id, table)
    theme.name = clean_name(name)
    db.flush()
    return theme


def delete_theme(
    db: Session, cafe: CafeSession, theme_id: object, *, table: int | None = None
) -> int:
    """Delete a theme; its inputs stay, in no theme. Answers the deleted theme's id."""
    ensure_themes_open(cafe)
    theme = _theme(db, cafe, theme_id, table)
    deleted = theme.id
    db.delete(theme)
    db.flush()
    return deleted


def move_posts(
    db: Session,
    cafe: CafeSession,
    theme_id: object,
    post_ids: object,
    *,
    table: int | None = None,
) -> Theme:
    """Put inputs into a theme, taking each out of the theme it was in."""
    ensure_themes_open(cafe)
    theme = _theme(db, cafe, theme_id, table)
    _move_into(db, cafe, theme, post_ids_from(post_ids), table)
    return theme


def _move_into(
    db: Session, cafe: CafeSession, theme: Theme, ids: list[int], table: int | None
) -> None:
    posts = [_post(db, cafe, post_id, table) for post_id in ids]
    for post in posts:
        if theme.table_number is not None and post.table_number != theme.table_number:
            raise errors.ThemeOtherTable()
    if not posts:
        return
    chosen = [post.id for post in posts]
    db.execute(delete(ThemePost).where(ThemePost.post_id.in_(chosen)))
    db.add_all(ThemePost(post_id=post_id, theme_id=theme.id) for post_id in chosen)
    db.flush()
    db.expire(theme, ["members"])


def unassign_post(
    db: Session, cafe: CafeSession, post_id: object, *, table: int | None = None
) -> int | None:
    """Take an input out of its theme; answers the theme it was in (``None``: none)."""
    ensure_themes_open(cafe)
    post = _post(db, cafe, post_id, table)
    member = db.get(ThemePost, post.id)
    if member is None:
        return None
    if table is not None and _theme_table(db, member.theme_id) != table:
        raise errors.UnknownTheme()
    db.delete(member)
    db.flush()
    return member.theme_id


def _theme_table(db: Session, theme_id: int) -> int | None:
    return db.scalar(select(Theme.table_number).where(Theme.id == theme_id))


def session_themes(db: Session, cafe: CafeSession) -> list[ThemeView]:
    """Every theme of the session, oldest first, with its visible inputs and their tables."""
    themes = list(db.scalars(select(Theme).where(Theme.session_id == cafe.id).order_by(Theme.id)))
    members: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = db.execute(
        select(ThemePost.theme_id, Post.id, Post.table_number)
        .join(Post, Post.id == ThemePost.post_id)
        .join(Theme, Theme.id == ThemePost.theme_id)
        .where(Theme.session_id == cafe.id, shown_to())
        .order_by(Post.created_at, Post.id)
    )
    for theme_id, post_id, table in rows:
        members[theme_id].append((post_id, table))
    return [
        ThemeView(
            theme=theme,
            post_ids=tuple(post_id for post_id, _ in members[theme.id]),
            tables=tuple(sorted({table for _, table in members[theme.id]})),
        )
        for theme in themes
    ]


def themed_post_ids(views: list[ThemeView]) -> dict[int, int]:
    """Input id → the id of the theme it is in."""
    return {post_id: view.theme.id for view in views for post_id in view.post_ids}
