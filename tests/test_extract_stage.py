"""Tests of newsweave.extract.Extractor, the pipeline stage."""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.clean import Cleaner
from newsweave.config import Settings
from newsweave.extract import Extractor
from newsweave.models import Article, Entity, Quote

RAW = "\n".join(
    [
        "Tuesday, 14 May 2024 09:40 GMT",
        "",
        "Harbour Authority Approves Night Ferry Plan",
        "",
        (
            "(WIREX- Coastline Daily) The Valdoria harbour authority approved a plan on "
            "Tuesday to run night ferries between the islands, Coastline Daily reports via "
            "Island Radio."
        ),
        "",
        (
            "The service will start in June, the authority's chair, Mira Solen, told "
            "reporters in Port Reyk."
        ),
        "",
        "WIREX02092025000123987654ID9988776655",
        "",
        "Search",
    ]
)


def fake_quotes(text: str, entities: tuple[Entity, ...]) -> tuple[Quote, ...]:
    start = text.index("The service")
    return (Quote(text[start : start + 11], "Mira Solen", "indirect", start, start + 11),)


def _extract(articles, **kw):
    extractor = Extractor(Settings(ner="off"), quote_extractor=fake_quotes, **kw)
    return extractor, list(extractor(Cleaner()(articles)))


def test_extractor_fills_every_field():
    _, (a,) = _extract([Article(id="a", text="", raw_text=RAW)])
    assert a.title == "Harbour Authority Approves Night Ferry Plan"
    assert a.outlet == "Coastline Daily"
    assert "WIREX- Coastline Daily" in (a.outlet_evidence or "")
    assert a.cited_sources == ("WIREX", "Island Radio")
    assert a.language == "en"
    assert a.claimed_date == "2024-05-14"
    assert a.date == "2025-09-02" and a.date_source == "dated-id"
    assert [f.kind for f in a.date_flags] == ["dated-id"]
    assert a.event_date == "2025-09-02"  # "on Tuesday": 2 Sept 2025 is a Tuesday
    assert ("Mira Solen", "PERSON") in {(e.text, e.label) for e in a.entities}
    assert a.quotes and a.quotes[0].speaker == "Mira Solen"


def test_record_fields_win():
    article = Article(
        id="r",
        text="",
        raw_text=RAW,
        outlet="Harbour Times",
        title="Ferry plan",
        claimed_date="2031-05-13",
        date_source="html-meta",
        language="fr",
    )
    _, (a,) = _extract([article])
    assert (a.outlet, a.outlet_evidence, a.title, a.language) == (
        "Harbour Times",
        "record",
        "Ferry plan",
        "fr",
    )
    assert a.claimed_date == "2031-05-13"


def test_one_failing_part_keeps_the_rest_and_the_stream_goes_on():
    def broken_quotes(text, entities):
        raise RuntimeError("quote model exploded")

    extractor = Extractor(Settings(ner="off"), quote_extractor=broken_quotes, batch_size=2)
    articles = [Article(id=f"a{i}", text="", raw_text=RAW) for i in range(3)]
    out = list(extractor(Cleaner()(articles)))
    assert [a.id for a in out] == ["a0", "a1", "a2"]
    assert all(a.outlet == "Coastline Daily" and a.quotes == () for a in out)
    assert len(extractor.errors_) == 3 and "quote model exploded" in extractor.errors_[0]


def test_article_without_text_passes():
    _, (a,) = _extract([Article(id="e", text="", raw_text="")])
    assert a.title is None and a.language is None and a.date is None and a.entities == ()


def test_extractor_pickles_without_its_model():
    extractor = Extractor(Settings(ner="off"), quote_extractor=fake_quotes)
    _ = extractor.ner  # create the recognizer
    clone = pickle.loads(pickle.dumps(extractor))
    assert clone._ner is None and clone.settings.ner == "off"
    (a,) = list(clone(Cleaner()([Article(id="p", text="", raw_text=RAW)])))
    assert a.outlet == "Coastline Daily"


def test_stage_protocol():
    assert Extractor.name == "extract"
    assert Extractor.requires == ("text", "removed_lines")
    assert set(Extractor.assigns) >= {"title", "outlet", "date_flags", "entities", "quotes"}
    assert set(Cleaner.assigns) == {"text", "removed_lines"}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(max_size=200), min_size=1, max_size=6),
    st.sampled_from([None, "x", "https://a.example/2014/05/16/s", "http://web.archive.org/web/1/"]),
)
def test_extractor_survives_arbitrary_text(paragraphs, url):
    raw = "\n".join(paragraphs)
    extractor = Extractor(Settings(ner="off"), quote_extractor=lambda t, e: ())
    (a,) = list(extractor(Cleaner()([Article(id="f", text="", raw_text=raw, url=url)])))
    assert getattr(extractor, "errors_", []) == []
    assert a.date is None or len(a.date) == 10
    assert all(a.text[e.start : e.end] == e.text for e in a.entities)
