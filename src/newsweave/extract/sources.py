"""The agencies and outlets an article cites or relays ("Interfax news agency quoted ...",
"reports via TRT World", "told Fox News", "WASHINGTON (AP) —").

The method is general: cue phrases around a capitalised name, where the name must look like a
news organisation (it carries a media noun such as News, Times, Post, TV, Agency, or is a
broadcaster call sign) unless the cue itself says it is one ("X news agency", "reports via X",
"(X) —" after a datelined place). :data:`AGENCIES`, a short documented list of well-known wire
services, is a helper that lets "told Reuters" count and gives one spelling per agency
("Associated Press" -> "AP"); it is never the only way a source is found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from newsweave.models import RemovedLine
from newsweave.text import fold

#: Well-known news agencies and wire services: spelling variants -> one canonical name.
AGENCIES: dict[str, str] = {
    "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "reuters": "Reuters", "thomson reuters": "Reuters",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "france-presse": "AFP",
    "upi": "UPI", "united press international": "UPI",
    "tass": "TASS", "itar-tass": "TASS", "ria novosti": "RIA Novosti", "ria": "RIA Novosti",
    "interfax": "Interfax", "sputnik": "Sputnik",
    "xinhua": "Xinhua", "anadolu": "Anadolu Agency", "anadolu agency": "Anadolu Agency",
    "efe": "EFE", "ansa": "ANSA", "dpa": "dpa", "kyodo": "Kyodo", "yonhap": "Yonhap",
    "pti": "PTI", "press trust of india": "PTI", "ians": "IANS", "ani": "ANI",
    "bernama": "Bernama", "antara": "Antara", "pa media": "PA Media",
    "press association": "PA Media", "bloomberg": "Bloomberg", "irna": "IRNA",
    "tasnim": "Tasnim", "fars": "Fars", "wafa": "WAFA", "kcna": "KCNA", "ukrinform": "Ukrinform",
    "unian": "UNIAN", "menafn": "MENAFN", "cna": "CNA", "apa": "APA",
}  # fmt: skip

# Words that make a capitalised name a news organisation.
_MEDIA_WORDS = frozenset(
    """news times post press agency tv television radio journal herald tribune gazette daily
    network channel broadcasting broadcaster wire media magazine review observer telegraph
    guardian independent chronicle sun star today online insider examiner bulletin courier
    monitor express mirror standard dispatch inquirer sentinel globe mail newspaper reporter
    world""".split()
)
# Organisations that carry a media word without being media ("World Health Organization").
_NOT_MEDIA = frozenset(
    """organization organisation bank health cup council committee department ministry police
    office court university school party union forum program programme fund trade war
    series championship medical coroner video videos""".split()
)
_TITLE_WORDS = frozenset(
    """director chief president spokesman spokeswoman spokesperson minister secretary editor
    head officer chairman general mr mrs ms dr""".split()
)

# A capitalised name of up to six words on one line. Words may hold inner dots ("U.S") but
# not end with one, so a name never runs across a sentence end ("Associated Press. Sanders").
_WORD = r"[A-Z0-9][\w&'’-]*(?:\.[A-Za-z][\w&'’-]*)*"
_SP = r"[^\S\n]+"  # spaces within one line
_NAME = rf"(?:[Tt]he{_SP})?(?P<name>{_WORD}(?:{_SP}(?:of{_SP}|de{_SP}|for{_SP})?{_WORD}){{0,5}})"

# Cues that say the name is a news organisation, whatever its shape.
_STRONG = (
    re.compile(_NAME + r"\s+(?:news\s+agency|press\s+agency|wire\s+service)\b"),
    re.compile(
        r"\b(?:news\s+agency|press\s+agency|wire\s+service|state\s+media|state\s+broadcaster)"
        r"[^\S\n]+" + _NAME
    ),
    re.compile(r"\breport(?:s|ed)?\s+via\s+" + _NAME),
)
# Cues after which a single-word or media-looking name is a news organisation ("the
# newspaper Kommersant", "broadcaster NHK"), but a person's two-word name is not.
_MEDIA_NOUN = re.compile(
    r"\b(?:newspaper|tabloid|broadcaster|news\s+site|news\s+outlet|news\s+channel|news\s+portal)"
    r"[^\S\n]+" + _NAME
)
# Cues that need the name to look like a news organisation.
_WEAK = (
    re.compile(
        r"\b(?:told|according\s+to|via|citing|in\s+an\s+interview\s+with|speaking\s+to|"
        r"spoke\s+to|said\s+to|talking\s+to|interviewed\s+by|in\s+comments\s+to|"
        r"in\s+a\s+statement\s+to|confirmed\s+to|(?:first\s+)?reported\s+by|"
        r"(?:quoted|cited)\s+by|published\s+by|broadcast\s+by|aired\s+on|wrote\s+in|"
        r"writing\s+in|an\s+op-ed\s+in|a\s+report\s+(?:by|in|from))\s+" + _NAME
    ),
    re.compile(
        _NAME + r"\s+(?:reported|reports|said\s+in\s+a\s+report|first\s+reported|"
        r"has\s+reported|was\s+first\s+to\s+report|obtained|quoted|cited|"
        r"news\s+agency\s+quoted)\b"
    ),
)
# "WASHINGTON (AP) —", "HEMPSTEAD, N.Y., Sept. 26 (UPI) —", "(Reuters) -": the wire credit of
# a datelined lead, within the first 40 characters of a paragraph.
_DATELINE_CREDIT = re.compile(
    r"(?m)^[^()\n]{0,40}?\((?P<name>[A-Z][\w&.' -]{0,30}?)\)[^\S\n]*[-–—:]"
)
# "(MENAFN- AzerNews)": the distributor relays the outlet's story.
_RELAY_TAG = re.compile(r"\(\s*(?P<name>[A-Z][A-Za-z0-9&.]{1,20})\s*[-–—]\s*[^()]{2,60}?\s*\)")
_CREDIT_LINES = (
    re.compile(r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*,?\s*)?(?:by\s+)?" + _NAME, re.I),
    re.compile(_NAME + r"(?:\s+writers?\s+.*?)?\s+contributed\s+to\s+this", re.I),
    re.compile(r"^by\s+" + _NAME + r"\s*$", re.I),
    re.compile(r"^(?:source|credit)\s*:\s*" + _NAME, re.I),
)
_TRAILING_TIME = re.compile(
    r"(?:\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Today|Tonight))+$"
)
# Cue words of each pattern above, lower-cased, in the same order.
_STRONG_GATES = (("agency", "wire service"), ("agency", "wire service", "state "), ("via",))
_WEAK_GATES = (
    ("told", "according", "via", "citing", "interview", "speaking", "spoke", "said to",
     "talking", "comments to", "statement to", "confirmed to", "by", "aired", "wrote",
     "writing", "op-ed", "report"),
    ("report", "obtained", "quoted", "cited", "agency"),
)  # fmt: skip
_MEDIA_NOUN_GATE = ("newspaper", "tabloid", "broadcaster", "news site", "news outlet",
                    "news channel", "news portal")  # fmt: skip
_LEAD_WORDS = frozenset("as when while in but and so if after since because said says".split())
_CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-(?:TV|FM|AM))?(?:\s+\d{1,2})?(?:\s+News)?$")
_TRAILING = re.compile(r"(?:\s+(?:of|de|for|and|the))+$|['’]s$|[.'’]+$")


def canonical_source(name: str) -> str:
    """One spelling per source: agency aliases mapped, "the"/possessives/punctuation dropped."""
    name = re.sub(r"\s+", " ", name).strip(" .,;:-–—'’\"")
    words = name.split()
    # Sentence-initial words the capitalised-name pattern swept in ("As The Washington Post").
    while len(words) > 1 and words[0].lower() in _LEAD_WORDS:
        words = words[1:]
    name = " ".join(words)
    # "Fox News’ Megyn Kelly": the organisation is the possessor; "Iowa’s Cedar Rapids
    # Gazette": the possessed.
    m = re.match(r"^(.+?)(?:['’]s?)\s(.+)$", name)
    if m and looks_like_media(m.group(1)):
        name = m.group(1)
    elif m and looks_like_media(m.group(2)):
        name = m.group(2)
    name = _TRAILING_TIME.sub("", name)
    # "Bill O'Reilly of Fox News": the organisation follows "of".
    if " of " in name:
        tail = name.rsplit(" of ", 1)[1]
        if looks_like_media(tail):
            name = tail
    name = re.sub(r"^(?:the|The)\s+", "", name)
    name = _TRAILING.sub("", name).strip()
    return AGENCIES.get(fold(name), name)


_AGENCY_NAMES = frozenset(fold(v) for v in AGENCIES.values())


def is_agency(name: str) -> bool:
    """True if ``name`` is a well-known news agency (see :data:`AGENCIES`)."""
    return fold(name.strip()) in AGENCIES or fold(canonical_source(name)) in _AGENCY_NAMES


def looks_like_media(name: str) -> bool:
    """A capitalised name that reads as a news organisation."""
    if is_agency(name) or _CALL_SIGN.match(name):
        return True
    words = [w.strip(".,'’").lower() for w in name.split()]
    if not words or any(w in _NOT_MEDIA for w in words) or words[0] in _TITLE_WORDS:
        return False
    if any(w in _MEDIA_WORDS for w in words):
        return True
    # Compounds: "Azernews", "Newsweek", "Newsmax", "Mediaite".
    return any(
        re.fullmatch(r"[a-z]{3,}(news|times|post|press|media)|news[a-z]{3,}", w) for w in words
    )


_NON_ALNUM = re.compile(r"[^a-z0-9]")


def _letters(text: str) -> str:
    low = text.lower()
    return _NON_ALNUM.sub("", low if low.isascii() else fold(text))


def _same(a: str, b: str) -> bool:
    x, y = _letters(a), _letters(b)
    if not x or not y:
        return False
    if x == y:
        return True
    short, long_ = sorted((x, y), key=len)
    return len(short) >= 4 and long_.startswith(short)


# Words that name no one in particular: "Channel 2", "News 8", "Eyewitness News" are how a
# local station credits itself; a bare "Times" or "Herald" identifies no source.
_GENERIC = _MEDIA_WORDS | frozenset("channel eyewitness action local first the".split())


def _generic(name: str) -> bool:
    return all(w.lower() in _GENERIC or w.isdigit() for w in name.replace("-", " ").split())


def _is_self(name: str, labels: Sequence[str]) -> bool:
    """True if ``name`` is the publisher under another spelling ("CBSMiami" for
    miami.cbslocal.com, "WMC" for wmcactionnews5.com): a distinctive host label inside the
    name's letters, or the name's letters starting a label."""
    key = _letters(name)
    return len(key) >= 3 and any(
        len(label) >= 3 and (label in key or label.startswith(key)) for label in labels
    )


def cited_sources(
    text: str,
    removed: Sequence[RemovedLine] = (),
    *,
    outlet: str | None = None,
    self_names: Iterable[str] = (),
) -> tuple[str, ...]:
    """Agencies and outlets that ``text`` cites or relays, in order of first mention.

    Args:
        text: cleaned article text.
        removed: the cleaner's removed lines (copyright and credit lines name wire services).
        outlet: the article's own outlet, never returned as a source.
        self_names: distinctive labels of the publisher's URL host ("miami", "cbslocal"):
            a source whose name contains one is the publisher itself.

    Returns:
        Canonical source names (see :func:`canonical_source`), without duplicates.
    """
    found: list[tuple[int, str]] = []
    lower = text.lower()
    # Speed: a pattern that starts with a capitalised name is tried at every capital letter,
    # so each runs only when one of its cue words occurs at all.
    for rx, gate in zip(_STRONG, _STRONG_GATES, strict=True):
        if not any(g in lower for g in gate):
            continue
        for m in rx.finditer(text):
            name = m.group("name")
            if name.split()[0].lower() not in _TITLE_WORDS:
                found.append((m.start("name"), name))
    for rx, gate in zip(_WEAK, _WEAK_GATES, strict=True):
        if not any(g in lower for g in gate):
            continue
        for m in rx.finditer(text):
            if looks_like_media(canonical_source(m.group("name"))):
                found.append((m.start("name"), m.group("name")))
    for m in _MEDIA_NOUN.finditer(text) if any(g in lower for g in _MEDIA_NOUN_GATE) else ():
        name = m.group("name")
        if " " not in name or looks_like_media(name):
            found.append((m.start("name"), name))
    for rx in (_DATELINE_CREDIT, _RELAY_TAG):
        for m in rx.finditer(text):
            name = m.group("name").strip()
            if re.match(r"^[RDI]-", name):  # "(R-Texas)": a party label, not a wire
                continue
            if rx is _DATELINE_CREDIT and _CALL_SIGN.match(name) and not is_agency(name):
                continue  # "COLUMBUS (WCMH) —": a broadcaster's credit to itself
            found.append((m.start("name"), name))
    base = len(text) + 1
    for r in removed:
        if r.reason not in ("credit", "copyright"):
            continue
        for rx in _CREDIT_LINES:
            found_line = rx.search(r.text)
            if found_line and (
                is_agency(found_line.group("name"))
                or (rx is not _CREDIT_LINES[0] and looks_like_media(found_line.group("name")))
            ):
                found.append((base + r.line, found_line.group("name")))
                break
    exclude = [outlet] if outlet else []
    labels = [_letters(n) for n in self_names if n]
    names: list[str] = []
    seen: set[str] = set()
    for _, raw in sorted(found, key=lambda f: f[0]):
        name = canonical_source(raw)
        key = _letters(name)
        if (
            (len(key) < 3 and not is_agency(name))
            or key in seen
            or any(_same(name, x) for x in exclude)
            or _is_self(name, labels)
            or _generic(name)
        ):
            continue
        seen.add(key)
        names.append(name)
    # "the Post" after "The Washington Post": a short form of a name already found.
    return tuple(n for n in names if not any(o != n and o.endswith(" " + n) for o in names))


__all__ = ["AGENCIES", "canonical_source", "cited_sources", "is_agency", "looks_like_media"]
