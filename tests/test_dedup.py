"""Near-duplicate detection and the choice of the original."""

from __future__ import annotations

import pickle

from newsweave.dedup import Deduplicator, dedupe
from newsweave.models import Article

STORY = (
    "The city council of Lakeview voted on Tuesday to close the old harbour bridge for "
    "repairs after engineers found cracks in two of its steel supports. The mayor said the "
    "closure would last at least six months and that ferries would run every twenty minutes "
    "while the work goes on. Shop owners on the east bank warned that the detour would cost "
    "them customers during the summer season, and asked the council for help with rents. "
    "The bridge, opened in 1931, carries about 14,000 vehicles a day."
)
OTHER = (
    "A regional orchestra announced its new season on Friday with three premieres and a "
    "festival of chamber music in the old cathedral. The conductor, who joined last spring, "
    "said the programme would mix baroque works with pieces by living composers from the "
    "north of the country. Tickets go on sale next month, with reduced prices for students "
    "and a series of free open rehearsals for schools in the autumn."
)


def art(aid: str, text: str, **kw: object) -> Article:
    return Article(id=aid, text=text, **kw)  # type: ignore[arg-type]


def test_stage_contract() -> None:
    assert Deduplicator.name == "dedup"
    assert Deduplicator.requires == ("text",)
    assert Deduplicator.assigns == ("duplicate_of",)


def test_identical_texts_under_different_ids() -> None:
    out = dedupe([art("a", STORY), art("b", STORY), art("c", OTHER)])
    assert [a.duplicate_of for a in out] == [None, "a", None]


def test_copy_with_added_credit_lines_points_at_the_contained_original() -> None:
    copy = "(Wire- Harbour Times) " + STORY + "\nRead more stories like this on our site today."
    out = dedupe([art("copy", copy), art("orig", STORY)])
    assert out[0].duplicate_of == "orig"
    assert out[1].duplicate_of is None


def test_earlier_date_is_the_original_even_when_seen_later() -> None:
    out = dedupe(
        [art("late", STORY, date="2024-05-03"), art("early", STORY + " Extra.", date="2024-05-01")]
    )
    assert out[0].duplicate_of == "early"
    assert out[1].duplicate_of is None


def test_streaming_does_not_revise_emitted_articles() -> None:
    stage = Deduplicator()
    first = next(stage([art("late", STORY, date="2024-05-03")]))
    second = next(stage([art("early", STORY, date="2024-05-01")]))
    third = next(stage([art("later", STORY, date="2024-05-09")]))
    assert first.duplicate_of is None  # already emitted when the earlier one arrived
    assert second.duplicate_of is None
    assert third.duplicate_of == "early"


def test_citing_article_is_the_copy() -> None:
    a = art("relay", STORY, outlet="Relay Daily", cited_sources=("Harbour Times",))
    b = art("source", STORY, outlet="Harbour Times")
    out = dedupe([a, b])
    assert out[0].duplicate_of == "source"


def test_a_credit_naming_the_outlet_by_its_first_word_is_a_citation() -> None:
    # "(Kestrel)" in a dateline credits Kestrel Wire; the copy may even be seen first
    a = art("copy", STORY, outlet="Relay Daily", cited_sources=("Kestrel",))
    b = art("wire", STORY + "\n", outlet="Kestrel Wire")
    out = dedupe([a, b])
    assert out[0].duplicate_of == "wire" and out[1].duplicate_of is None
    # ... but a short common first word is no such credit
    c = art("other", STORY, outlet="Relay Daily", cited_sources=("The",))
    d = art("orig", STORY, outlet="The Times")
    assert dedupe([d, c])[1].duplicate_of == "orig"  # first seen stays the original


def test_edited_copy_is_found_different_story_is_not() -> None:
    edited = STORY.replace("Tuesday", "Tuesday evening").replace("six months", "half a year")
    out = dedupe([art("a", STORY), art("b", edited), art("c", OTHER)])
    assert out[1].duplicate_of == "a"
    assert out[2].duplicate_of is None


def test_copies_point_at_the_original_not_at_each_other() -> None:
    out = dedupe(
        [
            art("c1", STORY, date="2024-05-02"),
            art("c2", STORY, date="2024-05-03"),
            art("o", STORY, date="2024-05-01"),
        ]
    )
    assert [a.duplicate_of for a in out] == ["o", "o", None]


def test_bad_inputs_never_crash_and_are_not_called_copies() -> None:
    huge = " ".join(f"word{i % 5000} token{i}" for i in range(120_000))  # ~1.7 MB
    arts = [
        art("e1", ""),
        art("e2", ""),
        art("w1", "Photo"),
        art("w2", "Photo"),
        art("h1", huge),
        art("h2", huge),
        art("ru", "Кремль заявил, что встреча возможна после инаугурации. " * 5),
        art("bad-date", STORY, date="2025-02-30"),
    ]
    out = dedupe(arts)
    assert [a.duplicate_of for a in out[:4]] == [None, None, None, None]
    assert out[5].duplicate_of == "h1"
    assert out[6].duplicate_of is None
    assert out[7].duplicate_of is None


def test_same_id_twice_keeps_its_decision() -> None:
    stage = Deduplicator()
    a = list(stage([art("a", STORY), art("b", STORY)]))
    again = list(stage([art("b", STORY)]))
    assert a[1].duplicate_of == "a"
    assert again[0].duplicate_of == "a"


def test_pickle_round_trip_continues_the_stream() -> None:
    stage = Deduplicator()
    list(stage([art("a", STORY)]))
    restored = pickle.loads(pickle.dumps(stage))
    assert next(restored([art("b", STORY)])).duplicate_of == "a"


def test_initials_of_an_outlet_count_as_citing_it_but_not_its_own_dateline() -> None:
    # Both carry the wire's dateline credit "(VNA)"; only the relaying outlet cites VNA as
    # someone else. Same day, the copy first in input order: the citation decides.
    wire = art("wire", STORY + " (VNA)", outlet="Veltrian News Agency", cited_sources=("VNA",))
    copy = art("copy", STORY + " Source: VNA", outlet="Harbour Gazette", cited_sources=("VNA",))
    out = {a.id: a.duplicate_of for a in dedupe([copy, wire])}
    assert out == {"copy": "wire", "wire": None}


def test_pipeline_batch_uses_the_corpus_wide_choice() -> None:
    from newsweave.config import Settings
    from newsweave.pipeline import process_articles

    # The streaming choice cannot revise the copy emitted first; the batch path can.
    copy = art("copy", STORY + "\nSource: Lakeview Post", outlet="Daily Echo")
    original = art("orig", STORY, outlet="Lakeview Post")
    settings = Settings(ner="off", embeddings="off")
    out = {a.id: a.duplicate_of for a in process_articles([copy, original], settings)}
    assert out == {"copy": "orig", "orig": None}
