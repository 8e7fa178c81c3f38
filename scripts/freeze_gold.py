"""Turn annotations in the guide's shape (../shared/COMPARISON-GOLD.md, quote words included)
into the committed form of benchmarks/data/comparison/ (quote spans and hashes, no text).

    python scripts/freeze_gold.py RAW_DIR [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsweave.evaluation.compgold import GOLD_DIR, all_events, freeze


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("raw_dir", type=Path)
    ap.add_argument("--shared", type=Path, default=Path("../shared/data"))
    args = ap.parse_args()
    events = all_events(args.shared)
    GOLD_DIR.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.raw_dir.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        ids = sorted({sid.split("#")[0] for sid in raw["sentences"]})
        arts = [a for a in events[raw["event"]] if a.id in ids]
        out = freeze(raw, arts)
        (GOLD_DIR / path.name).write_text(
            json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"{path.name}: {len(out['sentences'])} sentences, {len(out['quotes'])} quotes")


if __name__ == "__main__":
    main()
