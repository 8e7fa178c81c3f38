"""Speaker mentions of quotes: finding the noun phrase that speaks, and resolving it to a name.

Model-free on purpose (the quote extractor must run at hundreds of articles per second on two
cores): noun phrases are recognised with a small closed-class lexicon (determiners, pronouns,
role nouns such as *spokesman* or *official*, organisation nouns) plus capitalisation, and
resolution uses the article's own evidence:

* names seen in the text (NER ``PERSON`` entities when the caller has them, else runs of
  capitalised words that a title, an honorific or a speech cue marks as a person);
* appositions and pre-name titles ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov, Kremlin
  spokesman"), so that "the spokesman" later maps back to "Dmitry Peskov";
* surnames and honorific forms ("Peskov", "Mr. Peskov") map to a full name seen in the text;
* pronouns (he/she/they) go to the most salient compatible person: the subject of the current
  sentence, else the last quoted speaker nearby, else the most recent person mention.

All lexicons are general English news vocabulary, not fitted to any article; extend them here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from newsweave.models import Entity

# -- tokens --------------------------------------------------------------------------------------


class Tok(NamedTuple):
    """A token with its character span; ``quote`` >= 0 marks a whole direct quote (placeholder)."""

    start: int
    end: int
    text: str
    low: str
    quote: int = -1


_TOKEN_RE = re.compile(r"[^\W_]+(?:[-'’.&][^\W_]+)*|\S", re.UNICODE)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """Tokenize ``text[start:end]`` into words and single punctuation marks, offsets kept."""
    stop = len(text) if end is None else end
    return [
        Tok(m.start(), m.end(), m.group(), m.group().lower())
        for m in _TOKEN_RE.finditer(text, start, stop)
    ]


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# -- closed-class lexicons -------------------------------------------------------------------------

PRONOUNS_M = _words("he")
PRONOUNS_F = _words("she")
PRONOUNS_PL = _words("they")
PRONOUNS_1 = _words("i we you")
PRONOUNS = PRONOUNS_M | PRONOUNS_F | PRONOUNS_PL | PRONOUNS_1 | _words("it")

DETERMINERS = _words(
    "the a an this these those his her its their our my your some many several two three "
    "four five six seven eight nine ten dozens hundreds thousands both other another most few "
    "one each every all no any"
)

# Role nouns that head a phrase naming a person ("the spokesman", "a senior official").
# Gender is kept for pronoun compatibility; None = unknown.
ROLE_NOUNS: dict[str, str | None] = {
    **dict.fromkeys(
        """spokesperson spokespeople official president president-elect vice-president minister
        secretary secretary-general chancellor premier leader senator governor mayor lawmaker
        legislator representative ambassador diplomat envoy adviser advisor aide analyst expert
        critic source witness resident officer commander general chief director head chair
        ceo executive founder manager professor researcher scientist economist doctor physician
        lawyer attorney prosecutor judge candidate nominee rival opponent supporter voter person
        member colleague partner owner employee worker student teacher activist protester
        organizer organiser speaker strategist pollster commentator columnist reporter
        journalist editor correspondent publisher coach player campaigner chairperson
        presenter host moderator negotiator investigator inspector deputy assistant staffer
        consultant contractor vice-chair treasurer clerk sheriff commissioner superintendent
        pastor priest bishop imam rabbi cleric pope monarch ruler dictator emir sheikh
        insider observer participant victim survivor relative neighbor neighbour friend
        parent child official nominee frontrunner front-runner incumbent challenger
        historian scholar author writer blogger administrator regulator auditor trustee
        defendant plaintiff suspect detective soldier fighter militant rebel commentator
        economist surgeon nurse scientist engineer farmer trader banker investor donor
        fundraiser operative""".split(),
        None,
    ),
    **dict.fromkeys(
        """spokesman chairman congressman businessman man father son husband brother king
        prince sir boy uncle grandfather nephew""".split(),
        "m",
    ),
    **dict.fromkeys(
        """spokeswoman chairwoman congresswoman businesswoman woman mother daughter wife sister
        queen princess lady girl aunt grandmother niece""".split(),
        "f",
    ),
}
#: Role heads that may refer to any titled person ("the official" after "Kremlin spokesman X").
GENERIC_ROLES = _words("official spokesperson spokesman spokeswoman source aide diplomat")
#: Synonym groups: a mention head matches a stored title in the same group.
_ROLE_GROUPS = (
    _words("spokesperson spokesman spokeswoman spokespeople press-secretary"),
    _words("president president-elect"),
    _words("chairman chairwoman chair chairperson"),
    _words("adviser advisor aide"),
    _words("lawyer attorney"),
    _words("congressman congresswoman representative lawmaker legislator"),
)

# Organisation, institution and document nouns: speakers that are not persons.
GROUP_NOUNS = _words(
    """government administration ministry department agency office campaign party team group
    company firm court parliament congress senate house committee council commission
    authorities authority police military army navy military ministry embassy board union
    association institute university council bank network newspaper magazine channel
    broadcaster website outlet statement report study poll survey data document documents
    letter filing memo analysis release complaint lawsuit indictment figures estimates
    records research review investigation audit spokespeople people officials experts critics
    sources analysts residents witnesses supporters voters observers leaders lawmakers
    democrats republicans conservatives liberals aides advisers advisors officers members
    staff staffers insiders diplomats economists scientists researchers investigators
    prosecutors lawyers attorneys protesters activists organizers organisers
    employees workers students teachers doctors families parents
    kremlin pentagon whitehouse cabinet regime coalition alliance opposition movement
    organization organisation foundation charity industry press media newsroom spokesmen
    officials tribunal jury panel prosecution defense defence bureau service services
    agency's agencies ministries governments companies groups parties campaigns percent
    respondents majority minority plurality americans"""
)
PLURAL_GROUP = frozenset(
    w for w in GROUP_NOUNS if w.endswith("s") and w not in _words("press analysis congress")
)

# Modifiers that can sit inside a speaker phrase before the head ("a senior official").
MODIFIERS = _words(
    """former senior top chief deputy acting interim outgoing incoming new current longtime
    longtime-time retired veteran junior assistant associate executive general national
    federal state local regional foreign defense defence interior finance justice health
    economic military presidential campaign white house press news communications
    administration government party opposition ruling anonymous unnamed other another
    independent political legal public private prominent leading influential key
    high-ranking high-level lower-level mid-level rank-and-file unidentified fellow same
    spokesman's spokesperson's republican democratic conservative liberal moderate
    progressive russian american chinese british french german ukrainian european"""
)

# Titles and honorifics before a name ("President", "Lt.", "Mr."): never part of the name.
TITLES = _words(
    """mr mrs ms miss dr prof sir dame lord lady rev reverend president president-elect
    vice-president prime minister secretary secretary-general chancellor premier king queen
    prince princess sen senator rep representative gov governor mayor gen general lt col
    colonel maj major capt captain sgt adm admiral cmdr commander judge justice chief
    chairman chairwoman director ambassador envoy spokesman spokeswoman spokesperson
    foreign defense defence interior finance state deputy vice speaker leader pope emir
    sheikh ayatollah crown attorney officer agent detective inspector superintendent
    commissioner minister's"""
)
HONORIFIC_GENDER = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
}

# Capitalised words that start sentences or clauses but are not names.
NON_NAMES = _words(
    """the a an this that these those it its he she they we i you his her their our my
    but and or so yet however meanwhile still also now then instead asked speaking earlier
    later last next on in at for with by from after before during while when as if though
    although because since until despite unlike like according monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december today yesterday tomorrow tonight there here what
    who why how where which one two some many several both all each every no not more
    most mostly just even only first second third new breaking update updated watch read
    related photo video exclusive opinion analysis editor's note to of there's it's"""
)
MONTHS_DAYS = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december"""
)
# Last words that mark an organisation or place rather than a person.
ORG_SUFFIXES = _words(
    """house department ministry party news times post agency network committee council court
    office union association institute university bank group inc corp company commission
    service campaign administration government foundation center centre journal press
    reuters herald tribune gazette guardian telegraph review daily weekly magazine channel
    tv radio senate congress parliament assembly command forces army navy police street
    square county city state states kingdom republic federation region province district
    island islands river sea ocean valley mountains coast airport station hospital school
    college club league fund board bureau institute times-picker express mail observer
    insider today online digest monitor wire"""
)
# Places and groups that look like "First Last" names.
PLACE_HEADS = _words(
    "new north south east west united saudi hong los san las sri el costa "
    "puerto great upper lower central northern southern eastern western"
)

NAME_PARTICLES = _words("de del della der den van von bin al al- da di du le la st st. ibn")

# Words skipped between a speaker and its cue ("Peskov has also repeatedly said").
AUX_ADVERBS = _words(
    """has have had was were is are be been being also then later again previously earlier
    recently repeatedly reportedly further once twice would will could might may can should
    must did does do not never just already still only even first publicly privately
    officially quickly often always frequently long simply too later separately similarly
    subsequently initially finally ultimately now today yesterday"""
)
_LY_ADVERB = re.compile(r"^[a-z]{3,}ly$")
LINK_PREPS = _words("of for at from with")


def is_pronoun(low: str) -> bool:
    """True for personal pronouns that can be a quote's speaker."""
    return low in PRONOUNS


def _strip_possessive(low: str) -> str:
    for suffix in ("'s", "’s"):
        if low.endswith(suffix):
            return low[: -len(suffix)]
    return low


def is_capitalized(tok: Tok) -> bool:
    """True for a word starting with an upper-case letter (or a digit)."""
    return tok.quote < 0 and tok.text[0].isupper()


def is_adverb_or_aux(low: str) -> bool:
    """Words that may stand between a speaker and its cue verb."""
    return low in AUX_ADVERBS or (bool(_LY_ADVERB.match(low)) and low not in ROLE_NOUNS)


def role_noun(low: str) -> str | None:
    """The singular role noun of ``low`` ("officials" -> "official"), or None."""
    low = _strip_possessive(low)
    if low in ROLE_NOUNS:
        return low
    if low.endswith("s") and low[:-1] in ROLE_NOUNS:
        return low[:-1]
    if low.endswith("men") and low[:-3] + "man" in ROLE_NOUNS:
        return low[:-3] + "man"
    return None


def person_or_group(low: str) -> bool:
    """True for role nouns (singular or plural) and organisation/group nouns."""
    return role_noun(low) is not None or _strip_possessive(low) in GROUP_NOUNS


def np_token(tok: Tok) -> bool:
    """True if ``tok`` can be part of a speaker noun phrase."""
    if tok.quote >= 0:
        return False
    first = tok.text[0]
    if first.isupper() or first.isdigit():
        return True
    low = _strip_possessive(tok.low)
    return (
        low in DETERMINERS
        or person_or_group(low)
        or low in MODIFIERS
        or low in ("&", "-", "'s", "’s", "and")
        or (tok.text[-1:].isalpha() and low.endswith(("ian", "ese", "ish")) and len(low) > 4)
    )


def head_index(toks: Sequence[Tok], a: int, b: int) -> int:
    """Index of the head of the phrase ``toks[a:b]``: last word before a linking preposition."""
    for k in range(a + 1, b):
        if toks[k].low in LINK_PREPS and toks[k - 1].text not in (",",):
            return k - 1
    return b - 1


def head_ok(tok: Tok) -> bool:
    """True if ``tok`` can head a speaker phrase: a name, a role/group noun or a pronoun."""
    low = _strip_possessive(tok.low)
    if tok.quote >= 0 or not tok.text[0].isalnum():
        return False
    if tok.text[0].isupper():
        return low not in NON_NAMES or low in PRONOUNS
    return person_or_group(low) or low in PRONOUNS


def _is_abbrev(tok: Tok) -> bool:
    return tok.text[0].isupper() and (len(tok.text) <= 4 or "." in tok.text)


def np_span_left(toks: Sequence[Tok], end: int, lo: int, max_len: int = 10) -> tuple[int, int]:
    """Return ``(a, end)``: the longest noun-phrase-like run of tokens ending before ``end``.

    ``a == end`` when there is none. Linking prepositions ("spokesman for the Kremlin") are kept
    only between phrase tokens; a leading preposition, conjunction or sentence adverb is cut.
    """
    a = end
    while a > lo and end - a < max_len:
        tok = toks[a - 1]
        if np_token(tok):
            a -= 1
            continue
        if tok.text == "." and a - 2 >= lo and _is_abbrev(toks[a - 2]) and a < end:
            a -= 1
            continue
        if tok.low in LINK_PREPS and a < end and a - 2 >= lo and np_token(toks[a - 2]):
            a -= 1
            continue
        break
    # Cut at the last clause-opening capitalised word ("But", "On Friday", "Asked").
    for k in range(end - 1, a - 1, -1):
        if (
            toks[k].low in NON_NAMES
            and toks[k].text[0].isupper()
            and toks[k].low not in (DETERMINERS | PRONOUNS)
        ):
            a = k + 1
            break
    while a < end and (toks[a].low in LINK_PREPS or toks[a].low in ("and", "&", "-", ".")):
        a += 1
    return a, end


def np_span_right(toks: Sequence[Tok], start: int, hi: int, max_len: int = 10) -> tuple[int, int]:
    """Return ``(start, b)``: the noun-phrase-like run of tokens starting at ``start``."""
    b = start
    while b < hi and b - start < max_len:
        tok = toks[b]
        if np_token(tok) and not (tok.low in ("and",) and b == start):
            if (
                b > start
                and tok.text[0].isupper()
                and tok.low in NON_NAMES
                and tok.low not in (DETERMINERS)
            ):
                break
            b += 1
            continue
        if (
            tok.text == "."
            and b > start
            and _is_abbrev(toks[b - 1])
            and b + 1 < hi
            and (toks[b + 1].text[0].isupper())
        ):
            b += 1
            continue
        if tok.low in LINK_PREPS and b > start and b + 1 < hi and np_token(toks[b + 1]):
            b += 1
            continue
        break
    while b > start and toks[b - 1].low in (LINK_PREPS | _words("and & -")):
        b -= 1
    return start, b


# -- mentions and resolution -------------------------------------------------------------------


class Mention(NamedTuple):
    """A speaker phrase as analysed: its kind, its name part and its role words."""

    kind: str  # "pronoun" | "person" | "org" | "nominal"
    text: str  # as written, without a leading determiner
    name: str | None  # the name part of a proper mention ("Dmitry Peskov")
    roles: frozenset[str]  # lower-cased role/title words ("kremlin", "spokesman")
    head: str  # lower-cased head word
    definite: bool


def name_part(toks: Sequence[Tok]) -> tuple[list[Tok], list[Tok]]:
    """Split a proper phrase into (title tokens, name tokens): "Lt. Gen. Keith Kellogg"."""
    k = len(toks)
    while k > 0:
        t = toks[k - 1]
        low = _strip_possessive(t.low)
        if t.text == "." and k >= 2 and len(toks[k - 2].text) == 1:
            k -= 1  # an initial: "John F. Kennedy"
            continue
        if low in NAME_PARTICLES and k < len(toks):
            k -= 1
            continue
        if not t.text[0].isupper() or low in TITLES or low in NON_NAMES or t.text == ".":
            break
        k -= 1
    return list(toks[:k]), list(toks[k:])


def analyse_mention(
    toks: Sequence[Tok], a: int, b: int, text: str, person_spans: Sequence[tuple[int, int, str]]
) -> Mention | None:
    """Classify the speaker phrase ``toks[a:b]``; None if it cannot be a speaker."""
    if a >= b:
        return None
    h = head_index(toks, a, b)
    head = toks[h]
    if not head_ok(head):
        return None
    definite = toks[a].low in ("the", "this", "that")
    lead = a
    while lead < h and toks[lead].low in DETERMINERS:
        lead += 1
    written = text[toks[lead].start : toks[b - 1].end]
    hlow = _strip_possessive(head.low)
    if b - a == 1 and hlow in PRONOUNS:
        return Mention("pronoun", head.text, None, frozenset(), hlow, False)
    roles = frozenset(
        _strip_possessive(t.low) for t in toks[lead : h + 1] if t.text.isalpha() or "-" in t.text
    )
    if head.text[0].isupper():
        titles, name = name_part(toks[lead : h + 1])
        if not name:
            return Mention("nominal", written, None, roles, hlow, definite)
        name_text = text[name[0].start : name[-1].end]
        name_text = re.sub(r"['’]s$", "", name_text)
        kind = _proper_kind(name, titles, definite, person_spans)
        title_words = frozenset(_strip_possessive(t.low) for t in titles)
        return Mention(
            kind, written, name_text, title_words, _strip_possessive(name[-1].low), definite
        )
    return Mention("nominal", written, None, roles, hlow, definite)


def _proper_kind(
    name: Sequence[Tok],
    titles: Sequence[Tok],
    definite: bool,
    person_spans: Sequence[tuple[int, int, str]],
) -> str:
    """Person or organisation, from NER spans when given, else from the phrase's shape."""
    start, end = name[0].start, name[-1].end
    for s, e, label in person_spans:
        if s < end and start < e:
            return "person" if label == "PERSON" else "org"
    last = _strip_possessive(name[-1].low)
    if titles and any(_strip_possessive(t.low) in TITLES for t in titles):
        return "person"
    if definite or last in ORG_SUFFIXES or name[0].low in PLACE_HEADS:
        return "org"
    if all(t.text.isupper() and len(t.text) > 1 for t in name):  # acronyms: NATO, FBI
        return "org"
    return "person"


#: Modifiers that set a role apart: "the former official" needs a stored "former".
_DISTINGUISHING = _words(
    "former ex retired outgoing incoming acting deputy assistant vice junior senior late previous"
)


def roles_compatible(head: str, stored: frozenset[str]) -> bool:
    """True if a nominal head ("spokesman") fits a person's stored title words."""
    if head in stored:
        return True
    for group in _ROLE_GROUPS:
        if head in group and stored & group:
            return True
    return head in GENERIC_ROLES and bool(stored & (frozenset(ROLE_NOUNS) | TITLES))


def gender_of(words: frozenset[str]) -> str | None:
    """Grammatical gender suggested by honorifics or gendered role nouns, if any."""
    for w in words:
        g = HONORIFIC_GENDER.get(w) or ROLE_NOUNS.get(w)
        if g:
            return g
    return None


class _PersonMention(NamedTuple):
    start: int
    unit: int
    name: str
    subject: bool


class SpeakerResolver:
    """Resolves speaker mentions of one article to names, using the article's own evidence.

    Feed every sentence unit (tokens with direct quotes as placeholders, so quoted words are
    not mentions) to :meth:`scan_unit` in text order, then call :meth:`resolve` for mentions in
    text order, telling it each resolved speaker with :meth:`note_speaker`.
    """

    def __init__(self, text: str, entities: Sequence[Entity] = ()) -> None:
        self.text = text
        self.ner = [(e.start, e.end, e.label) for e in entities]
        self.ner_persons = [(e.start, e.end) for e in entities if e.label == "PERSON"]
        self.mentions: list[_PersonMention] = []
        self.titles: dict[str, set[str]] = {}
        self.gender: dict[str, str] = {}
        self.full_names: list[tuple[int, str]] = []  # (first offset, multi-word name)
        self.speakers: list[tuple[int, int, str, str]] = []  # (offset, unit, name, kind)

    # -- evidence ------------------------------------------------------------------------------

    def _is_ner_person(self, start: int, end: int) -> bool | None:
        for s, e, label in self.ner:
            if s < end and start < e:
                return label == "PERSON"
        return None

    def scan_unit(self, unit: int, toks: Sequence[Tok]) -> None:
        """Record the person names, titles and appositions of one sentence unit."""
        i, n = 0, len(toks)
        first_person = True
        while i < n:
            if not is_capitalized(toks[i]) or toks[i].quote >= 0:
                i += 1
                continue
            j = i
            while j < n and (
                is_capitalized(toks[j])
                or (
                    toks[j].text == "."
                    and j > i
                    and _is_abbrev(toks[j - 1])
                    and j + 1 < n
                    and is_capitalized(toks[j + 1])
                )
                or (toks[j].low in NAME_PARTICLES and j + 1 < n and is_capitalized(toks[j + 1]))
            ):
                j += 1
            titles, name = name_part(toks[i:j])
            self._add_run(unit, toks, i, j, titles, name, first_person)
            if name and self.mentions and self.mentions[-1].start == name[0].start:
                first_person = False
            i = j

    def _add_run(
        self,
        unit: int,
        toks: Sequence[Tok],
        i: int,
        j: int,
        titles: list[Tok],
        name: list[Tok],
        subject_slot: bool,
    ) -> None:
        if not name:
            return
        start, end = name[0].start, name[-1].end
        name_text = re.sub(r"['’]s$", "", self.text[start:end])
        ner = self._is_ner_person(start, end)
        # Role words before the name: the title run plus lower-case role words just before it.
        pre: set[str] = {_strip_possessive(t.low) for t in titles}
        k = i - 1
        while k >= 0 and i - k <= 4 and np_token(toks[k]) and toks[k].low not in DETERMINERS:
            pre.add(_strip_possessive(toks[k].low))
            k -= 1
        # Apposition after the name: "Dmitry Peskov, Kremlin spokesman, said".
        post: set[str] = set()
        if j + 1 < len(toks) and toks[j].text == ",":
            a, b = np_span_right(toks, j + 1, len(toks), max_len=6)
            if (b > a and b < len(toks) and toks[b].text in (",", ".", ";")) or b == len(toks):
                h = head_index(toks, a, b) if b > a else a
                if b > a and _strip_possessive(toks[h].low) in ROLE_NOUNS:
                    post = {_strip_possessive(t.low) for t in toks[a:b]} - DETERMINERS
        has_title = bool((pre | post) & (TITLES | frozenset(ROLE_NOUNS)))
        words = len([t for t in name if t.text != "."])
        surname = self._full_name_for(name_text)
        if ner is False:
            return
        if ner is None:
            last = _strip_possessive(name[-1].low)
            shaped = (
                words >= 2
                and name[0].low not in PLACE_HEADS
                and last not in ORG_SUFFIXES
                and not all(t.text.isupper() for t in name)
                and not (i > 0 and toks[i - 1].low == "the" and not titles)
            )
            if not ((has_title and last not in ORG_SUFFIXES) or shaped or surname):
                return
        full = surname or name_text
        if words >= 2 and not surname:
            self.full_names.append((start, name_text))
        roles = (pre | post) - DETERMINERS
        if roles:
            self.titles.setdefault(full, set()).update(roles)
        g = gender_of(frozenset(roles))
        if g and full not in self.gender:
            self.gender[full] = g
        poss = name[-1].low.endswith(("'s", "’s"))
        subject = subject_slot and not poss and (i < 8 or toks[i - 1].text == ",")
        self.mentions.append(_PersonMention(start, unit, full, subject))

    def _full_name_for(self, name: str) -> str | None:
        """The multi-word name whose last word is ``name`` (most recent first)."""
        parts = name.split()
        if len(parts) != 1:
            for _, full in reversed(self.full_names):
                if full != name and full.endswith(" " + name):
                    return full
            return None
        for _, full in reversed(self.full_names):
            if full.split()[-1] == name:
                return full
        return None

    def note_speaker(self, offset: int, unit: int, name: str | None, kind: str) -> None:
        """Remember a resolved speaker (for later pronouns and continuation quotes)."""
        if name:
            self.speakers.append((offset, unit, name, kind))

    # -- resolution ----------------------------------------------------------------------------

    def resolve(self, m: Mention, offset: int, unit: int) -> str | None:
        """Resolve mention ``m`` found at ``offset`` in sentence ``unit`` to a speaker name."""
        if m.kind == "person" and m.name:
            full = self._full_name_for(m.name) if len(m.name.split()) == 1 else None
            if full is None and len(m.name.split()) > 1:
                full = self._full_name_for(m.name) or m.name
            name = full or m.name
            if m.roles:
                self.titles.setdefault(name, set()).update(m.roles)
            g = gender_of(m.roles)
            if g:
                self.gender.setdefault(name, g)
            return name
        if m.kind == "org":
            return m.name or m.text
        if m.kind == "pronoun":
            return self._resolve_pronoun(m.head, offset, unit)
        return self._resolve_nominal(m, offset, unit)

    def _compatible(self, name: str, gender: str | None) -> bool:
        return gender is None or self.gender.get(name, gender) == gender

    def _resolve_pronoun(self, pron: str, offset: int, unit: int) -> str | None:
        if pron in PRONOUNS_PL:
            for off, u, name, kind in reversed(self.speakers):
                if off < offset and unit - u <= 3 and kind in ("org", "nominal-plural"):
                    return name
            return None
        if pron not in PRONOUNS_M and pron not in PRONOUNS_F:
            return None
        gender = "m" if pron in PRONOUNS_M else "f"
        # 1. the subject of the current sentence, before the pronoun
        for men in self.mentions:
            if (
                men.unit == unit
                and men.start < offset
                and men.subject
                and self._compatible(men.name, gender)
            ):
                return self._settle(men.name, gender)
        # 2. the last person quoted nearby
        for off, u, name, kind in reversed(self.speakers):
            if off < offset and unit - u <= 3 and kind == "person":
                if self._compatible(name, gender):
                    return self._settle(name, gender)
                break
        # 3. the most recent person mentioned
        for men in reversed(self.mentions):
            if men.start < offset and unit - men.unit <= 5 and self._compatible(men.name, gender):
                return self._settle(men.name, gender)
        return None

    def _settle(self, name: str, gender: str) -> str:
        self.gender.setdefault(name, gender)
        return name

    def _resolve_nominal(self, m: Mention, offset: int, unit: int) -> str | None:
        if m.head in ROLE_NOUNS and m.definite:
            marked = m.roles & _DISTINGUISHING
            gender = ROLE_NOUNS.get(m.head)
            best: tuple[int, int, str] | None = None
            seen: set[str] = set()
            for men in reversed(self.mentions):
                if men.start >= offset or men.name in seen:
                    continue
                seen.add(men.name)
                stored = frozenset(self.titles.get(men.name, ()))
                if not roles_compatible(m.head, stored) or not self._compatible(men.name, gender):
                    continue
                if marked - stored:  # "the former official" is not the current spokesman
                    continue
                overlap = len((m.roles - {m.head}) & stored)
                score = (overlap, -len(seen), men.name)
                if best is None or score[:2] > best[:2]:
                    best = score
            if best is not None:
                return best[2]
        return m.text
