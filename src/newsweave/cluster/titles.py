"""Event titles: the best real headline among an event's articles.

A headline as ingested is not always one: feeds and scrapers fill the title with a language
code ("en"), a year, a URL, the site's own name ("Journal Courier") or a credit line, and some
cut long headlines ("Man held after shooting in...."). Each article offers a title with a
tier (:func:`article_title`):

3. its own full headline (four words or more);
2. its headline cut by the publisher ("…" / "...") -- still the outlet's words;
1. its first sentence of three words or more (cut at 160 characters), or a short headline of
   one to three words (a section name such as "Daily Blotter" says less than a lead);
0. nothing usable ("(untitled)").

An event takes the offer with the highest :func:`title_score`: tier first, then the original
over a copy (``duplicate_of``), then the article most central to the event. So an event is
never titled with a cut lead while one of its articles has a real headline, and a syndicated
copy names it only when its headline is better than the original's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from newsweave.models import Article
from newsweave.outlets import name_key, outlet_label
from newsweave.text import sentences, words

#: Characters of a lead sentence used as a title before it is cut.
MAX_LEAD_CHARS = 160
#: Fewest words of a full headline; shorter ones rank below the lead sentence.
MIN_HEADLINE_WORDS = 4

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
_URLISH = re.compile(r"^(?:https?://|www\.)|^[\w-]+(?:\.[\w-]+)+/?$", re.IGNORECASE)
# "Photo credit: Getty Images", "Source: Ministry of Health" (a short name after the colon;
# "Sources: Angels offer Teixeira eight years" is a headline).
_CREDIT = re.compile(
    r"^(?:(?:photo|image|picture|video|graphic)s?|source|credit|copyright|©)\b[^:]{0,20}:(.*)$",
    re.IGNORECASE,
)
_MAX_CREDIT_WORDS = 4
_CUT = re.compile(r"(?:…|\.\.\.)\s*$")
# Hosts in a URL, the archived one too ("web.archive.org/web/2016/http://www.x.com/...").
_HOST = re.compile(r"(?:https?://|^)([a-z0-9.-]+\.[a-z]{2,})(?=[/:?#]|$)")
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


class Titled(Protocol):
    """What holds an event's title (the clusterer's event state)."""

    title: str
    title_score: float


def _site_name(title: str, article: Article) -> bool:
    """True if ``title`` is the publisher's name: the outlet's name, or a host's name."""
    key = name_key(title).replace(" ", "")
    if len(key) < 4:
        return False
    if article.outlet and name_key(article.outlet).replace(" ", "") == key:
        return True
    for host in _HOST.findall((article.url or "").lower()):
        labels = [x for x in host.split(".") if x not in ("www", "m", "amp")]
        if any(key == lab.replace("-", "") or (len(key) >= 8 and key in lab) for lab in labels):
            return True
    return False


def is_junk_title(title: str, article: Article | None = None) -> bool:
    """True if ``title`` is no headline at all: a language code, a number or date alone, a URL,
    a credit line, or the publisher's own name."""
    text = " ".join(title.split())
    if not text:
        return True
    if _LANGUAGE_CODE.match(text) or _URLISH.match(text):
        return True
    credit = _CREDIT.match(text)
    if credit and len(words(credit.group(1))) <= _MAX_CREDIT_WORDS:
        return True
    named = [w for w in words(text) if w.isalpha() and w.lower() not in _MONTHS]
    if not named:
        return True  # "2014", "May 6, 2014"
    return article is not None and len(named) <= 4 and _site_name(text, article)


def headline(article: Article) -> str | None:
    """The article's own headline when it is a real one (see :func:`is_junk_title`)."""
    text = " ".join((article.title or "").split())
    if not text or is_junk_title(text, article):
        return None
    return text


def _lead(article: Article) -> str | None:
    for sent in sentences((article.text or "")[:2000]):
        if len(sent.split()) >= 3:
            if len(sent) <= MAX_LEAD_CHARS:
                return sent
            return sent[: MAX_LEAD_CHARS - 1].rstrip() + "…"
    return None


def article_title(article: Article) -> tuple[str, int]:
    """The title ``article`` offers its event and its tier (3 best, 0 nothing)."""
    own = headline(article)
    if own is not None and len(words(own)) >= MIN_HEADLINE_WORDS:
        return own, 2 if _CUT.search(own) else 3
    lead = _lead(article)
    if lead is not None:
        return lead, 1
    if own is not None:
        return own, 1
    text = (article.text or "").strip()
    return (text[:MAX_LEAD_CHARS], 1) if text else ("(untitled)", 0)


def title_score(article: Article, central: float) -> float:
    """Rank of ``article``'s title for its event: tier, then original over copy, then
    ``central`` (the article's cosine with its event, in [0, 1])."""
    return _score(article_title(article)[1], article, central)


def _score(tier: int, article: Article, central: float) -> float:
    original = 0.0 if article.duplicate_of else 1.0
    return tier * 4.0 + original * 2.0 + min(max(central, 0.0), 1.0)


def offer_title(event: Titled, article: Article, central: float) -> None:
    """Give ``event`` the title of ``article`` if it ranks above the current one."""
    text, tier = article_title(article)
    score = _score(tier, article, central)
    if not event.title or score > event.title_score:
        event.title_score = score
        event.title = text


def outlet_headlines(articles: Sequence[Article]) -> list[dict[str, str | bool]]:
    """Each outlet's own headlines for an event, side by side: one row per distinct real
    headline of an outlet (``outlet``, ``headline``, ``article`` id, ``copy``: the article is
    a copy of another), in the order of ``articles``; originals before copies."""
    rows: list[dict[str, str | bool]] = []
    seen: set[tuple[str, str]] = set()
    for art in sorted(articles, key=lambda a: a.duplicate_of is not None):
        text = headline(art)
        if text is None:
            continue
        outlet = outlet_label(art)
        key = (outlet, " ".join(words(text.lower())))
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {"outlet": outlet, "headline": text, "article": art.id, "copy": bool(art.duplicate_of)}
        )
    return rows


__all__ = [
    "MAX_LEAD_CHARS",
    "MIN_HEADLINE_WORDS",
    "Titled",
    "article_title",
    "headline",
    "is_junk_title",
    "offer_title",
    "outlet_headlines",
    "title_score",
]
