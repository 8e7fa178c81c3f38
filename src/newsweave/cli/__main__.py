"""``python -m newsweave.cli COMMAND ...``: the ``newsweave`` program without its script."""

from __future__ import annotations

from newsweave.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
