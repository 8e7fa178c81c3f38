"""Split an article into claims: sentences (and ``;``-joined clauses) that state something.

Questions, headings, sub-headings and very short fragments are skipped: they assert nothing a
reader could compare across outlets.
"""

from __future__ import annotations

import re

from newsweave.compare.normalize import is_content
from newsweave.models import Article, Claim
from newsweave.outlets import outlet_label
from newsweave.text import sentence_spans, words

#: Fewest words a claim may have. Four-word sentences in news are nearly always captions,
#: datelines or fragments ("Read the statement.").
MIN_WORDS = 5
#: Fewest content words (not stopwords or reporting verbs).
MIN_CONTENT = 2
# Both halves of a ";"-joined sentence must be this long to be split into two claims.
_MIN_CLAUSE_WORDS = 6

_TERMINAL = re.compile(r"[.;!…\"'”’»)\]]\s*$")
_QUESTION = re.compile(r"\?[\"'”’»)\]]*\s*$")


# Lead-ins that are not part of the claim: agency credits "(MENAFN- AzerNews) " and datelines
# "WASHINGTON — " / "KYIV, Ukraine (AP) -- " / "PORT VALEN, Veltria, March 12 (Kestrel) - ".
# The claim starts after them, so summaries and alignment see the statement only (offsets
# still point into the article).
_LEAD_IN = re.compile(
    r"(?:\([A-Z][^()\n]{0,40}[-–—][^()\n]{1,60}\)\s*"
    r"|[A-Z][A-Z.'’ ]{1,30}(?:,\s*[A-Z][\w.' ]{1,30}){0,2}(?:\s*\([A-Za-z ]{1,20}\))?"
    r"\s*(?:—|–|--|-)\s+)+"  # both may stand together: "(AGG- Wire) CITY, May 6 (Wire) - "
)


def is_claim(text: str) -> bool:
    """True if ``text`` (one sentence) states something worth comparing.

    Skips questions, headings (no terminal punctuation), and fragments shorter than
    :data:`MIN_WORDS` words or with fewer than :data:`MIN_CONTENT` content words.
    """
    stripped = text.strip()
    if not stripped or _QUESTION.search(stripped):
        return False
    if not _TERMINAL.search(stripped):
        return False  # headings, sub-headings, bullets and captions lack final punctuation
    toks = words(stripped)
    if len(toks) < MIN_WORDS:
        return False
    n_letters = sum(map(str.isalpha, stripped))
    if n_letters and sum(map(str.isupper, stripped)) > 0.6 * n_letters:
        return False  # ALL-CAPS lines are kickers or shouted headings
    content = 0
    for w in toks:  # stops as soon as there are enough
        if is_content(w):
            content += 1
            if content >= MIN_CONTENT:
                return True
    return content >= MIN_CONTENT


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split the sentence ``text[start:end]`` at semicolons when both sides are full clauses."""
    spans = []
    begin = start
    for m in re.finditer(";", text[start:end]):
        cut = start + m.start()
        left, right = text[begin:cut], text[cut + 1 : end]
        if len(words(left)) >= _MIN_CLAUSE_WORDS and len(words(right)) >= _MIN_CLAUSE_WORDS:
            spans.append((begin, cut + 1))
            begin = cut + 1
    spans.append((begin, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        out.append((s, e))
    return out


def split_claims(article: Article, outlet: str | None = None) -> list[Claim]:
    """Return the claims of ``article`` in text order.

    Args:
        article: a cleaned article (claims point into ``article.text``).
        outlet: label to store on each claim; defaults to
            :func:`newsweave.outlets.outlet_label`.

    Returns:
        Claims with ids ``"<article id>#<index>"``; ``index`` counts kept claims from 0.
    """
    label = outlet if outlet is not None else outlet_label(article)
    text = article.text
    out: list[Claim] = []
    for s, e in sentence_spans(text):
        lead = _LEAD_IN.match(text, s, e)
        if lead:
            s = lead.end()
        for cs, ce in _clauses(text, s, e):
            piece = text[cs:ce]
            if not is_claim(piece):
                continue
            index = len(out)
            out.append(
                Claim(
                    id=f"{article.id}#{index}",
                    article_id=article.id,
                    outlet=label,
                    text=piece,
                    start=cs,
                    end=ce,
                    index=index,
                )
            )
    return out
