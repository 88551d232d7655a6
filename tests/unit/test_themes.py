"""Themes across tables: who may make and fill them, when, and the suggested themes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from dialogcafe.domain import errors, moderation, posting, sessions, themes
from dialogcafe.domain.models import CafeSession, Participant, Post
from dialogcafe.domain.theme_suggestions import Candidate, stem, suggest


@pytest.fixture
def harvest(
    db: Session, cafe: CafeSession, seat: Callable[..., Participant], now: datetime
) -> tuple[CafeSession, list[Post]]:
    """A café in the harvest with two inputs at table 1 and one at table 2."""
    sessions.advance_round(db, cafe, now=now)
    one, two = seat(cafe, 1), seat(cafe, 2)
    texts = [(one, "Trygghet i oppgangen"), (one, "Gode naboer"), (two, "Trygge boliger")]
    posts = [
        posting.create_post(db, person, client_id=f"client-{i:04d}", text=text, now=now).post
        for i, (person, text) in enumerate(texts)
    ]
    sessions.start_harvest(db, cafe, now=now)
    return cafe, posts


def test_the_facilitator_makes_renames_fills_and_deletes_a_theme(
    db: Session, harvest: tuple[CafeSession, list[Post]], now: datetime
) -> None:
    cafe, posts = harvest
    theme = themes.create_theme(
        db, cafe, name="  Trygghet \n hjemme ", post_ids=[posts[0].id, posts[2].id], now=now
    )
    assert theme.name == "Trygghet hjemme" and theme.table_number is None
    [view] = themes.session_themes(db, cafe)
    assert view.post_ids == (posts[0].id, posts[2].id) and view.tables == (1, 2)
    themes.rename_theme(db, cafe, theme.id, name="Trygghet")
    assert theme.name == "Trygghet"
    assert themes.unassign_post(db, cafe, posts[0].id) == theme.id
    assert themes.unassign_post(db, cafe, posts[0].id) is None
    assert themes.delete_theme(db, cafe, theme.id) == theme.id
    assert themes.session_themes(db, cafe) == []


def test_an_input_is_in_one_theme_at_most_and_moving_it_moves_it(
    db: Session, harvest: tuple[CafeSession, list[Post]], now: datetime
) -> None:
    cafe, posts = harvest
    first = themes.create_theme(db, cafe, name="A", post_ids=[posts[0].id], now=now)
    second = themes.create_theme(db, cafe, name="B", now=now)
    themes.move_posts(db, cafe, second.id, [posts[0].id, posts[0].id])
    views = {view.theme.id: view for view in themes.session_themes(db, cafe)}
    assert views[first.id].post_ids == () and views[second.id].post_ids == (posts[0].id,)
    assert themes.themed_post_ids(list(views.values())) == {posts[0].id: second.id}


def test_a_host_groups_only_their_own_tables_inputs_in_their_own_themes(
    db: Session, harvest: tuple[CafeSession, list[Post]], now: datetime
) -> None:
    cafe, posts = harvest
    mine = themes.create_theme(db, cafe, name="Naboer", post_ids=[posts[1].id], table=1, now=now)
    assert mine.table_number == 1
    with pytest.raises(errors.ThemeOtherTable):
        themes.move_posts(db, cafe, mine.id, [posts[2].id], table=1)
    # The facilitator cannot put another table's input into a host's theme either.
    with pytest.raises(errors.ThemeOtherTable):
        themes.move_posts(db, cafe, mine.id, [posts[2].id])
    theirs = themes.create_theme(db, cafe, name="Alle", now=now)
    with pytest.raises(errors.UnknownTheme):
        themes.rename_theme(db, cafe, theirs.id, name="Mitt", table=1)
    with pytest.raises(errors.UnknownTheme):
        themes.delete_theme(db, cafe, mine.id, table=2)
    themes.rename_theme(db, cafe, mine.id, name="Gode naboer")  # the facilitator may


def test_themes_are_made_in_the_harvest_and_kept_read_only_when_closed(
    db: Session, harvest: tuple[CafeSession, list[Post]], now: datetime
) -> None:
    cafe, posts = harvest
    theme = themes.create_theme(db, cafe, name="A", post_ids=[posts[0].id], now=now)
    sessions.close_session(db, cafe, now=now)
    with pytest.raises(errors.SessionClosed):
        themes.rename_theme(db, cafe, theme.id, name="B")
    assert themes.session_themes(db, cafe)[0].post_ids == (posts[0].id,)


def test_no_themes_while_the_rounds_run(db: Session, cafe: CafeSession, now: datetime) -> None:
    sessions.advance_round(db, cafe, now=now)
    with pytest.raises(errors.ThemesClosed):
        themes.create_theme(db, cafe, name="For tidlig", now=now)


@pytest.mark.parametrize(
    ("name", "post_ids", "field"),
    [
        ("", None, "name"),
        ("x" * 121, None, "name"),
        (None, None, "name"),
        ("Ok", "1,2", "post_ids"),
        ("Ok", [True], "post_ids"),
        ("Ok", [0], "post_ids"),
        ("Ok", list(range(1, 502)), "post_ids"),
    ],
)
def test_names_and_ids_are_bounded(
    db: Session,
    harvest: tuple[CafeSession, list[Post]],
    now: datetime,
    name: object,
    post_ids: object,
    field: str,
) -> None:
    cafe, _posts = harvest
    with pytest.raises(errors.InvalidField) as caught:
        themes.create_theme(db, cafe, name=name, post_ids=post_ids, now=now)
    assert caught.value.params["field"] == field


def test_hidden_and_unknown_inputs_cannot_be_grouped_and_hidden_ones_do_not_count(
    db: Session, harvest: tuple[CafeSession, list[Post]], now: datetime
) -> None:
    cafe, posts = harvest
    theme = themes.create_theme(db, cafe, name="A", post_ids=[posts[0].id, posts[1].id], now=now)
    moderation.hide(db, posts[1], now=now)
    assert themes.session_themes(db, cafe)[0].post_ids == (posts[0].id,)
    with pytest.raises(errors.UnknownPost):
        themes.move_posts(db, cafe, theme.id, [posts[1].id])
    with pytest.raises(errors.UnknownPost):
        themes.move_posts(db, cafe, theme.id, [999_999])
    with pytest.raises(errors.UnknownTheme):
        themes.move_posts(db, cafe, "1", [posts[0].id])


# --- suggestions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        ("trygghet", "trygg", "trygge", "trygt"),
        ("bolig", "boliger", "boligen", "boligene"),
        ("nabo", "naboer", "naboene"),
        ("house", "houses", "housing"),
    ],
)
def test_inflected_forms_share_a_stem(words: tuple[str, ...]) -> None:
    assert len({stem(word) for word in words}) == 1


def test_suggestions_group_shared_words_most_shared_first_across_tables() -> None:
    candidates = [
        Candidate(1, 1, "Trygghet i oppgangen er viktig"),
        Candidate(2, 2, "Vi vil ha trygge hjem"),
        Candidate(3, 3, "Å føle seg trygg hjemme"),
        Candidate(4, 1, "Flere boliger for unge"),
        Candidate(5, 3, "Bolig nær bussen"),
        Candidate(6, 2, "Og det er det"),
    ]
    found = suggest(candidates)
    assert [(s.stem, s.post_ids, s.tables) for s in found] == [
        ("tryg", (1, 2, 3), (1, 2, 3)),
        ("bolig", (4, 5), (1, 3)),
    ]
    assert [s.name for s in found] == ["Trygg", "Bolig"]
    # Deterministic, whatever the order the inputs come in.
    assert suggest(reversed(candidates)) == found


def test_a_suggestion_is_named_after_the_word_used_most() -> None:
    found = suggest(
        [
            Candidate(1, 1, "boliger boliger"),
            Candidate(2, 2, "boliger"),
            Candidate(3, 2, "bolig"),
        ]
    )
    assert [s.name for s in found] == ["Boliger"]


def test_stop_words_and_lonely_words_make_no_suggestion() -> None:
    assert suggest([Candidate(1, 1, "det er og"), Candidate(2, 2, "det er og")]) == []
    assert suggest([Candidate(1, 1, "Trygghet")]) == []


def test_ties_prefer_more_tables() -> None:
    found = suggest(
        [
            Candidate(1, 1, "benk"),
            Candidate(2, 1, "benker"),
            Candidate(3, 1, "lys"),
            Candidate(4, 2, "lyset"),
        ]
    )
    assert [s.stem for s in found] == ["lys", "benk"]
