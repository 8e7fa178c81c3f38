"""Attribution rules of quote extraction: the cues of one sentence unit and their parts.

Step 3 of :mod:`newsweave.extract.quotes`: around every cue word of a unit (a verb of saying,
"according to", a noun of saying after a possessor, "X quoted Y as saying", a headline
"Name: statement"), :class:`CueRules` finds the speaker phrase and the content tokens and
returns them as :class:`RawAttribution` records, before speaker resolution.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.extract.quotes.clauses import (
    BARE_CLAUSE,
    BE,
    CONJ,
    DOCUMENT_NOUNS,
    EVIDENCE_VERBS,
    LOOSE,
    NEEDS_QUOTE,
    NOUN_CUES,
    OBJ_PRONOUNS,
    PARTICIPLE_OK_AFTER,
    QUOTE_CUES,
    TAKES_INFINITIVE,
    TAKES_OBJECT,
    TIME_WORDS,
    WH,
    ClauseRules,
    base_subject_ok,
    clause_start,
    in_fronted_subclause,
    skip_adjuncts,
    tail_ok,
    trim,
)
from newsweave.extract.quotes.lexicon import (
    DETERMINERS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_NOUNS,
    Tok,
    head_index,
    head_ok,
    is_abbrev,
    is_capitalized,
    is_plural_head,
    is_possessive,
    person_or_group,
    strip_possessive,
)
from newsweave.extract.quotes.marks import (
    quote_run,
)
from newsweave.extract.quotes.phrases import (
    POSSESSIVE_PRONOUNS,
    Mention,
    analyse_mention,
    det_phrase_right,
    fronted_adjunct,
    left_speaker,
    np_span_left,
    np_span_right,
    object_end,
    plain_word,
    plural_subject_left,
    premodified_name_right,
    skip_left,
    subject_at,
    with_absolute_subject,
)
from newsweave.names import is_place

# -- raw attributions ---------------------------------------------------------------------------


@dataclass(slots=True)
class RawAttribution:
    """An attribution before speaker resolution."""

    unit: int
    content: list[tuple[int, int, int]]  # (unit, first token, end token)
    cue: tuple[int, int] | None  # char span
    source: tuple[int, int] | None  # char span of the speaker mention
    mention: Mention | None
    start: int = 0  # first char offset, for ordering
    # The speaker comes from this attribution (participles, orphans).
    parent: RawAttribution | None = None


class CueRules(ClauseRules):
    """Mixin of the quote extractor: the attributions around each cue of one unit.

    Reads the extractor's cue table ``_cues`` (form -> (lemma, form kind)).
    """

    _cues: dict[str, tuple[str, str]]

    def _cue_at(self, toks: Sequence[Tok], i: int) -> tuple[int, str, str] | None:
        """``(end index, lemma, form)`` if a cue starts at token ``i``."""
        t = toks[i]
        if t.low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
            return i + 2, "according to", "phrase"
        if t.quote >= 0:
            return None
        if not t.text[0].islower() and not (
            i > 0
            and t.text[1:].islower()
            and self._cues.get(t.low, ("", ""))[1] == "3sg"
            and (i + 1 >= len(toks) or toks[i + 1].low not in _NO_CLAUSE_START)
            and all(x.text != ":" for x in toks[:i])
            and _title_case(toks)
        ):
            return None  # a capitalised cue only inside a headline: "Clinton Says Russians ..."
        if t.low in ("put", "puts") and i + 1 < len(toks) and toks[i + 1].low == "it":
            # "as X put it, ...": only after "as", else "put it on the table" would count.
            if any(x.low == "as" for x in toks[max(0, i - 8) : i]):
                return i + 2, "put it", "past" if t.low == "put" else "3sg"
            return None
        val = self._cues.get(t.low)
        if val is None:
            if self._free_verb_cue(toks, i):  # '"...," Toomey fumed.', 'he demurred: "..."'
                return i + 1, t.low, "past"
            return None
        lemma, form = val
        if form == "ing":
            prev = toks[i - 1].low if i > 0 else ""
            if (
                prev not in PARTICIPLE_OK_AFTER
                and prev not in BE
                and with_absolute_subject(toks, i) is None
            ):
                return None
        return i + 1, lemma, form

    def _free_verb_cue(self, toks: Sequence[Tok], i: int) -> bool:
        """A past-tense verb outside the lexicon that frames a direct quotation the way a
        verb of saying does: '"QUOTE," NAME fumed (on Tuesday).' or 'NAME demurred: "QUOTE"'.

        The speaker phrase must be a name, a pronoun or a role, and nothing but a short
        adjunct may follow, so narration ('"...," he said, and Smith nodded') never counts.
        """
        t = toks[i]
        n = len(toks)
        if len(t.low) < 5 or not t.low.endswith("ed") or not t.low.isalpha() or i == 0:
            return False
        k = skip_left(toks, i - 1)
        if k < 0:
            return False
        src = left_speaker(toks, k)
        if src is None or src[1] != k + 1:
            return False
        m = analyse_mention(toks, src[0], src[1], "", ())
        if m is None or (m.kind not in ("person", "pronoun", "org") and m.head not in _ROLES):
            return False
        a = src[0]
        before_quote = a >= 1 and (
            (toks[a - 1].quote >= 0 and toks[a - 1].text.rstrip("\"”’'»")[-1:] in ",!?")
            or (toks[a - 1].text == "," and a >= 2 and toks[a - 2].quote >= 0)
        )
        rest = [x for x in toks[i + 1 :] if x.text[0].isalnum() or x.quote >= 0]
        if before_quote:
            return len(rest) <= 4 and all(x.quote < 0 and x.low != "that" for x in rest)
        # 'NAME demurred: "QUOTE"' opening its unit: the quotation ends the unit
        return (
            (a == 0 or toks[a - 1].text == ",")
            and i + 2 < n
            and toks[i + 1].text in (":", ",")
            and toks[i + 2].quote >= 0
            and all(not x.text[0].isalnum() for x in toks[i + 3 :])
        )

    def _unit_raws(
        self, text: str, u: int, toks: list[Tok], claimed: list[bool]
    ) -> list[RawAttribution]:
        out: list[RawAttribution] = []
        i = 0
        while i < len(toks):
            if claimed[i]:
                i += 1
                continue
            cue = self._cue_at(toks, i)
            raw = None
            if toks[i].low in NOUN_CUES:
                raw = self._noun_cue(text, u, toks, i, claimed)
            if raw is None and cue is not None:
                if cue[1] == "according to":
                    raw = self._according_to(text, u, toks, i, cue[0], claimed)
                else:
                    raw = self._verb_attribution(text, u, toks, i, cue, claimed, out)
            if raw is not None:
                out.append(raw)
            i += 1
        return out

    def _quote_with_own_cue(self, toks: Sequence[Tok], a: int, b: int) -> bool:
        """Whether ``toks[a:b]`` holds a quotation followed by its own speech cue
        ('"...," he said', '"...," Smith said')."""
        for x in range(a, min(b, len(toks)) - 2):
            if toks[x].quote < 0 or toks[x + 1].quote >= 0:
                continue
            y = x + 1 + (toks[x + 1].text == ",")
            for z in range(y, min(y + 4, len(toks))):
                if self._cue_at(toks, z) is not None:
                    return z > y  # a subject stands between the quotation and the cue
        return False

    def _noun_cue(
        self, text: str, u: int, toks: list[Tok], i: int, claimed: list[bool]
    ) -> RawAttribution | None:
        """ "his claim that CLAUSE", "Ryan's promise that CLAUSE": the possessor speaks."""
        n = len(toks)
        if i == 0 or i + 2 >= n or toks[i + 1].low != "that":
            return None
        prev = toks[i - 1]
        if prev.low in POSSESSIVE_PRONOUNS:
            a = i - 1
            mention: Mention | None = Mention(
                "pronoun", prev.text, None, frozenset(), POSSESSIVE_PRONOUNS[prev.low], False
            )
        elif is_possessive(prev):
            a, _ = np_span_left(toks, i, 0)
            mention = analyse_mention(toks, a, i, text, ()) if a < i else None
        else:
            return None
        end = self._clause_end(toks, i + 2)
        if mention is None or end - (i + 2) < 3 or any(claimed[a:end]):
            return None
        for x in range(a, end):
            claimed[x] = True
        src = (toks[a].start, toks[i - 1].end)
        return RawAttribution(
            u, [(u, i + 2, end)], (toks[i].start, toks[i].end), src, mention, toks[i].start
        )

    def _verb_attribution(
        self,
        text: str,
        u: int,
        toks: list[Tok],
        i: int,
        cue: tuple[int, str, str],
        claimed: list[bool],
        previous: list[RawAttribution],
    ) -> RawAttribution | None:
        n = len(toks)
        cue_end, lemma, form = cue
        absolute = with_absolute_subject(toks, i) if form == "ing" else None
        participial = form == "ing" and (i == 0 or toks[i - 1].low not in BE) and not absolute
        k = skip_left(toks, i - 1)
        src: tuple[int, int] | None = absolute
        mention: Mention | None = None
        quoted_by = -1  # start of "X" in "X quoted Y as saying"
        after = cue_end
        inverted = False
        if lemma in QUOTE_CUES:  # "X quoted Y as saying", "Y was quoted as saying"
            a, b = np_span_right(toks, cue_end, n)
            if b > a and b + 1 < n and toks[b].low == "as" and self._is_ing_cue(toks[b + 1]):
                agent = left_speaker(toks, k) if k >= 0 else None
                quoted_by = agent[0] if agent else i
                src, cue_end, after = (a, b), b + 2, b + 2
                lemma = self._cues[toks[b + 1].low][0]
            elif (
                cue_end + 1 < n
                and toks[cue_end].low == "as"
                and self._is_ing_cue(toks[cue_end + 1])
            ):
                lemma = self._cues[toks[cue_end + 1].low][0]
                cue_end = after = cue_end + 2
            else:
                return None
        if (
            lemma == "ask"
            and form == "past"
            and i > 0
            and toks[i - 1].low in BE
            and cue_end + 1 < n
            and toks[cue_end].low == "by"
        ):
            # "Sanders was asked by host John Dickerson whether ...": the agent asks
            a, b = np_span_right(toks, cue_end + 1, n)
            d = det_phrase_right(toks, cue_end + 1)
            b = max(b, d or 0)
            if b > a and b < n and toks[b].low in WH:
                src, after, inverted, participial = (a, b), b, True, False
        if src is not None and inverted:
            pass
        elif participial:
            src = None
        elif src is not None:
            pass  # "with critics saying ...": the subject of the absolute phrase
        elif k >= 0 and toks[k].low in ("and", "but") and form in ("past", "3sg"):
            src = subject_at(toks, k)  # "Obama met survivors ... and said"
        elif k >= 0:
            src = left_speaker(toks, k)
            if src is None and form == "past" and k == i - 1:
                src = plural_subject_left(toks, k)  # "Some said", "55 percent said"
        if (
            src is not None
            and src[0] > 0
            and toks[src[0] - 1].text in PREPOSITIONS
            and fronted_adjunct(toks, src[0])
        ):
            # "Responding to media reports that ..., Peskov said": inside a fronted participle
            # or prepositional phrase, "media reports" is a noun compound, not subject and verb.
            return None
        if src is not None:
            mention = analyse_mention(toks, src[0], src[1], text, ())
            if mention is None or is_possessive(toks[src[1] - 1]):
                src, mention = None, None
        if (
            src is None
            and not participial
            and form in ("past", "3sg", "base")
            and (k < 0 or toks[k].text in (",", ":", "—", "–") or toks[k].quote >= 0)
        ):
            a, b = np_span_right(toks, cue_end, n)
            d = det_phrase_right(toks, cue_end)
            if d is not None and (b == a or d > b or not head_ok(toks[b - 1])):
                b = d
            elif b == a or not head_ok(toks[b - 1]):
                d = premodified_name_right(toks, cue_end)
                if d is not None:
                    a, b = cue_end, d
            elif b < n and plain_word(toks[b]) and toks[a].text[0].isupper():
                # "said Virginia delegate Jo Ames": a capitalised modifier, a role, the name
                d = premodified_name_right(toks, b)
                if d is not None:
                    b = d
            after_quote = k >= 0 and (
                toks[k].quote >= 0 or (toks[k].text == "," and k > 0 and toks[k - 1].quote >= 0)
            )
            if b > a and (
                b == n
                or after_quote  # '"...," said X when asked': anything may follow the speaker
                or toks[b].quote >= 0
                or not toks[b].text[0].isalnum()
                or toks[b].low in TIME_WORDS
                or toks[b].low in ("who", "with", "of", "for", "from")
            ):
                m2 = analyse_mention(toks, a, b, text, ())
                if m2 is not None and form == "base" and not is_plural_head(m2.head):
                    m2 = None  # "..., say some Democrats": a bare form needs a plural speaker
                if m2 is not None and not is_possessive(toks[b - 1]):
                    src, mention, after, inverted = (a, b), m2, b, True
        if form == "base" and not participial and k == i - 1 and k >= 0:
            # "Six in 10 say", "security experts say", "People briefed on the talks say"
            plural = plural_subject_left(toks, k)
            if plural is not None and (
                src is None or not base_subject_ok(toks, k, i, mention) or plural[0] < src[0]
            ):
                src = plural
                mention = _nominal(text, toks, plural[0], plural[1])
        if src is None and not participial:
            return None
        # "police found a body" reports nothing; "the poll found that" does, and so does an
        # organisation or a person finding that ... ("the FBI found that", "..., Fox found.")
        finder = (
            lemma == "find"
            and mention is not None
            and (mention.kind in ("person", "org") or person_or_group(mention.head))
        )
        if lemma in EVIDENCE_VERBS and (
            mention is None
            or (inverted and not finder)
            or (strip_possessive(mention.head) not in DOCUMENT_NOUNS and not finder)
        ):
            return None
        if (
            form == "base"
            and not participial
            and not base_subject_ok(toks, k, i, mention)
            and not (src is not None and plural_subject_left(toks, k) == src)
        ):
            return None
        # -- content after the cue
        j = after
        if lemma in TAKES_OBJECT and j < n:
            if toks[j].low in OBJ_PRONOUNS:
                j += 1
            else:
                j = object_end(toks, j)
        j, saw_that = skip_adjuncts(toks, j)
        if lemma == "find" and not saw_that and not (finder and tail_ok(toks, j)):
            return None  # a finder needs "that", or the clause before: "..., Fox found."
        sub = in_fronted_subclause(toks, src[0] if src is not None and not inverted else i)
        fwd: list[tuple[int, int]] = []
        split: list[int] = []
        colon_next = False
        if j < n and toks[j].text in (":", ",") and j + 1 < n and toks[j + 1].quote >= 0:
            split = quote_run(toks, j + 1)
            if toks[j].text == ":":
                fwd, split = [(split[0], split[-1] + 1)], []
        elif (j < n and toks[j].quote >= 0) or (saw_that and j < n):
            fwd = [(j, self._clause_end(toks, j, sub))]
        elif j < n and toks[j].text == ":":
            if j + 1 < n:
                end = self._clause_end(toks, j + 1, sub)
                if self._quote_with_own_cue(toks, j + 1, end):
                    # 'he said: Trump "...," he said after ...': the quotation carries its
                    # own attribution (a name before it, a cue after it); it is not this one's.
                    return None
                fwd = [(j + 1, end)]
            else:
                colon_next = True
        elif j < n and lemma in NEEDS_QUOTE:
            end = self._clause_end(toks, j, sub)
            if any(t.quote >= 0 for t in toks[j:end]):
                fwd = [(j, end)]
        elif (
            (
                j < n
                and lemma in BARE_CLAUSE
                and clause_start(toks[j], lemma not in LOOSE or absolute is not None)
            )
            or (
                j < n
                and lemma in TAKES_INFINITIVE
                and toks[j].low == "to"
                and (participial or _animate(mention))
            )
            or (j < n and lemma == "ask" and toks[j].low in WH)
            or (j < n and lemma in LOOSE and _conditional_clause(toks, j))
        ):
            fwd = [(j, self._clause_end(toks, j, sub))]
        fwd = [(a, b) for a, b in fwd if b - a >= 1 and not any(claimed[a:b])]
        if fwd and fwd[0][1] - fwd[0][0] < 2 and toks[fwd[0][0]].quote < 0:
            fwd = []
        # -- content before the speaker or cue
        left_edge = i if (inverted or src is None) else src[0]
        if quoted_by >= 0:
            left_edge = quoted_by
        back: list[tuple[int, int]] = []
        p = left_edge - 1
        comma = p >= 0 and toks[p].text == ","
        if comma:
            p -= 1
        if p >= 0 and toks[p].quote >= 0 and not claimed[p]:
            q = p
            while (
                q - 1 >= 0
                and not claimed[q - 1]
                and (
                    toks[q - 1].quote >= 0
                    or (toks[q - 1].text == "," and q - 2 >= 0 and toks[q - 2].quote >= 0)
                )
            ):
                q -= 1
            if q == 0 or claimed[q - 1] or toks[q - 1].text in (":", ";", "—", "–", "(", ","):
                back = [(q, p + 1)]
            elif not fwd and not split and tail_ok(toks, j):
                s0 = q
                while s0 - 1 >= 0 and not claimed[s0 - 1] and toks[s0 - 1].text not in (";", ":"):
                    s0 -= 1
                named = _name_before_quote(text, toks, s0, q)
                if named is not None:
                    # 'Trump "Putin wants to meet," he said': the name introduces the quote
                    # (a lost colon); it is the speaker, not part of the content.
                    back = [(q, p + 1)]
                    if mention is None or mention.kind == "pronoun":
                        src, mention, inverted = (s0, q), named, False
                else:
                    back = [(s0, p + 1)]
        elif comma and not fwd and not split and not participial and p >= 0 and tail_ok(toks, j):
            s0 = p
            while s0 - 1 >= 0 and not claimed[s0 - 1] and toks[s0 - 1].text != ";":
                s0 -= 1
            if p + 1 - s0 >= 3:
                back = [(s0, p + 1)]
                # "A, X said, B": both halves; after an inverted "said X," an apposition
                # or a participle follows ("said Ann Lowe, a lecturer at ..."), not content
                if j + 1 < n and toks[j].text == "," and not inverted:
                    b_end = self._clause_end(toks, j + 1)
                    nt = toks[j + 1]
                    if b_end - (j + 1) >= 3 and nt.low != "according" and not self._is_ing_cue(nt):
                        back.append((j + 1, b_end))
        if finder and not saw_that and not back:
            return None
        if back:
            content = back + ([(split[0], split[-1] + 1)] if split else [])
        elif fwd:
            content = fwd
        elif split:
            content = [(split[0], split[-1] + 1)]
        elif (
            j + 1 < n
            and toks[j].text == ","
            and src is not None
            and not participial
            and sum(t.text[0].isalnum() for t in toks[:left_edge]) <= 3
            and self._clause_end(toks, j + 1) - (j + 1) >= 3
        ):
            content = [(j + 1, self._clause_end(toks, j + 1))]  # "But, experts say, CLAUSE"
        elif colon_next:
            content = []
        else:
            return None
        parent: RawAttribution | None = None
        if participial:
            parent = previous[-1] if previous else None
            if parent is None:
                src = subject_at(toks, i)
                if src is not None and is_possessive(toks[src[1] - 1]):
                    src = None  # "Varga's aide rallied supporters, saying": not Varga
                mention = analyse_mention(toks, src[0], src[1], text, ()) if src else None
        for a, b in content:
            for x in range(a, b):
                claimed[x] = True
        for x in range(i, cue_end):
            claimed[x] = True
        src_chars = None
        if parent is not None:
            src_chars = parent.source
        elif src is not None:
            src_chars = (toks[src[0]].start, toks[src[1] - 1].end)
            if not participial:
                for x in range(src[0], src[1]):
                    claimed[x] = True
        cue_span = (toks[i].start, toks[cue_end - 1].end)
        start = min([toks[a].start for a, _ in content] + [cue_span[0]])
        return RawAttribution(
            u, [(u, a, b) for a, b in content], cue_span, src_chars, mention, start, parent
        )

    def _according_to(
        self, text: str, u: int, toks: list[Tok], i: int, cue_end: int, claimed: list[bool]
    ) -> RawAttribution | None:
        """ "CLAUSE, according to X." / "According to X, CLAUSE." / "A, according to X, B"."""
        n = len(toks)
        a, b = np_span_right(toks, cue_end, n, 12)
        mention = analyse_mention(toks, a, b, text, ()) if b > a else None
        # Anything can be a source of "according to" (a person, "an email from X", "data
        # released by Y"): the phrase runs to the next comma or the end of the unit.
        e = cue_end
        while e < n and e - cue_end < _ACCORDING_MAX:
            t = toks[e]
            if t.text in _PHRASE_STOP and not (
                t.text == "."
                and e + 1 < n
                and is_abbrev(toks[e - 1])
                and is_capitalized(toks[e + 1])
            ):
                break
            e += 1
        if e + 1 < n and toks[e].text == ",":  # an apposition: "X, a former envoy, ..."
            a2, b2 = np_span_right(toks, e + 1, n, 8)
            if b2 > a2 and b2 < n and toks[b2].text == "," and head_ok(toks[b2 - 1]):
                e = b2
        e = trim(toks, cue_end, e)
        if e <= cue_end or not toks[cue_end].text[0].isalnum():
            return None
        if mention is None:
            h = head_index(toks, cue_end, e)
            lead = cue_end
            while lead < h and toks[lead].low in DETERMINERS:
                lead += 1
            head = toks[h].low
            written = text[toks[lead].start : toks[e - 1].end]
            definite = toks[cue_end].low == "the"
            mention = Mention("nominal", written, None, frozenset({head}), head, definite)
            a = cue_end
        b = e
        before = [t for t in toks[:i] if t.text[0].isalnum() and t.low not in CONJ]
        content: list[tuple[int, int]] = []
        if not before:
            if b < n and toks[b].text in (",", ":") and b + 1 < n:
                content = [(b + 1, self._clause_end(toks, b + 1))]
        else:
            p = i - 1
            if p >= 0 and toks[p].text == ",":
                p -= 1
            s0 = p
            while s0 - 1 >= 0 and not claimed[s0 - 1] and toks[s0 - 1].text != ";":
                s0 -= 1
            if p >= s0:
                content = [(s0, trim(toks, s0, p + 1))]
            if b + 1 < n and toks[b].text == "," and toks[b + 1].text[0].isalnum():
                content.append((b + 1, self._clause_end(toks, b + 1)))
        content = [
            (x, y)
            for x, y in content
            if (y - x >= 2 or (y - x == 1 and toks[x].quote >= 0)) and not any(claimed[x:y])
        ]  # 'According to X, "..."': the quotation alone
        if not content:
            return None
        for x, y in [*content, (i, b)]:
            for z in range(x, y):
                claimed[z] = True
        src = (toks[a].start, toks[b - 1].end)
        start = min(toks[x].start for x, _ in content)
        return RawAttribution(
            u,
            [(u, x, y) for x, y in content],
            (toks[i].start, toks[cue_end - 1].end),
            src,
            mention,
            start,
        )

    def _headline_colon(self, text: str, u: int, toks: list[Tok]) -> RawAttribution | None:
        """Headline form "Marco Rubio: I'm not interested" — a name, a colon, the statement."""
        n = len(toks)
        _, b = np_span_right(toks, 0, n, 5)
        if b == 0 or b >= n - 1 or toks[b].text != ":":
            return None
        mention = analyse_mention(toks, 0, b, text, ())
        caps = _transcript_speaker(text, toks, b)
        if caps is not None:
            mention = caps  # "JAKE TAPPER: ..." opening a paragraph of a transcript
        elif (
            mention is None
            or mention.kind != "person"
            or not mention.name
            or (
                " " not in mention.name
                and not (
                    _named_in_full(text, mention.name)
                    and (u == 0 or _turns(text, mention.name) >= 2)
                )
            )
        ):
            return None
        if not any(t.text[0].isalpha() or t.quote >= 0 for t in toks[b + 1 :]):
            return None  # "Clinton: 547."
        if caps is None and toks[b - 1].low in _LABEL_WORDS:
            return None  # "Ohio Primary: Results ...", "Breaking News: ..."
        end = trim(toks, b + 1, n)
        if end - (b + 1) < 3 and toks[b + 1].quote < 0:
            return None
        src = (toks[0].start, toks[b - 1].end)
        return RawAttribution(
            u, [(u, b + 1, end)], (toks[b].start, toks[b].end), src, mention, toks[0].start
        )

    def _colon_frame(self, text: str, u: int, toks: list[Tok]) -> RawAttribution | None:
        """'Trump went even further: "..."', 'Rusk issued the following statement:' and a
        quotation paragraph after it: a clause whose subject is a named person or he/she,
        closed by a colon that only a quotation follows (here or in the next paragraph).
        No other name may stand between the subject and the colon ("Rusk quoted Lincoln:")."""
        n = len(toks)
        c = next((k for k, t in enumerate(toks) if t.text == ":"), -1)
        if c < 2 or c > 25 or any(t.quote >= 0 for t in toks[:c]):
            return None
        rest = [k for k in range(c + 1, n) if toks[k].quote >= 0 or toks[k].text[0].isalnum()]
        if rest and (toks[rest[0]].quote < 0 or any(toks[k].quote < 0 for k in rest)):
            return None
        src = subject_at(toks, c)
        if src is None or src[1] >= c or not toks[src[1]].text[0].islower():
            return None
        if toks[src[1]].low in PREPOSITIONS or toks[src[1]].low in ("who", "which", "that"):
            return None
        m = analyse_mention(toks, src[0], src[1], text, ())
        if m is None or is_possessive(toks[src[1] - 1]):
            return None
        named = m.kind == "person" and m.name and (" " in m.name or _named_in_full(text, m.name))
        if not (named or m.head in ("he", "she")):
            return None  # "Partial transcript as follows:", "Respondents must disclose:"
        if any(t.text[0].isupper() or t.low in _FRAME_STOPS for t in toks[src[1] : c]):
            return None
        content = [(u, k, k + 1) for k in rest]
        src_chars = (toks[src[0]].start, toks[src[1] - 1].end)
        return RawAttribution(u, content, (toks[c].start, toks[c].end), src_chars, m, toks[0].start)


_FRAME_STOPS = frozenset("that which who whom whose".split())


def _title_case(toks: Sequence[Tok]) -> bool:
    """True for a headline in title case: four or more words, nearly all capitalised."""
    words = [t for t in toks if t.quote < 0 and t.text[0].isalpha()]
    if len(words) < 4:
        return False
    caps = sum(t.text[0].isupper() for t in words)
    small = sum(t.low in _TITLE_SMALL for t in words)
    return caps >= 0.8 * (len(words) - small) and caps >= len(words) - small - 1


_ROLES = frozenset(ROLE_NOUNS)
#: Last words of headline labels before a colon, never of a speaker's name.
_LABEL_WORDS = DOCUMENT_NOUNS | frozenset(
    """primary primaries debate election elections news update updates results live exclusive
    caucus caucuses convention analysis""".split()
)
_NO_CLAUSE_START = frozenset("is was are were has have had be will would can".split())
_TITLE_SMALL = frozenset("a an the and or but of to in on at for by with as from".split())


def _named_in_full(text: str, word: str) -> bool:
    """True if the single capitalised ``word`` ("Trump:") is the last word of a longer name
    the text uses ("Donald Trump"), so that "Update:" or "Poll:" is no speaker."""
    if len(word) < 3 or not word[0].isupper() or not word[1:].islower():
        return False
    low = word.lower()
    if person_or_group(low) or low in DOCUMENT_NOUNS:
        return False
    return re.search(rf"\b[A-Z][a-z]+\.? {re.escape(word)}\b", text) is not None


def _turns(text: str, name: str) -> int:
    """How many paragraphs open with "name:" (the turns of a transcript)."""
    return len(re.findall(rf"(?m)^{re.escape(name)}:", text))


def _transcript_speaker(text: str, toks: Sequence[Tok], b: int) -> Mention | None:
    """A transcript turn: one to three upper-case words opening a paragraph before a colon
    ("TRUMP:", "JAKE TAPPER:"), read as the name in title case."""
    words = toks[:b]
    if not 1 <= len(words) <= 3 or any(
        not (t.text.isalpha() and t.text.isupper() and len(t.text) >= 3) for t in words
    ):
        return None
    start = words[0].start
    if start > 0 and text[start - 1] != "\n":
        return None
    name = " ".join(t.text.title() for t in words)
    if is_place(name):
        return None
    if len(words) == 1 and not (_named_in_full(text, name) and _turns(text, words[0].text) >= 2):
        return None  # "UPDATE:", "EXCLUSIVE:"
    head = words[-1].text.lower()
    return Mention("person", name, name, frozenset(), head, False)


# "according to X": X ends at punctuation that closes a phrase, or after this many tokens
# (the longest sources in PolNeAR train are ~20 tokens: "an email from the president of ...").
_ACCORDING_MAX = 24
_PHRASE_STOP = frozenset(", ; : ( — – . ! ?".split())


def _nominal(text: str, toks: Sequence[Tok], a: int, b: int) -> Mention:
    """The mention of a plural subject phrase ``toks[a:b]``, analysed when it can be."""
    m = analyse_mention(toks, a, b, text, ())
    if m is not None:
        return m
    head = toks[head_index(toks, a, b)].low
    written = text[toks[a].start : toks[b - 1].end]
    return Mention("nominal", written, None, frozenset({head}), head, toks[a].low == "the")


def _conditional_clause(toks: Sequence[Tok], j: int) -> bool:
    """ "said if he were president, the plan would ...": a fronted conditional clause, a comma,
    then a main clause of three words or more."""
    if toks[j].low not in ("if", "unless", "once") or j + 1 >= len(toks):
        return False
    if toks[j + 1].quote >= 0 or not (
        toks[j + 1].low in PRONOUNS
        or toks[j + 1].low in DETERMINERS
        or toks[j + 1].text[0].isupper()
    ):
        return False
    for c in range(j + 3, min(len(toks), j + 20)):
        if toks[c].quote >= 0 or toks[c].text in (".", ";", ":"):
            return False
        if toks[c].text == ",":
            rest = [t for t in toks[c + 1 :] if t.text[0].isalnum()]
            return len(rest) >= 3 and rest[0].low not in ("and", "but", "or")
    return False


def _animate(m: Mention | None) -> bool:
    """True for a speaker that can vow or promise: a person, pronoun, role or group noun.

    "A pending ballot initiative threatened to raise the wage" is not a promise.
    """
    if m is None:
        return False
    return (
        m.kind != "nominal"
        or person_or_group(m.head)
        or m.head in DETERMINERS
        or any(w[:1].isupper() for w in m.text.split())  # "the Wisconsin Republican"
    )


def _name_before_quote(text: str, toks: Sequence[Tok], s0: int, q: int) -> Mention | None:
    """The mention if ``toks[s0:q]`` is nothing but a name (a person's or organisation's)."""
    if q - s0 > 6 or q <= s0 or not toks[q - 1].text[0].isupper():
        return None
    a, b = np_span_right(toks, s0, q)
    if (a, b) != (s0, q):
        return None
    m = analyse_mention(toks, s0, q, text, ())
    return m if m is not None and m.kind in ("person", "org") and m.name else None
