"""The bundled example corpus (examples/corpus) is well-formed and agrees with its gold.

These tests read the corpus files directly, without newsweave's ingest, so that they check the
*data* (and examples/expected.json, the gold the end-to-end test compares against), not the code.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EXAMPLES, SHARED_DATA

CORPUS = EXAMPLES / "corpus"
SEEDS = SHARED_DATA / "seeds"

VERDICTS = {"verbatim", "trimmed", "paraphrased", "altered"}
DATE_SOURCES = {"record", "header", "byline", "dateline", "none"}
# Datelines as wires write them: "AMSEL, May 6 (Kestrel) -", optionally behind an aggregator's
# "(NEWSLOOM- Kestrel Wire)" prefix.
DATELINE = re.compile(
    r"^(\(\S+- [^)]+\) )?[A-Z][A-Z ]+, ([A-Z][a-z]+, )?[A-Z][a-z]+ \d{1,2} \(", re.M
)
HEADER_DATE = re.compile(r"\d{2}[./]\d{2}[./]\d{4}|\d{2} [A-Z][a-z]+ \d{4}")
# What an "altered" quote changes: a number or a negation.
NUMBERISH = re.compile(r"\d[\d.,]*|\bnot?\b|four|thousand|hundred")

# Names of real news outlets and agencies (and of the seed story's people and places) that a
# fictional corpus must never contain. Matched as whole words; acronyms case-sensitively.
REAL_NAMES = [
    name.strip()
    for name in """
    Reuters; Associated Press; Agence France-Presse; AFP; BBC; CNN; Fox News; New York Times;
    Washington Post; The Guardian; Financial Times; Bloomberg; Al Jazeera; RT News; TASS;
    Interfax; MENAFN; AzerNews; TRT World; Defence Talks; Politico; Axios; Sky News;
    Deutsche Welle; Euronews; Xinhua; Kyodo; ANSA; UPI; NPR; HuffPost; Huffington; Breitbart;
    Daily Mail; The Telegraph; Le Monde; Der Spiegel; Wall Street Journal; The Economist;
    Newsweek; USA Today; ABC News; CBS News; NBC News; Yahoo News; Google News;
    Kyiv; Kiev; Kremlin; Peskov; Putin; Trump
    """.split(";")
]


@dataclass
class Item:
    """One article as found in the corpus: where it is and everything its input holds."""

    id: str
    path: str  # relative to CORPUS
    raw: str  # file text, or record text/html (html unescaped, tags kept)
    record: dict[str, Any] | None = None
    fields: str = ""  # record fields other than text/html, joined (url, outlet, title, date)
    lines: list[str] = field(default_factory=list)


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    return data


@cache
def outlet_profiles() -> list[dict[str, Any]]:
    with (EXAMPLES / "outlets.toml").open("rb") as handle:
        profiles: list[dict[str, Any]] = tomllib.load(handle)["outlet"]
    return profiles


def _bad_paths() -> set[str]:
    return {b["path"] for b in expected()["bad_files"]}


def _later_paths() -> set[str]:
    return {b["path"] for b in expected()["later_formats"]}


def _record_item(record: dict[str, Any], rel: str) -> Item:
    body = record.get("text") or html.unescape(str(record.get("html") or ""))
    extra = "\n".join(str(v) for k, v in record.items() if k not in ("text", "html"))
    return Item(str(record["id"]), rel, str(body), record, extra, str(body).splitlines())


@cache
def corpus() -> dict[str, Item]:
    """Every article of the corpus by id, read without newsweave (bad and later files aside)."""
    items: list[Item] = []
    bad, later = _bad_paths(), _later_paths()
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        rel = path.relative_to(CORPUS).as_posix()
        if rel in later:
            continue
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    items.append(_record_item(json.loads(line), rel))
                except ValueError:
                    assert rel in bad, f"{rel} has a broken line but is not listed in bad_files"
            continue
        if rel in bad:
            continue
        if path.suffix == ".json":
            value = json.loads(path.read_text(encoding="utf-8"))
            for record in value if isinstance(value, list) else [value]:
                items.append(_record_item(record, rel))
            continue
        assert path.suffix in (".txt", ".md"), f"unexpected file {rel}"
        text = path.read_text(encoding="utf-8")
        items.append(Item(path.stem, rel, text, None, "", text.splitlines()))
    ids = Counter(item.id for item in items)
    duplicates = [i for i, n in ids.items() if n > 1]
    assert not duplicates, f"article ids must be unique across the corpus: {duplicates}"
    return {item.id: item for item in items}


def _norm(text: str) -> str:
    return text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")


def _contains(article_id: str, needle: str) -> bool:
    return _norm(needle).lower() in _norm(corpus()[article_id].raw).lower()


def _body(item: Item) -> str:
    """The article without its gold boilerplate lines (html tags dropped)."""
    boiler = set(expected()["boilerplate"][item.id])
    text = re.sub(r"<[^>]+>", "\n", item.raw)
    return "\n".join(ln for ln in text.splitlines() if ln.strip() and ln.strip() not in boiler)


def _body_words(item: Item) -> int:
    return len(re.findall(r"\w+(?:['’]\w+)*", _body(item)))


def _event_of() -> dict[str, str]:
    return {a: e["key"] for e in expected()["events"] for a in e["articles"]}


def _developments(event: dict[str, Any]) -> list[date]:
    """The dated developments of one gold event: its start and its follow-ups."""
    return [date.fromisoformat(d["date"]) for d in event["developments"]]


# -- sizes and ids -----------------------------------------------------------------------------


def test_corpus_is_big_enough() -> None:
    gold = expected()
    assert len(corpus()) >= 55
    assert len(set(gold["outlets"].values())) >= 8
    assert len(gold["events"]) >= 6
    assert len(gold["storylines"]) >= 3
    assert all(len(s["events"]) >= 2 for s in gold["storylines"])


def test_every_article_is_in_exactly_one_event_and_listed_everywhere() -> None:
    gold = expected()
    in_events = [a for e in gold["events"] for a in e["articles"]]
    assert len(in_events) == len(set(in_events)), "an article is listed in two events"
    ids = set(corpus())
    assert set(in_events) == ids
    assert set(gold["outlets"]) == ids
    assert set(gold["paths"]) == ids
    assert set(gold["dates"]) == ids
    assert set(gold["boilerplate"]) == ids


def test_paths_point_at_the_articles() -> None:
    for article_id, rel in expected()["paths"].items():
        assert (CORPUS / rel).is_file(), rel
        assert corpus()[article_id].path == rel
        if rel.endswith((".txt", ".md")):
            assert Path(rel).stem == article_id, "file articles are identified by their stem"


def test_storylines_and_events_agree() -> None:
    gold = expected()
    keys = [e["key"] for e in gold["events"]]
    assert len(keys) == len(set(keys))
    for storyline in gold["storylines"]:
        members = [e["key"] for e in gold["events"] if e["storyline"] == storyline["key"]]
        assert sorted(members) == sorted(storyline["events"])
    assert {e["storyline"] for e in gold["events"]} == {s["key"] for s in gold["storylines"]}


def test_events_are_incidents_with_dated_developments() -> None:
    """An event is one happening with its follow-up reporting (GVA incident granularity).

    Its developments (start, then follow-ups such as an arrest, a police operation, a vote, a
    verdict) are listed in order, the event is dated by the first, and every development is
    really reported: some article of the event is published within two days of it.
    """
    gold = expected()
    assert "one happening together with its follow-up reporting" in gold["definition"]["event"]
    published = {a: date.fromisoformat(d["date"]) for a, d in gold["dates"].items()}
    assert any(len(e["developments"]) >= 3 for e in gold["events"])
    for event in gold["events"]:
        days = _developments(event)
        assert days and days == sorted(days) and len(set(days)) == len(days), event["key"]
        assert date.fromisoformat(event["date"]) == days[0], event["key"]
        assert all(d["what"] for d in event["developments"])
        for day in days:
            assert any(0 <= (published[a] - day).days <= 2 for a in event["articles"]), (
                event["key"],
                day,
            )


def test_events_in_a_storyline_are_at_least_a_week_apart() -> None:
    # Time is one of the general signals that keep look-alike events apart: a storyline's next
    # happening starts at least a week after the last development of the one before.
    gold = expected()
    for storyline in gold["storylines"]:
        spans = sorted(
            (min(days), max(days))
            for e in gold["events"]
            if e["key"] in storyline["events"]
            for days in [_developments(e)]
        )
        gaps = [(b[0] - a[1]).days for a, b in itertools.pairwise(spans)]
        assert min(gaps) >= 7, (storyline["key"], gaps)


def test_lookalike_events_exist() -> None:
    keys = {e["key"] for e in expected()["events"]}
    pairs = expected()["lookalikes"]
    assert pairs
    assert all(set(p["events"]) <= keys and p["why"] for p in pairs)
    # Every storyline has a pair of look-alike happenings that must stay apart.
    story_of = {e["key"]: e["storyline"] for e in expected()["events"]}
    paired = {story_of[k] for p in pairs for k in p["events"]}
    assert paired == {s["key"] for s in expected()["storylines"]}


def test_lookalike_events_are_separable_by_general_means() -> None:
    """A look-alike happening names its own place, operator or person in every article.

    Markers are checked as whole words, one way only: the later happening's reports may recall
    the earlier one (as real follow-ups do), but the earlier happening's reports cannot name
    the later one's place or people.
    """
    gold = expected()
    members = {e["key"]: e["articles"] for e in gold["events"]}
    for pair in gold["lookalikes"]:
        for key, markers in pair.get("markers", {}).items():
            assert key in pair["events"] and markers
            found = [re.compile(rf"\b{re.escape(m)}\b") for m in markers]
            for article_id in members[key]:
                item = corpus()[article_id]
                text = item.raw + "\n" + item.fields
                assert any(m.search(text) for m in found), (key, article_id)
            for other in pair["events"]:
                if other == key:
                    continue
                for article_id in members[other]:
                    text = corpus()[article_id].raw
                    assert not any(m.search(text) for m in found), (key, article_id)


def test_articles_have_news_length() -> None:
    for item in corpus().values():
        assert 150 <= _body_words(item) <= 550, (item.id, _body_words(item))


# -- outlets -----------------------------------------------------------------------------------


def test_outlet_profiles_are_complete() -> None:
    profiles = outlet_profiles()
    names = [p["name"] for p in profiles]
    assert len(names) == len(set(names)) >= 8
    for profile in profiles:
        assert profile["domains"] and all(d.endswith(".example") for d in profile["domains"])
        for key in ("country", "owner", "lean"):
            assert isinstance(profile[key], str) and profile[key], (profile["name"], key)
    assert set(expected()["outlets"].values()) <= set(names)
    domains = [d for p in profiles for d in p["domains"]]
    assert len(domains) == len(set(domains))


def test_each_outlet_is_discoverable_from_the_content() -> None:
    """Record field, URL domain, credit line or footer names the outlet, not the file name."""
    profiles = {p["name"]: p for p in outlet_profiles()}
    for article_id, outlet in expected()["outlets"].items():
        item = corpus()[article_id]
        profile = profiles[outlet]
        clues = [profile["name"], *profile["domains"], *profile.get("aliases", [])]
        haystack = item.raw + "\n" + item.fields
        assert any(c in haystack for c in clues), (article_id, outlet)


def test_outlets_have_mixed_formats_and_repeated_boilerplate() -> None:
    gold = expected()
    per_outlet: dict[str, list[str]] = {}
    for article_id, outlet in gold["outlets"].items():
        per_outlet.setdefault(outlet, []).append(article_id)
    for outlet, ids in per_outlet.items():
        assert len(ids) >= 3, outlet
        counts = Counter(line for i in ids for line in set(gold["boilerplate"][i]))
        repeated = [line for line, n in counts.items() if n >= 2]
        assert repeated, f"{outlet} has no footer/chrome line repeated across its articles"
    suffixes = {Path(p).suffix for p in gold["paths"].values()}
    assert {".txt", ".md", ".jsonl", ".json"} <= suffixes


def test_boilerplate_gold_lines_are_in_the_articles() -> None:
    for article_id, lines in expected()["boilerplate"].items():
        item = corpus()[article_id]
        text = re.sub(r"<[^>]+>", "\n", item.raw)
        present = {line.strip() for line in text.splitlines()}
        for line in lines:
            assert line in present, (article_id, line)


def test_no_real_outlet_names_or_seed_text() -> None:
    texts = [item.raw + "\n" + item.fields for item in corpus().values()]
    texts += [(EXAMPLES / "outlets.toml").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in (CORPUS / "more").iterdir()]
    blob = "\n".join(texts)
    for name in REAL_NAMES:
        flags = 0 if name.isupper() else re.IGNORECASE
        assert not re.search(rf"\b{re.escape(name)}\b", blob, flags), name


def test_no_text_copied_from_the_seed_articles() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")

    def shingles(text: str) -> set[tuple[str, ...]]:
        tokens = re.findall(r"\w+", _norm(text).lower())
        return {tuple(tokens[i : i + 8]) for i in range(len(tokens) - 7)}

    seed = set().union(*(shingles(p.read_text(encoding="utf-8")) for p in SEEDS.iterdir()))
    for item in corpus().values():
        assert not shingles(item.raw) & seed, item.id


# -- features ----------------------------------------------------------------------------------


def _shingles5(text: str) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", _norm(text).lower())
    return {tuple(tokens[i : i + 5]) for i in range(len(tokens) - 4)}


def test_syndicated_copies_really_copy_their_original() -> None:
    gold = expected()
    event_of = _event_of()
    assert len(gold["syndicated"]) >= 3
    assert any(len(s["copies"]) >= 2 for s in gold["syndicated"])
    for group in gold["syndicated"]:
        original = corpus()[group["original"]]
        source = _shingles5(_body(original))
        for copy_id in group["copies"]:
            assert event_of[copy_id] == event_of[original.id]
            shared = len(source & _shingles5(_body(corpus()[copy_id]))) / len(source)
            assert shared >= 0.6, (copy_id, round(shared, 2))
            if copy_id in gold["distributors"]:
                # "(AGGREGATOR- Provider)": the provider is the outlet, the aggregator distributes.
                assert gold["outlets"][copy_id] == gold["outlets"][original.id]
                continue
            assert gold["outlets"][copy_id] != gold["outlets"][original.id]
            cited = gold["cited_sources"].get(copy_id, [])
            assert gold["outlets"][original.id] in cited, copy_id


def test_misdated_article_is_contradicted_by_its_own_content() -> None:
    misdated = expected()["misdated"]
    assert misdated
    for entry in misdated:
        item = corpus()[entry["article"]]
        claimed, true = date.fromisoformat(entry["claimed"]), date.fromisoformat(entry["true"])
        assert claimed < true
        assert expected()["dates"][item.id]["date"] == entry["true"]
        for snippet in entry["evidence"]:
            assert _contains(item.id, snippet), snippet
        header = item.lines[0]
        assert claimed.strftime("%d %B %Y") in header, "the header line carries the wrong date"
        ids = [m for s in entry["evidence"] for m in re.findall(r"[A-Z]{2,}(\d{8})\d*ID", s)]
        assert any(date(int(d[4:]), int(d[2:4]), int(d[:2])) == true for d in ids)


def test_article_dates_and_their_sources() -> None:
    gold = expected()
    developments = {e["key"]: _developments(e) for e in gold["events"]}
    event_of = _event_of()
    sources: Counter[str] = Counter()
    for article_id, info in gold["dates"].items():
        item = corpus()[article_id]
        published = date.fromisoformat(info["date"])
        # Published with the start of its event or with one of its follow-ups.
        days = developments[event_of[article_id]]
        assert any(0 <= (published - day).days <= 2 for day in days), article_id
        source = info["source"]
        assert source in DATE_SOURCES
        sources[source] += 1
        if source == "record":
            assert item.record is not None and item.record.get("date"), article_id
        elif source == "dateline":
            assert DATELINE.search(item.raw), article_id
        elif source == "header":
            assert HEADER_DATE.search("\n".join(item.lines[:5])), article_id
    assert all(sources[s] >= 2 for s in DATE_SOURCES), sources


def test_quote_variants_are_quoted_as_stated() -> None:
    groups = expected()["quote_variants"]
    event_of = _event_of()
    complete = 0
    for group in groups:
        verdicts = set()
        assert len(group["variants"]) >= 2
        for variant in group["variants"]:
            assert variant["verdict"] in VERDICTS
            assert event_of[variant["article"]] == group["event"]
            assert variant["outlet"] == expected()["outlets"][variant["article"]]
            assert _contains(variant["article"], variant["text"]), variant
            verdicts.add(variant["verdict"])
            if variant["verdict"] == "verbatim":
                assert _norm(variant["text"]).rstrip(".,") in _norm(group["statement"])
            if variant["verdict"] == "altered":
                # The altered rendering must differ from the statement in a number or negation.
                said = set(NUMBERISH.findall(group["statement"]))
                got = set(NUMBERISH.findall(variant["text"]))
                assert said != got, variant
        complete += verdicts == VERDICTS
    assert complete >= 3, "at least three statements carry all four kinds of variant"


def test_terms_are_used_by_the_outlets_listed() -> None:
    gold = expected()
    event_of = _event_of()
    assert len(gold["terms"]) >= 4
    for concept in gold["terms"]:
        assert len(concept["variants"]) >= 2
        for term, outlets in concept["variants"].items():
            for outlet in outlets:
                assert any(
                    gold["outlets"][a] == outlet
                    and event_of[a] in concept["events"]
                    and term.lower() in corpus()[a].raw.lower()
                    for a in gold["outlets"]
                ), (concept["concept"], term, outlet)


def test_contradictions_are_in_the_text() -> None:
    contradictions = expected()["contradictions"]
    assert {"number", "date"} <= {c["kind"] for c in contradictions}
    event_of = _event_of()
    for entry in contradictions:
        assert len(set(entry["values"].values())) >= 2
        for article_id, value in entry["values"].items():
            assert event_of[article_id] == entry["event"]
            assert _contains(article_id, value), (article_id, value)


def test_unique_facts_are_reported_by_one_outlet_only() -> None:
    gold = expected()
    event_of = _event_of()
    copies = {c: s["original"] for s in gold["syndicated"] for c in s["copies"]}
    covered = {f["event"] for f in gold["unique_facts"]}
    assert covered == {e["key"] for e in gold["events"]}
    for fact in gold["unique_facts"]:
        article_id = fact["article"]
        assert _contains(article_id, fact["evidence"]), fact
        for other in corpus():
            if other == article_id or event_of[other] != fact["event"]:
                continue
            if copies.get(other) == article_id:
                continue  # a syndicated copy repeats its original, by definition
            assert not _contains(other, fact["evidence"]), (fact["evidence"], other)


def test_cited_sources_name_known_outlets() -> None:
    names = {p["name"] for p in outlet_profiles()}
    cited = expected()["cited_sources"]
    assert len(cited) >= 5
    for article_id, sources in cited.items():
        assert article_id in corpus()
        assert set(sources) <= names


# -- bad and later-format files ----------------------------------------------------------------


def test_bad_files_are_bad_in_the_way_stated() -> None:
    bad = {b["path"]: b for b in expected()["bad_files"]}
    assert (CORPUS / "bad/empty.txt").stat().st_size == 0
    kinds: Counter[str] = Counter()
    for rel, entry in bad.items():
        data = (CORPUS / rel).read_bytes()
        if not data:
            kinds["empty"] += 1
        elif b"\x00" in data:
            kinds["binary"] += 1
        elif rel.endswith(".jsonl"):
            broken = []
            for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
                try:
                    json.loads(line)
                except ValueError:
                    broken.append(number)
            assert broken == [entry["line"]]
            lines = data.decode("utf-8").splitlines()
            good = [json.loads(x)["id"] for x in lines if x.endswith("}")]
            assert good == entry["good_records"]
            assert all(g in _event_of() for g in good), "the good lines are real articles"
            kinds["jsonl"] += 1
        elif rel.endswith(".json"):
            value = json.loads(data)
            assert isinstance(value, dict) and "text" not in value and "html" not in value
            kinds["not-article"] += 1
        else:
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
            with pytest.raises(UnicodeDecodeError):
                data.decode("cp1252")
            kinds["undecodable"] += 1
    assert kinds == Counter(
        {"empty": 1, "binary": 1, "jsonl": 1, "not-article": 1, "undecodable": 1}
    )


def test_later_format_files_exist_and_fit_the_gold() -> None:
    event_keys = {e["key"] for e in expected()["events"]}
    for entry in expected()["later_formats"]:
        text = (CORPUS / entry["path"]).read_text(encoding="utf-8")
        for article in entry["articles"]:
            assert article["id"] not in corpus()
            assert article["event"] in event_keys
            if entry["format"] == "rss":
                assert f">{article['id']}</guid>" in text
            else:
                assert Path(entry["path"]).stem == article["id"]
