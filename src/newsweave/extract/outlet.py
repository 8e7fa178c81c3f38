"""Who published an article: from the record, the URL's site, relay tags or the site's own lines.

Evidence is ranked by how directly it names the publisher:

1. the record's own ``outlet`` field (set by ingest from JSON, HTML metadata or a profile);
2. the site of the URL (web-archive URLs are unwrapped): **one outlet per registered domain**
   (``miami.cbslocal.com`` and ``pittsburgh.cbslocal.com`` are one outlet unless the outlets
   file splits them), named as the site's articles spell it ("Chicago Sun-Times" for
   suntimes.com, "KIRO" for kirotv.com), else from a small documented table of well-known
   sites, else the domain label split into words ("Baltimore Sun" for baltimoresun.com);
   nothing in the text outranks the URL — a relay tag, a self-promotion line, a tip line
   ("call Crime Stoppers") or an exchange credit ("Information from: The Town Talk") names
   someone else;
3. without a URL: a relay tag opening the text, ``(AGENCY- Outlet)`` (the outlet published it
   through a distributor), or ``Discover more from X``; then the site's own boilerplate
   ("Contact The Morning Klaxon newsdesk", an e-mail address at the site's domain);
4. a copyright holder ("© 2016 KHOU"), unless it is a news agency (then it is a cited source).

Credit, source and photo lines ("Photo credit: Getty Images", "Source: Ministry of Health",
"Credit: X") name whoever supplied a picture or a figure, never the publisher.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from newsweave.models import RemovedLine
from newsweave.text import fold
from newsweave.urls import host_of, registered_domain

# Host labels that carry no name ("www", "m", "edition", country-code second levels).
_NOISE_LABELS = frozenset(
    "www www1 www2 www3 m mobile amp edition news beta en eng english int uk us".split()
)

#: Well-known hosts whose readable name cannot be derived from the host alone. A helper for
#: common outlets only; every other host gets a name from the text or the domain label.
KNOWN_HOSTS: dict[str, str] = {
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "ft.com": "Financial Times",
    "foxnews.com": "Fox News",
    "huffingtonpost.com": "HuffPost",
    "huffpost.com": "HuffPost",
    "theguardian.com": "The Guardian",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "cnn.com": "CNN",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News",
    "apnews.com": "AP",
    "reuters.com": "Reuters",
    "bloomberg.com": "Bloomberg",
    "aljazeera.com": "Al Jazeera",
    "usatoday.com": "USA Today",
    "latimes.com": "Los Angeles Times",
    "politico.com": "Politico",
    "breitbart.com": "Breitbart",
    "rt.com": "RT",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "dw.com": "DW",
    "france24.com": "France 24",
    "npr.org": "NPR",
    "theatlantic.com": "The Atlantic",
    "economist.com": "The Economist",
    "telegraph.co.uk": "The Telegraph",
    "independent.co.uk": "The Independent",
    "dailymail.co.uk": "Daily Mail",
    "thehill.com": "The Hill",
}

_DISCOVER = re.compile(r"^discover more from\s+(?P<name>.+?)\s*$", re.I)
# "(MENAFN- AzerNews)": a distributor's tag, in capitals, followed by the outlet that supplied
# the story. "(Photo- Getty Images)" and "(Source- ministry)" are credits, not relays.
_RELAY_TAG = re.compile(
    r"\(\s*(?P<agency>(?!(?:PHOTOS?|IMAGES?|VIDEO|SOURCE|CREDITS?|FILE|AFP PHOTO)\b)"
    r"[A-Z][A-Z0-9&.]{1,20})\s*[-–—]\s*(?P<name>[^()]{2,60}?)\s*\)"
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?:by\s+)?"
    r"(?P<name>[A-Z][^.()|,]{1,60}?)"
    r"(?:\s*[-–,.|]?\s*(?:all rights reserved|a division of|\(|$|\.\s))",
    re.I,
)
_VOCAB = re.compile(r"[A-Za-z]{3,}")
_TRAIL_YEAR = re.compile(r"\s*\d{4}\s*$")


def _name_labels(host: str) -> list[str]:
    """The labels of ``host`` that can carry a name, most specific first."""
    dom = registered_domain(host)
    sub = host[: -len(dom)].rstrip(".").split(".") if host != dom else []
    main = dom.split(".")[0]
    return [label for label in sub if label not in _NOISE_LABELS] + [main]


_NON_ALNUM = re.compile(r"[^a-z0-9]")
#: Longest stem of a domain label read as a call sign ("kiro" of kirotv.com, "fox17").
CALL_SIGN_LETTERS = 5


def host_labels(host: str) -> list[str]:
    """The distinctive labels of ``host`` ("miami.cbslocal.com" -> ["miami", "cbslocal"]):
    no "www", no top-level domain, no generic word such as "news" or "times"."""
    return [label for label in _name_labels(host) if label not in NAME_WORDS]


def _letters(text: str) -> str:
    low = text.lower()
    return _NON_ALNUM.sub("", low if low.isascii() else fold(text))


_CAP_PHRASE = re.compile(r"\b(?:The\s+)?[A-Z0-9][\w&'’.-]*(?:\s+(?:of\s+)?[A-Z0-9][\w&'’.-]*){0,5}")


def name_in_text(host: str, texts: Iterable[str]) -> str | None:
    """Find the outlet's name as the article spells it, matching the host's letters.

    ``chicago.suntimes.com`` matches "Chicago Sun-Times", ``wave3.com`` "WAVE 3", ``rt.com``
    "RT". Only capitalised phrases count, and the match must cover the whole host name.
    """
    labels = _name_labels(host)
    targets = {"".join(labels), labels[-1]}
    # "kirotv.com" is spelled "KIRO 7" or "KIRO": without a generic suffix the name must be
    # in capitals and as short as a call sign, so "dallasnews.com" does not become the city
    # "Dallas" nor "delawareonline.com" a "DELAWARE" of a headline in capitals.
    caps_only = set()
    for target in list(targets):
        for suffix in ("online", "news", "tv", "com"):
            stem = target[: -len(suffix)]
            if target.endswith(suffix) and 2 < len(stem) <= CALL_SIGN_LETTERS:
                caps_only.add(stem)
    caps_only -= targets
    targets = {t for t in targets | caps_only if len(t) >= 2}
    full = "".join(labels)
    best: str | None = None
    best_len = 0
    first_letters = {t[0] for t in targets}
    for text in texts:
        for m in _CAP_PHRASE.finditer(text):
            words = m.group().split()
            keys = [_letters(w) for w in words]
            # every contiguous sub-phrase, longest first, so "Chicago Sun-Times" beats "Sun-Times"
            for start in range(len(words)):
                if not keys[start] or keys[start][0] not in first_letters:
                    continue
                key = ""
                for stop in range(start, len(words)):
                    key += keys[stop]
                    if key in targets and len(key) > best_len:
                        phrase = " ".join(words[start : stop + 1]).rstrip(".'’")
                        if key in caps_only and not phrase.replace(" ", "").isupper():
                            continue
                        best, best_len = phrase, len(key)
            if best_len == len(full):
                return best
    return best


# Words that make up outlet domain names ("eastbaytimes", "onlineathens"); with the words of
# the article itself they let :func:`segment_label` split a domain label into a name.
NAME_WORDS = frozenset(
    """news times post press herald tribune journal daily online gazette star sun record
    register review courier observer chronicle dispatch examiner sentinel standard telegraph
    mail express mirror inquirer bulletin leader enterprise democrat republican advocate
    independent reporter monitor globe world city county state local free the of and east west
    north south new bay valley river lake mountain coast tv radio live today now network media
    channel community weekly morning evening first""".split()
)
_CALL_SIGN_LABEL = re.compile(r"[kw][a-z]{2,3}\d*(tv)?")


def segment_label(
    label: str, vocabulary: Iterable[str] = (), *, english: bool = False
) -> list[str] | None:
    """Split a domain label into known words, fewest words first ("eastbaytimes" -> east bay
    times); None when it cannot be split into words of 3+ letters ("the", "of" excepted).

    Known words are :data:`NAME_WORDS`, ``vocabulary`` and, with ``english``, the common
    English words of :func:`_english_words`.
    """
    words = NAME_WORDS | {w.lower() for w in vocabulary if len(w) >= 3}
    common = _english_words() if english else frozenset()
    n = len(label)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 20), end):
            prev = best[start]
            if prev is None:
                continue
            piece = label[start:end]
            if piece not in words and piece not in common:
                continue
            if len(piece) < 3 and piece not in ("of",):
                continue
            if best[end] is None or len(prev) + 1 < len(best[end] or ()):
                best[end] = [*prev, piece]
    return best[n]


@lru_cache(maxsize=1)  # ~0.2 s once per process; read-only
def _english_words() -> frozenset[str]:
    """Common English words (wordfreq's top list, shipped offline), to split domain labels."""
    try:
        from wordfreq import top_n_list
    except ImportError:  # pragma: no cover - wordfreq is a dependency; the names degrade only
        return frozenset()
    return frozenset(w for w in top_n_list("en", ENGLISH_WORDS) if w.isalpha())


#: How many of the most frequent English words may make up a domain label ("baltimoresun" ->
#: baltimore sun, "nbcphiladelphia" -> nbc philadelphia).
ENGLISH_WORDS = 100_000
_VOWELS = frozenset("aeiouy")
_KNOWN_DOMAINS: dict[str, str] = {}


def _known_domain(domain: str) -> str | None:
    """The table's name for ``domain`` or for a host of it (abcnews.go.com names go.com)."""
    if not _KNOWN_DOMAINS:
        for known_host, name in KNOWN_HOSTS.items():
            _KNOWN_DOMAINS.setdefault(registered_domain(known_host), name)
    return KNOWN_HOSTS.get(domain) or _KNOWN_DOMAINS.get(domain)


def _word_case(word: str) -> str:
    if word in ("of", "and"):
        return word
    if len(word) <= 4 and not _VOWELS & set(word):
        return word.upper()  # call letters and network initials: CBS, NBC, WSB
    return word.capitalize()


def host_name(host: str, vocabulary: Iterable[str] = ()) -> str:
    """A readable name for the site of ``host`` (its registered domain, the same for every host
    of it): the table, else its domain label split into words.

    Args:
        host: a host name (see :func:`newsweave.urls.host_of`).
        vocabulary: words (e.g. of the site's articles) that may make up the label besides
            common English words.
    """
    if host in KNOWN_HOSTS:
        return KNOWN_HOSTS[host]
    dom = registered_domain(host)
    known = _known_domain(dom)
    if known:
        return known
    label = dom.split(".")[0]
    # Broadcast call signs (KSLA, WFLA) and short acronyms read in capitals.
    if len(label) <= 4 or _CALL_SIGN_LABEL.fullmatch(label):
        return label.upper()
    parts = []
    for part in label.split("-"):  # "sun-sentinel" -> Sun-Sentinel
        split = segment_label(part, vocabulary, english=True) if part.isalpha() else None
        if split and len(split) > 1:
            parts.append(" ".join(_word_case(w) for w in split))
        else:
            parts.append(_word_case(part) if part.isalpha() else part.capitalize())
    return "-".join(parts)


def learn_host_names(items: Iterable[tuple[str | None, Sequence[str], str]]) -> dict[str, str]:
    """One readable name per site (registered domain) over a corpus.

    The name is the spelling the site's articles use most often (:func:`name_in_text` on the
    domain), ties broken by the longer then the alphabetically first name; a site whose
    articles never spell it gets :func:`host_name` with the words of all its articles.

    Args:
        items: ``(url, removed line texts, text)`` per article.

    Returns:
        registered domain -> name, for every domain of the corpus.
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    vocabulary: dict[str, set[str]] = defaultdict(set)
    for url, removed, text in items:
        host = host_of(url) if url else None
        if not host:
            continue
        dom = registered_domain(host)
        spelled = name_in_text(dom, [*removed, text[:3000]])
        votes[dom]  # every domain gets a name, spelled or not
        if spelled:
            votes[dom][spelled] += 1
        elif len(vocabulary[dom]) < 5000:
            vocabulary[dom].update(_VOCAB.findall(text[:3000]))
    names = {}
    for dom, counts in votes.items():
        table = _known_domain(dom)
        if table:
            names[dom] = table
        elif counts:
            names[dom] = max(counts, key=lambda n: (counts[n], len(n), [-ord(c) for c in n]))
        else:
            names[dom] = host_name(dom, sorted(vocabulary[dom]))
    return names


def publisher_tag(lines: Sequence[str]) -> tuple[str, str] | None:
    """Publisher named explicitly: ``(AGENCY- Outlet)`` or ``Discover more from Outlet``."""
    for line in lines:
        text = line.strip()
        m = _RELAY_TAG.match(text)
        if m:
            return _clean_name(m.group("name")), text
        m = _DISCOVER.match(text)
        if m:
            name = _clean_name(m.group("name").split("|")[0])
            if name:
                return name, text
    return None


_OWN_REASONS = (
    "promo",
    "newsletter",
    "subscribe",
    "credit",
    "copyright",
    "share",
    "disclaimer",
    "repeated",
    "template",
)
_NAME_RX = r"(?:[Tt]he )?(?P<name>[A-Z][\w&'’.-]*(?: (?:of |de |on )?[A-Z0-9][\w&'’.-]*){0,5})"
# How a site speaks of itself in its own prompts and footers.
_SELF_PATTERNS = (
    re.compile(
        r"\b(?:[Cc]ontact|[Tt]ell|[Ee]mail|[Ww]rite to|[Cc]all) (?:the )?"
        + _NAME_RX
        + r" (?:newsdesk|news desk|newsroom|editors?|desk|team)\b"
    ),
    re.compile(
        r"^" + _NAME_RX + r" is (?:reader-funded|reader-supported|part of|owned by|"
        r"published by|a member of|funded by|supported by|an? (?:independent|nonprofit|"
        r"non-profit|reader))"
    ),
    re.compile(
        _NAME_RX + r"['’]s? (?:\w+ ){0,2}(?:newsletter|letter|briefing|podcast|app|digest)\b"
    ),
    re.compile(
        r"\b(?:[Ss]ubscribe to|[Ss]upport|[Bb]ecome a member of|[Dd]onate to) (?:the )?" + _NAME_RX
    ),
)
# The site's own domain in its boilerplate: an e-mail address at it ("tips@klaxon.example") or
# "Follow KLAXON.EXAMPLE". A domain in a credit, a tip line or a pointer ("Information from:
# The Town Talk, http://...", "call Crime Stoppers at crimestoppers.org", "Read the full story
# at ...") belongs to someone else.
_OWN_DOMAIN = re.compile(
    r"(?:[\w.+-]@|\b(?:follow|stay with)\s+(?:us\s+(?:on|at)\s+)?(?:https?://)?)"
    r"(?P<host>(?:[a-z0-9-]+\.)+(?:com|org|net|news|example|co\.uk|[a-z]{2}))\b",
    re.I,
)


def self_reference(lines: Sequence[str], texts: Sequence[str] = ()) -> tuple[str, str] | None:
    """The publisher as the site's own boilerplate names it; returns ``(name, evidence)``.

    "Contact The Morning Klaxon newsdesk", "The Open Lantern is reader-funded", "The Valen
    Harbour Gazette's Friday letter", or the domain of an e-mail address or a "Follow ..."
    of those lines ("tips@morningklaxon.example") spelled out as the article spells it.

    Args:
        lines: the site's own lines (removed promos, credits, footers).
        texts: text in which to look for the spelled-out name of a domain.
    """
    for line in lines:
        for rx in _SELF_PATTERNS:
            m = rx.search(line)
            if m and m.group("name").split()[0].lower() not in _NOT_A_NAME:
                return _clean_name(m.group("name")), line.strip()
    for line in lines:
        for m in _OWN_DOMAIN.finditer(line):
            host = m.group("host").lower()
            host = host[4:] if host.startswith("www.") else host
            if host.split(".")[0] in ("facebook", "twitter", "x", "instagram", "youtube", "t"):
                continue
            spelled = name_in_text(host, [*lines, *texts])
            if spelled:
                return spelled, line.strip()
    return None


# Capitalised words that start a sentence, not a name ("Support local journalism").
_NOT_A_NAME = frozenset("our your this local independent quality us me".split())


def credit_outlet(lines: Sequence[str]) -> tuple[str, str] | None:
    """Outlet named by a relay tag or "Discover more from" (:func:`publisher_tag`).

    Credit, source and photo lines ("Photo credit: Getty Images", "Source: Ministry of
    Health", "Credit: X") name a supplier, never the publisher: they return None.
    """
    return publisher_tag(lines)


def copyright_holder(lines: Sequence[str]) -> tuple[str, str] | None:
    """Holder named in a copyright line; returns ``(name, evidence line)``."""
    for line in lines:
        m = _COPYRIGHT.search(line)
        if m:
            name = _clean_name(_TRAIL_YEAR.sub("", m.group("name")))
            if name and not re.fullmatch(r"\d+", name):
                return name, line.strip()
    return None


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .,:;-–—|")
    return name


def find_outlet(
    record_outlet: str | None,
    url: str | None,
    removed: Sequence[RemovedLine],
    text: str,
    is_agency: Callable[[str], bool] | None = None,
    known: Mapping[str, str] | None = None,
) -> tuple[str | None, str | None]:
    """Decide the outlet and say why.

    Args:
        record_outlet: ``Article.outlet`` as ingest set it.
        url: ``Article.url``.
        removed: the cleaner's removed lines (credit/copyright lines are read from them).
        text: the cleaned text (inline credit prefixes such as "(MENAFN- AzerNews)" stay there).
        is_agency: optional predicate ``str -> bool``; copyright holders that are news
            agencies are not taken as the outlet.
        known: registered domain -> name learned from the site's other articles (see
            :func:`learn_host_names`), so one site gets one name across a corpus.

    Returns:
        ``(outlet, evidence)``, both None when nothing names the publisher.
    """
    if record_outlet:
        return record_outlet, "record"
    host = host_of(url) if url else None
    if host:
        return site_outlet(host, removed, text, known)
    credit_lines = [r.text for r in removed if r.reason in ("credit", "copyright")]
    head = text[:400].split("\n", 3)[:3]
    tail = text[-400:].split("\n")[-3:]
    found = publisher_tag(credit_lines + head)
    if found:
        return found[0], f"relay line: {found[1][:120]}"
    own = [r.text for r in removed if r.reason in _OWN_REASONS] + tail
    found = self_reference(own, [r.text for r in removed] + [text[-3000:]])
    if found:
        return found[0], f"the site's own boilerplate: {found[1][:120]}"
    holder = copyright_holder([r.text for r in removed if r.reason == "copyright"] + tail)
    if holder and not (is_agency is not None and is_agency(holder[0])):
        return holder[0], f"copyright line: {holder[1][:120]}"
    return None, None


def site_outlet(
    host: str,
    removed: Sequence[RemovedLine] = (),
    text: str = "",
    known: Mapping[str, str] | None = None,
) -> tuple[str, str]:
    """The outlet of a URL's site: one name per registered domain; returns ``(name, evidence)``.

    The table of well-known sites first, then the name learned over the corpus (``known``,
    see :func:`learn_host_names`), then the name as this article spells it, then the domain
    label split into words.
    """
    dom = registered_domain(host)
    table = _known_domain(dom)
    if table:
        return table, f"url host {host} (site {dom}), well-known site"
    if known:
        name = known.get(dom) or known.get(host)
        if name:
            return name, f"url host {host} (site {dom}), name as spelled in the source's articles"
    spelled = name_in_text(dom, [r.text for r in removed] + [text[:3000]])
    if spelled:
        return spelled, f"url host {host} (site {dom}), name as spelled in the article"
    return host_name(dom, _VOCAB.findall(text[:3000])), f"url host {host} (site {dom})"


__all__ = [
    "KNOWN_HOSTS",
    "copyright_holder",
    "credit_outlet",
    "find_outlet",
    "host_labels",
    "host_name",
    "learn_host_names",
    "name_in_text",
    "publisher_tag",
    "segment_label",
    "self_reference",
    "site_outlet",
]
