"""Ready-made sessions: a café copied from another, or from a built-in plan.

A series of cafés (one per district, one per target group) asks the same questions again;
a copy takes the plan and the settings, never the people, inputs, codes or dates. The
built-in plans are written in plain bokmål, nynorsk and English for common user-participation
uses in housing and welfare services; they are a start to edit, not a method to follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogcafe.domain import errors, report_details
from dialogcafe.domain.errors import N_
from dialogcafe.domain.limits import MAX_TITLE
from dialogcafe.domain.models import CafeSession
from dialogcafe.domain.sessions import SessionPlan

# The settings a copy keeps: how the café runs, not what happened in it.
COPIED_SETTINGS = ("approve_first", "hide_other_tables", "dots_per_participant", "show_results")


@dataclass(frozen=True)
class BuiltInPlan:
    """One built-in plan in one language."""

    key: str
    title: str
    description: str
    topics: tuple[str, ...]
    tables: int
    rounds: int
    round_minutes: int
    rotation: str


_BUILT_IN: dict[str, dict[str, BuiltInPlan]] = {
    "home": {
        "nb": BuiltInPlan(
            "home",
            "Et godt sted å bo",
            "Dialogkafé om bolig og bomiljø.",
            (
                "Hva gjør at du trives der du bor?",
                "Hva er vanskelig med å finne eller beholde et sted å bo?",
                "Hva trenger du fra kommunen for å bo godt?",
                "Hvordan vil du være med når kommunen planlegger boliger?",
            ),
            4,
            3,
            20,
            "topics",
        ),
        "nn": BuiltInPlan(
            "home",
            "Ein god stad å bu",
            "Dialogkafé om bustad og bumiljø.",
            (
                "Kva gjer at du trivst der du bur?",
                "Kva er vanskeleg med å finne eller halde på ein stad å bu?",
                "Kva treng du frå kommunen for å bu godt?",
                "Korleis vil du vere med når kommunen planlegg bustader?",
            ),
            4,
            3,
            20,
            "topics",
        ),
        "en": BuiltInPlan(
            "home",
            "A good place to live",
            "A dialogue café about housing and where we live.",
            (
                "What makes you feel at home where you live?",
                "What makes it hard to find or keep a place to live?",
                "What do you need from the municipality to live well?",
                "How would you like to take part when the municipality plans housing?",
            ),
            4,
            3,
            20,
            "topics",
        ),
    },
    "service": {
        "nb": BuiltInPlan(
            "service",
            "Hvordan fungerer tjenesten for deg?",
            "Dialogkafé der de som bruker tjenesten sier hva som virker og hva som bør endres.",
            (
                "Hva fungerer bra når du får hjelp hos oss?",
                "Hva var vanskelig, eller tok for lang tid?",
                "Hvis du bestemte, hva ville du endret først?",
            ),
            3,
            3,
            15,
            "topics",
        ),
        "nn": BuiltInPlan(
            "service",
            "Korleis fungerer tenesta for deg?",
            "Dialogkafé der dei som brukar tenesta, seier kva som verkar og kva som bør endrast.",
            (
                "Kva fungerer bra når du får hjelp hos oss?",
                "Kva var vanskeleg, eller tok for lang tid?",
                "Viss du fekk bestemme, kva ville du endra først?",
            ),
            3,
            3,
            15,
            "topics",
        ),
        "en": BuiltInPlan(
            "service",
            "How does the service work for you?",
            "A dialogue café where the people who use a service say what works and what "
            "should change.",
            (
                "What works well when you get help from us?",
                "What was hard, or took too long?",
                "If you were in charge, what would you change first?",
            ),
            3,
            3,
            15,
            "topics",
        ),
    },
    "meeting-place": {
        "nb": BuiltInPlan(
            "meeting-place",
            "Vi planlegger en møteplass",
            "Dialogkafé om en ny møteplass i nabolaget: folk bytter bord, bordverten blir.",
            (
                "Hva skal til for at du får lyst til å komme?",
                "Hva vil du gjøre der, og sammen med hvem?",
                "Hva kan gjøre det vanskelig å komme, og hva hjelper?",
            ),
            3,
            3,
            20,
            "people",
        ),
        "nn": BuiltInPlan(
            "meeting-place",
            "Vi planlegg ein møtestad",
            "Dialogkafé om ein ny møtestad i nabolaget: folk byter bord, bordverten blir.",
            (
                "Kva skal til for at du får lyst til å kome?",
                "Kva vil du gjere der, og saman med kven?",
                "Kva kan gjere det vanskeleg å kome, og kva hjelper?",
            ),
            3,
            3,
            20,
            "people",
        ),
        "en": BuiltInPlan(
            "meeting-place",
            "Planning a meeting place",
            "A dialogue café about a new meeting place in the neighbourhood: people move, "
            "the table host stays.",
            (
                "What would make you want to come?",
                "What would you like to do there, and with whom?",
                "What could make it hard to come, and what helps?",
            ),
            3,
            3,
            20,
            "people",
        ),
    },
}
BUILT_IN_KEYS = tuple(_BUILT_IN)


def built_in_plans(language: str) -> list[BuiltInPlan]:
    """Every built-in plan in ``language`` (bokmål for a language without plans)."""
    return [plans[_language(language)] for plans in _BUILT_IN.values()]


def built_in_plan(key: object, language: str) -> SessionPlan:
    """The built-in plan ``key`` as a new session's plan, or :class:`InvalidField`."""
    if not isinstance(key, str) or key not in _BUILT_IN:
        raise errors.InvalidField(
            field="template",
            problem=N_("must be one of: {choices}"),
            choices=", ".join(BUILT_IN_KEYS),
        )
    plan = _BUILT_IN[key][_language(language)]
    return SessionPlan(
        title=plan.title,
        description=plan.description,
        tables=plan.tables,
        topics=plan.topics,
        rounds=plan.rounds,
        round_minutes=plan.round_minutes,
        rotation=plan.rotation,
    )


def copy_plan(cafe: CafeSession, title_pattern: str) -> SessionPlan:
    """The plan of a copy of ``cafe``: its questions, tables, rounds, purpose, organiser
    and place; a new title from ``title_pattern`` (e.g. "{title} (copy)"), no date."""
    title = title_pattern.format(title=cafe.title)
    if len(title) > MAX_TITLE:
        title = cafe.title
    return SessionPlan(
        title=title,
        description=cafe.description,
        tables=cafe.table_count,
        topics=tuple(topic.text for topic in cafe.topics),
        rounds=cafe.round_count,
        round_minutes=cafe.round_minutes,
        rotation=cafe.rotation,
        report=report_details.ReportDetails(
            place=cafe.place,
            organiser=cafe.organiser,
            purpose=cafe.purpose,
            anonymous_report=cafe.anonymous_report,
        ),
    )


def copy_settings(source: CafeSession, copy: CafeSession) -> None:
    """Give ``copy`` the settings of ``source`` that say how a café runs."""
    for name in COPIED_SETTINGS:
        setattr(copy, name, getattr(source, name))


def _language(language: str) -> str:
    code = language.replace("_", "-").split("-")[0].lower()
    return code if code in ("nb", "nn", "en") else "nb"
