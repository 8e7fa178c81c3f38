"""Rule-based names: people, organisations and places found without a model (ground floor).

Capitalised sequences are labelled with title words ("President", "spokesman"), organisation
words ("Ministry", "Police"), a small gazetteer of countries, US states and world cities, and
demonyms; later bare surnames of known people are labelled too. Extraction uses these as its
model-free entity path; clustering and comparison use them as features and to tell people
apart, so they live here, beside the records, rather than inside one stage.
"""

from __future__ import annotations

import re

from newsweave.models import Entity
from newsweave.text import STOPWORDS

# -- rules --------------------------------------------------------------------

# Words that introduce a person's name ("President Vladimir Putin", "spokesman Dmitry Peskov").
_PERSON_TITLES = frozenset(
    """president vice prime minister chancellor secretary senator sen rep gov governor mayor
    spokesman spokeswoman spokesperson mr mrs ms dr prof gen lt col maj capt sgt adm judge
    justice pope king queen prince princess sheikh ayatollah chairman chairwoman ceo director
    officer detective sheriff deputy chief commissioner ambassador envoy leader premier
    president-elect candidate actress actor singer coach rev pastor father sister brother
    minister-president speaker lawmaker attorney prosecutor foreign defense defence interior
    finance economy justice health education state""".split()
)
_ORG_WORDS = frozenset(
    """ministry department agency council committee party commission court police army navy
    forces force university college school company corp corporation inc ltd llc bank group
    office administration association union organization organisation institute foundation
    service services senate house congress parliament assembly kremlin pentagon government
    cabinet board authority bureau club federation league network news times post press
    tribune journal herald channel tv radio museum hospital church fund airlines airways
    committee guard command alliance coalition movement front""".split()
)
_PLACE_WORDS = frozenset(
    "street avenue road square river lake mountain mountains sea ocean bay island islands "
    "county region province district valley park bridge airport".split()
)
# Countries, US states and large cities: a helper for the fallback only (spaCy needs none).
# Most entries are general lists; "gaza crimea donbas kaliningrad" were added with the first
# extractor (ba8e067) while reading the seed articles, which name them: seen data, not general.
_GPE = frozenset(
    """afghanistan albania algeria argentina armenia australia austria azerbaijan bahrain
    bangladesh belarus belgium bolivia bosnia brazil bulgaria cambodia cameroon canada chile
    china colombia congo croatia cuba cyprus czechia denmark ecuador egypt estonia ethiopia
    finland france georgia germany ghana greece guatemala haiti honduras hungary iceland india
    indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya korea kosovo
    kuwait kyrgyzstan laos latvia lebanon libya lithuania luxembourg madagascar malaysia mali
    malta mexico moldova mongolia montenegro morocco mozambique myanmar nepal netherlands
    nicaragua niger nigeria norway oman pakistan palestine panama paraguay peru philippines
    poland portugal qatar romania russia rwanda serbia singapore slovakia slovenia somalia spain
    sudan sweden switzerland syria taiwan tajikistan tanzania thailand tunisia turkey
    turkmenistan uganda ukraine uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe
    america britain england scotland wales europe africa asia gaza crimea donbas kaliningrad
    alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii
    idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming
    moscow kyiv kiev washington london paris berlin beijing tokyo brussels rome madrid warsaw
    vilnius riga tallinn minsk ankara istanbul tehran baghdad damascus beirut jerusalem cairo
    riyadh dubai delhi mumbai islamabad kabul seoul pyongyang taipei hanoi bangkok jakarta
    manila sydney toronto ottawa montreal vancouver chicago houston boston atlanta miami
    dallas detroit philadelphia seattle denver baltimore phoenix vienna prague budapest
    bucharest sofia belgrade athens lisbon dublin amsterdam stockholm oslo copenhagen helsinki
    geneva zurich florida nairobi lagos johannesburg caracas havana lima bogota santiago
    brasilia mexico""".split()
)
_MULTI_GPE = frozenset(
    """united states|united kingdom|new york|los angeles|san francisco|new delhi|south korea|
    north korea|saudi arabia|south africa|new zealand|hong kong|sri lanka|united arab emirates|
    new jersey|new mexico|north carolina|south carolina|north dakota|south dakota|rhode island|
    west virginia|new hampshire|las vegas|new orleans|st. louis|san diego|san antonio|
    buenos aires|rio de janeiro|tel aviv|abu dhabi|kuala lumpur|washington, d.c.""".replace(
        "\n", ""
    ).split("|")
)
_ACRONYM_GPE = frozenset({"US", "U.S.", "USA", "UK", "U.K.", "UAE", "EU", "DPRK"})
_MONTHS_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday""".split()
)
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|ean|i|an)$")
_CONNECTORS = r"(?:of|the|de|del|da|di|la|le|al|el|bin|ibn|von|van|der|for)"
_CAP = r"(?:[A-Z][\w'’.-]*[\w.]|[A-Z])"
# A possessive ends a name: "Russia's Kaliningrad" is two entities; so does a word ending a
# sentence ("Germany. Regarding"), told from abbreviations ("Mr.", "Lt.") by its two final
# lower-case letters.
_SEQ = re.compile(
    rf"{_CAP}(?:(?<!['’]s)(?<![a-z]{{2}}\.)[^\S\n]+(?:{_CONNECTORS}[^\S\n]+)?{_CAP})*"
)
_SAID = re.compile(r"^[,]?\s+(?:said|says|told|added|noted|stated|wrote|argued|explained|asked)\b")
_PREP_PLACE = re.compile(r"(?:\bin|\bfrom|\bnear|\boutside|\bacross|\bto|\bvisit(?:ed)?)\s+$")


def _is_sentence_start(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t\"'“‘(":
        j -= 1
    return j < 0 or text[j] in ".!?\n:;”"


def _words(span: str) -> list[str]:
    return [w.strip(".,'’").lower() for w in span.split()]


def is_place(span: str) -> bool:
    """Whether ``span`` is a country, US state or world city of the gazetteer ("Moscow")."""
    low = " ".join(_words(span))
    return low in _MULTI_GPE or low in _GPE or span in _ACRONYM_GPE


def _label(span: str, text: str, start: int, end: int) -> str | None:
    words = _words(span)
    low = " ".join(words)
    if low in _MULTI_GPE or low in _GPE or span in _ACRONYM_GPE:
        return "GPE"
    if any(w in _ORG_WORDS for w in words):
        return "ORG"
    if _ACRONYM.fullmatch(span):
        return "ORG"
    if words[-1] in _PLACE_WORDS:
        return "LOC"
    if _DEMONYM.match(span) and " " not in span:
        return "NORP" if re.match(r"\s+[a-z]", text[end : end + 3]) else None
    if 2 <= len(words) <= 4 and all(w[:1].isalpha() for w in words):
        if said_after(text, end) or re.search(
            r"\b(?:" + "|".join(("spokesman", "spokeswoman", "said", "told")) + r")\s*,?\s*$",
            text[max(0, start - 25) : start],
        ):
            return "PERSON"
        return "PERSON" if not any(w in STOPWORDS for w in words) else "MISC"
    if len(words) == 1 and _PREP_PLACE.search(text[max(0, start - 12) : start]):
        return "GPE"
    return "MISC"


_LOWER_WORD = re.compile(r"\b[a-z][\w'’-]*")
_CAP_WORD = re.compile(r"\b[A-Z][\w'’-]*")
_COMMON_SUFFIX = re.compile(r"(?:ing|ly|ed)$")
_POSSESSIVE = re.compile(r"['’]s?$")
_ACRONYM = re.compile(r"[A-Z][A-Z.&-]{1,6}")
_TOKEN = re.compile(r"\S+")


def rule_entities(text: str) -> tuple[Entity, ...]:
    """Model-free entities: capitalised sequences labelled by cue words and a gazetteer."""
    found: list[Entity] = []
    # One pass over the words: which appear in lower case, and which capitalised words appear
    # away from a sentence start (only those can be names when they open a sentence).
    lower_words = set(_LOWER_WORD.findall(text))
    mid_caps = {
        _POSSESSIVE.sub("", w.group())
        for w in _CAP_WORD.finditer(text)
        if not _is_sentence_start(text, w.start())
    }
    for m in _SEQ.finditer(text):
        tokens = m.group().split()
        offsets = [m.start() + i for i in _token_offsets(m.group())]
        titled = False
        first = True
        # Peel sentence-initial function words ("The", "Regarding"), leading titles, places
        # and demonyms ("US President-elect Donald Trump" -> GPE US + PERSON Donald Trump),
        # remembering whether a person title introduced the name.
        while tokens:
            w = tokens[0].strip(".,'’").lower()
            if w in STOPWORDS or w in _MONTHS_DAYS or w in _PERSON_TITLES:
                titled = titled or w in _PERSON_TITLES
            elif (
                first
                and len(tokens) > 1
                and _is_sentence_start(text, offsets[0])
                and (_COMMON_SUFFIX.search(w) or w in lower_words)
            ):
                pass  # "Regarding Russia's ...": a common word capitalised by position
            elif (
                len(tokens) > 1
                and (w in _GPE or tokens[0] in _ACRONYM_GPE)
                and (tokens[1].strip(".,'’").lower() in _PERSON_TITLES)
            ):
                found.append(Entity(tokens[0], "GPE", offsets[0], offsets[0] + len(tokens[0])))
            elif _DEMONYM.match(tokens[0]) and len(tokens) > 1 and w not in _GPE:
                found.append(Entity(tokens[0], "NORP", offsets[0], offsets[0] + len(tokens[0])))
            else:
                break
            tokens, offsets, first = tokens[1:], offsets[1:], False
        while tokens and tokens[-1].strip(".,'’").lower() in (STOPWORDS | _MONTHS_DAYS):
            tokens, offsets = tokens[:-1], offsets[:-1]
        if not tokens:
            continue
        start = offsets[0]
        last = _POSSESSIVE.sub("", tokens[-1])  # possessive: "Trump's" -> "Trump"
        if last not in _ACRONYM_GPE:
            last = last.rstrip(".")
        end = offsets[-1] + len(last)
        span = text[start:end]
        if not span or not span[0].isupper():
            continue
        # A lone capitalised word opening a sentence is a name only if seen elsewhere.
        if (
            _is_sentence_start(text, start)
            and len(tokens) == 1
            and not titled
            and span not in mid_caps
        ):
            continue
        label = _label(span, text, start, end)
        if titled and len(tokens) <= 4 and label not in ("GPE", "ORG"):
            label = "PERSON"
        if label is not None:
            found.append(Entity(span, label, start, end))
    # Bare surnames of people named in full elsewhere ("Peskov" after "Dmitry Peskov"), also
    # those the demonym rule took for a nationality ("Lukan" after "Teodor Lukan").
    surnames = {e.text.split()[-1] for e in found if e.label == "PERSON" and " " in e.text}
    return tuple(
        sorted(
            (
                Entity(e.text, "PERSON", e.start, e.end)
                if e.label in ("MISC", "NORP") and e.text in surnames
                else e
                for e in found
            ),
            key=lambda e: e.start,
        )
    )


_APPOSITION = re.compile(r"^\s*,\s+(?:a|an|the|who|\d{1,3})\b")
_LAST_WORD = re.compile(r"([\w-]+)[^\S\n]+$")


def said_after(text: str, end: int) -> bool:
    """Whether a speech verb follows the mention ending at ``end`` ("X said", "X, told")."""
    return bool(_SAID.match(text[end : end + 20]))


def person_cue(text: str, start: int, end: int) -> bool:
    """Whether the mention ``text[start:end]`` is marked as a person by its context: a person
    title before it ("minister X", "prosecutor X"), a speech verb after it ("X said") or an
    apposition ("X, a former state secretary", "X, who", "X, 45").

    >>> t = "Police detained Teodor Lukan, a former state secretary, at Port Valen."
    >>> person_cue(t, 16, 28), person_cue(t, 59, 69)
    (True, False)
    """
    if said_after(text, end) or _APPOSITION.match(text[end : end + 24]):
        return True
    m = _LAST_WORD.search(text[max(0, start - 30) : start])
    return bool(m and m.group(1).lower() in _PERSON_TITLES)


def _token_offsets(span: str) -> list[int]:
    return [m.start() for m in _TOKEN.finditer(span)]


__all__ = ["is_place", "person_cue", "rule_entities", "said_after"]
