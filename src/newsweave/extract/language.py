"""Language identification with py3langid (ships its model inside the PyPI package)."""

from __future__ import annotations

#: Characters classified: langid is linear in text length and the lead decides the language;
#: 2,000 characters give the same answer as the full text on every BASIL/PolNeAR/GVA article.
MAX_CHARS = 2000
#: Fewer letters than this and the answer is a guess: return None instead.
MIN_LETTERS = 20


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` ("en", "de", ...), or None when there is too little text."""
    sample = text[:MAX_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    # Imported here: py3langid loads its model at import (~0.9 s), paid only when used.
    import py3langid

    lang, _score = py3langid.classify(sample)
    return str(lang)


__all__ = ["MAX_CHARS", "MIN_LETTERS", "detect_language"]
