"""Page layout for main-text extraction: a page's text blocks in document order, the
standfirst (lead) that extractors drop, and the trailer of furniture lines they keep.

Used by :mod:`newsweave.ingest.html` (method ``"auto"`` of
:func:`~newsweave.ingest.html.extract_body`); the thresholds come from its ``BodyParams``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_TOKEN = re.compile(r"\w+")

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
SKIP_TAGS = frozenset("script style noscript template head svg iframe object button".split())


_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: Containers whose text is never a standfirst: captions, navigation, lists, forms, tables.
_OFF_TAGS = frozenset(
    "figure figcaption nav aside footer form table ul ol dl menu address button select "
    "label time".split()
)
#: Class/id words (split at spaces, "-" and "_") of furniture between a headline and the body.
_OFF_WORDS = frozenset(
    "caption credit credits byline author date share social breadcrumb breadcrumbs related "
    "newsletter subscribe promo advert".split()
)
_CLASS_SPLIT = re.compile(r"[\s_-]+")
_LEAD_END = re.compile(r"[.!?…。！？:\"'”’»)]\s*$")
_TRAILER_KEEP = re.compile(r"[.!?…。！？\"'”’»)\]]\s*$")


def _space(text: str) -> str:
    return " ".join(text.split())


def page_blocks(tree: Any, after: Any = None) -> Iterator[tuple[str, str]]:
    """The text blocks of a page in document order, as ``(kind, text)``.

    ``kind`` is the heading tag (``"h1"`` .. ``"h6"``); ``"off"`` for text inside captions,
    navigation, lists, tables, forms or furniture classes, or mostly link text; else
    ``"text"``. A block ends at every block-level element, so one paragraph is one block.
    With ``after`` (an element of ``tree``), only the blocks that follow that element (from
    its tail on) are read, so a caller looking near one element does not walk the page.
    Iterative: deep markup is fine.
    """
    from lxml import etree

    block = _Block()
    if after is None:
        body = tree.find(".//body")
        stack: list[tuple[str, bool, bool, bool]] = [("text", False, False, False)]
        events: Iterator[tuple[str, Any]] = etree.iterwalk(
            tree if body is None else body, events=("start", "end")
        )
    else:
        stack = _context(after)
        block.add(after.tail, stack[-1][2])
        events = _following(after)
    skip = 0
    for event, node in events:
        tag = node.tag.rsplit("}", 1)[-1].lower() if isinstance(node.tag, str) else ""
        if event == "start":
            if skip or not tag or tag in SKIP_TAGS:
                skip += 1
                continue
            kind, off, link, _ = stack[-1]
            now_off = off or tag in _OFF_TAGS or _furniture(node)
            now_kind = tag if tag in _HEADINGS else kind
            boundary = tag in BLOCK_TAGS or now_kind != kind or now_off != off
            if boundary:
                yield from block.flush(kind, off)
            stack.append((now_kind, now_off, link or tag == "a", boundary))
            block.add(node.text, link or tag == "a")
            continue
        if skip:
            skip -= 1
            if skip == 0:
                block.add(node.tail, stack[-1][2])
            continue
        if len(stack) == 1:
            break  # walked out of the body
        kind, off, _, boundary = stack.pop()
        if boundary:
            yield from block.flush(kind, off)
        block.add(node.tail, stack[-1][2])
    yield from block.flush(*stack[-1][:2])


def _context(node: Any) -> list[tuple[str, bool, bool, bool]]:
    """The walk stack of ``page_blocks`` for the ancestors of ``node`` (outermost first)."""
    chain = [a for a in node.iterancestors() if isinstance(a.tag, str)]
    chain.reverse()
    stack = [("text", False, False, False)]
    for element in chain:
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in ("html", "body"):
            continue
        kind, off, link, _ = stack[-1]
        now_off = off or tag in _OFF_TAGS or _furniture(element)
        now_kind = tag if tag in _HEADINGS else kind
        stack.append((now_kind, now_off, link or tag == "a", True))
    return stack


def _following(node: Any) -> Iterator[tuple[str, Any]]:
    """``iterwalk`` events of everything after ``node`` in document order, with an "end"
    event for each ancestor as the walk leaves it."""
    from lxml import etree

    while node is not None:
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                yield from etree.iterwalk(sibling, events=("start", "end"))
            else:  # a comment or processing instruction: only its tail is text
                yield "start", sibling
                yield "end", sibling
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            return
        yield "end", node


class _Block:
    """The text of the block being read, and how much of it is link text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.link_chars = 0

    def add(self, text: str | None, link: bool) -> None:
        if text:
            self.parts.append(text)
            if link:
                self.link_chars += len(text.strip())

    def flush(self, kind: str, off: bool) -> Iterator[tuple[str, str]]:
        text = _space("".join(self.parts))
        links, self.parts, self.link_chars = self.link_chars, [], 0
        if text:
            if kind in _HEADINGS:
                yield kind, text
            else:
                yield ("off" if off or 2 * links > len(text) else "text"), text


def _furniture(node: Any) -> bool:
    label = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
    return bool(label.strip()) and not _OFF_WORDS.isdisjoint(_CLASS_SPLIT.split(label))


def with_lead(tree: Any, text: str, min_words: int = 12, max_blocks: int = 12) -> str:
    """``text`` with the page's standfirst put back in front, when extraction dropped it.

    The standfirst is the last full-sentence paragraph (``min_words`` words or more, ending
    like a sentence) among the ``max_blocks`` blocks between the headline (the last ``<h1>``
    before the body) and the first block of ``text``. Headings and blocks in captions, lists,
    navigation, links or furniture classes do not count (on the tune halves, also taking
    sentence-like sub-headings and furniture-class blocks gained one snippet and cost 0.003 of
    ScrapingHub F1). Pages without a headline, or whose text cannot be found after one, stay
    as they are.
    """
    if not max_blocks:
        return text
    found = _space(text)
    for headline in tree.iter("h1"):
        recent: list[tuple[str, str]] = []
        for kind, block in page_blocks(tree, after=headline):
            if kind == "h1":
                break  # a later headline: try from that one
            if len(block) >= 20 and block[:60] in found:  # the body starts here
                for candidate_kind, candidate in reversed(recent[-max_blocks:]):
                    if (
                        candidate_kind == "text"
                        and _words(candidate) >= min_words
                        and _LEAD_END.search(candidate)
                        and candidate not in found
                    ):
                        return f"{candidate}\n{text}"
                return text
            recent.append((kind, block))
    return text


_SUBHEADINGS = ("h2", "h3", "h4", "h5", "h6")


def with_subheadings(tree: Any, text: str, max_words: int = 20) -> str:
    """``text`` with the sub-headings put back that sit between two of its paragraphs.

    trafilatura's precision mode drops some ``<h2>`` .. ``<h6>`` inside the article ("Fazit",
    "Ingredients:"). A heading of at most ``max_words`` words, missing from ``text``, goes
    back in when the ``<p>`` right before it and the ``<p>`` right after it (the nearest with
    text, in document order) are consecutive lines of ``text`` and one of them is its
    sibling: it then stands inside the article, between two paragraphs the extractor kept.
    Headings elsewhere (above the article, in sidebars, before comments), headings in a box
    of their own between two paragraphs (a related story) and headings holding links (tag
    lists, teasers) stay out.
    """
    if not max_words:
        return text
    lines = text.split("\n")
    keys = [_space(line) for line in lines]
    found = " ".join(keys)
    inserts: dict[int, list[str]] = {}
    for heading in tree.iter(*_SUBHEADINGS):
        title = _space("".join(heading.itertext()))
        if not title or _words(title) > max_words or title in found:
            continue
        if heading.find(".//a") is not None:  # a teaser or a tag list, not a sub-heading
            continue
        previous = heading.xpath("preceding::p[normalize-space()][1]")
        following = heading.xpath("following::p[normalize-space()][1]")
        parent = heading.getparent()
        if not any(p.getparent() is parent for p in (*previous, *following)):
            continue  # in a box of its own (related stories, a widget), not in the text
        before, after = _line_of(previous, keys), _line_of(following, keys)
        if before is not None and after == before + 1:
            inserts.setdefault(after, []).append(title)
    if not inserts:
        return text
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, ()))
        out.append(line)
    return "\n".join(out)


def _line_of(paragraphs: list[Any], keys: list[str]) -> int | None:
    """The index of the line of ``keys`` that holds ``paragraphs[0]``'s opening (or None)."""
    if not paragraphs:
        return None
    probe = _space("".join(paragraphs[0].itertext()))[:60]
    if len(probe) < 20:
        return None
    return next((i for i, key in enumerate(keys) if probe in key), None)


def trim_trailer(text: str, max_words: int) -> str:
    """``text`` without its trailer: the run of last lines that are shorter than ``max_words``
    words and do not end like a sentence ("More on this topic", "Photo: X", "Last updated
    14.02.2019"). List items ("- ...") and table rows ("| ...") end the run; a text that
    would be cut to nothing is returned whole."""
    lines = text.split("\n")
    end = len(lines)
    while end > 0:
        line = lines[end - 1].strip()
        if line and (
            line.startswith(("- ", "| ")) or _words(line) >= max_words or _TRAILER_KEEP.search(line)
        ):
            break
        end -= 1
    return "\n".join(lines[:end]) if end else text


def _words(text: str) -> int:
    return len(_TOKEN.findall(text))


__all__ = [
    "BLOCK_TAGS",
    "SKIP_TAGS",
    "page_blocks",
    "trim_trailer",
    "with_lead",
    "with_subheadings",
]
