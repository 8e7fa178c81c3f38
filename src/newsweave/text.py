"""Small text utilities shared by the stages: sentence spans, tokens, quote normalisation.

Sentence splitting is rule-based on purpose: it is fast (the clustering goal is hundreds of
articles per second), needs no model, and keeps exact character offsets so that claims and
quotes point back into the article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Abbreviations that end with a period but rarely end a sentence in news text. Lower-cased,
# without the final period. Titles before names matter most ("Lt. Gen. Keith Kellogg").
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft lt col gen maj capt cpt sgt cmdr adm gov sen rep rev hon
    pres supt insp det cpl pvt
    jan feb mar apr jun jul aug sep sept oct nov dec
    vol fig inc ltd co corp bros dept est approx vs etc al
    u.s u.k u.n e.g i.e a.m p.m d.c n.y l.a
    ave blvd rd
    """.split()
)

_OPENERS = "\"'“‘«(["
_CLOSERS = "\"'”’»)]"

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s)")
_NEXT_START = re.compile(r"\s+([" + re.escape(_OPENERS) + r"]*)(\S)")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the period at ``dot`` ends an abbreviation or an initial."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if word in ("no", "nos"):  # "No. 5" is an abbreviation, "said no." ends a sentence
        return bool(re.match(r"\s*\d", text[dot + 1 : dot + 4]))
    if word in _ABBREVIATIONS:
        return True
    # Single initials ("John F. Kennedy") and dotted acronyms ("U.S.").
    return (len(word) == 1 and word.isalpha() and text[start].isupper()) or "." in word


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the sentences of ``text``, stripped of whitespace.

    Line breaks always end a sentence: news text arrives one paragraph per line.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        base = line.start()
        chunk = line.group()
        begin = 0
        for match in _BOUNDARY.finditer(chunk):
            end = match.end()
            term = match.group()
            if (
                term[0] == "."
                and len(term.rstrip(_CLOSERS)) == 1
                and _is_abbreviation(chunk, match.start())
            ):
                continue
            nxt = _NEXT_START.match(chunk, end)
            if nxt is None:
                continue
            first = nxt.group(2)
            # Only split when the next sentence plausibly starts: capital, digit or quote.
            if not (first.isupper() or first.isdigit() or nxt.group(1)):
                continue
            spans.append((base + begin, base + end))
            begin = nxt.start(1)
        spans.append((base + begin, base + len(chunk)))
    return [(s, e) for s, e in (_strip_span(text, s, e) for s, e in spans) if e > s]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` as strings."""
    return [text[s:e] for s, e in sentence_spans(text)]


_QUOTE_MAP = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "`": "'",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)


def normalize_punct(text: str) -> str:
    """Map typographic quotes, dashes and no-break spaces to ASCII (same length)."""
    return text.translate(_QUOTE_MAP)


# The combining-diacritics blocks: U+0300-036F, 1AB0-1AFF, 1DC0-1DFF, 20D0-20FF, FE20-FE2F.
_DIACRITIC_BLOCKS = re.compile(
    r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


def fold(text: str, *, keep_backtick: bool = False, blocks_only: bool = False) -> str:
    """Lower-case, strip accents and normalise punctuation: a key for fuzzy comparison.

    The text is mapped by :func:`normalize_punct`, decomposed (NFKD), stripped of combining
    characters and lower-cased. The keywords keep the exact keys of the two faster variants
    that clustering and comparison were tuned with (one function, three behaviours):

    Args:
        text: any text.
        keep_backtick: text made only of ASCII characters is just lower-cased, so a backtick
            stays "`" (by default it becomes "'", as in any other text). Used by clustering's
            word features and by compare.
        blocks_only: in text with a non-ASCII character, remove only the characters of the
            combining-diacritics blocks (U+0300-036F, 1AB0-1AFF, 1DC0-1DFF, 20D0-20FF,
            FE20-FE2F) instead of every character with a non-zero combining class: kana
            voicing marks and Indic, Hebrew or Arabic marks stay, the combining grapheme
            joiner U+034F goes. Used by compare.
    """
    if text.isascii():
        # NFKD and the combining filter leave ASCII as is; "`" is its only mapped character.
        low = text.lower()
        return low if keep_backtick else low.replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", normalize_punct(text))
    if blocks_only:
        return _DIACRITIC_BLOCKS.sub("", decomposed).lower()
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """Word tokens of ``text`` (letters/digits, inner hyphens and apostrophes kept)."""
    return _WORD.findall(text)


def iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(index, start offset, line)`` for every line, keeping exact offsets."""
    pos = 0
    for index, line in enumerate(text.split("\n")):
        yield index, pos, line
        pos += len(line) + 1


STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself said says
    say told tell according also would could may might must shall one two new last year years
    """.split()
)
