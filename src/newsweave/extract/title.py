"""The article's title: from the record, the cleaner's "title" line, or a headline-shaped
first line."""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.models import RemovedLine

#: A first line this short without a final period reads as a headline (news headlines have
#: 5-20 words; lead paragraphs are longer and end with a period).
HEADLINE_MAX_WORDS = 20


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= HEADLINE_MAX_WORDS or line[-1] in ".,;:":
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"


def pick_title(record_title: str | None, removed: Sequence[RemovedLine], text: str) -> str | None:
    """Title of an article.

    Args:
        record_title: the title the record or HTML metadata gives, if any.
        removed: the cleaner's removed lines; the first ``"title"`` line is the headline.
        text: the cleaned text; a short headline-shaped first line is the last resort.

    Returns:
        The title with surrounding whitespace and leading symbols ("× ") stripped, or None.
    """
    if record_title and record_title.strip():
        return " ".join(record_title.split())
    for r in removed:
        if r.reason == "title":
            title = r.text.lstrip("×•·|-–—> ").strip()
            if title:
                return " ".join(title.split())
    first = text.lstrip().split("\n", 1)[0].strip() if text.strip() else ""
    if first and _looks_like_headline(first):
        return " ".join(first.split())
    return None


__all__ = ["HEADLINE_MAX_WORDS", "pick_title"]
