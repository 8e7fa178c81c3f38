"""Why a Spark run can differ from ``newsweave analyze`` on an input the tests never saw
(issue 19: a held-out GVA set), pinned one cause at a time.

* **Hash seed.** PySpark starts every executor's Python with ``PYTHONHASHSEED=0`` (unless the
  driver's environment sets one), while ``analyze``, ``cluster`` and the Spark driver run with
  a random seed. Any per-article stage whose result follows the iteration order of a set of
  strings therefore cleans, extracts or dates differently on the executors. The cleaner's
  copy fingerprint (the longest lines of an article, taken from a set) broke ties in length
  by hash order: two articles of one source whose longest lines tie were copies under one
  seed and different articles under another, so a line they share was "repeated" (and
  removed) or not. The tests run the local path under several seeds in fresh processes.
* **What a held-out sample of the collection may hold that gva-dev does not**: an id reused
  for a changed text, one URL under two ids, one text under two ids, empty texts, dates with
  a time and zone, a month only or none, many articles on one day, ``html`` and ``outlet``
  fields, CRLF, decomposed accents, zero-width spaces and U+2028 inside texts, and the rows
  split over day folders. The job's functions must give the local path's events on all of
  it, whatever the partitioning (``tests/test_spark.py`` runs the real engine).

All text is invented.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from newsweave.clean import Cleaner
from newsweave.config import Settings
from newsweave.distributed import run_local
from newsweave.models import Article
from tests.helpers import run_with_seed
from tests.test_spark import _job_in_one_process

SETTINGS = Settings(ner="off", embeddings="off", per_host_delay=0.0)

# Two pages of one site made of short lines of one length (a photo gallery): which three
# are "the longest" is a tie that only the hash order used to break.
_GALLERY = [
    ["Watch the clip", "Alder lane photos", "Bridge road photos", "Cedar court photo",
     "Dover docks photos"],
    ["Watch the clip", "Alder lane photos", "Bridge road photos", "Elmwood pk photos",
     "Fenwick st photos"],
]  # fmt: skip

# Six invented incidents, each told three ways (facts shared, words varied).
_INCIDENTS = [
    ("Kessling", "Mara Olund", "bar", [
        "Two men were wounded when a gunman opened fire inside the Copper Kettle bar on Alder "
        "Street in Kessling shortly before closing time, police said.",
        "Kessling police are looking for the man who fired six shots in the Copper Kettle on "
        "Alder Street, injuring two regulars. Owner Mara Olund said the bar would stay shut.",
        "A suspect in the Copper Kettle bar shooting surrendered to Kessling detectives on "
        "Sunday, three days after two customers were hit on Alder Street.",
    ]),
    ("Valmere", "Piet Sorensen", "home", [
        "A Valmere homeowner shot an intruder who forced the back door of his farmhouse on "
        "Mill Road before dawn, the county sheriff's office said.",
        "Piet Sorensen, 67, told deputies he fired a hunting rifle when a masked intruder "
        "climbed through his kitchen on Mill Road outside Valmere.",
        "No charges will be filed against the Valmere farmer who shot a burglar in his "
        "kitchen, the county prosecutor announced after reviewing the Mill Road case.",
    ]),
    ("Brennmark", "Hedda Lunn", "road", [
        "A driver fired at another motorist during a traffic dispute on the Brennmark ring "
        "road, shattering a windscreen; nobody was hurt, state troopers said.",
        "Troopers say the road-rage shooting on the Brennmark ring road began when a pickup "
        "cut off a sedan driven by nurse Hedda Lunn near exit 14.",
        "A 41-year-old pickup driver was charged with aggravated assault over the exit 14 "
        "road-rage shooting that narrowly missed Hedda Lunn in Brennmark.",
    ]),
    ("Port Oskar", "Jonas Vell", "child", [
        "A four-year-old boy in Port Oskar found a loaded pistol in a nightstand and shot "
        "himself in the hand, fire and rescue crews said.",
        "The Port Oskar preschooler wounded by his grandfather's unsecured handgun is "
        "recovering after surgery, his family said on Tuesday.",
        "Jonas Vell, the grandfather who left a loaded pistol in a Port Oskar nightstand, "
        "was cited under the state's safe-storage law after the boy was hurt.",
    ]),
    ("Lunde", "Ilse Brandt", "standoff", [
        "An armed man barricaded himself in a Lunde apartment on Quay Lane for nine hours "
        "and fired at a SWAT armoured vehicle before giving up.",
        "Residents of Quay Lane in Lunde were evacuated overnight while negotiators talked "
        "to a man who had fired several rounds from a third-floor window.",
        "Police chief Ilse Brandt praised negotiators after the nine-hour Quay Lane standoff "
        "in Lunde ended without injuries early on Thursday.",
    ]),
    ("Harrowgate", "Tomas Eke", "store", [
        "A clerk at the Harrowgate Quickmart on Birch Avenue was shot in the shoulder during "
        "an armed robbery, and the robber fled with about 300 crowns.",
        "Surveillance video released by Harrowgate police shows the masked Quickmart robber "
        "shooting clerk Tomas Eke before grabbing cash from the register.",
        "Two teenagers were arrested over the Birch Avenue Quickmart robbery in which clerk "
        "Tomas Eke was wounded, Harrowgate police said.",
    ]),
]  # fmt: skip


def _story(n: int, variant: int) -> tuple[str, str]:
    """Title and text of report ``variant`` about invented incident ``n``."""
    town, name, kind, leads = _INCIDENTS[n]
    title = [
        f"Shooting in {town}: {kind} incident under investigation",
        f"{name} speaks after {town} {kind} shooting",
        f"Update on the {town} {kind} shooting",
    ][variant]
    body = (
        f"{leads[variant]}\n\n"
        f"Investigators in {town} asked witnesses to come forward. "
        f"{'Officers canvassed the area on foot.' if variant else 'The scene was taped off.'}"
    )
    return title, body


def _rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n in range(len(_INCIDENTS)):
        for variant in range(3):
            title, text = _story(n, variant)
            day = 3 + n // 2 + (1 if variant == 2 else 0)  # many reports share a day
            rows.append(
                {
                    "id": f"g{n}{variant}",
                    "title": title,
                    "url": f"https://site{variant}.example/news/{n}-{variant}",
                    "date": f"2026-03-{day:02d}",
                    "text": text,
                }
            )
    # What a held-out sample may hold that gva-dev does not:
    rows[1]["date"] += "T23:30:00-05:00"
    rows[4]["date"] += "T01:15:00+09:00"
    rows[7]["date"] = rows[7]["date"][:7]
    del rows[10]["date"]
    rows[2]["text"] = rows[2]["text"].replace("\n", "\r\n")
    rows[5]["text"] = unicodedata.normalize("NFD", "Café owner: " + rows[5]["text"])
    rows[8]["text"] = (
        rows[8]["text"].replace(" the ", " the\u200b ", 2).replace("\n\n", "\u2028", 1)
    )
    rows[11]["outlet"] = "Valmere Courier"
    paragraphs = rows[13].pop("text").split("\n\n")
    rows[13]["html"] = "<html><body><article><p>" + "</p><p>".join(paragraphs) + "</p></article>"
    rows.append(dict(rows[3], text=rows[3]["text"] + "\n\nThis story has been updated."))
    rows.append(dict(rows[6], id="g20b", text="UPDATE: " + rows[6]["text"]))  # same URL
    rows.append(dict(rows[9], id="g30copy"))  # the same text under another id
    rows.append({"id": "empty", "title": "Nothing here", "date": "2026-03-04", "text": " "})
    for i, lines in enumerate(_GALLERY):
        rows.append(
            {
                "id": f"gallery{i}",
                "title": "Photos",
                "outlet": "Kessling Post",
                "date": "2026-03-05",
                "text": "\n".join(lines),
            }
        )
    return rows


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


@pytest.fixture(scope="module")
def gva_like(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The invented corpus as one file, and the same rows split over day folders."""
    root = tmp_path_factory.mktemp("gva-like")
    rows = _rows()
    _write(root / "one" / "all.jsonl", rows)
    by_day: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_day.setdefault(str(row.get("date", "undated"))[:10], []).append(row)
    for day, day_rows in by_day.items():
        _write(root / "days" / f"day={day}" / "part-0.jsonl", day_rows)
    return {"file": [str(root / "one" / "all.jsonl")], "days": [str(root / "days")]}


# -- hash seed ----------------------------------------------------------------------------------

_CLEAN_GALLERY = """
import json, sys
from newsweave.clean import Cleaner
from newsweave.models import Article
lines = json.loads(sys.argv[1])
arts = [Article(id=f"a{i}", text="\\n".join(x), raw_text="\\n".join(x), outlet="Kessling Post",
                source_key=f"k{i}") for i, x in enumerate(lines)]
cleaner = Cleaner().fit(arts)
print(json.dumps([sorted(cleaner.repeated_.get("outlet:kessling post", ())),
                  [a.text for a in cleaner(arts)]]))
"""


def test_cleaner_fingerprint_ties_do_not_follow_the_hash_seed() -> None:
    """Seeds 0 (every Spark executor) and 1 and 6 used to disagree on this input."""
    results = [run_with_seed(seed, _CLEAN_GALLERY, json.dumps(_GALLERY)) for seed in (0, 1, 6)]
    assert results[0] == results[1] == results[2]
    # And in this process: the two pages share two of their three longest lines (ties broken
    # by the text), so they are copies and their shared lines are not boilerplate.
    arts = [
        Article(id=f"a{i}", text="\n".join(x), raw_text="\n".join(x), outlet="Kessling Post")
        for i, x in enumerate(_GALLERY)
    ]
    assert Cleaner().fit(arts).repeated_.get("outlet:kessling post", frozenset()) == frozenset()
    assert results[0][0] == []


def test_cleaner_fingerprint_still_tells_different_pages_apart() -> None:
    """Ordinary prose: two different reports of one site share a sign-off line, which is
    learned as repeated whatever the tie-break (their longest lines differ)."""
    sign_off = "Follow us for updates"
    arts = [
        Article(
            id=f"r{n}",
            text=f"{_story(n, 0)[1]}\n{sign_off}",
            raw_text=f"{_story(n, 0)[1]}\n{sign_off}",
            outlet="Kessling Post",
        )
        for n in range(2)
    ]
    learned = Cleaner().fit(arts).repeated_["outlet:kessling post"]
    assert "follow us for updates" in learned
    assert not any("shot" in line for line in learned)


_LOCAL_RUN = """
import json, sys
from newsweave.config import Settings
from newsweave.distributed import run_local
settings = Settings(ner="off", embeddings="off", per_host_delay=0.0)
articles, events, _, _ = run_local(sys.argv[1:], settings, quotes=True)
print(json.dumps([[a.to_dict() for a in articles], [e.to_dict() for e in events]]))
"""


@pytest.mark.slow
def test_local_path_ignores_the_hash_seed(gva_like: dict[str, list[str]]) -> None:
    """The Spark executors' seed (0) and others give the same processed articles and events,
    so the executors' stages cannot diverge from the driver's or from ``analyze``."""
    runs = [run_with_seed(seed, _LOCAL_RUN, *gva_like["file"]) for seed in (0, 1, 6)]
    assert runs[0] == runs[1] == runs[2]
    assert any(a["id"] == "gallery0" for a in runs[0][0])


# -- held-out-like inputs ---------------------------------------------------------------------


def _membership(events: list[Any]) -> dict[str, frozenset[str]]:
    return {a: frozenset(e.article_ids) for e in events for a in e.article_ids}


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["file", "days"])
def test_job_functions_equal_the_local_path_on_held_out_like_rows(
    gva_like: dict[str, list[str]], layout: str
) -> None:
    inputs = gva_like[layout]
    articles, events, _, outcomes = run_local(inputs, SETTINGS, quotes=True)
    for parts, seed in ((1, 0), (4, 3)):
        assert _job_in_one_process(inputs, parts, seed) == events
    # The input exercised what it should.
    reasons = " ".join(o.reason or "" for o in outcomes)
    assert "already taken" in reasons and "no 'text'" in reasons
    assert any(a.duplicate_of for a in articles)
    assert any(a.date is None for a in articles) and len(events) >= 4
    by_id = {a.id: a for a in articles}
    assert by_id["g02"].text and "\r" not in by_id["g02"].text
    assert by_id["g32"].outlet == "Valmere Courier"
    story = _membership(events)
    assert story["g00"] == story["g01"]  # reports of one incident stay together
