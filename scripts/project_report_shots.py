"""Pictures of a project's combined report, for docs/screenshots and for looking at it.

``python -m scripts.project_report_shots [--catalogue extra.json] [--out DIR]`` makes a
project of three cafés (housing for young adults, for elderly people, and in a substance-use
service) in a throwaway SQLite file with the domain's own calls, renders the report as PDF
and Word in bokmål and English, turns the Word file into PDF with LibreOffice, and writes
pages as PNGs with pdftoppm (60 dpi, as ``scripts.screenshots`` does). ``--catalogue`` adds
msgids not yet in the compiled catalogue (a JSON object msgid → bokmål), so a branch's new
texts can be looked at before the catalogues are merged. ``make screenshots`` drives a real
server over its API; this one needs no server, since projects are made in the database here.
"""

from __future__ import annotations

import argparse
import gettext
import json
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy.orm import Session

from dialogcafe.adapters.database import Database
from dialogcafe.domain import participants, posting, sessions, themes
from dialogcafe.domain.models import (
    CafeSession,
    DotVote,
    Facilitator,
    Like,
    Participant,
    Synthesis,
)
from dialogcafe.domain.project_report import ProjectReport, build_project_report
from dialogcafe.domain.summaries import build_session_summary
from dialogcafe.exports.project_report import render_project

CafeSpec = tuple[str, str, str, str, list[str], list[tuple[str, str]]]
NOW = datetime(2027, 3, 20, 9, 0, tzinfo=UTC)
TRANSLATIONS = Path(__file__).resolve().parent.parent / "dialogcafe" / "translations"
HOME = "Hva er et godt hjem?"
CAFES = (
    (
        "Grünerløkka",
        "2027-03-02",
        "Grünerløkka bydelshus",
        "Unge voksne",
        [HOME, "Hva trenger du for å bo trygt?"],
        [
            ("Amir", "Et sted der jeg kan ha venner på besøk uten å spørre om lov."),
            ("Sara", "Lys, varme og en dør jeg kan låse."),
            ("Jonas", "Naboer som hilser i trappa."),
            ("Mina", "Noen å ringe når noe går galt med leiligheten."),
        ],
    ),
    (
        "Sofienberg",
        "2027-03-09",
        "Sofienberg kirke",
        "Eldre",
        ["Hva er et  godt hjem? ", "Hvordan vil du få hjelp hjemme?"],
        [
            ("Else", "At jeg kan bo hjemme så lenge som mulig."),
            ("Arne", "Heis, og ingen terskler å snuble i."),
            ("Randi", "Kjente ansikter fra hjemmetjenesten, ikke nye hver dag."),
            ("Knut", "Kafé i nabolaget der vi kan møtes."),
        ],
    ),
    (
        "Tøyen",
        "2027-03-16",
        "Tøyen helsehus",
        "",
        [HOME, "Hva må til for at du beholder boligen?"],
        [
            ("Per", "Ro. Ingen som banker på døra om natta."),
            ("Lise", "Hjelp med husleia før det blir en krise."),
            ("Tor", "At ansatte kommer når de har sagt at de skal komme."),
            ("Nina", "En bolig som ikke ligger rett ved der jeg kjøpte stoff før."),
        ],
    ),
)
SYNTHESES = {
    "Grünerløkka": "Trygghet og frihet: egen dør, egne venner, og en voksen å ringe.",
    "Sofienberg": "Å kunne bo hjemme lenge, med faste folk i hjemmetjenesten.",
    "Tøyen": "Ro og forutsigbarhet; hjelp tidlig, før husleia blir en krise.",
}


def _cafe(db: Session, owner: Facilitator, number: int, spec: CafeSpec) -> CafeSession:
    title, day, place, group, topics, voices = spec
    plan = sessions.make_plan(
        title=title,
        tables=2,
        topics=topics,
        rounds=2,
        round_minutes=20,
        report={
            "event_date": day,
            "place": place,
            "organiser": "Bydel Gamle Oslo",
            "anonymous_report": number == 3,
        },
    )
    cafe = sessions.create_session(db, owner, plan, now=NOW)
    cafe.target_group = group
    people: list[Participant] = [
        participants.join(db, cafe, nickname=name, table=1 + i % 2, now=NOW).participant
        for i, (name, _text) in enumerate(voices)
    ]
    written = []
    for rnd in (1, 2):
        sessions.advance_round(db, cafe, now=NOW + timedelta(minutes=20 * rnd))
        for index, (person, (_name, text)) in enumerate(zip(people, voices, strict=True)):
            said = text if rnd == 1 else f"{text.split('.')[0]} – også i runde to."
            post = posting.create_post(
                db,
                person,
                client_id=f"shot-{person.id:03d}-{rnd}",
                text=said,
                now=NOW + timedelta(minutes=20 * rnd + index),
            ).post
            written.append(post)
    sessions.start_harvest(db, cafe, now=NOW + timedelta(hours=1))
    for index, post in enumerate(written[:4]):
        for voter in people[: 3 - index % 3]:
            db.add(DotVote(post_id=post.id, participant_id=voter.id, created_at=NOW))
        db.add(Like(post_id=post.id, participant_id=people[-1].id, created_at=NOW))
    db.add(
        Synthesis(
            session_id=cafe.id,
            table_number=1,
            round_number=1,
            text=SYNTHESES[title],
            updated_at=NOW,
        )
    )
    themes.create_theme(
        db,
        cafe,
        name="Trygghet",
        post_ids=[written[0].id, written[1].id],
        now=NOW,
    )
    return cafe


def demo_report(folder: Path) -> ProjectReport:
    database = Database()
    database.configure(f"sqlite:///{folder / 'demo.sqlite3'}")
    database.create_tables()
    with database.transaction() as db:
        owner = Facilitator(email="demo@example.no", password_hash="unused", created_at=NOW)
        db.add(owner)
        db.flush()
        cafes = [_cafe(db, owner, n, spec) for n, spec in enumerate(CAFES, 1)]
        db.flush()
        summaries = [build_session_summary(db, c, now=NOW, timezone="Europe/Oslo") for c in cafes]
    return build_project_report(
        "Bolig for velferd – Gamle Oslo 2027",
        "Tre dialogkaféer om hva et godt hjem er, for unge voksne, eldre og folk i rusomsorgen.",
        summaries,
        now=NOW,
        timezone="Europe/Oslo",
    )


def translator(language: str, catalogue: Path | None) -> Callable[[str], str]:
    if language == "en":
        return lambda text: text
    compiled = gettext.translation("messages", TRANSLATIONS, languages=[language], fallback=True)
    extra: dict[str, str] = json.loads(catalogue.read_text("utf-8")) if catalogue else {}
    return lambda text: extra.get(text) or compiled.gettext(text)


def png(pdf: Path, page: int, target: Path) -> None:
    paths = (str(pdf), str(target.with_suffix("")))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", *paths],
        check=True,
    )


def page_with(pdf: Path, text: str) -> int:
    """The last page holding ``text``: a chapter's own page, not the contents naming it."""
    pages = [n for n, page in enumerate(PdfReader(pdf).pages, 1) if text in page.extract_text()]
    return pages[-1] if pages else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalogue", type=Path, help="extra msgid → bokmål JSON")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--all-pages", action="store_true", help="every page, not the chosen")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        report = demo_report(folder)
        for language in ("nb", "en"):
            t = translator(language, options.catalogue)
            for fmt in ("pdf", "docx", "xlsx", "json"):
                exported = render_project(report, fmt, f"project-{language}", t, language)
                (folder / exported.name).write_bytes(exported.content)
            word_paths = (str(folder / "word"), str(folder / f"project-{language}.docx"))
            subprocess.run(
                ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", *word_paths],
                check=True,
                capture_output=True,
            )
            pdf, word = (
                folder / f"project-{language}.pdf",
                folder / "word" / f"project-{language}.pdf",
            )
            if options.all_pages:
                for source, kind in ((pdf, "pdf"), (word, "docx")):
                    for page in range(1, len(PdfReader(source).pages) + 1):
                        png(source, page, options.out / f"project-{kind}-{language}-{page:02d}.png")
                continue
            # Three pictures in docs/screenshots: the PDF's title page and its side-by-side
            # questions in bokmål, and a café's chapter of the Word file in English.
            if language == "nb":
                shared = t("Questions asked at several cafés")
                png(pdf, 1, options.out / "project-report-title-nb.png")
                png(pdf, page_with(pdf, shared), options.out / "project-report-questions-nb.png")
            else:
                cafe = t("Café {number}: {title}").format(number=1, title=CAFES[0][0])
                png(word, page_with(word, cafe), options.out / "project-report-docx-en.png")


if __name__ == "__main__":
    main()
