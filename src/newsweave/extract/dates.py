"""When an article was published, when its event happened, and whether its date can be trusted.

* **claimed date**: the record's date (JSON field, HTML metadata), else a header "dateline"
  line found by the cleaner, else a date in the URL path.
* **event date**: the first time reference in the article's lead ("on Friday", "yesterday",
  "on Jan. 5", "last week"), resolved against the defended publication date.
* **forensics**: evidence in the text that contradicts the claimed date becomes a
  :class:`~newsweave.models.DateFlag` with the evidence and a corrected estimate:

  - ``dated-id``: a machine id whose digit run starts with a valid DDMMYYYY or YYYYMMDD
    date (news wires stamp ids with the publication day, e.g. ``MENAFN25102025...``);
  - ``later-date-in-past-tense``: the text states, in the past tense, that something
    happened on a full date after the claimed date;
  - ``weekday-mismatch``: a dateline whose weekday does not match its date.

  Only strong evidence counts: a bare "on Friday" cannot contradict a date.
* **HTML pages**: :func:`html_date` runs htmldate, then general fallbacks.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from newsweave.models import DateFlag, RemovedLine
from newsweave.text import sentence_spans
from newsweave.time import from_iso, iso_date

_MONTH_NAMES = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
_MONTH_NAMES["sept"] = 9
_WEEKDAY_NAMES = {calendar.day_name[i].lower(): i for i in range(7)}
_WEEKDAY_NAMES.update({calendar.day_abbr[i].lower(): i for i in range(7)})

_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TEXT_DATES = (
    re.compile(rf"\b{_MON}\s+{_DAY}(?:\s*,\s*|\s+){_YEAR}\b", re.I),  # Jan. 5, 2025
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.I),  # 5 January 2025
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),  # ISO
)
_NO_YEAR_DATES = (
    re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d{{2}})(?!\s*:)", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s*(?:19|20)\d{{2}})", re.I),
)
_YEAR_RX = re.compile(r"\b((?:19|20)\d{2})\b")
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)?\d{2})\b")
# Year first with slashes or dots ("Published 2024/03/05", common on East Asian sites): always
# year-month-day, and dateparser misses it once a word precedes it.
_YMD = re.compile(
    r"\b(?P<year>(?:19|20)\d{2})(?P<sep>[/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})\b"
)
_URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/_-]?(?P<month>0[1-9]|1[0-2])[/_-]?(?P<day>0[1-9]|[12]\d|3[01])(?:[/_-]|\.html?|$)"
)
_URL_MONTH = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>0[1-9]|1[0-2])/")
_HEX_ID = re.compile(r"[0-9a-fA-F-]{16,}")
_DIGIT_RUN = re.compile(r"(?<!\d)\d{8,}")
_ID_TOKEN = re.compile(r"\b[A-Za-z0-9_-]*\d{8,}[A-Za-z0-9_-]*\b")
_WEEKDAY_IN_LINE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b",
    re.I,
)

# Past tense cues: irregular verbs common in news plus regular -ed forms. The test sentence
# must also lack future/modal cues, so "will be held on Oct. 24, 2025" never counts.
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|met|took|made|held|went|came|gave|began|left|won|lost|"
    r"signed|announced|killed|died|shot|fled|arrested|charged|reported|\w{3,}ed)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|could|may|might|next|upcoming|scheduled|planned|plans?|due|"
    r"expected|until|by|set to|deadline|before|starting|from|effective|expires?|through|"
    # Court and hearing dates are announced ahead: "faces trial on Feb. 18, 2014".
    r"trial|hearing|sentencing|arraignment|faces?|facing|returns?|appear|court date|"
    r"to go|to be|to take)\b",
    re.I,
)
# Page stamps glued into the text ("Posted: ... Updated: Monday, August 4, 2014") date the
# page, not the story: a later update is no contradiction.
_STAMP_BEFORE = re.compile(
    r"\b(?:posted|updated|published|created|modified|last updated|edited)\b[^.]{0,25}$", re.I
)
#: Characters around a date in which its past-tense verb must stand (about eight words): a
#: past verb elsewhere in a long sentence says nothing about this date.
PAST_WINDOW = 60


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(token: str) -> int:
    name = token.lower().rstrip(".")
    return _MONTH_NAMES.get(name) or _MONTH_NAMES[name[:3]]


def parse_text_date(text: str) -> date | None:
    """First full date (day, month, year) written in ``text``, in an English or ISO form."""
    best: tuple[int, date] | None = None
    for rx in _TEXT_DATES:
        for m in rx.finditer(text):
            gd = m.groupdict()
            month = int(gd["month"]) if gd.get("month") else _month(gd["mon"])
            d = _valid(int(gd["year"]), month, int(gd["day"]))
            if d is not None and (best is None or m.start() < best[0]):
                best = (m.start(), d)
            if d is not None:
                break
    return best[1] if best else None


def parse_date(text: str, languages: Sequence[str] | None = None) -> date | None:
    """Parse a dateline or metadata string ("Tuesday, 02 January 2024 12:17 GMT", "Jan. 5,
    2025", "2025-01-10", "05.01.2025", "Dienstag, 2. Januar 2024").

    Fast English/ISO regexes first; dateparser (any language) for the rest.
    """
    d = parse_text_date(text)
    if d is not None:
        return d
    ymd = _YMD.search(text)
    if ymd and (d := _valid(int(ymd["year"]), int(ymd["month"]), int(ymd["day"]))):
        return d
    m = _NUMERIC.search(text)
    if m:
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        y = y + 2000 if y < 100 else y
        # Day-first unless impossible: most of the world writes 05.01.2025 for 5 January.
        d = _valid(y, b, a) or _valid(y, a, b)
        if d is not None:
            return d
    import dateparser  # slow import (~0.5 s): only when a regex could not parse

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(
            text, languages=list(languages) if languages else None, settings=settings
        )
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return parsed.date() if parsed is not None else None


def url_date(url: str | None) -> date | None:
    """Publication day written in a URL path (``/2014/05/16/``, ``/20140516-``)."""
    if not url:
        return None
    for m in _URL_DATE.finditer(url):
        d = _valid(int(m.group("year")), int(m.group("month")), int(m.group("day")))
        if d is not None:
            return d
    return None


def id_date(token: str, latest: date | None = None) -> date | None:
    """Date stamped at the start of a digit run of a machine id (DDMMYYYY or YYYYMMDD).

    Only a run's first eight digits count: wires prefix the publication day
    (``MENAFN25102025000195011045``); dates found in the middle of a number are chance.
    Years before 1995 or after ``latest`` (default: next year) are rejected.
    """
    top = (latest or date.today()).year + 1
    for m in _DIGIT_RUN.finditer(token):
        run = m.group()
        dd, mm, yyyy = int(run[0:2]), int(run[2:4]), int(run[4:8])
        for d in (_valid(yyyy, mm, dd), _valid(int(run[0:4]), int(run[4:6]), int(run[6:8]))):
            if d is not None and 1995 <= d.year <= top:
                return d
    return None


# A wire-style dateline opening the lead: "PORT VALEN, March 12 (VNA) -", "AMSEL, May 6
# (Kestrel) -", "LONDON, Jan. 5 -". The city is upper case; the date may lack a year (wires
# omit it); an agency credit in brackets may follow; a dash ends it.
_LEAD_DATELINE = re.compile(
    rf"^\s*(?:\([^)]{{1,40}}\)\s*)?[A-Z][A-Z .'’-]{{1,40}}(?:,\s*[A-Z][\w .'’-]{{1,30}})?,\s+"
    rf"(?i:{_MON})\s+{_DAY}(?:,?\s+{_YEAR})?\s*(?:\([^)]{{1,40}}\)\s*)?[-–—]",
)

#: A year-less dateline is placed in a corpus year only when the resulting day lies within this
#: many days of a dated article of the corpus: wires omit the year because the day is recent.
YEARLESS_WINDOW = 120


def lead_dateline(text: str) -> tuple[int, int, int | None] | None:
    """``(month, day, year or None)`` of a wire dateline opening ``text``, if any."""
    m = _LEAD_DATELINE.match(text[:200])
    if m is None:
        return None
    year = int(m.group("year")) if m.group("year") else None
    return _month(m.group("mon")), int(m.group("day")), year


def place_yearless(month: int, day: int, corpus_dates: Sequence[date]) -> date | None:
    """The day ``month``/``day`` nearest to a dated article of the corpus, if near enough.

    ``corpus_dates`` must be sorted. Candidates are that day in each year around the corpus
    dates; the closest one within :data:`YEARLESS_WINDOW` days of some corpus date wins.
    """
    if not corpus_dates:
        return None
    best: tuple[int, date] | None = None
    years = sorted({d.year for d in corpus_dates} | {d.year - 1 for d in corpus_dates})
    for year in [*years, years[-1] + 1]:
        candidate = _valid(year, month, day)
        if candidate is None:
            continue
        i = bisect.bisect_left(corpus_dates, candidate)
        gaps = [
            abs((corpus_dates[j] - candidate).days)
            for j in (i - 1, i)
            if 0 <= j < len(corpus_dates)
        ]
        gap = min(gaps)
        if gap <= YEARLESS_WINDOW and (best is None or gap < best[0]):
            best = (gap, candidate)
    return best[1] if best else None


@dataclass(frozen=True, slots=True)
class DateInfo:
    """Every date field the extractor assigns to an article."""

    date: str | None
    claimed_date: str | None
    date_source: str | None
    date_flags: tuple[DateFlag, ...]
    event_date: str | None


def _from_iso(value: str | None) -> date | None:
    if not value:
        return None
    return from_iso(value) or parse_date(value)


def _sentence_of(text: str, start: int, end: int) -> str:
    for s, e in sentence_spans(text):
        if s <= start < e:
            return text[s:e]
    return text[max(0, start - 120) : end + 120]


def later_past_dates(text: str, claimed: date) -> list[tuple[date, str]]:
    """Full dates after ``claimed`` that the text states in the past tense, with the sentence."""
    out: list[tuple[date, str]] = []
    # Most texts mention no year after the claimed one: skip the date patterns then.
    if not any(int(y) >= claimed.year for y in _YEAR_RX.findall(text)):
        return out
    for rx in _TEXT_DATES:
        for m in rx.finditer(text):
            gd = m.groupdict()
            month = int(gd["month"]) if gd.get("month") else _month(gd["mon"])
            d = _valid(int(gd["year"]), month, int(gd["day"]))
            if d is None or d <= claimed + timedelta(days=1):
                continue
            sentence = _sentence_of(text, m.start(), m.end())
            if _STAMP_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            window = text[max(0, m.start() - PAST_WINDOW) : m.end() + PAST_WINDOW]
            if _PAST.search(window) and not _FUTURE.search(sentence):
                out.append((d, sentence.strip()[:300]))
    return out


def weekday_mismatch(line: str, d: date) -> bool:
    """True if ``line`` names a weekday that is not the weekday of ``d``."""
    m = _WEEKDAY_IN_LINE.search(line)
    if m is None:
        return False
    name = m.group(1).lower()
    wd = _WEEKDAY_NAMES.get(name)
    if wd is None:
        wd = _WEEKDAY_NAMES.get(name[:3])
    return wd is not None and wd != d.weekday()


# -- event date ----------------------------------------------------------------------------

_REL_DAY = re.compile(
    r"\b(?P<word>yesterday|today|tonight|this (?:morning|afternoon|evening)|last night|overnight|"
    r"earlier today|the day before yesterday)\b",
    re.I,
)
_REL_WEEKDAY = re.compile(
    r"\b(?P<last>last |this past |on |early |late )?"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"(?!\s*,?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d))",
    re.I,
)
_REL_COARSE = re.compile(
    r"\b(?P<phrase>last week|earlier this week|this week|last month|earlier this month|this month|"
    r"last weekend|over the weekend|this weekend)\b",
    re.I,
)


def _closest_past(month: int, day: int, ref: date) -> date | None:
    for year in (ref.year, ref.year - 1):
        d = _valid(year, month, day)
        if d is not None and d <= ref + timedelta(days=1):
            return d
    return None


def _precise_refs(sentence: str, ref: date) -> list[tuple[int, date]]:
    refs: list[tuple[int, date]] = []
    for m in _REL_DAY.finditer(sentence):
        word = m.group("word").lower()
        offset = {"yesterday": 1, "last night": 1, "the day before yesterday": 2}.get(word, 0)
        refs.append((m.start(), ref - timedelta(days=offset)))
    for m in _REL_WEEKDAY.finditer(sentence):
        wd = _WEEKDAY_NAMES[m.group("wd").lower()]
        back = (ref.weekday() - wd) % 7
        if back == 0 and (m.group("last") or "").strip().lower() in ("last", "this past"):
            back = 7
        refs.append((m.start(), ref - timedelta(days=back)))
    for rx in _TEXT_DATES:
        for m in rx.finditer(sentence):
            gd = m.groupdict()
            month = int(gd["month"]) if gd.get("month") else _month(gd["mon"])
            d = _valid(int(gd["year"]), month, int(gd["day"]))
            if d is not None:
                refs.append((m.start(), d))
    for rx in _NO_YEAR_DATES:
        for m in rx.finditer(sentence):
            day = int(m.group("day"))
            d = _closest_past(_month(m.group("mon")), day, ref) if 1 <= day <= 31 else None
            if d is not None:
                refs.append((m.start(), d))
    return sorted(refs, key=lambda r: r[0])


def _coarse_ref(sentence: str, ref: date) -> date | None:
    m = _REL_COARSE.search(sentence)
    if m is None:
        return None
    phrase = m.group("phrase").lower()
    monday = ref - timedelta(days=ref.weekday())
    if phrase == "last week":
        return ref - timedelta(days=7)
    if phrase in ("earlier this week", "this week"):
        return monday
    if phrase in ("last weekend", "over the weekend", "this weekend"):
        back = (ref.weekday() - 5) % 7  # the Saturday before (or of) the reference week
        return ref - timedelta(days=back if back else 0)
    if phrase == "last month":
        prev = ref.replace(day=1) - timedelta(days=1)
        return prev.replace(day=min(ref.day, prev.day))
    return ref.replace(day=1)  # "earlier this month", "this month"


#: Sentences of the lead searched for the event's time reference: news leads say when in the
#: first sentence or two; later sentences drift to background ("in 2014, he ...").
LEAD_SENTENCES = 3
#: Characters of the text split into sentences to find the lead (3 sentences fit easily).
LEAD_CHARS = 2000
_FUTURE_LEAD = re.compile(r"\b(?:will|next|scheduled|upcoming)\b", re.I)


def event_date(text: str, published: date | None) -> date | None:
    """When the reported happening took place, from the first time reference in the lead.

    Day-precise references ("on Friday", "yesterday", "on Jan. 5") win over coarse ones
    ("last week", "earlier this month"); sentences about the future are skipped.
    """
    if published is None:
        return None
    coarse: date | None = None
    lead = text[:LEAD_CHARS]
    for start, end in sentence_spans(lead)[:LEAD_SENTENCES]:
        sentence = lead[start:end]
        if _FUTURE_LEAD.search(sentence):
            continue
        refs = [
            d for _, d in _precise_refs(sentence, published) if d <= published + timedelta(days=1)
        ]
        if refs:
            return refs[0]
        if coarse is None:
            coarse = _coarse_ref(sentence, published)
    return coarse


# -- the article-level decision ------------------------------------------------------------


def date_article(
    text: str,
    removed: Sequence[RemovedLine] = (),
    *,
    record_date: str | None = None,
    record_source: str | None = None,
    url: str | None = None,
    today: date | None = None,
    article_id: str | None = None,
    corpus_dates: Sequence[date] = (),
) -> DateInfo:
    """Decide claimed date, defended date, flags and event date of one article.

    Args:
        text: cleaned article text.
        removed: the cleaner's removed lines (datelines and ids are read from them).
        record_date: the date the record or metadata gives (ISO or free form).
        record_source: where ingest found ``record_date`` (kept as ``date_source``).
        url: the article URL (a date in its path is a late resort for the claim).
        today: upper bound for plausible dates (default: today).
        article_id: the record's id or file stem; wire ids often carry the day
            ("kw-20240513-selke-flood"); read last, and never from a hex hash.
        corpus_dates: sorted publication dates of the corpus (see ``Extractor.fit``); a lead
            dateline without a year ("PORT VALEN, March 12 (VNA) -") is placed in the year
            that puts it nearest to them.

    Returns:
        A :class:`DateInfo`.
    """
    claimed: date | None = None
    source: str | None = None
    dateline_text: str | None = None
    if record_date:
        claimed = _from_iso(record_date)
        source = record_source or "record"
    datelines = [r.text for r in removed if r.reason == "dateline"]
    if claimed is None:
        for line in datelines:
            claimed = parse_date(line)
            if claimed is not None:
                source, dateline_text = "dateline", line
                break
    lead = lead_dateline(text)
    if claimed is None and lead is not None:
        month, day, year = lead
        claimed = _valid(year, month, day) if year else place_yearless(month, day, corpus_dates)
        source = ("dateline" if year else "dateline (year from corpus)") if claimed else None
    if claimed is None:
        claimed = url_date(url)
        source = "url" if claimed else None
    if claimed is None and article_id and not _HEX_ID.fullmatch(article_id):
        claimed = id_date(article_id, today)
        source = "article-id" if claimed else None

    flags: list[DateFlag] = []
    estimates: list[tuple[int, date]] = []  # (strength, estimate)
    if (
        dateline_text is not None
        and claimed is not None
        and weekday_mismatch(dateline_text, claimed)
    ):
        flags.append(DateFlag("weekday-mismatch", iso_date(claimed), None, (dateline_text,)))

    if claimed is not None and lead is not None and source not in ("dateline", None):
        # The wire's own dateline in the lead contradicts the header or record date.
        month, day, year = lead
        stated = _valid(year, month, day) if year else place_yearless(month, day, [claimed])
        if stated is not None and abs((stated - claimed).days) > 2:
            snippet = text[: text.find("\n")] if "\n" in text[:200] else text[:120]
            flags.append(
                DateFlag("dateline-mismatch", iso_date(claimed), iso_date(stated), (snippet[:120],))
            )
            estimates.append((1, stated))

    ids = [r.text for r in removed if r.reason == "id"] + _ID_TOKEN.findall(text)
    for token in ids:
        d = id_date(token, today)
        if d is None:
            continue
        if claimed is None:
            claimed, source = d, "dated-id"
        elif abs((d - claimed).days) > 1:
            flags.append(DateFlag("dated-id", iso_date(claimed), iso_date(d), (token,)))
            estimates.append((2, d))
        break
    if claimed is not None:
        later = later_past_dates(text, claimed)
        if later:
            latest = max(d for d, _ in later)
            evidence = tuple(s for d, s in later if d == latest)[:3]
            flags.append(
                DateFlag("later-date-in-past-tense", iso_date(claimed), iso_date(latest), evidence)
            )
            estimates.append((1, latest))

    defended, defended_source = claimed, source
    if estimates:
        # A dated id is the publisher's own stamp; a later past-tense date is only a lower
        # bound, so it wins only when the id (if any) is earlier than it.
        best = max(estimates, key=lambda e: (e[0], e[1]))[1]
        bound = max(d for _, d in estimates)
        defended = bound if bound > best else best
        defended_source = (
            "dated-id"
            if defended == best and any(s == 2 and d == best for s, d in estimates)
            else "text"
        )
    return DateInfo(
        date=iso_date(defended),
        claimed_date=iso_date(claimed) if source != "dated-id" else None,
        date_source=defended_source,
        date_flags=tuple(flags),
        event_date=iso_date(event_date(text, defended)),
    )


# -- HTML pages ------------------------------------------------------------------------------


# Explicit publication timestamps a page declares about itself (JSON-LD, Open Graph, Dublin
# Core, schema.org microdata, Parse.ly), as ISO 8601 only: an ambiguous "11/01/2023" proves
# nothing.
_ISO_VALUE = r"(?P<iso>(?:19|20)\d{2}-[01]\d-[0-3]\d)(?:[T ][0-2]\d:[0-5]\d[^\"'<>]*)?"
_PUBLISHED_KEYS = (
    r"article:published_time|og:published_time|og:article:published_time|datepublished|"
    r"dc\.date\.issued|dcterms\.issued|dcterms\.created|parsely-pub-date|publication_date|"
    r"pubdate|publish-date|published_date|sailthru\.date"
)
_PUBLISHED_PATTERNS = (
    re.compile(r"[\"']datePublished[\"']\s*:\s*[\"']" + _ISO_VALUE, re.I),
    re.compile(
        r"<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*[\"'](?:" + _PUBLISHED_KEYS + r")[\"']"
        r"[^>]*?content\s*=\s*[\"']\s*" + _ISO_VALUE,
        re.I,
    ),
    re.compile(
        r"<meta\b[^>]*?content\s*=\s*[\"']\s*" + _ISO_VALUE + r"[\"'][^>]*?"
        r"(?:property|name|itemprop)\s*=\s*[\"'](?:" + _PUBLISHED_KEYS + r")[\"']",
        re.I,
    ),
    re.compile(
        r"<time\b[^>]*?itemprop\s*=\s*[\"']datePublished[\"'][^>]*?datetime\s*=\s*[\"']"
        + _ISO_VALUE,
        re.I,
    ),
)


def declared_published(html: str, latest: date | None = None) -> date | None:
    """The publication date a page declares in its structured metadata, if any (ISO only)."""
    top = latest or date.today() + timedelta(days=1)
    for rx in _PUBLISHED_PATTERNS:
        for m in rx.finditer(html):
            d = _from_iso(m.group("iso"))
            if d is not None and date(1995, 1, 1) <= d <= top:
                return d
    return None


def html_date(html: str, url: str | None = None, *, extensive: bool | None = None) -> str | None:
    """Publication date (ISO) of a web page, or None.

    1. a publication timestamp the page declares in structured metadata (JSON-LD
       ``datePublished``, ``article:published_time``, Dublin Core ...), as written (the
       publisher's local day, not converted to UTC);
    2. htmldate with ``original_date=True`` (the first publication, not the last update),
       fast search;
    3. htmldate's extensive search (slow: the whole page text) when the fast one finds none;
    4. a date in the URL path.

    Rule order and the fast-then-extensive choice were tuned on half of ../shared/data/dates
    and checked on the other half (benchmarks/dates.py prints both).

    Args:
        html: the page source.
        url: the page address, if known.
        extensive: None runs the extensive search only when the fast one finds nothing;
            True or False force it on or off.
    """
    declared = declared_published(html)
    if declared is not None:
        return declared.isoformat()
    from htmldate import find_date  # imported here: lxml parsing setup is paid only for HTML

    passes = (False, True) if extensive is None else (extensive,)
    for ext in passes:
        try:
            found = find_date(
                html, url=url, original_date=True, extensive_search=ext, outputformat="%Y-%m-%d"
            )
        except Exception:  # htmldate raises assorted parser errors on broken markup
            found = None
        if found:
            return str(found)
    d = url_date(url)
    return d.isoformat() if d else None


__all__ = [
    "LEAD_SENTENCES",
    "PAST_WINDOW",
    "DateInfo",
    "date_article",
    "declared_published",
    "event_date",
    "html_date",
    "id_date",
    "later_past_dates",
    "parse_date",
    "parse_text_date",
    "url_date",
    "weekday_mismatch",
]
