"""Boilerplate removal for plain text that arrives already extracted (scraped pages, JSONL dumps).

Every line of ``Article.raw_text`` is classified; a removed line goes to ``removed_lines`` with
its 0-based line index and a reason code (see docs/ARCHITECTURE.md, "Line classification in
cleaning"), so nothing is lost and the extractor can read titles, datelines, credits and ids
from them. Four kinds of evidence, all general:

* **patterns**: a documented set in ``newsweave/data/patterns/boilerplate.toml`` (promos,
  newsletter, subscribe/share prompts, credits, copyright, disclaimers, cookie/captcha notices,
  site chrome);
* **position**: the header zone (before the first line of article prose) and the footer zone
  (after the last one) hold titles, datelines, bylines and widgets;
* **shape**: machine ids, separators, bare URLs, lines that are not prose;
* **repetition**: lines a source repeats across otherwise different articles, learned by
  :meth:`Cleaner.fit`. Syndicated copies repeat *every* line, so copies of one article count
  once.

The first rule is never to remove a real article sentence: prose-shaped lines are removed only
by specific patterns, never by position or repetition alone (unless they address the reader,
"please check your inbox", which news prose does not do outside quotes). One kind of prose
goes by repetition and position together: a **template paragraph** ("The Lantern is
reader-funded. Become a member from 3 crowns a month."), a line of at least ``BODY_MIN_WORDS``
words that one source repeats verbatim (digits aside) in several *unrelated* articles, each
time at the edge of the article (nothing but other boilerplate between it and the start or the
end), removed with reason ``"template"``. A sentence that long, word for word, in reports of
different happenings is not chance phrasing and so carries nothing about any one of them;
short stock sentences ("No one was in custody.") recur because reporters write them, and stay.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import PurePath

from rapidfuzz import fuzz

from newsweave.models import Article, RemovedLine
from newsweave.text import STOPWORDS, fold, sentence_spans, words
from newsweave.urls import host_of

log = logging.getLogger(__name__)

#: Lines longer than this are never boilerplate by pattern: the longest legal disclaimers seen
#: (MENAFN, AP, CBS Local) have 40-70 words; article paragraphs that happen to contain "all
#: rights reserved" are longer.
MAX_BOILERPLATE_WORDS = 90

#: A line of at least this many words that reads as prose marks the article body; the header
#: zone ends at the first, the footer zone starts after the last. Eight words is longer than
#: nearly every headline-free widget text and shorter than nearly every news paragraph.
BODY_MIN_WORDS = 8

#: Longest headline accepted as a "title" line (news headlines are 5-20 words).
TITLE_MAX_WORDS = 30

_REASONS = (
    "title", "dateline", "credit", "promo", "subscribe", "share", "newsletter",
    "disclaimer", "copyright", "id", "chrome", "repeated", "template",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    boundary: bool  # the pattern began with \b: the match must start at a word boundary
    cased: bool  # the pattern has case-sensitive parts: match the original line with re.I
    literal: str  # text every match contains (checked first, with a fast substring test)


def required_literal(pattern: str) -> str:
    """The longest run of plain characters every match of ``pattern`` must contain ("" if
    none is certain): characters at the top level, outside groups, classes and alternation,
    not followed by a quantifier."""
    runs: list[str] = []
    current: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        quantified = i + 1 < len(pattern) and pattern[i + 1] in "?*+{"
        if c == "\\":
            i += 2
            runs.append("".join(current))
            current = []
            continue
        if c in "[{":
            end = pattern.find("]" if c == "[" else "}", i + 2 if c == "[" else i + 1)
            i = (end if end >= 0 else len(pattern)) + 1
            runs.append("".join(current))
            current = []
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return ""  # a top-level alternative: nothing is certain
        if depth == 0 and c not in "()^$.?*+{}" and c.isascii() and not quantified:
            current.append(c)
        else:
            runs.append("".join(current))
            current = []
        i += 1
    runs.append("".join(current))
    best = max(runs, key=len)
    return best if len(best) >= 3 else ""


@dataclass(frozen=True, slots=True)
class _PatternSet:
    reason: str
    scope: str  # "any" | "short" | "whole"
    patterns: tuple[_Pattern, ...]


def _compile(pattern: str, scope: str) -> _Pattern:
    # Speed: Python's re finds a literal prefix fast but not an alternation of 80 patterns or
    # a leading \b, so each pattern is matched alone against the lower-cased line, with the
    # leading \b checked by hand (15x faster on GVA texts than one case-insensitive union).
    # Most lines contain none of a pattern's literal words, so a substring test first skips
    # the regex for them (another 3x on GVA).
    cased = "(?-i:" in pattern
    if scope == "whole":
        return _Pattern(re.compile(pattern, re.I), False, True, "")
    boundary = pattern.startswith("\\b")
    body = pattern[2:] if boundary else pattern
    literal = "" if cased else required_literal(body)
    regex = re.compile(body, re.I) if cased else re.compile(body)
    return _Pattern(regex, boundary, cased, literal)


def _load_patterns() -> tuple[_PatternSet, ...]:
    """Read and compile the packaged pattern file."""
    path = resources.files("newsweave").joinpath("data", "patterns", "boilerplate.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sets = []
    for entry in data["set"]:
        if entry["reason"] not in _REASONS or entry["scope"] not in ("any", "short", "whole"):
            raise ValueError(f"bad pattern set {entry.get('reason')!r} in {path}")
        compiled = tuple(_compile(p, entry["scope"]) for p in entry["patterns"])
        sets.append(_PatternSet(entry["reason"], entry["scope"], compiled))
    return tuple(sets)


def _search(pattern: _Pattern, line: str, lower: str) -> bool:
    text = line if pattern.cased else lower
    if pattern.literal and pattern.literal not in text:
        return False
    if not pattern.boundary:
        return pattern.regex.search(text) is not None
    pos = 0
    while True:
        m = pattern.regex.search(text, pos)
        if m is None:
            return False
        start = m.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            return True
        pos = start + 1


# Compiled once at import: immutable regexes (they pickle by pattern), not a model cache.
_PATTERNS = _load_patterns()

_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$|[\"”»]$")
_LOWER = re.compile(r"[a-zà-ÿ]")
_ID_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-:.]{15,}$")
_HEX_OR_UUID = re.compile(
    r"^(?:[0-9a-fA-F]{16,}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})$"
)
#: An HTML/XML tag; a line of tags only is an empty embed.
MARKUP_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_LONG_NUMBER = re.compile(r"\d{8,}")
_SEPARATORS = re.compile(r"\s[|·•]\s|\s[-–—]\s")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_BYLINE = re.compile(r"^by\s+(?:the\s+)?[A-Z][\w.'’-]*(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){0,6}$")
# "1:57 Police talk about ...": a video playlist entry (duration + caption), not "2:45 p.m.".
# A photo credit closing a caption line: "(Photo: KHOU)", "| Photo by Sean Moody",
# "View Full Caption Getty Images/File Photo".
_TRAILING_CREDIT = re.compile(
    r"\s*(?:\((?:photo|image|courtesy|source|credit|file photo|video)\b[^()]*\)"
    r"|[|]\s*photo\b[^|]*|view full caption\b.*)\s*$",
    re.I,
)
_VIDEO_ITEM = re.compile(r"^\d{1,2}:\d{2}\s+(?![ap]\.?m\b)\S", re.I)
_LEADING_SYMBOLS = re.compile(r"^[\W_]+")
# Second person and imperatives aimed at the reader: news prose does not address its reader
# outside quotes, widgets and prompts do ("please check your inbox", "click to continue").
_READER = re.compile(
    r"\b(you|your|you're|please|click|tap|sign in|sign up|log in|subscribe|download)\b", re.I
)

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?"
)
_DATE_CORE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b",
    re.I,
)
# Words a dateline may carry besides the date itself.
_DATELINE_FILLER = re.compile(
    rf"\b(?:{_WEEKDAYS}|{_MONTHS}|published|updated|posted|last|modified|first|date|on|at|"
    r"am|pm|a\.m|p\.m|gmt|utc|bst|cet|cest|msk|est|edt|cst|cdt|mst|mdt|pst|pdt|ist|et|pt|"
    r"\d+(?:st|nd|rd|th)?)\b|[\W_]+",
    re.I,
)


def _norm(line: str) -> str:
    return " ".join(line.split())


def line_key(line: str) -> str:
    """Key under which a line counts as "the same line" across articles (folded, spaced)."""
    norm = _norm(line)
    # ASCII needs no accent stripping or quote mapping: lower() is the same fold, 10x faster.
    return norm.lower() if norm.isascii() else fold(norm)


_DIGIT_RUN = re.compile(r"\d+")


def paragraph_key(line: str) -> str:
    """Key under which two prose lines count as one template paragraph: :func:`line_key` with
    every run of digits masked ("© 2023 ..."/"© 2024 ...", "from 3 crowns"/"from 5 crowns")."""
    return _DIGIT_RUN.sub("#", line_key(line))


def is_prose(norm: str, n_words: int) -> bool:
    """Prose: several words (``n_words`` of them), lower-case letters, final punctuation."""
    return n_words >= 3 and bool(_TERMINAL.search(norm)) and bool(_LOWER.search(norm))


def _is_id(norm: str) -> bool:
    """A machine id: one long token mixing letters and many digits, a hex hash or a UUID, or
    a short labelled id ("VNA-ID 20240312-0233-EN", "Ref: 000195011045")."""
    if " " in norm:
        if len(norm.split()) > 4 or is_dateline(norm):
            return False
        alnum = [c for c in norm if c.isalnum()]
        digits = sum(c.isdigit() for c in alnum)
        return digits >= 8 and digits * 2 >= len(alnum) and bool(_LONG_NUMBER.search(norm))
    if _HEX_OR_UUID.match(norm):
        return True
    if not _ID_TOKEN.match(norm):
        return False
    digits = sum(c.isdigit() for c in norm)
    return digits >= 8 and digits >= len(norm) // 3


def is_dateline(norm: str) -> bool:
    """True if the line is a date/time stamp, optionally with "Published"/"Updated" words,
    or such a stamp next to a short byline or site name ("12.03.2024, 10:15 | Harbour News",
    "By Rita Coyle | Monday 10 June 2024")."""
    if len(norm) > 100 or not _DATE_CORE.search(norm):
        return False
    if len(_DATELINE_FILLER.sub(" ", norm).split()) <= 1:
        return True
    parts = [p.strip() for p in _SEPARATORS.split(norm) if p.strip()]
    return (
        len(parts) > 1
        and any(
            _DATE_CORE.search(p) and len(_DATELINE_FILLER.sub(" ", p).split()) <= 1 for p in parts
        )
        and all(len(p.split()) <= 6 for p in parts)
    )


# Quoted speech and embedded posts are content even when they say "join us here" or "sign up
# for our newsletter"; patterns other than whole-line chrome are matched outside them.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|<(\w+)[^>]*>.*?</\1>")


def _pattern_reason(norm: str, n_words: int) -> tuple[str | None, str | None]:
    """Return ``(strong reason, weak reason)`` from the pattern set."""
    weak = None
    if n_words > MAX_BOILERPLATE_WORDS:
        return None, None
    unquoted = _QUOTED.sub(" ", norm) if ("“" in norm or '"' in norm or "<" in norm) else norm
    lower = unquoted.lower()
    for ps in _PATTERNS:
        if ps.scope == "whole":
            if n_words <= 8 and any(p.regex.fullmatch(norm) for p in ps.patterns):
                return ps.reason, None
            continue
        if ps.scope == "short" and weak is not None:
            continue  # a weak reason is already known; only a strong one could change it
        for p in ps.patterns:
            # Inlined literal test: this loop runs ~100 times per line.
            if p.literal and p.literal not in lower:
                continue
            if _search(p, unquoted, lower):
                if ps.scope == "any":
                    return ps.reason, None
                weak = ps.reason
                break
    return None, weak


def _boilerplate_tail(line: str) -> tuple[int, str] | None:
    """If ``line`` is prose whose trailing sentences are boilerplate, where they start and why.

    Only a tail counts: the first sentence must be clean, and everything from the first
    boilerplate sentence to the end of the line goes.
    """
    spans = sentence_spans(line)
    if len(spans) < 2:
        return None
    # The head must read as news: prose, not addressing the reader, not a credit in brackets.
    first = _norm(line[spans[0][0] : spans[0][1]])
    if first[0] in "([" or _READER.search(first) or "©" in first:
        return None
    for k, (start, end) in enumerate(spans):
        sent = _norm(line[start:end])
        strong, weak = _pattern_reason(sent, len(sent.split()))
        reason = strong or weak
        if reason is not None:
            return (start, reason) if k > 0 else None
    return None


def _is_headline(norm: str, n_words: int) -> bool:
    """Shape of a headline: a few words, a capital start, no sentence-final period."""
    if not 2 <= n_words <= TITLE_MAX_WORDS or norm[-1] in ".,;:":
        return False
    first = norm[0]
    return (first.isupper() or first.isdigit() or first in "\"'“‘") and bool(_LOWER.search(norm))


def _matches_title(norm: str, title: str) -> bool:
    a = fold(_LEADING_SYMBOLS.sub("", norm))
    b = fold(_norm(title))
    if not a or not b:
        return False
    if a == b or (len(b) >= 20 and (a.startswith(b) or b.startswith(a)) and len(a) >= 20):
        return True
    # Headlines differ slightly between page metadata and the page ("- Site Name" suffixes,
    # truncation): 85 tolerates that and still rejects a lead sentence (checked on GVA, whose
    # records carry the page titles).
    return fuzz.ratio(a, b) >= 85


def clean_text(
    text: str,
    repeated: frozenset[str] = frozenset(),
    *,
    title: str | None = None,
    templates: frozenset[str] = frozenset(),
) -> tuple[str, tuple[RemovedLine, ...]]:
    """Remove boilerplate lines from ``text``.

    Args:
        text: raw article text, one paragraph per line.
        repeated: :func:`line_key` keys of lines repeated across the source's other articles
            (learned by :meth:`Cleaner.fit`).
        title: the article's title from its record, if known; a header line matching it is
            removed with reason ``"title"``. Without it, a headline-shaped first line is.
        templates: :func:`paragraph_key` keys of template paragraphs (learned by
            :meth:`Cleaner.fit`); such a line is removed with reason ``"template"`` where it
            stands at the edge of the article (no article prose between it and the start or
            the end), and kept elsewhere.

    Returns:
        The kept lines in order (runs of blank lines collapsed to one, no leading or trailing
        blank line) and every removed line with its 0-based index in ``text`` and its reason.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    n = len(lines)
    norms = [_norm(line) for line in lines]
    counts = [len(s.split()) for s in norms]
    reasons: list[str | None] = [None] * n
    weak: list[str | None] = [None] * n
    prose = [False] * n
    body = [False] * n
    tails: dict[int, tuple[int, str]] = {}  # line -> (offset where boilerplate starts, reason)
    template: list[int] = []  # body-shaped lines that are learned template paragraphs
    for i, norm in enumerate(norms):
        if not norm:
            continue
        prose[i] = is_prose(norm, counts[i])
        if _URL_LINE.match(norm) or not any(c.isalnum() for c in MARKUP_TAG.sub("", norm)):
            # Separators, bare links and empty embeds ('<tweet tweet-id="7834..."><tweet/>').
            reasons[i] = "chrome"
        elif _is_id(norm):
            reasons[i] = "id"
        else:
            reasons[i], weak[i] = _pattern_reason(norm, counts[i])
            credit = _TRAILING_CREDIT.search(lines[i])
            if reasons[i] is None and credit and len(lines[i][: credit.start()].split()) >= 4:
                # "Police say the boy was shot on Sunday. (Photo: KHOU)": a caption's credit.
                tails[i] = (credit.start(), "credit")
                head = _norm(lines[i][: credit.start()])
                counts[i] = len(head.split())
                prose[i] = is_prose(head, counts[i])
            elif reasons[i] is None and credit:
                reasons[i] = "credit"  # "Malaja Grant (Photo: Family photo)"
            elif prose[i] and (reasons[i] or weak[i]):
                tail = _boilerplate_tail(lines[i])
                if tail is not None:
                    # "Patel was a sophomore. ... Click here to donate.": keep the news, drop
                    # the prompt that the page glued to the paragraph.
                    tails[i] = tail
                    head = _norm(lines[i][: tail[0]])
                    reasons[i] = weak[i] = None
                    counts[i] = len(head.split())
        body[i] = reasons[i] is None and prose[i] and counts[i] >= BODY_MIN_WORDS
        if body[i] and templates and i not in tails and paragraph_key(norm) in templates:
            template.append(i)
            body[i] = False  # the body is what lies between the article's own paragraphs
    body_idx = [i for i in range(n) if body[i]]
    first_body = body_idx[0] if body_idx else n
    last_body = body_idx[-1] if body_idx else n
    for i in template:
        if first_body <= i <= last_body:
            body[i] = True  # inside the article: a quoted or reused paragraph, kept
        else:
            reasons[i] = "template"

    def zone(i: int) -> str:
        if i < first_body:
            return "header"
        return "footer" if i > last_body else "body"

    title_done = False
    header_kept = False
    for i, norm in enumerate(norms):
        if not norm or reasons[i] is not None:
            continue
        where = zone(i)
        if weak[i] is not None and (not prose[i] or where != "body"):
            reasons[i] = weak[i]
        elif not prose[i] and _VIDEO_ITEM.match(norm):
            reasons[i] = "chrome"
        elif repeated and line_key(norm) in repeated and (not prose[i] or _READER.search(norm)):
            reasons[i] = "repeated"
        elif where == "header":
            if title is not None and _matches_title(norm, title):
                reasons[i] = "title"
                title_done = True
            elif is_dateline(norm):
                reasons[i] = "dateline"
            elif _BYLINE.match(norm) and not prose[i]:
                reasons[i] = "credit"
            elif (
                # Without a known title, only the first kept header line may be a headline
                # by its shape; with one, a line must match it (GVA: 517 lead sentences and
                # captions without a final period were taken for headlines otherwise).
                not title_done
                and title is None
                and not header_kept
                and body_idx
                and _is_headline(_LEADING_SYMBOLS.sub("", norm) or norm, counts[i])
            ):
                reasons[i] = "title"
                title_done = True
            header_kept = header_kept or reasons[i] is None
        elif where == "footer":
            if is_dateline(norm):
                reasons[i] = "dateline"
            elif _BYLINE.match(norm) and not prose[i]:
                reasons[i] = "credit"
        if reasons[i] is None and where == "footer" and not prose[i]:
            prev = _previous_nonblank(norms, i)
            # A removed label ending in ":" ("Legal Disclaimer:", "TRENDING STORIES:") heads
            # a block of the same kind in the footer: the items under it go with it.
            if (
                prev is not None
                and reasons[prev] not in (None, "title")
                and (norms[prev].endswith(":") or _heads_block(norms, reasons, prev))
            ):
                reasons[i] = reasons[prev]
    # One line of prose directly under a removed footer label ("Legal Disclaimer:" + text).
    for i in range(last_body + 1, n):
        if reasons[i] is None and norms[i]:
            prev = _previous_nonblank(norms, i)
            if (
                prev is not None
                and reasons[prev] not in (None, "title", "dateline")
                and (norms[prev].endswith(":") and counts[prev] <= 4)
            ):
                reasons[i] = reasons[prev]

    kept: list[str] = []
    removed: list[RemovedLine] = []
    for i, line in enumerate(lines):
        reason = reasons[i]
        if reason is not None:
            removed.append(RemovedLine(line=i, text=line.strip(), reason=reason))
        elif i in tails:
            offset, tail_reason = tails[i]
            kept.append(line[:offset].rstrip())
            removed.append(RemovedLine(line=i, text=line[offset:].strip(), reason=tail_reason))
        elif norms[i]:
            kept.append(line.rstrip())
        elif kept and kept[-1] != "":
            kept.append("")
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept), tuple(removed)


def _previous_nonblank(norms: list[str], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if norms[j]:
            return j
    return None


def _heads_block(norms: list[str], reasons: list[str | None], j: int) -> bool:
    """True if line ``j`` was itself pulled into a block started by a label ending in ':'."""
    prev = _previous_nonblank(norms, j)
    return prev is not None and reasons[prev] == reasons[j] and norms[prev].endswith(":")


def source_group(article: Article) -> str:
    """Key of the source whose articles share boilerplate: outlet, else URL host, else folder."""
    if article.outlet:
        return "outlet:" + fold(article.outlet)
    if article.url:
        host = host_of(article.url)
        if host:
            return "host:" + host
    if article.path:
        return "dir:" + str(PurePath(article.path).parent)
    return ""


def _at_edge(
    lines: tuple[str, ...],
    key: str,
    templates: set[str],
    repeated: frozenset[str],
    cache: dict[str, bool],
) -> bool:
    """Whether the line of ``key`` stands at an edge of the article ``lines``: no line the
    cleaner would keep as prose between it and the start, or between it and the end."""

    def article_prose(norm: str) -> bool:
        kept = cache.get(norm)
        if kept is None:
            n_words = norm.count(" ") + 1
            kept = (
                is_prose(norm, n_words)
                and _pattern_reason(norm, n_words)[0] is None
                and not (line_key(norm) in repeated and _READER.search(norm))
            )
            cache[norm] = kept
        return kept and paragraph_key(norm) not in templates

    where = [i for i, norm in enumerate(lines) if paragraph_key(norm) == key]
    if not where:
        return False
    return not any(article_prose(x) for x in lines[where[-1] + 1 :]) or not any(
        article_prose(x) for x in lines[: where[0]]
    )


@dataclass(frozen=True, slots=True)
class _Seen:
    """What :meth:`Cleaner.fit` keeps of one article."""

    keys: frozenset[str]  # line_key of every line
    longest: frozenset[str]  # fingerprint: the longest prose lines
    lines: tuple[str, ...]  # the non-blank lines, normalised (for template paragraphs)
    paragraphs: frozenset[str]  # paragraph_key of its template-shaped lines


def _template_shaped(norm: str) -> bool:
    """A line that could be a template paragraph: prose of body length (a stock sentence is
    shorter) and no longer than boilerplate gets."""
    n_words = norm.count(" ") + 1
    return BODY_MIN_WORDS <= n_words <= MAX_BOILERPLATE_WORDS and is_prose(norm, n_words)


def _topic_words(lines: Iterable[str]) -> frozenset[str]:
    """Content words of an article's body paragraphs (what it is about, for relatedness)."""
    out: set[str] = set()
    for norm in lines:
        n_words = norm.count(" ") + 1
        if n_words >= BODY_MIN_WORDS and is_prose(norm, n_words):
            out.update(
                w for w in words(fold(norm)) if len(w) > 2 and w not in STOPWORDS and w.isalpha()
            )
    return frozenset(out)


class Cleaner:
    """Pipeline stage that removes boilerplate lines and keeps them with their reasons.

    Args:
        min_articles: a line counts as "repeated" when it occurs in at least this many
            *different* articles of one source (copies of one article count once). Two is
            enough because repetition alone never removes prose lines (see module doc).
        fingerprint_lines: two articles are copies of each other when they share at least
            ``fingerprint_lines - 1`` of their ``fingerprint_lines`` longest lines.
        min_template_articles: a prose line is a template paragraph (see module doc) when it
            stands at an edge of at least this many *unrelated* articles of one source.
        related_overlap: two articles are related (one story, its follow-ups) when their body
            words overlap at least this much (Jaccard). 0.2: on the GVA tune part, 95% of the
            pairs of one site's articles about different incidents overlap less, and half of
            the pairs about one incident more.

    Without :meth:`fit` the cleaner still works, from patterns, position and shape only.
    """

    name = "clean"
    requires = ("raw_text",)
    assigns = ("text", "removed_lines")

    def __init__(
        self,
        min_articles: int = 2,
        fingerprint_lines: int = 3,
        min_template_articles: int = 3,
        related_overlap: float = 0.2,
    ) -> None:
        self.min_articles = min_articles
        self.fingerprint_lines = fingerprint_lines
        self.min_template_articles = min_template_articles
        self.related_overlap = related_overlap

    def fit(self, articles: Iterable[Article]) -> Cleaner:
        """Learn, per source, the lines repeated across otherwise different articles and the
        template paragraphs.

        Args:
            articles: the corpus (any iterable; read once).

        Returns:
            ``self``, with ``repeated_`` mapping a source key to a frozenset of line keys and
            ``templates_`` the :func:`paragraph_key` keys of template paragraphs. Templates
            are learned per source but removed wherever they stand at an article's edge: one
            outlet reaches a corpus by several paths (files, feeds, records) that the cleaner
            cannot yet tell are one outlet.
        """
        if self.min_articles < 2 or self.min_template_articles < 2:
            raise ValueError(
                "min_articles and min_template_articles must be at least 2: a line in one "
                "article repeats nothing."
            )
        groups: dict[str, list[_Seen]] = defaultdict(list)
        for article in articles:
            raw = article.raw_text or article.text
            lines = tuple(norm for norm in (_norm(line) for line in raw.split("\n")) if norm)
            keys = {line_key(line) for line in lines}
            # Fingerprint from prose lines: widget lists (video playlists, link lists) can be
            # the longest lines of a short article and would make different articles look
            # like copies.
            prose = [k for k in keys if is_prose(k, k.count(" ") + 1)] or list(keys)
            # Ties in length broken by the text, not by the set's hash order (which differs
            # between processes: Spark executors run with PYTHONHASHSEED=0, analyze with a
            # random seed, and their cleaned texts would differ).
            longest = sorted(prose, key=lambda k: (-len(k), k))[: self.fingerprint_lines]
            paragraphs = frozenset(paragraph_key(x) for x in lines if _template_shaped(x))
            seen = _Seen(frozenset(keys), frozenset(longest), lines, paragraphs)
            groups[source_group(article)].append(seen)
        self.repeated_: dict[str, frozenset[str]] = {
            group: self._repeated_in(docs) for group, docs in groups.items() if len(docs) > 1
        }
        templates: set[str] = set()
        for group, docs in groups.items():
            templates |= self._templates_in(docs, self.repeated_.get(group, frozenset()))
        self.templates_: frozenset[str] = frozenset(templates)
        return self

    def _repeated_in(self, docs: list[_Seen]) -> frozenset[str]:
        containing: dict[str, list[int]] = defaultdict(list)
        for index, doc in enumerate(docs):
            for key in doc.keys:
                containing[key].append(index)
        need = max(1, self.fingerprint_lines - 1)
        out = set()
        for key, idx in containing.items():
            if len(idx) < self.min_articles:
                continue
            reps: list[frozenset[str]] = []
            for d in idx:
                fp = docs[d].longest
                if all(len(fp & r) < min(need, len(fp), len(r)) for r in reps):
                    reps.append(fp)
                    if len(reps) >= self.min_articles:
                        out.add(key)
                        break
        return frozenset(out)

    def _templates_in(self, docs: list[_Seen], repeated: frozenset[str]) -> set[str]:
        """Template paragraphs of one source: template-shaped lines found in at least
        ``min_template_articles`` mutually unrelated articles and, in every article that has
        them, at its edge."""
        need = self.min_template_articles
        containing: dict[str, list[int]] = defaultdict(list)
        for index, doc in enumerate(docs):
            for key in doc.paragraphs:
                containing[key].append(index)
        topics: dict[int, frozenset[str]] = {}

        def unrelated(idx: list[int]) -> bool:
            reps: list[frozenset[str]] = []
            for d in idx:
                if d not in topics:
                    topics[d] = _topic_words(docs[d].lines)
                mine = topics[d]
                if all(len(mine & r) < self.related_overlap * max(1, len(mine | r)) for r in reps):
                    reps.append(mine)
                    if len(reps) >= need:
                        return True
            return False

        found = {k for k, idx in containing.items() if len(idx) >= need and unrelated(idx)}
        kept_cache: dict[str, bool] = {}
        while found:  # a template may sit behind another one: settle them together
            still = {
                k for k in found if all(_at_edge(docs[d].lines, k, found, repeated, kept_cache)
                                        for d in containing[k])
            }  # fmt: skip
            if still == found:
                break
            found = still
        return found

    def repeated_for(self, article: Article) -> frozenset[str]:
        """The learned repeated lines of ``article``'s source (empty before :meth:`fit`)."""
        learned: dict[str, frozenset[str]] = getattr(self, "repeated_", {})
        return learned.get(source_group(article), frozenset())

    def clean(self, article: Article) -> Article:
        """Clean one article (see :func:`clean_text`)."""
        raw = article.raw_text or article.text
        text, removed = clean_text(
            raw,
            self.repeated_for(article),
            title=article.title,
            templates=getattr(self, "templates_", frozenset()),
        )
        return replace(article, text=text, removed_lines=removed)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Clean a stream of articles; an article that fails passes on unchanged (logged)."""
        self.errors_: list[str] = getattr(self, "errors_", [])
        for article in articles:
            try:
                yield self.clean(article)
            except Exception as exc:  # one bad article must not stop the stream
                log.warning("clean: article %s failed: %s", article.id, exc, exc_info=True)
                self.errors_.append(f"clean: {article.id}: {type(exc).__name__}: {exc}")
                yield article


__all__ = [
    "MARKUP_TAG",
    "MAX_BOILERPLATE_WORDS",
    "Cleaner",
    "clean_text",
    "is_dateline",
    "is_prose",
    "line_key",
    "paragraph_key",
    "required_literal",
    "source_group",
]
