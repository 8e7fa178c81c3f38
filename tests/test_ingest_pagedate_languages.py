"""htmldate's dateparser reads only the languages a page declares (and English).

dateparser, asked with every locale, loads all of them (about 2 s per process) to read one
string; pagedate restricts it to the page's declared languages. Invented pages only.
"""

from __future__ import annotations

import pytest

pytest.importorskip("htmldate")
pytest.importorskip("dateparser")

from htmldate import extractors

from newsweave.ingest import pagedate
from newsweave.ingest.pagedate import html_date, page_languages

# A page whose only date is written in Russian words, in no byline: htmldate's extensive
# search hands it to dateparser.
_PAGE = (
    "<html{lang}><head><title>Новости клуба</title></head><body><h1>Новости клуба</h1>"
    "<p>Команда провела тренировку на стадионе и готовится к матчу.</p>"
    "<span>15 августа 2016</span></body></html>"
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<html lang="de-CH"><head>', ("de", "en")),
        ("<html xml:lang='fr' lang='fr'>", ("fr", "en")),
        ('<html lang="en-US">', ("en",)),
        ('<html><head><meta property="og:locale" content="pt_BR">', ("pt", "en")),
        ('<html><head><meta http-equiv="Content-Language" content="nl">', ("nl", "en")),
        ("<html><head><title>no language</title>", ()),
        ('<html lang="xx-unknown">', ()),
        # Ordinary prose naming a language is no declaration.
        ("<html><body><p>The lang attribute lang=de is explained here.</p>", ()),
    ],
)
def test_declared_languages(head: str, expected: tuple[str, ...]) -> None:
    assert page_languages(head) == expected


def test_declared_language_reads_the_date() -> None:
    assert html_date(_PAGE.format(lang=' lang="ru"')) == "2016-08-15"


def test_other_declared_language_does_not_read_it_and_the_cache_does_not_leak() -> None:
    # Read under Russian first: htmldate caches the string; a German page must not reuse it.
    assert html_date(_PAGE.format(lang=' lang="ru"')) == "2016-08-15"
    assert html_date(_PAGE.format(lang=' lang="de"')) != "2016-08-15"
    assert html_date(_PAGE.format(lang=' lang="ru"')) == "2016-08-15"


def test_page_without_declaration_tries_every_locale() -> None:
    assert html_date(_PAGE.format(lang="")) == "2016-08-15"


def test_htmldate_called_directly_keeps_every_locale() -> None:
    installed = pagedate._install_language_parser()
    assert pagedate._install_language_parser() is installed  # installed once
    original = installed.newsweave_original()  # type: ignore[attr-defined]
    assert extractors.get_external_parser() is original
    with pagedate._reading_languages(("de", "en")):
        restricted = extractors.get_external_parser()
        assert restricted is not original
        assert restricted.get_date_data("3. März 2020").date_obj.day == 3
        assert restricted.get_date_data("15 августа 2016").date_obj is None
    assert extractors.get_external_parser() is original
    # htmldate's settings are kept.
    for name in ("PARSERS", "STRICT_PARSING", "PREFER_DATES_FROM", "PREFER_LOCALE_DATE_ORDER"):
        assert getattr(restricted._settings, name) == getattr(original._settings, name)
