"""Behaviour fingerprint for refactors: ``python scripts/fingerprint.py OUT.json [OLD.json]``.

For every clustering part (ECB+, GVA, BASIL; tune and report) it processes the articles as the
eval tests do (clean, extract, dedup; model-free) and hashes the processed articles and the
batch and online event labels. Run it before and after a change that must not change
behaviour; with OLD.json it prints which hashes differ and exits 1 if any label hash does.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _sha(value: object) -> str:
    return hashlib.sha1(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def main(argv: list[str]) -> int:
    os.environ["NEWSWEAVE_NER"] = "off"
    os.environ["NEWSWEAVE_EMBEDDINGS"] = "off"
    from newsweave.config import load_settings
    from newsweave.evaluation.datasets import load_datasets, process, run_batch, run_online

    settings = load_settings(ner="off", embeddings="off")
    out: dict[str, dict[str, object]] = {}
    for ds in load_datasets(SHARED):
        for tune in (True, False):
            arts = process([ds.rows[i] for i in ds.part(tune)], settings)
            key = f"{ds.name}-{'tune' if tune else 'report'}"
            out[key] = {
                "n": len(arts),
                "articles": _sha([a.to_dict() for a in arts]),
                "batch": _sha(run_batch(arts, embeddings="off")),
                "online": _sha(run_online(arts, embeddings="off")),
            }
            print(key, out[key], flush=True)
    Path(argv[0]).write_text(json.dumps(out, indent=1))
    if len(argv) < 2:
        return 0
    old = json.loads(Path(argv[1]).read_text())
    labels_differ = False
    for key, now in out.items():
        for field in ("articles", "batch", "online"):
            if old.get(key, {}).get(field) != now[field]:
                print(f"{key}: {field} differs")
                labels_differ |= field != "articles"
    return 1 if labels_differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
