"""Speaker resolution: a quote's speaker phrase resolved to a name, from the article's evidence.

Model-free, using only what the article itself says:

* names seen in the text (NER ``PERSON`` entities when the caller has them, else runs of
  capitalised words that a title, an honorific or a speech cue marks as a person);
* appositions and pre-name titles ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov, Kremlin
  spokesman"), so that "the spokesman" later maps back to "Dmitry Peskov";
* surnames and honorific forms ("Peskov", "Mr. Peskov") map to a full name seen in the text;
* pronouns (he/she/they) go to the most salient compatible person: the subject of the current
  sentence, else the last quoted speaker nearby, else the most recent person mention.

Finding the phrase is :mod:`newsweave.extract.quotes.phrases`; the lexicons are in
:mod:`newsweave.extract.quotes.lexicon` and ``newsweave/data/quote_lexicon.toml``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

from newsweave.extract.quotes.lexicon import (
    BRIDGES,
    DETERMINERS,
    GENERIC_ROLES,
    GIVEN_NAMES,
    HONORIFIC_GENDER,
    NAME_PARTICLES,
    ORG_SUFFIXES,
    PLACE_HEADS,
    PREPOSITIONS,
    PRONOUNS_F,
    PRONOUNS_M,
    PRONOUNS_PL,
    ROLE_GROUPS,
    ROLE_NOUNS,
    TITLES,
    Tok,
    adjectival_noun,
    head_index,
    is_abbrev,
    is_capitalized,
    load_lexicon,
    np_token,
    strip_possessive,
    word_set,
)
from newsweave.extract.quotes.phrases import Mention, fronted_adjunct, name_part, np_span_right
from newsweave.models import Entity
from newsweave.names import is_place

_DISTINGUISHING = word_set(
    "former ex retired outgoing incoming acting deputy assistant vice junior senior late previous"
)


#: Abbreviated titles and the role they stand for ("Sen. Ilse Varga" is "the senator").
_TITLE_ROLES = {
    "sen": "senator",
    "gov": "governor",
    "rep": "representative",
    "gen": "general",
    "adm": "admiral",
    "capt": "captain",
    "col": "colonel",
    "lt": "lieutenant",
    "maj": "major",
    "sgt": "sergeant",
    "cmdr": "commander",
    "det": "detective",
    "supt": "superintendent",
    "atty": "attorney",
    "amb": "ambassador",
    "pres": "president",
    "sec": "secretary",
}


def roles_compatible(head: str, stored: frozenset[str]) -> bool:
    """True if a nominal head ("spokesman") fits a person's stored title words."""
    titled = stored | {_TITLE_ROLES[t.rstrip(".")] for t in stored if t.rstrip(".") in _TITLE_ROLES}
    if head in titled:
        return True
    for group in ROLE_GROUPS:
        if head in group and titled & group:
            return True
    # "the aide", "the official": a person the article gave a role ("spokesman", "adviser");
    # an honorific alone ("Sen.", "Rep.") names the senator, not their aide.
    return head in GENERIC_ROLES and bool(stored & frozenset(ROLE_NOUNS))


#: Party words that set a role apart ("the Democratic nominee" is not the Republican one).
_PARTIES = word_set(
    "democratic democrat republican gop libertarian independent green labour labor tory "
    "conservative liberal socialist"
)


_PARTY_SAME = {"gop": "republican", "democrat": "democratic", "labor": "labour"}


def _conflicting(roles: frozenset[str], stored: frozenset[str]) -> bool:
    """True when a description's party or place ("the Democratic nominee", "the Florida
    senator") differs from the party or place the article gave the person ("Republican
    candidate X", "Texas Sen. X"); a person introduced without one stays compatible."""
    for parties in (True, False):
        mine = {_PARTY_SAME.get(w, w) for w in roles if _affiliation(w, parties)}
        theirs = {_PARTY_SAME.get(w, w) for w in stored if _affiliation(w, parties)}
        if mine and theirs and not mine & theirs:
            return True
    return False


def _affiliation(word: str, party: bool) -> bool:
    """A party word (``party``) or a place word ("florida") of a role phrase."""
    if party:
        return word in _PARTIES
    return word not in _PARTIES and is_place(word.title())


def gender_of(words: frozenset[str]) -> str | None:
    """Grammatical gender suggested by honorifics or gendered role nouns, if any; None when
    the words suggest both ("the boy's mother"): a set has no order to pick one by."""
    found = {g for w in words if (g := HONORIFIC_GENDER.get(w) or ROLE_NOUNS.get(w))}
    return next(iter(found)) if len(found) == 1 else None


_MALE_WORDS = word_set("he his him himself")
_FEMALE_WORDS = word_set("she her hers herself")
_NAMES = load_lexicon()["names"]
#: Gender of common given names (``[names]`` in quote_lexicon.toml).
GIVEN_NAME_GENDER = {**dict.fromkeys(_NAMES["male"], "m"), **dict.fromkeys(_NAMES["female"], "f")}


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
        self._lower_words: frozenset[str] | None = None
        self.ner = sorted((e.start, e.end, e.label) for e in entities)
        self.ner_starts = [s for s, _, _ in self.ner]
        self.ner_persons = [(e.start, e.end) for e in entities if e.label == "PERSON"]
        self.mentions: list[_PersonMention] = []
        self.titles: dict[str, set[str]] = {}
        self.gender: dict[str, str] = {}
        self.full_names: list[tuple[int, str]] = []  # (first offset, multi-word name)
        self.by_last: dict[str, list[tuple[int, str]]] = {}  # last word -> (offset, full name)
        self.speakers: list[tuple[int, int, str, str]] = []  # (offset, unit, name, kind)

    # -- evidence ------------------------------------------------------------------------------

    def _is_ner_person(self, start: int, end: int) -> bool | None:
        """True/False if an NER span overlaps ``[start, end)`` (PERSON or not), else None."""
        k = bisect.bisect_left(self.ner_starts, end)
        for s, e, label in reversed(self.ner[max(0, k - 4) : k]):
            if s < end and start < e:
                # "the Log Cabin Republicans" tagged PERSON: a name takes no article
                return label == "PERSON" and self.text[s : s + 4].lower() != "the "
        return None

    def scan_unit(self, unit: int, toks: Sequence[Tok], names_only: bool = False) -> None:
        """Record the person names, titles and appositions of one sentence unit.

        ``names_only``: a quick first pass that only learns multi-word names, so that a surname
        met before the full name ("Peskov: ...", then "Dmitry Peskov") still resolves.
        """
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
                    and is_abbrev(toks[j - 1])
                    and j + 1 < n
                    and is_capitalized(toks[j + 1])
                )
                or (toks[j].low in NAME_PARTICLES and j + 1 < n and is_capitalized(toks[j + 1]))
            ):
                j += 1
            titles, name = name_part(toks[i:j])
            name = self._trim_common(name)
            if names_only:
                if (
                    len(name) >= 2
                    and self._is_ner_person(name[0].start, name[-1].end) is not False
                    and name[0].low not in PLACE_HEADS
                    and name[-1].low not in ORG_SUFFIXES
                ):
                    self._add_full_name(self.text[name[0].start : name[-1].end], name[0].start)
                i = j
                continue
            self._add_run(unit, toks, i, j, titles, name, first_person)
            if name and self.mentions and self.mentions[-1].start == name[0].start:
                first_person = False
            i = j
        if not names_only:
            self._learn_gender(unit, toks)
            self._chain_subject_pronoun(unit, toks)

    @property
    def lower_words(self) -> frozenset[str]:
        """The words this article writes in lower case (computed once, when first needed)."""
        if self._lower_words is None:
            self._lower_words = frozenset(re.findall(r"\b[a-z]+\b", self.text))
        return self._lower_words

    def _trim_common(self, name: list[Tok]) -> list[Tok]:
        """Cut capitalised common words off the front of a name run: a word this article also
        writes in lower case and that is no given name ("Does Rubio", "Former Carson",
        "Maybe Trump" at a sentence start are "Rubio", "Carson", "Trump")."""
        if len(name) < 2:
            return name
        k = 0
        while len(name) - k >= 2 and (
            (
                name[k].text[:1].isupper()
                and name[k].low.isalpha()
                and name[k].low not in GIVEN_NAMES
                and name[k].low not in NAME_PARTICLES
                and name[k].low in self.lower_words
            )
            or re.search(r"-[a-z]", name[k].text) is not None  # "Oscar-winner Sarandon"
            or (name[k].low in ROLE_NOUNS and name[k + 1].low in GIVEN_NAMES)  # "Reporter Ann"
            or name[k].low in _FUNCTION_WORDS  # "Neither Donald Trump nor ..."
        ):
            k += 1
        words = [t for t in name[k:] if t.text != "." and len(t.text) > 2]
        if len(words) >= 4:
            # a title-case headline run ("Reason Hedge Funds Support Ann Lowe"): the name is
            # the last given name and what follows it
            given = [m for m in range(k, len(name)) if name[m].low in GIVEN_NAMES]
            if given and len(name) - given[-1] >= 2:
                k = given[-1]
        return name[k:]

    def _surname_alone(self, word: str, i: int, toks: Sequence[Tok]) -> bool:
        """A lone title- or place-shaped word ("King", "Israel", "Paris") that is the surname
        of a person this article names in full, not after a determiner ("the King")."""
        w = re.sub(r"['’]s$", "", word)
        return (
            w[:1].isupper()
            and not w.isupper()
            and w in self.by_last
            and not (i > 0 and toks[i - 1].low in DETERMINERS)
        )

    def _chain_subject_pronoun(self, unit: int, toks: Sequence[Tok]) -> None:
        """A sentence whose subject is "he"/"she" continues a person: record that person as
        this sentence's subject, so the next "he said" follows the chain ("Perry stepped up
        his attacks. In a statement, he decried ... 'This is ...,' he said") instead of
        jumping to a person merely named in between."""
        if any(m.unit == unit and m.subject for m in self.mentions[-4:]):
            return
        for k, tok in enumerate(toks[:10]):
            if tok.quote >= 0:
                return
            if tok.low in PRONOUNS_M or tok.low in PRONOUNS_F:
                if k > 0 and toks[k - 1].text not in (",", ":", ";") and k > 1:
                    return  # "told him", "as he ..." deeper in a clause: not the subject
                name = self._resolve_pronoun(tok.low, tok.start, unit)
                if name:
                    self.mentions.append(_PersonMention(tok.start, unit, name, True))
                return

    def _learn_gender(self, unit: int, toks: Sequence[Tok]) -> None:
        """One person named in a sentence and pronouns of one gender after it: that gender.

        "Smith said his plan ..." tells that Smith is "he" for later sentences; a sentence
        naming two people, or using both "he" and "she", tells nothing.
        """
        here = [m for m in self.mentions[-4:] if m.unit == unit]
        if len({m.name for m in here}) != 1 or here[0].name in self.gender:
            return
        after = {t.low for t in toks if t.start > here[0].start and t.quote < 0}
        male, female = bool(after & _MALE_WORDS), bool(after & _FEMALE_WORDS)
        if male != female:
            self.gender[here[0].name] = "m" if male else "f"

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
        if not name and len(titles) == 1 and self._surname_alone(titles[0].text, i, toks):
            titles, name = [], titles  # "King said" after "Rep. Peter King"
        if not name:
            return
        start, end = name[0].start, name[-1].end
        name_text = re.sub(r"['’]s$", "", self.text[start:end])
        ner = self._is_ner_person(start, end)
        # Role words before the name: the title run plus lower-case role words just before it.
        pre: set[str] = {strip_possessive(t.low) for t in titles}
        k = i - 1
        while k >= 0 and i - k <= 4 and np_token(toks[k]) and toks[k].low not in DETERMINERS:
            pre.add(strip_possessive(toks[k].low))
            k -= 1
        # Apposition after the name: "Dmitry Peskov, Kremlin spokesman, said".
        post: set[str] = set()
        if j + 1 < len(toks) and toks[j].text == ",":
            a, b = np_span_right(toks, j + 1, len(toks), max_len=6)
            if (b > a and b < len(toks) and toks[b].text in (",", ".", ";")) or b == len(toks):
                h = head_index(toks, a, b) if b > a else a
                hw = strip_possessive(toks[h].low)
                if b > a and (hw in ROLE_NOUNS or adjectival_noun(hw, True)):
                    post = {strip_possessive(t.low) for t in toks[a:b]} - DETERMINERS
        has_title = bool((pre | post) & (TITLES | frozenset(ROLE_NOUNS)))
        words = len([t for t in name if t.text != "."])
        surname = self._full_name_for(name_text, start, gender_of(frozenset(pre)))
        # A surname the model calls an organisation ("Bachmann" after "Michele Bachmann") is
        # still the person the article named in full.
        if ner is False and not (surname and words == 1):
            return
        if ner is None:
            last = strip_possessive(name[-1].low)
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
            self._add_full_name(name_text, start)
        roles = (pre | post) - DETERMINERS
        if roles:
            self.titles.setdefault(full, set()).update(roles)
        g = gender_of(frozenset(roles))
        if g and full not in self.gender:
            self.gender[full] = g
        poss = name[-1].low.endswith(("'s", "’s"))
        # "the Obama administration": a name after a determiner and before a noun modifies it.
        modifier = (
            i > 0
            and toks[i - 1].low in DETERMINERS
            and j < len(toks)
            and toks[j].text[:1].islower()
        )
        subject = (
            subject_slot
            and not poss
            and not modifier
            and not fronted_adjunct(toks, i)  # "Echoing a statement from X, the aide ..."
            and (i < 8 or toks[i - 1].text == ",")
        )
        self.mentions.append(_PersonMention(start, unit, full, subject))

    def _add_full_name(self, name: str, offset: int) -> None:
        name = re.sub(r"['’]s$", "", name)
        self.full_names.append((offset, name))
        seen = self.by_last.setdefault(name.split()[-1], [])
        if (offset, name) not in seen:
            seen.append((offset, name))

    def _full_name_for(self, name: str, offset: int, gender: str | None = None) -> str | None:
        """The multi-word name whose last word is ``name``.

        When the article names two people with that surname ("Hillary Clinton", "Bill
        Clinton"), the bare surname is the one it names in full most often (news keeps
        writing the other one in full), among those of a compatible gender ("Mrs. Clinton").
        """
        parts = name.split()
        if len(parts) != 1:
            for _, full in reversed(self.full_names):
                if full != name and full.endswith(" " + name):
                    return full
            return None
        found = self.by_last.get(name, [])
        if len({full for _, full in found}) == 1:
            full = found[0][1]
            return full if gender is None or self._compatible(full, gender) else None
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for off, full in found:
            if gender is None or self._compatible(full, gender):
                counts[full] = counts.get(full, 0) + 1
                first.setdefault(full, off)
        if not counts:
            return None
        return max(counts, key=lambda f: (counts[f], -first[f]))

    def note_speaker(self, offset: int, unit: int, name: str | None, kind: str) -> None:
        """Remember a resolved speaker (for later pronouns and continuation quotes), or an
        unnamed person source (kind "unnamed": "a former official said"), whom a "he" in the
        next sentence most likely continues."""
        if name or kind == "unnamed":
            self.speakers.append((offset, unit, name or "", kind))

    # -- resolution ----------------------------------------------------------------------------

    def resolve(self, m: Mention, offset: int, unit: int) -> str | None:
        """Resolve mention ``m`` found at ``offset`` in sentence ``unit`` to a speaker name."""
        if m.kind == "person" and m.name:
            g = gender_of(m.roles)
            one = len(m.name.split()) == 1
            full = self._full_name_for(m.name, offset, g) if one else None
            if full is None and len(m.name.split()) > 1:
                full = self._full_name_for(m.name, offset) or m.name
            name = full or m.name
            if m.roles:
                self.titles.setdefault(name, set()).update(m.roles)
            g = gender_of(m.roles)
            if g:
                self.gender.setdefault(name, g)
            return name
        lone = m.text if " " not in m.text and m.kind in ("nominal", "place") else ""
        if lone and not m.definite and self._surname_alone(lone, 0, ()):
            return self._full_name_for(re.sub(r"['’]s$", "", lone), offset)  # "Israel said"
        if m.kind == "org":
            return m.name or m.text
        if m.kind in ("place", "thing"):
            return None  # "Moscow said": a place or an event names no speaker
        if m.kind == "pronoun":
            return self._resolve_pronoun(m.head, offset, unit)
        return self._resolve_nominal(m, offset, unit)

    def _gender(self, name: str) -> str | None:
        """The person's gender: a common given name's first (a "his" near a "Clinton"
        may be another Clinton's), else the article's evidence."""
        g = GIVEN_NAME_GENDER.get(name.split()[0].lower()) if " " in name else None
        return g or self.gender.get(name)

    def _compatible(self, name: str, gender: str | None) -> bool:
        if gender is None:
            return True
        known = self._gender(name)
        return known is None or known == gender

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
        # 2. the speaker of the previous sentence: a pronoun after an attribution continues it
        # ("Responding to reports that Smith had ..., Jones said ... . 'We ...,' he said"),
        # which a person merely mentioned there must not take over.
        for off, u, name, kind in reversed(self.speakers):
            if off < offset and u == unit - 1 and kind == "unnamed":
                return None  # "According to a former official, ... He added: '...'"
            if off < offset and u == unit - 1 and kind == "person":
                if self._compatible(name, gender):
                    return self._settle(name, gender)
                break
        # 3. the subject of the previous sentence (the topic usually continues: "Trump accused
        # Cruz of ... Then he cut into Bush")
        for men in self.mentions:
            if men.unit == unit - 1 and men.subject:
                if self._compatible(men.name, gender):
                    return self._settle(men.name, gender)
                break
        # 3. the last person quoted nearby
        for off, u, name, kind in reversed(self.speakers):
            if off < offset and unit - u <= 3 and kind == "person":
                if self._compatible(name, gender):
                    return self._settle(name, gender)
                break
        # 4. the most recent person mentioned
        for men in reversed(self.mentions):
            if men.start < offset and unit - men.unit <= 5 and self._compatible(men.name, gender):
                return self._settle(men.name, gender)
        return None

    def _settle(self, name: str, gender: str) -> str:
        self.gender.setdefault(name, gender)
        return name

    def _unnamed_antecedent(self, m: Mention, offset: int, unit: int) -> str | None:
        """ "The official added" after "a former official said": the role phrase of the latest
        unnamed speaker (three sentences back at most) whose role fits and who is the only
        such speaker there."""
        found: set[str] = set()
        for off, u, name, kind in reversed(self.speakers):
            if off >= offset or kind != "unnamed" or not name:
                continue
            if unit - u > 3:
                break
            stored = frozenset(w.lower() for w in name.split())
            if roles_compatible(m.head, stored) and not (m.roles & _DISTINGUISHING) - stored:
                found.add(name)
        return found.pop() if len(found) == 1 else None

    def _resolve_nominal(self, m: Mention, offset: int, unit: int) -> str | None:
        adjectival = adjectival_noun(m.head, m.definite)
        if (m.head in ROLE_NOUNS and m.definite) or adjectival:
            marked = m.roles & _DISTINGUISHING
            gender = ROLE_NOUNS.get(m.head)
            best: tuple[int, int, str] | None = None
            if m.roles & _ORDINALS:
                # "the second official", "the other aide": an unnamed person set apart
                return self._unnamed_antecedent(m, offset, unit) if m.definite else None
            heads = {m.head}
            if " and " in m.text:  # "the Ohio senator and presidential candidate": both roles
                first = strip_possessive(m.text.split(" and ")[0].split()[-1].lower())
                if first in ROLE_NOUNS:
                    heads.add(first)
            seen: set[str] = set()
            for men in reversed(self.mentions):
                if men.start >= offset or men.name in seen:
                    continue
                seen.add(men.name)
                stored = frozenset(self.titles.get(men.name, ()))
                if not any(roles_compatible(h, stored) for h in heads):
                    continue
                if not self._compatible(men.name, gender):
                    continue
                if marked - stored:  # "the former official" is not the current spokesman
                    continue
                if _conflicting(m.roles, stored):
                    continue  # "the Democratic nominee" is not the Republican candidate

                overlap = len((m.roles - {m.head}) & stored)
                score = (overlap, -len(seen), men.name)
                if best is None or score[:2] > best[:2]:
                    best = score
            if best is not None:
                return best[2]
            if m.definite and not adjectival:
                return self._unnamed_antecedent(m, offset, unit)
        # An unresolved role noun or group ("the spokesman", "officials", "the company") is no
        # name: the quote stays unattributed (the mention as written is kept beside it).
        return None


_FUNCTION_WORDS = word_set("neither either both not nor only even also")
_NAMELESS = word_set("person source individual people")
_ORDINALS = word_set("second third fourth fifth other another")
_INDEFINITE = word_set("a an one another")
_NAME_COMPLEMENT = word_set("for of to")
_PHRASE_END = PREPOSITIONS | BRIDGES | word_set("who whom whose which that and or but")


def role_phrase(written: str, m: Mention) -> str | None:
    """The speaker an unnamed person is reported as: "a former official" -> "former
    official", "A spokesperson for Grassley" -> "spokesperson for Grassley", "A blogger on the
    Web site X" -> "blogger".

    Only for an indefinite singular role noun ("a", "an", "one", "another" before it): that is
    how a report names a source it will not name; "the spokesman" or "officials" name no one
    by themselves. A "for/of/to" complement is kept when it is a name (whose spokesperson);
    other complements are cut.
    """
    words = written.replace(",", " , ").split()
    if len(words) < 2 or words[0].lower() not in _INDEFINITE or m.head not in ROLE_NOUNS:
        return None
    out: list[str] = []
    for k, w in enumerate(words[1:], start=1):
        low = w.lower()
        if low in _NAME_COMPLEMENT:
            # "for Grassley", "for Democratic presidential candidate Hillary Clinton": kept
            # when it ends in a name, at most six words, no comma
            rest = words[k + 1 :]
            if (
                out
                and out[-1].lower() == m.head
                and 0 < len(rest) <= 6
                and rest[-1][:1].isupper()
                and rest[0].lower() != "the"
                and "," not in rest
            ):
                out.extend([w, *rest])
            break
        if low in _PHRASE_END or w == ",":
            break
        out.append(w)
    if not out or (out[-1].lower() != m.head and m.head not in (x.lower() for x in out)):
        return None
    phrase = re.sub(r"['’]s$", "", " ".join(out))
    # "a person familiar with the talks" -> "person": a word that names no one
    return None if phrase.lower() in _NAMELESS else phrase


#: Heads of an organisation named after a person ("Ryan's office", "the Trump campaign").
_ORG_HEADS = word_set("office campaign administration team government")


def org_phrase(written: str, m: Mention) -> str | None:
    """An organisation named by a person's name and an organisation noun: "Ryan's office",
    "the Trump campaign", "Congressman Gowdy's office" -> the phrase without its article;
    None for "the campaign" (no name) or "a campaign official" (a person)."""
    words = written.split()
    if m.head not in _ORG_HEADS or words[-1].lower() != m.head or len(words) > 5:
        return None
    start = 1 if words[0].lower() in ("the", "a", "an") else 0
    body = words[start:-1]
    if not body or not all(w[:1].isupper() for w in body):
        return None
    return " ".join(words[start:])


def speaker_kind(m: Mention | None, speaker: str | None) -> str:
    """How a resolved speaker counts for later pronouns: person, org or plural nominal."""
    if m is None:
        return "unknown"
    if m.kind in ("person", "org"):
        return m.kind
    if m.kind == "pronoun":
        if m.head in PRONOUNS_M or m.head in PRONOUNS_F:
            return "person"
        return "nominal-plural" if m.head in PRONOUNS_PL else "unknown"
    if speaker is not None and speaker[:1].islower() and m.head in ROLE_NOUNS:
        return "unnamed"  # a role phrase: "former official"
    if speaker is not None and speaker != m.text:
        return "person"
    if speaker is None and m.head in ROLE_NOUNS:
        return "unnamed"  # a singular role noun no name resolved: "a senior official"
    return "nominal-plural" if m.head.endswith("s") else "org"
