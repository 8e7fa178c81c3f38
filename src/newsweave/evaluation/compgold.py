"""Real-news comparison gold: the events, their numbered sentences, and the scorer.

The gold files in ``benchmarks/data/comparison/`` were written by reading the articles of
``../shared/data`` (BASIL triplets, ECB+ dev events, GVA dev incidents) following
``../shared/COMPARISON-GOLD.md``. They hold no article text: a sentence is named
``<article-id>#<n>`` (numbered by :func:`event_articles`, which reads the shared data), and a
quote is a character span of its sentence with a short hash of its words, so the text is read
from the shared data at scoring time.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from newsweave.config import Settings
from newsweave.evaluation import MissingData, tune_half
from newsweave.models import Coverage
from newsweave.outlets import outlet_label
from newsweave.text import STOPWORDS, fold, words
from newsweave.urls import host_of, registered_domain

#: BASIL's source codes and the outlet names the gold uses for them.
BASIL_OUTLETS = {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}

# A sentence end: . ! ? (and a closing quote or bracket), then space and a capital, digit or
# opening quote. Deliberately plain: the numbering must not depend on newsweave's own splitter.
_SPLIT = re.compile(r"(?<=[.!?])([\"”’')\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    outlet: str
    title: str
    date: str | None
    url: str | None
    text: str  # the article's text as newsweave is given it
    sentences: tuple[str, ...]  # numbered from 1


def split_sentences(text: str) -> list[str]:
    """Plain sentence numbering of ``text``: lines, then sentence ends within a line."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        pieces = _SPLIT.split(line)
        # re.split with a group returns [s0, g0, s1, g1, ...]: glue each closer to its sentence
        cur = pieces[0]
        for i in range(1, len(pieces), 2):
            out.append((cur + pieces[i]).strip())
            cur = pieces[i + 1]
        if cur.strip():
            out.append(cur.strip())
    return [s for s in out if s]


def _basil(shared: Path) -> dict[str, list[GoldArticle]]:
    root = shared / "basil" / "articles"
    if not root.is_dir():
        raise MissingData(f"BASIL not found at {root}")
    events: dict[str, list[GoldArticle]] = defaultdict(list)
    for path in sorted(root.glob("*/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        uuid = str(data["triplet-uuid"])
        sents = [s.strip() for para in data["body-paragraphs"] for s in para if s.strip()]
        text = "\n".join(" ".join(p) for p in data["body-paragraphs"])
        source = str(data["source"]).lower()
        events[f"basil-{uuid[:8]}"].append(
            GoldArticle(
                id=f"basil-{uuid[:8]}-{source}",
                outlet=BASIL_OUTLETS.get(source, source),
                title=str(data.get("title") or ""),
                date=data.get("date"),
                url=data.get("url"),
                text=text,
                sentences=tuple(sents),
            )
        )
    return events


def _jsonl(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise MissingData(f"{path} not found")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _ecb(shared: Path) -> dict[str, list[GoldArticle]]:
    events: dict[str, list[GoldArticle]] = defaultdict(list)
    for row in _jsonl(shared / "clustering" / "ecbplus-dev.jsonl"):
        text = row["text"]
        events[f"ecb-{row['event']}"].append(
            GoldArticle(
                id=f"ecb-{row['id']}",
                outlet=f"ECB {row['id']}",  # ECB+ names no outlet: each document is its own
                title="",
                date=None,
                url=None,
                text=text,
                sentences=tuple(split_sentences(text)),
            )
        )
    return events


def _gva(shared: Path) -> dict[str, list[GoldArticle]]:
    events: dict[str, list[GoldArticle]] = defaultdict(list)
    for row in _jsonl(shared / "clustering" / "gva-dev.jsonl"):
        text = row["text"]
        host = host_of(row.get("url") or "")
        events[f"gva-{row['event']}"].append(
            GoldArticle(
                id=f"gva-{row['id']}",
                outlet=(registered_domain(host) if host else None) or host or row["id"],
                title=row.get("title") or "",
                date=row.get("date"),
                url=row.get("url"),
                text=text,
                sentences=tuple(split_sentences(text)),
            )
        )
    return events


def all_events(shared: Path) -> dict[str, list[GoldArticle]]:
    """Every candidate event of the three collections, by gold event id."""
    out: dict[str, list[GoldArticle]] = {}
    for reader in (_basil, _ecb, _gva):
        out.update(reader(shared))
    return out


# --------------------------------------------------------------------------- gold files

#: Where the committed gold lives (one JSON file per event).
GOLD_DIR = Path(__file__).resolve().parents[3] / "benchmarks" / "data" / "comparison"


@dataclass(frozen=True, slots=True)
class GoldQuote:
    id: str
    sentence: str  # "<article-id>#<n>"
    text: str
    speaker: str
    group: str | None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    core_fact: str
    articles: tuple[GoldArticle, ...]
    carried_by: dict[str, tuple[str, ...]]  # sentence id -> other outlets carrying its fact
    skip: frozenset[str]
    quotes: tuple[GoldQuote, ...]
    verdicts: dict[str, str]  # group id -> verdict


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def freeze(raw: dict[str, object], articles: list[GoldArticle]) -> dict[str, object]:
    """The committed form of an annotation in the guide's shape: quote words become a span of
    their sentence plus a short hash, so no article text is stored."""
    sent = {f"{a.id}#{i}": s for a in articles for i, s in enumerate(a.sentences, 1)}
    quotes = []
    for q in raw.get("quotes", []):  # type: ignore[attr-defined]
        text = str(q["text"])
        start = sent[q["sentence"]].find(text)
        if start < 0:
            raise ValueError(f"{raw.get('event')}: quote {q['id']} is not in {q['sentence']}")
        quotes.append(
            {
                "id": q["id"],
                "sentence": q["sentence"],
                "span": [start, start + len(text)],
                "sha": _sha(text),
                "speaker": q["speaker"],
                "group": q.get("group"),
            }
        )
    return {
        "event": raw["event"],
        "articles": [a.id for a in articles],
        "core_fact": raw["core_fact"],
        "sentences": raw["sentences"],
        "quotes": quotes,
        "groups": raw.get("groups", []),
    }


def load_gold(shared: Path, gold_dir: Path = GOLD_DIR) -> list[GoldEvent]:
    """Every committed gold event, with its text read from ``shared`` (the shared data)."""
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise MissingData(f"no comparison gold in {gold_dir}")
    events = all_events(shared)
    out = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        by_id = {a.id: a for a in events.get(data["event"], [])}
        missing = [aid for aid in data["articles"] if aid not in by_id]
        if missing:
            raise MissingData(f"{path.name}: articles {missing} not found under {shared}")
        arts = tuple(by_id[aid] for aid in data["articles"])
        sent = {f"{a.id}#{i}": s for a in arts for i, s in enumerate(a.sentences, 1)}
        quotes = []
        for q in data["quotes"]:
            start, end = q["span"]
            text = sent[q["sentence"]][start:end]
            if _sha(text) != q["sha"]:
                raise MissingData(f"{path.name}: quote {q['id']} does not match the shared data")
            quotes.append(GoldQuote(q["id"], q["sentence"], text, q["speaker"], q.get("group")))
        out.append(
            GoldEvent(
                id=data["event"],
                core_fact=data["core_fact"],
                articles=arts,
                carried_by={k: tuple(v["carried_by"]) for k, v in data["sentences"].items()},
                skip=frozenset(k for k, v in data["sentences"].items() if v.get("skip")),
                quotes=tuple(quotes),
                verdicts={g["id"]: g["verdict"] for g in data["groups"]},
            )
        )
    return out


# --------------------------------------------------------------------------- scoring


def _wordset(text: str) -> frozenset[str]:
    return frozenset(words(fold(text)))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0


_NAME_STOP = frozenset({"of", "the", "and", "for", "de", "la", "jr", "sr", "ii", "iii"})


def same_speaker(found: str | None, gold: str) -> bool:
    """The guide's rule: same surname (accents folded), or an acronym of the gold name."""
    if not found:
        return False
    f = [w for w in words(fold(found)) if w not in _NAME_STOP]
    g = [w for w in words(fold(gold)) if w not in _NAME_STOP]
    if not f or not g:
        return False
    if f[-1] == g[-1]:
        return True
    initials = "".join(w[0] for w in g)
    return len(f) == 1 and len(f[0]) >= 2 and f[0] == initials


@dataclass(slots=True)
class PR:
    """Precision (right/claimed) and recall (found/gold) of one claim type."""

    right: int = 0
    claimed: int = 0
    found: int = 0
    gold: int = 0

    @property
    def precision(self) -> float | None:
        return self.right / self.claimed if self.claimed else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    def add(self, other: PR) -> None:
        self.right += other.right
        self.claimed += other.claimed
        self.found += other.found
        self.gold += other.gold


@dataclass(slots=True)
class GoldScore:
    """Per-claim-type figures over a set of gold events (see ../shared/COMPARISON-GOLD.md)."""

    events: int = 0
    unique: PR = field(default_factory=PR)
    omits: PR = field(default_factory=PR)
    speaker: PR = field(default_factory=PR)  # right = correct speaker; claimed = matched variants
    unattributed: int = 0  # matched variants with no speaker (counted as misses)
    groups: PR = field(default_factory=PR)
    altered: PR = field(default_factory=PR)
    core_first: int = 0  # events whose first summary sentence carries the core fact (approx.)
    unmapped: int = 0  # unique/omission claims that matched no gold sentence
    misses: list[str] = field(default_factory=list)  # wrong calls, for reading

    def add(self, other: GoldScore) -> None:
        self.events += other.events
        for name in ("unique", "omits", "speaker", "groups", "altered"):
            getattr(self, name).add(getattr(other, name))
        self.unattributed += other.unattributed
        self.core_first += other.core_first
        self.unmapped += other.unmapped
        self.misses.extend(other.misses)


def _best(text: str, candidates: dict[str, frozenset[str]], floor: float) -> str | None:
    ws = _wordset(text)
    best, score = None, floor
    for sid, cand in candidates.items():
        s = _overlap(ws, cand)
        if s >= score and (best is None or s > score):
            best, score = sid, s
    return best


def _best_quote(text: str, quotes: list[GoldQuote]) -> GoldQuote | None:
    """The gold quote of the same article with the largest word overlap (>= 50% of the smaller
    word set); ties go to the larger share of both sets (Jaccard)."""
    ws = _wordset(text)
    best, key = None, (0.5, 0.0)
    for q in quotes:
        qs = _wordset(q.text)
        union = len(ws | qs)
        k = (_overlap(ws, qs), len(ws & qs) / union if union else 0.0)
        if k[0] >= 0.5 and (best is None or k > key):
            best, key = q, k
    return best


def _carried_by_none(carried: tuple[str, ...]) -> bool:
    return not carried


def _not_carried_by(outlet: str, carried: tuple[str, ...]) -> bool:
    return outlet not in carried


def _judge(
    text: str,
    candidates: dict[str, frozenset[str]],
    gold: GoldEvent,
    sc: GoldScore,
    pr: PR,
    right: Callable[[tuple[str, ...]], bool],
    what: str,
) -> str | None:
    """Map a listed claim to its gold sentence (>= 60% overlap) and count it in ``pr``; the
    sentence id, or None when unmapped (counted apart) or marked skip (left out)."""
    sid = _best(text, candidates, 0.6)
    if sid is None:
        sc.unmapped += 1
        return None
    if sid in gold.skip:
        return None
    pr.claimed += 1
    carried = gold.carried_by.get(sid, ())
    if right(carried):
        pr.right += 1
    else:
        sc.misses.append(f"{what} {sid}: carried by {carried}")
    return sid


def score_event(gold: GoldEvent, coverage: list[Coverage], outlet_of: dict[str, str]) -> GoldScore:
    """Score the comparisons newsweave made of ``gold``'s articles.

    ``coverage``: every event newsweave formed from them (usually one); ``outlet_of``:
    newsweave's outlet label -> the gold outlet name.
    """
    sc = GoldScore(events=1)
    art_outlet = {a.id: a.outlet for a in gold.articles}
    sent_words = {
        f"{a.id}#{i}": _wordset(s) for a in gold.articles for i, s in enumerate(a.sentences, 1)
    }
    by_article: dict[str, dict[str, frozenset[str]]] = defaultdict(dict)
    for sid, ws in sent_words.items():
        by_article[sid.split("#")[0]][sid] = ws
    outlets = sorted(set(art_outlet.values()))

    # only this outlet: right when the claim's gold sentence is carried by no other outlet
    listed: set[str] = set()
    for cov in coverage:
        for claims in cov.unique.values():
            for claim in claims:
                hit = _judge(
                    claim.text, by_article.get(claim.article_id, {}), gold, sc, sc.unique,
                    _carried_by_none, "unique",
                )  # fmt: skip
                if hit:
                    listed.add(hit)
    real_unique = {s for s in sent_words if s not in gold.skip and not gold.carried_by.get(s)}
    sc.unique.gold = len(real_unique)
    sc.unique.found = len(real_unique & listed)

    # omits: right when the omitting outlet is not among the fact's carriers
    flagged: set[tuple[str, str]] = set()
    for cov in coverage:
        for label, texts in cov.omissions.items():
            outlet = outlet_of.get(label, label)
            others = {
                sid: ws for sid, ws in sent_words.items() if art_outlet[sid.split("#")[0]] != outlet
            }
            not_carrier = partial(_not_carried_by, outlet)
            for text in texts:
                hit = _judge(text, others, gold, sc, sc.omits, not_carrier, f"omits {outlet}")
                if hit:
                    flagged.add((hit, outlet))
    # gold omissions: a fact most outlets carry (owner + carriers > half), missing from one
    gold_omits: set[tuple[str, str]] = set()
    for sid in sent_words:
        if sid in gold.skip:
            continue
        own = art_outlet[sid.split("#")[0]]
        carriers = {own, *gold.carried_by.get(sid, ())}
        if len(carriers) * 2 > len(outlets):
            gold_omits.update((sid, o) for o in outlets if o not in carriers)
    # one omission per (fact, outlet): any sentence of the same fact found counts
    sc.omits.gold = len(gold_omits)
    sc.omits.found = len(gold_omits & flagged)

    # speakers, groups, verdicts
    gold_by_article: dict[str, list[GoldQuote]] = defaultdict(list)
    for q in gold.quotes:
        gold_by_article[q.sentence.split("#")[0]].append(q)
    seen_gold: set[str] = set()
    for cov in coverage:
        for group in cov.quotes:
            matched: list[GoldQuote | None] = []
            for v in group.variants:
                best = _best_quote(v.text, gold_by_article.get(v.article, []))
                matched.append(best)
                if best is None:
                    continue
                seen_gold.add(best.id)
                sc.speaker.claimed += 1
                if not group.speaker:
                    sc.unattributed += 1
                    sc.misses.append(f"unattributed {best.id} ({best.sentence}): {best.speaker!r}")
                elif same_speaker(group.speaker, best.speaker):
                    sc.speaker.right += 1
                else:
                    sc.misses.append(
                        f"speaker {best.id} ({best.sentence}): "
                        f"{group.speaker!r} for {best.speaker!r} [{v.kind}] {v.text[:70]!r}"
                    )
            outlets_in = {outlet_of.get(v.outlet, v.outlet) for v in group.variants}
            if len(outlets_in) < 2:
                continue
            sc.groups.claimed += 1
            gids = {q.group if q else None for q in matched}
            right = len(gids) == 1 and None not in gids
            if right:
                sc.groups.right += 1
            else:
                sc.misses.append(
                    f"group {[v.text[:40] for v in group.variants]}: gold {sorted(map(str, gids))}"
                )
            if group.verdict == "altered":
                sc.altered.claimed += 1
                gid = next(iter(gids)) if right else None
                if gid is not None and gold.verdicts.get(gid) == "altered":
                    sc.altered.right += 1
                else:
                    sc.misses.append(f"altered {[v.text[:40] for v in group.variants]}")
    sc.speaker.gold = len(gold.quotes)
    sc.speaker.found = len(seen_gold)
    gold_groups = {q.group for q in gold.quotes if q.group}
    sc.groups.gold = len(gold_groups)
    sc.altered.gold = sum(1 for g in gold_groups if gold.verdicts.get(g) == "altered")
    found_groups: set[str] = set()
    altered_found: set[str] = set()
    for cov in coverage:
        for group in cov.quotes:
            ids = set()
            for v in group.variants:
                hitq = _best_quote(v.text, gold_by_article.get(v.article, []))
                if hitq is not None and hitq.group:
                    ids.add(hitq.group)
            if len(ids) == 1 and len({v.outlet for v in group.variants}) >= 2:
                found_groups |= ids
                if group.verdict == "altered":
                    altered_found |= ids
    sc.groups.found = len(found_groups)
    sc.altered.found = len({g for g in altered_found if gold.verdicts.get(g) == "altered"})

    # core fact first: the first summary sentence shares most content words with the core fact
    for cov in coverage[:1]:
        if cov.summary:
            core = {w for w in _wordset(gold.core_fact) if w not in STOPWORDS}
            first = {w for w in _wordset(cov.summary[0].text) if w not in STOPWORDS}
            if core and len(core & first) / len(core) >= 0.5:
                sc.core_first += 1
    return sc


def analyse_event(gold: GoldEvent, settings: Settings) -> tuple[list[Coverage], dict[str, str]]:
    """Run newsweave's analysis on the gold event's articles alone; the events' comparisons
    (largest event first) and newsweave outlet label -> gold outlet."""
    import tempfile

    from newsweave.pipeline import analyze

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{gold.id}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for a in gold.articles:
                rec = {"id": a.id, "text": a.text, "title": a.title or None, "outlet": a.outlet}
                if a.date:
                    rec["date"] = a.date
                if a.url:
                    rec["url"] = a.url
                fh.write(json.dumps(rec) + "\n")
        result = analyze([path], settings)
    gold_outlet = {a.id: a.outlet for a in gold.articles}
    outlet_of = {}
    for art in result.articles:
        label = outlet_label(art)
        outlet_of[label] = gold_outlet.get(art.id, label)
    events = sorted(result.events, key=lambda e: -len(e.article_ids))
    return [result.coverage[e.id] for e in events if e.id in result.coverage], outlet_of


def measure(shared: Path, settings: Settings, part: str = "all") -> GoldScore:
    """Score newsweave on the gold events of ``part`` ("tune", "report" or "all")."""
    total = GoldScore()
    for gold in load_gold(shared):
        if part != "all" and tune_half(gold.id) != (part == "tune"):
            continue
        coverage, outlet_of = analyse_event(gold, settings)
        total.add(score_event(gold, coverage, outlet_of))
    return total
