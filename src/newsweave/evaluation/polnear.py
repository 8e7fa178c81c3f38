"""PolNeAR reader and quote (attribution) scorer against human Source / Cue / Content spans.

PolNeAR (Newell et al., LREC 2018) annotates every attribution in 1,008 US political news
articles from 2016, in ``train`` (840 articles, the split the quote rules were tuned on) and
``dev`` (84 articles, only measured). Articles annotated by several annotators are scored
against the first annotator file in name order.

Matching, one-to-one and greedy by overlap, between predicted and gold *contents*:

* **exact**: same extent after trimming whitespace, quotation marks, edge punctuation and a
  leading "that" (gold contents keep the quote marks and the "that"; ours drop them);
* **overlap 50%**: shared word tokens >= 50% of the larger of the two contents;
* **any overlap**: at least one shared word token.

Token P/R/F1 counts word tokens of matched (overlap 50%) contents over all predicted / gold
content tokens. **Speaker accuracy** is over contents matched at 50%: correct when the predicted
speaker mention overlaps the gold Source span, or when the head word (last word, possessive cut)
of the predicted mention or resolved speaker equals the gold Source's head word.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsweave.extract.quotes import Attribution, QuoteExtractor

_WORD = re.compile(r"\w+", re.UNICODE)
_EDGE = "\"'“”‘’«»„.,;:!?()[]—–- \t\n"


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution: content, source and cue spans (each possibly discontinuous)."""

    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    cue: tuple[tuple[int, int], ...]


@dataclass(slots=True)
class Counts:
    """Running totals for one split and one extractor configuration."""

    articles: int = 0
    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    any_overlap: int = 0
    tok_gold: int = 0
    tok_pred: int = 0
    tok_shared: int = 0
    speaker_total: int = 0
    speaker_ok: int = 0
    gold_direct: int = 0
    found_direct: int = 0
    seconds: float = 0.0
    extra: dict[str, int] = field(default_factory=dict)

    def prf(self, hits: int) -> tuple[float, float, float]:
        """Precision, recall, F1 for ``hits`` matches."""
        p = hits / self.pred if self.pred else 0.0
        r = hits / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def token_prf(self) -> tuple[float, float, float]:
        """Token-level precision, recall, F1 over matched contents."""
        p = self.tok_shared / self.tok_pred if self.tok_pred else 0.0
        r = self.tok_shared / self.tok_gold if self.tok_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def pronoun_accuracy(self) -> float:
        """Share of he/she sources resolved to the name the gold source chain implies."""
        total = self.extra.get("pronoun_total", 0)
        return self.extra.get("pronoun_ok", 0) / total if total else 0.0

    @property
    def speaker_accuracy(self) -> float:
        """Share of matched contents whose speaker is right."""
        return self.speaker_ok / self.speaker_total if self.speaker_total else 0.0


def _spans(field_text: str) -> tuple[tuple[int, int], ...]:
    out = []
    for part in field_text.split(";"):
        s, e = part.split()
        out.append((int(s), int(e)))
    return tuple(out)


def read_ann(path: Path) -> list[GoldAttribution]:
    """Parse a BRAT ``.ann`` file into attributions (Source/Cue/Content per ``E`` line)."""
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = _spans(offsets)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(x.split(":", 1) for x in parts[1].split() if ":" in x))
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""), ())
        if not content:
            continue
        out.append(
            GoldAttribution(
                content, spans.get(ev.get("Source", ""), ()), spans.get(ev.get("Cue", ""), ())
            )
        )
    return out


def load_split(split_dir: Path) -> list[tuple[str, str, list[GoldAttribution]]]:
    """``(name, text, gold attributions)`` for every article of a PolNeAR split folder."""
    anns: dict[str, Path] = {}
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(stem, ann)
    out = []
    for txt in sorted((split_dir / "text").glob("*.txt")):
        ann_path = anns.get(txt.stem)
        if ann_path is None:
            continue
        out.append((txt.stem, txt.read_text(encoding="utf-8"), read_ann(ann_path)))
    return out


def _tokens(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Start offsets of the word tokens inside ``spans`` (a comparable token identity)."""
    out: set[int] = set()
    for s, e in spans:
        out.update(m.start() for m in _WORD.finditer(text, s, e))
    return frozenset(out)


def _extent(text: str, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Overall extent of ``spans`` trimmed of edge punctuation, quote marks and a leading that."""
    s, e = min(a for a, _ in spans), max(b for _, b in spans)
    while True:
        s0, e0 = s, e
        while s < e and text[s] in _EDGE:
            s += 1
        while e > s and text[e - 1] in _EDGE:
            e -= 1
        if text[s : s + 5].lower() == "that " and e - s > 5:
            s += 5
        if (s, e) == (s0, e0):
            return s, e


def _head(text: str) -> str:
    words = _WORD.findall(re.sub(r"['’]s\b", "", text))
    return words[-1].lower() if words else ""


def score_article(
    text: str, gold: Sequence[GoldAttribution], pred: Sequence[Attribution], c: Counts
) -> None:
    """Add one article's matches to ``c``."""
    c.articles += 1
    c.gold += len(gold)
    c.pred += len(pred)
    g_tok = [_tokens(text, g.content) for g in gold]
    p_tok = [_tokens(text, p.content) for p in pred]
    g_ext = [_extent(text, g.content) for g in gold]
    p_ext = [_extent(text, p.content) for p in pred]
    c.tok_gold += sum(len(t) for t in g_tok)
    c.tok_pred += sum(len(t) for t in p_tok)
    for g in gold:
        if any(ch in text[s:e] for s, e in g.content for ch in '"“”«»'):
            c.gold_direct += 1
    pairs = sorted(
        (
            (len(g_tok[gi] & p_tok[pi]), gi, pi)
            for gi in range(len(gold))
            for pi in range(len(pred))
            if g_tok[gi] & p_tok[pi]
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for shared, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        c.any_overlap += 1
        if shared < 0.5 * max(len(g_tok[gi]), len(p_tok[pi])):
            continue
        c.overlap += 1
        c.tok_shared += shared
        c.exact += g_ext[gi] == p_ext[pi]
        if any(ch in text[s:e] for s, e in gold[gi].content for ch in '"“”«»'):
            c.found_direct += 1
        g, p = gold[gi], pred[pi]
        if not g.source:
            continue
        c.speaker_total += 1
        gsrc = " ".join(text[s:e] for s, e in g.source)
        ok = False
        if p.source is not None:
            ps, pe = p.source
            ok = any(ps < e and s < pe for s, e in g.source)
            ok = ok or _head(text[ps:pe]) == _head(gsrc)
        if not ok and p.speaker:
            ok = _head(p.speaker) == _head(gsrc)
        c.speaker_ok += ok
        if gsrc.strip().lower() in _PERSONAL_PRONOUNS:
            _score_pronoun(text, gold, gold[gi], p, c)


# He/she sources: PolNeAR has no coreference chains, so the referent a pronoun Source implies
# is approximated by the nearest preceding gold Source that is a capitalised name (the
# article's own source chain); the predicted speaker is right when its last word matches.
_PERSONAL_PRONOUNS = frozenset({"he", "she"})


def _named_head(text: str, source: Sequence[tuple[int, int]]) -> str:
    """Last capitalised word of a gold Source ("Sen. Ted Cruz (Tex.)" -> "cruz"), or ""."""
    names = [w for w in _WORD.findall(" ".join(text[s:e] for s, e in source)) if w[0].isupper()]
    return names[-1].lower() if names else ""


def _score_pronoun(
    text: str, gold: Sequence[GoldAttribution], g: GoldAttribution, p: Attribution, c: Counts
) -> None:
    start = min(s for s, _ in g.source)
    before = sorted(
        (min(s for s, _ in o.source), _named_head(text, o.source))
        for o in gold
        if o.source and min(s for s, _ in o.source) < start
    )
    named = [h for _, h in before if h and h.lower() not in _PERSONAL_PRONOUNS]
    if not named:
        return
    c.extra["pronoun_total"] = c.extra.get("pronoun_total", 0) + 1
    if p.speaker and _head(p.speaker) == named[-1]:
        c.extra["pronoun_ok"] = c.extra.get("pronoun_ok", 0) + 1


def evaluate(split_dir: Path, extractor: QuoteExtractor) -> Counts:
    """Score ``extractor`` on one PolNeAR split folder (``.../polnear/dev``)."""
    c = Counts()
    for _name, text, gold in load_split(split_dir):
        # CPU time of this process: wall-clock time swings with other jobs on a shared machine.
        t0 = time.process_time()
        pred = extractor.attributions(text)
        c.seconds += time.process_time() - t0
        score_article(text, gold, pred, c)
    return c
