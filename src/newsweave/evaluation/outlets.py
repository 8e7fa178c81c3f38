"""Outlet identity on a corpus of web articles: one outlet per site, never a name from the text.

Two counts over the articles that have a URL, after cleaning and extraction (the
:class:`~newsweave.extract.Extractor` fitted on the corpus, as ``analyze`` does):

* **split sites**: registered domains whose articles got more than one outlet name (target 0:
  ``cbslocal.com`` must not become "Cbs Local" and "Cbslocal");
* **off-site outlets**: articles whose outlet is not their URL's site — its letters (without a
  leading "The", or a call sign without its channel number) neither spell the domain's label
  nor lie inside it, and it is not the name
  :data:`~newsweave.extract.outlet.KNOWN_HOSTS` gives the site (``ksla.com`` -> "The Town
  Talk", ``kirotv.com`` -> "Crime Stoppers" count; "Sun-Times" for suntimes.com, "KIRO 7" for
  kirotv.com do not).

Both are reported per half (:func:`~newsweave.evaluation.tune_half` on the article id).
Reproduce: ``python -m newsweave.evaluation.outlets [path/to/gva-dev.jsonl]``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from newsweave.evaluation import MissingData, tune_half
from newsweave.text import fold
from newsweave.urls import host_of, registered_domain

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


@dataclass(frozen=True, slots=True)
class OutletIdentity:
    """The outlet-identity counts of one corpus."""

    articles: int
    sites: int
    split_sites: dict[str, dict[str, int]]  # domain -> {outlet name: articles}
    off_site: dict[str, int]  # half -> articles whose outlet is not their site
    total: dict[str, int]  # half -> articles with a URL
    off_site_examples: tuple[tuple[str, str, str], ...]  # (url host, outlet, evidence)


def _letters(name: str) -> str:
    low = fold(name).lower()
    return _NOT_ALNUM.sub("", re.sub(r"^the\s+", "", low))


def names_the_site(outlet: str | None, url: str) -> bool:
    """True if ``outlet`` is a name of ``url``'s site (see the module docstring)."""
    from newsweave.extract.outlet import KNOWN_HOSTS, host_name

    host = host_of(url)
    if not host or not outlet:
        return False
    if outlet in (KNOWN_HOSTS.get(host), host_name(registered_domain(host))):
        return True
    name = _letters(outlet)
    label = _NOT_ALNUM.sub("", registered_domain(host).split(".")[0])
    if name == label or (len(name) >= 3 and name in label):
        return True
    stem = name.rstrip("0123456789")  # "KIRO 7" of kirotv.com: a call sign and its channel
    return len(stem) >= 3 and label.startswith(stem)


def outlet_identity(path: Path) -> OutletIdentity:
    """Clean and extract every article of ``path`` (JSONL) and count split and off-site outlets."""
    from newsweave.clean import Cleaner
    from newsweave.config import Settings
    from newsweave.extract import Extractor
    from newsweave.ingest import read_inputs
    from newsweave.models import Article

    if not path.is_file():
        raise MissingData(f"outlet-identity corpus absent: {path}")
    settings = Settings(ner="off", embeddings="off")
    items = [a for a in read_inputs([path], settings) if isinstance(a, Article)]
    cleaned = list(Cleaner().fit(items)(items))
    extractor = Extractor(settings, quote_extractor=lambda text, entities: ()).fit(cleaned)
    by_site: dict[str, Counter[str]] = defaultdict(Counter)
    off: Counter[str] = Counter()
    total: Counter[str] = Counter()
    examples = []
    for article in cleaned:
        if not article.url or not host_of(article.url):
            continue
        done = extractor.extract(article, entities=())
        half = "tune" if tune_half(article.id) else "report"
        total[half] += 1
        by_site[registered_domain(host_of(article.url) or "")][done.outlet or ""] += 1
        if not names_the_site(done.outlet, article.url):
            off[half] += 1
            examples.append(
                (host_of(article.url) or "", done.outlet or "", done.outlet_evidence or "")
            )
    split = {d: dict(c) for d, c in sorted(by_site.items()) if len(c) > 1}
    return OutletIdentity(
        articles=len(cleaned),
        sites=len(by_site),
        split_sites=split,
        off_site={h: off[h] for h in ("tune", "report")},
        total={h: total[h] for h in ("tune", "report")},
        off_site_examples=tuple(examples),
    )


def main(argv: list[str]) -> None:
    """Print the counts for a corpus (default: ../shared/data/clustering/gva-dev.jsonl)."""
    default = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "clustering"
    path = Path(argv[0]) if argv else default / "gva-dev.jsonl"
    r = outlet_identity(path)
    print(f"{path.name}: {r.articles} articles, {r.sites} sites")
    print(f"sites with more than one outlet name: {len(r.split_sites)}")
    for dom, names in r.split_sites.items():
        print(f"  {dom}: {names}")
    for half in ("tune", "report"):
        print(f"outlet is not the URL's site, {half} half: {r.off_site[half]}/{r.total[half]}")
    for host, outlet, evidence in r.off_site_examples[:20]:
        print(f"  {host} -> {outlet!r} ({evidence[:80]})")


if __name__ == "__main__":
    main(sys.argv[1:])
