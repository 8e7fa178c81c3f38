"""Clause grammar of quote extraction: cue lexicon, where reported clauses start and end.

Helpers of :mod:`newsweave.extract.quotes` that read a sentence unit's tokens (direct quotes
are single placeholder tokens): the cue lexicon with its subcategories (which cues take a bare
clause, a listener, an infinitive), the adjuncts skipped after a cue ("said on Friday that"),
and :class:`ClauseRules`, which finds the end of a reported clause (a second verb phrase of the
subject, a trailing attribution or a new "SPEAKER CUE" clause ends it).

The lexicon (``newsweave/data/quote_lexicon.toml``) is English reporting vocabulary, partly
added while tuning on PolNeAR train (see its header); tune it there, then rerun
``python -m benchmarks.polnear`` and ``pytest tests/test_quotes.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsweave.extract.quotes.lexicon import (
    DETERMINERS,
    MONTHS_DAYS,
    PRONOUNS,
    Tok,
    build_cue_forms,
    head_ok,
    is_adverb_or_aux,
    is_plural_head,
    load_lexicon,
    np_token,
    person_or_group,
)
from newsweave.extract.quotes.phrases import Mention, np_span_right, with_absolute_subject

# -- cue lexicon -------------------------------------------------------------------------------

_CUES = load_lexicon()["cues"]
#: Verbs of saying that introduce direct or indirect speech (lemmas; inflections generated).
SPEECH_VERBS = _CUES["speech"]
#: Verbs of thinking and wanting: attributions of a belief, not of words. Off by default in
#: :func:`extract_quotes` (a reader wants what people said), on for attribution corpora.
COGNITION_VERBS = _CUES["cognition"]
#: Cues that take a clause without "that" ("he said the plan failed").
BARE_CLAUSE = _CUES["bare_clause"]
#: Cues whose listener comes before the content ("told reporters that").
TAKES_OBJECT = _CUES["takes_object"]
#: Cues whose content may be an infinitive ("vowed to end the war").
TAKES_INFINITIVE = _CUES["takes_infinitive"]
# Verbs that, after "and"/"but", start the subject's next action rather than reported content.
SECOND_VERBS = _CUES["second_verbs"]
#: Verbs of evidence ("the poll shows ..."), attributions only with a document subject.
EVIDENCE_VERBS = _CUES["evidence"]
#: Document-like subjects of evidence verbs ("poll", "study", "emails").
DOCUMENT_NOUNS = _CUES["documents"]
EVIDENCE_FORMS = build_cue_forms(EVIDENCE_VERBS)
#: Nouns of saying whose possessor speaks ("his claim that ...", "Ryan's promise that ...").
NOUN_CUES = _CUES["nouns"]
#: Cues that report words only with a direct quote in their clause ("called it "a disaster"").
NEEDS_QUOTE = _CUES["needs_quote"]

SPEECH_FORMS = build_cue_forms(SPEECH_VERBS)
COGNITION_FORMS = build_cue_forms(COGNITION_VERBS)
PARTICIPLE_OK_AFTER = frozenset(", while before after by when".split())
TIME_WORDS = frozenset(
    """on in at during last this earlier later today yesterday tonight recently again also
    publicly privately repeatedly previously once then too late early via through over
    separately further still""".split()
)
_CLAUSE_START_BLOCK = frozenset(
    """to of for about with by from on in at into as than so if because whether what how
    why when where which who up out off down back away over around against""".split()
)
OBJ_PRONOUNS = frozenset("him her them me us you it".split())
QUOTE_CUES = frozenset("quote cite".split())


BE = frozenset("is was are were been be being am".split())
WH = frozenset("whether if why how what when where who which".split())
CONJ = frozenset("and but or while yet so".split())
_ADV_SKIP = frozenset(
    """earlier later today yesterday tonight recently again also publicly privately repeatedly
    previously once then too still further separately afterwards""".split()
)
_DURATIONS = frozenset("hours days weeks months years decades".split())
_PREP_SKIP = frozenset(
    "on in at during via through over after before with last this from of".split()
)
# "said of the plan: ..." / "said of X that ...": "of" is skipped only up to a colon, a quote or
# "that" ("she is assured of winning" reports nothing).
_OF_ONLY_BEFORE_CONTENT = "of"
#: Cues that take a bare clause with any first word; the others need a pronoun, determiner or
#: name to start it ("added a feature" is not speech, "added the plan failed" is).
LOOSE = frozenset("say tell think believe".split())
_LY = re.compile(r"^[a-z]{3,}ly$")


def trim(toks: Sequence[Tok], a: int, b: int) -> int:
    """End of ``toks[a:b]`` without trailing punctuation."""
    while b > a and toks[b - 1].quote < 0 and not toks[b - 1].text[0].isalnum():
        b -= 1
    return b


_SUBORDINATORS = frozenset(
    "although though while whereas because since if unless when after before as once".split()
)


def in_fronted_subclause(toks: Sequence[Tok], s: int) -> bool:
    """True if token ``s`` follows a unit-initial subordinator ("While X said ..., Y ...")."""
    for k in range(0, min(s, 3)):
        if toks[k].low in _SUBORDINATORS:
            return True
        if toks[k].text[0].isalnum() and toks[k].low not in CONJ:
            return False
    return False


def tail_ok(toks: Sequence[Tok], j: int) -> bool:
    """True if nothing but punctuation or a comma-led follow-up comes after position ``j``."""
    return j >= len(toks) or trim(toks, j, len(toks)) == j or toks[j].text in (",", "(")


def base_subject_ok(toks: Sequence[Tok], k: int, i: int, mention: Mention | None) -> bool:
    """A bare verb form ("say") is a cue after a modal/auxiliary or a plural subject."""
    if k < i - 1:
        return True  # "will say", "did not say", "have also said"
    if mention is None:
        return False
    if mention.kind == "pronoun":
        return mention.head in ("i", "we", "you", "they")
    # "Two-thirds say" at a sentence start reads as a capitalised name: the group noun decides.
    return is_plural_head(mention.head) and (
        mention.kind == "nominal" or person_or_group(mention.head)
    )


def clause_start(tok: Tok, strict: bool) -> bool:
    """True if a reported clause can start with ``tok``."""
    if tok.quote >= 0:
        return True
    if not tok.text[0].isalnum() or tok.low in _CLAUSE_START_BLOCK:
        return False
    if not strict:
        return True
    return (
        tok.low in PRONOUNS or tok.low in DETERMINERS or tok.text[0].isupper() or tok.low == "there"
    )


def skip_adjuncts(toks: Sequence[Tok], j: int) -> tuple[int, bool]:
    """Skip time words and a prepositional phrase after a cue; True if "that" was passed."""
    n = len(toks)
    while (
        j < n
        and toks[j].quote < 0
        and (toks[j].low in _ADV_SKIP or toks[j].low in MONTHS_DAYS or bool(_LY.match(toks[j].low)))
    ):
        j += 1
    if j + 1 < n and toks[j].low == "for" and toks[j + 1].low in _DURATIONS:
        j += 2  # "has said for weeks (that) ..."
    if j < n and toks[j].low in _PREP_SKIP:
        for m in range(j, min(n, j + 14)):
            t = toks[m]
            if t.low == "that":
                return m + 1, True
            if t.quote >= 0 or t.text == ":":
                return m, False
            if t.text == "," and m + 1 < n and toks[m + 1].quote >= 0:
                return m, False
            if t.text in (".", ";", "!", "?", ",") and toks[j].low == _OF_ONLY_BEFORE_CONTENT:
                return j, False
            if t.text in (".", ";", "!", "?", ","):
                # "said on Friday." / "said in a statement, ...": a short adjunct is consumed.
                return (
                    m if (m - j <= 8 and trim(toks, m, n) in (m, n)) or t.text == "," else j
                ), False
        return j, False
    if j < n and toks[j].low == "that":
        return j + 1, True
    return j, False


class ClauseRules:
    """Mixin of the quote extractor: clause ends, read with the extractor's cue table ``_cues``."""

    _cues: dict[str, tuple[str, str]]

    def _is_ing_cue(self, tok: Tok) -> bool:
        val = self._cues.get(tok.low)
        return val is not None and val[1] == "ing"

    def _clause_end(self, toks: Sequence[Tok], c: int, sub: bool = False) -> int:
        """End (exclusive) of a reported clause starting at ``c``, trailing punctuation cut.

        ``sub``: the cue sits in a fronted subordinate clause ("While X said Y, Z ..."), so the
        content ends at the first comma.
        """
        n = len(toks)
        m = c
        while m < n:
            t = toks[m]
            if t.text == ";" or (
                t.text in ("—", "–") and m > c + 2 and m + 1 < n and toks[m + 1].low in CONJ
            ):
                break
            if (
                t.low in ("and", "but")
                and (m > c + 2 or (m > c and toks[m - 1].quote >= 0))
                and m + 1 < n
                and self._verb_after_conj(toks[m + 1])
            ):
                break
            if t.low == "and" and m > c + 2 and self._absolute_after(toks, m + 1):
                break  # "... and one blogger asking, ...": the next absolute phrase
            if (
                t.text == ","
                and m + 2 < n
                and m > c + 2
                and toks[m + 1].low in CONJ
                and toks[m + 2].low in PRONOUNS
            ):
                break  # ", and he railed against ..." starts a new clause
            if t.text == "," and m + 1 < n and m > c:
                nt = toks[m + 1]
                if (
                    sub
                    or nt.low == "according"
                    or self._is_ing_cue(nt)
                    or self._is_tail(toks, m + 1)
                    or self._new_attribution(toks, m + 1)
                    or (nt.low in ("and", "but") and self._new_attribution(toks, m + 2))
                ):
                    break  # "..., and most Democrats said ...": the next attribution
            m += 1
        while (
            m > c
            and toks[m - 1].quote < 0
            and not toks[m - 1].text[0].isalnum()
            and (toks[m - 1].text not in (")", "]", "%", "$"))
        ):
            m -= 1
        return m

    def _absolute_after(self, toks: Sequence[Tok], s: int) -> bool:
        """True if a "SUBJECT saying/asking" absolute phrase starts at ``s``."""
        for k in range(s + 1, min(len(toks), s + 6)):
            if self._is_ing_cue(toks[k]):
                subj = with_absolute_subject(toks, k)
                return subj is not None and subj[0] == s
        return False

    def _verb_after_conj(self, tok: Tok) -> bool:
        """True for "(and) added" / "(but) declined": a second verb phrase of the subject."""
        if tok.quote >= 0 or not tok.text[0].islower():
            return False
        val = self._cues.get(tok.low)
        if val is not None and val[1] in ("past", "3sg"):
            return True
        return tok.low in SECOND_VERBS

    def _new_attribution(self, toks: Sequence[Tok], s: int) -> bool:
        """True if a new "SPEAKER CUE" clause starts at ``s`` ("..., he mentioned that")."""
        k = s
        if k < len(toks) and toks[k].low in PRONOUNS and toks[k].low != "it":
            k += 1
        else:
            a, b = np_span_right(toks, k, len(toks), 6)
            if b == a or not head_ok(toks[b - 1]):
                return False
            k = b
        while k < len(toks) and toks[k].text[0].islower() and is_adverb_or_aux(toks[k].low):
            k += 1
        if k >= len(toks) or not toks[k].text[0].islower():
            return False
        val = self._cues.get(toks[k].low)
        return val is not None and val[1] in ("past", "3sg")

    def _is_tail(self, toks: Sequence[Tok], s: int) -> bool:
        """True if ``toks[s:]`` is a trailing attribution: "(NP) CUE (NP) (adjuncts)"."""
        n = len(toks)
        for c in range(s, min(n, s + 9)):
            t = toks[c]
            if t.quote >= 0 or t.low == "that":
                return False
            val = self._cues.get(t.low) if t.text[0].islower() else None
            if val is not None and val[1] in ("past", "3sg"):
                return all(x.quote < 0 and x.low != "that" for x in toks[c + 1 : n]) and n - c <= 10
            if not (np_token(t) or t.low in PRONOUNS or is_adverb_or_aux(t.low) or t.text == "."):
                return False
        return False
