"""Install newsweave as a user would, with the pip that Python 3.11's ``venv`` ships (23.2 for
3.11.7; not upgraded), from this checkout, core dependencies only, and run ``newsweave extract``.

pip 23.2 skips ``lxml[html_clean]``, the extra through which jusText asks for lxml_html_clean
("lxml does not provide the extra 'html_clean'": it predates the normalised extra names);
newsweave declares lxml_html_clean itself, so every page still reads. Then, with that package
removed by hand, the same command stops with one message and a non-zero exit instead of
rejecting every page.

Needs Python 3.11 and the package registry (CI has both): skipped without Python 3.11. It takes
a minute or two (the wheels of numpy, scipy, trafilatura, ...).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

pytestmark = pytest.mark.slow

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Ferry service to Lorn Island resumes</title>
<meta property="article:published_time" content="2024-05-14T08:00:00+02:00"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
<h1>Ferry service to Lorn Island resumes</h1>
<p>The ferry between Marrowgate and Lorn Island resumed on Tuesday after a three-week halt
caused by repairs to the landing ramp, the island council said.</p>
<p>Council spokesperson Tilde Varga said the first crossing left at seven in the morning with
forty passengers and two supply lorries on board.</p>
<p>Islanders had relied on a small charter boat during the halt, and the council said it would
refund the extra fares they paid.</p>
</article><footer>Contact us</footer></body></html>
"""


def _python311() -> str:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    found = shutil.which("python3.11")
    if found is None:
        pytest.skip("no Python 3.11 on this machine")
    return found


def _env() -> dict[str, str]:
    drop = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWEAVE_") and k not in drop}
    env.update(
        NEWSWEAVE_NER="off",
        NEWSWEAVE_EMBEDDINGS="off",
        NEWSWEAVE_CONFIG=os.devnull,
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def _run(*args: str | Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_stock_pip_install_then_extract(tmp_path: Path) -> None:
    # A copy of what a source distribution holds, so the build leaves nothing in the checkout.
    source = tmp_path / "newsweave-src"
    source.mkdir()
    shutil.copytree(
        REPO / "src",
        source / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)

    venv = tmp_path / "venv"
    made = _run(_python311(), "-m", "venv", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    version = _run(python, "-m", "pip", "--version", cwd=tmp_path)
    print(f"\nstock pip: {version.stdout.strip()}")

    installed = _run(python, "-m", "pip", "install", source, cwd=tmp_path, timeout=1500)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    probe = _run(python, "-c", "import lxml_html_clean, justext, warcio", cwd=tmp_path)
    assert probe.returncode == 0, probe.stderr

    (tmp_path / "ferry.html").write_text(PAGE, encoding="utf-8")
    newsweave = venv / "bin" / "newsweave"
    done = _run(newsweave, "extract", "ferry.html", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    result = json.loads(line)
    assert "error" not in result, result
    assert result["title"] == "Ferry service to Lorn Island resumes"
    assert result["date"] == "2024-05-14"
    assert "forty passengers and two supply lorries" in result["text"]
    assert "Contact us" not in result["text"] and "Home" not in result["text"]

    # The install as pip 23.2 alone would have left it: one clear message, a non-zero exit.
    removed = _run(python, "-m", "pip", "uninstall", "-y", "lxml_html_clean", cwd=tmp_path)
    assert removed.returncode == 0, removed.stderr
    broken = _run(newsweave, "extract", "ferry.html", "--json", cwd=tmp_path)
    assert broken.returncode != 0
    assert broken.stdout == ""  # no per-page "error" lines
    (message,) = broken.stderr.strip().splitlines()
    assert message.startswith("Error: The html reader cannot run")
    assert "pip install lxml_html_clean" in message
