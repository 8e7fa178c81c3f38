"""The one data model of newsweave.

Every record is a frozen, slotted dataclass with plain-typed fields, so it pickles (a stage can
run inside a Spark partition), compares by value, and converts to and from plain JSON-ready
dicts with :func:`to_dict` / ``Cls.from_dict``. Records are updated with
:func:`dataclasses.replace`, never mutated.

Offsets (``start``/``end``) are Python string indices into :attr:`Article.text` unless a
field says otherwise.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, Union

T = TypeVar("T")

# -- outcomes of ingest ----------------------------------------------------------------------

#: An item was read and stored as a new article.
INGESTED = "ingested"
#: An item carried an article that is already in the store (same id and content).
DUPLICATE = "duplicate"
#: An item could not become an article (empty, binary, broken JSON, ...); ``reason`` says why.
REJECTED = "rejected"
OUTCOME_STATUSES = (INGESTED, DUPLICATE, REJECTED)


class _Record:
    """Mixin giving every record ``to_dict`` and ``from_dict``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (tuples become lists, nested records become dicts)."""
        out: dict[str, Any] = to_dict(self)
        return out

    @classmethod
    def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
        """Build the record from a dict made by :meth:`to_dict`; unknown keys are ignored."""
        return from_dict(cls, data)


@dataclass(frozen=True, slots=True)
class RemovedLine(_Record):
    """A line that cleaning removed from an article, kept so nothing is lost."""

    line: int  # 0-based index of the line in Article.raw_text
    text: str
    reason: str  # short code, e.g. "promo", "subscribe", "credit", "disclaimer", "id", "repeated"


@dataclass(frozen=True, slots=True)
class DateFlag(_Record):
    """Evidence that an article's claimed date cannot be trusted."""

    kind: str  # e.g. "dated-id", "later-date-in-past-tense", "anachronism"
    claimed: str | None  # the date the header or metadata claims (ISO)
    estimate: str | None  # newsweave's corrected estimate (ISO), if it has one
    evidence: tuple[str, ...] = ()  # quoted snippets of the text that show it


@dataclass(frozen=True, slots=True)
class Entity(_Record):
    """A named entity mention."""

    text: str
    label: str  # PERSON, ORG, GPE (countries, cities), LOC, NORP, EVENT, MISC
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Quote(_Record):
    """A direct or indirect quote with its speaker, as found in one article."""

    text: str  # the quoted content (without the quotation marks for direct quotes)
    speaker: str | None  # resolved speaker name ("Dmitry Peskov"), or None if unknown
    kind: str  # "direct" | "indirect"
    start: int  # span of ``text`` in Article.text
    end: int
    cue: str | None = None  # the cue verb ("said", "told", "according to")
    speaker_mention: str | None = None  # the mention as written ("he", "the Kremlin spokesman")


@dataclass(frozen=True, slots=True)
class Outlet(_Record):
    """A news outlet, optionally described by a user's outlet-profile file."""

    name: str
    domains: tuple[str, ...] = ()
    country: str | None = None
    owner: str | None = None
    lean: str | None = None  # on whatever scale the user trusts; newsweave ships no ratings
    aliases: tuple[str, ...] = ()  # short forms used in credits and datelines ("VNA")


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """One news article, from ingest to comparison."""

    id: str
    text: str  # cleaned body text
    raw_text: str = ""  # text as ingested, before cleaning (HTML: the extracted text)
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    path: str | None = None  # file the article came from, if any
    source_key: str = ""  # stable key of the input item (path, path#line, url)
    date: str | None = None  # publication date newsweave defends (ISO YYYY-MM-DD)
    claimed_date: str | None = None  # date as given by the record, metadata or header
    date_source: str | None = None  # where ``date`` came from: record, header, dateline, ...
    date_flags: tuple[DateFlag, ...] = ()
    event_date: str | None = None  # when the reported happening took place, if resolvable
    language: str | None = None
    authors: tuple[str, ...] = ()
    outlet_evidence: str | None = None  # why we think ``outlet`` is right
    cited_sources: tuple[str, ...] = ()  # agencies/outlets it cites or relays
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    removed_lines: tuple[RemovedLine, ...] = ()
    duplicate_of: str | None = None  # id of the article this one copies (syndication)
    content_hash: str = ""  # sha256 of raw_text, for idempotent re-ingest
    meta: Mapping[str, str] = field(default_factory=dict)  # extra record fields, as strings


@dataclass(frozen=True, slots=True)
class Claim(_Record):
    """A sentence or clause of an article that states something."""

    id: str  # "<article id>#<index>"
    article_id: str
    outlet: str
    text: str
    start: int
    end: int
    index: int = 0  # position of the claim in its article
    # For a claim listed as "only this outlet" (Coverage.unique): how sure newsweave is that
    # no other outlet of the event carries it, 0..1 (see newsweave.compare.unique_confidence);
    # None elsewhere.
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class ClaimGroup(_Record):
    """Claims from different articles that say the same thing."""

    text: str  # representative wording
    claims: tuple[Claim, ...]
    outlets: tuple[str, ...]
    sources: tuple[str, ...]  # article ids
    # How sure newsweave is that these outlets state the same fact, 0..1 (see
    # newsweave.compare.consensus_confidence); None when not assessed (older records).
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class QuoteVariant(_Record):
    """One outlet's rendering of a statement."""

    outlet: str
    article: str  # article id
    text: str
    kind: str = "direct"
    # This rendering against the group's fullest one: "verbatim" | "trimmed" | "paraphrased" |
    # "altered" | "uncertain" ("single" when no other independent rendering exists; "" when
    # not judged).
    verdict: str = ""
    # Why: for "altered", the differing words side by side ("400 -> 4,000", "'will' -> 'may'",
    # "adds 'not'"); for "uncertain", what is unsure. Empty otherwise.
    evidence: str = ""
    start: int = -1  # span of ``text`` in the article's text (-1: unknown)
    end: int = -1


@dataclass(frozen=True, slots=True)
class QuoteGroup(_Record):
    """The same statement as each outlet rendered it."""

    speaker: str | None
    variants: tuple[QuoteVariant, ...]  # direct renderings (words in quotation marks)
    verdict: str  # "verbatim" | "trimmed" | "paraphrased" | "altered" | "uncertain" | "single"
    # The statement in reported speech (another outlet's own words, no quotation marks): shown
    # beside the quote, never a rendering of it, so never the ground for "altered".
    reported: tuple[QuoteVariant, ...] = ()


@dataclass(frozen=True, slots=True)
class TermChoice(_Record):
    """Different words outlets use for the same referent ("Kyiv" vs "Kiev")."""

    concept: str
    variants: Mapping[str, tuple[str, ...]]  # term -> outlets using it
    source: str = "discovered"  # "discovered" | "lexicon"


@dataclass(frozen=True, slots=True)
class Contradiction(_Record):
    """Two aligned claims that disagree on a number, date, name or negation."""

    kind: str  # "number" | "date" | "name" | "negation"
    a: Claim
    b: Claim
    detail: str
    # How sure newsweave is that both sentences speak of the same thing, 0..1 (see
    # newsweave.compare.contradiction_confidence); None when not assessed (older records).
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class SummarySentence(_Record):
    """One sentence of an event's extractive summary, with the articles that support it."""

    text: str
    cites: tuple[str, ...]  # article ids
    outlets: tuple[str, ...] = ()
    label: str = "consensus"  # "consensus" | "single-outlet"


@dataclass(frozen=True, slots=True)
class Coverage(_Record):
    """How the outlets covered one event."""

    event_id: str
    consensus: tuple[ClaimGroup, ...] = ()
    unique: Mapping[str, tuple[Claim, ...]] = field(default_factory=dict)  # outlet -> claims
    omissions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # outlet -> texts
    quotes: tuple[QuoteGroup, ...] = ()  # statements quoted directly by at least one outlet
    terms: tuple[TermChoice, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    # Statements only ever reported in indirect speech (no quotation marks), one per rendering.
    reported: tuple[QuoteGroup, ...] = ()
    # Per outlet, the confidence (0..1) of each of its omissions, in the order of
    # ``omissions`` (see newsweave.compare.omission_confidence); empty for older records.
    omission_confidence: Mapping[str, tuple[float, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Event(_Record):
    """One real-world happening and the articles that report it."""

    id: str
    title: str
    date: str | None
    article_ids: tuple[str, ...]
    storyline_id: str | None = None


@dataclass(frozen=True, slots=True)
class Storyline(_Record):
    """Events linked across time by the same actors and thread."""

    id: str
    title: str
    event_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ItemOutcome(_Record):
    """What happened to one input item; every item gets exactly one."""

    source: str  # path, "path#line N", url
    status: str  # one of OUTCOME_STATUSES
    article_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class RunReport(_Record):
    """What a run did: one outcome per input item plus counts and per-stage errors."""

    run_id: str
    items: tuple[ItemOutcome, ...] = ()
    stage_errors: tuple[str, ...] = ()
    started: str | None = None
    finished: str | None = None

    @property
    def counts(self) -> dict[str, int]:
        """Number of items per status, every status present."""
        out = dict.fromkeys(OUTCOME_STATUSES, 0)
        for item in self.items:
            out[item.status] = out.get(item.status, 0) + 1
        return out


# -- generic (de)serialisation ---------------------------------------------------------------


def to_dict(obj: Any) -> Any:
    """Convert a record (or nested tuples/dicts of records) to JSON-ready values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_dict(x) for x in obj]
    if isinstance(obj, Mapping):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    # typing.get_type_hints is slow; records are few, so memoise per class (immutable data).
    hints = _HINTS.get(cls)
    if hints is None:
        hints = typing.get_type_hints(cls)
        _HINTS[cls] = hints
    return hints


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        items = typing.get_args(tp)
        if len(items) == 2 and items[1] is Ellipsis:
            return tuple(_convert(items[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(items, value, strict=False))
    if origin in (Mapping, dict) or tp in (Mapping, dict):
        pair = typing.get_args(tp)
        vt = pair[1] if len(pair) == 2 else Any
        return {str(k): _convert(vt, v) for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    return value


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Build record ``cls`` from a dict; nested records and tuples are rebuilt, extras ignored."""
    hints = _hints(cls)
    kwargs = {
        f.name: _convert(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]  # cls is a dataclass type
        if f.name in data
    }
    return cls(**kwargs)


__all__ = [
    "DUPLICATE",
    "INGESTED",
    "OUTCOME_STATUSES",
    "REJECTED",
    "Article",
    "Claim",
    "ClaimGroup",
    "Contradiction",
    "Coverage",
    "DateFlag",
    "Entity",
    "Event",
    "ItemOutcome",
    "Outlet",
    "Quote",
    "QuoteGroup",
    "QuoteVariant",
    "RemovedLine",
    "RunReport",
    "Storyline",
    "SummarySentence",
    "TermChoice",
    "from_dict",
    "to_dict",
]
