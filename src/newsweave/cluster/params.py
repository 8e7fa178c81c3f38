"""Tunable parameters of event clustering, in one frozen record.

:class:`ClusterParams` holds the penalties, time terms, refinement settings, outlet-profile
limits and the entity source that used to be module globals. A clusterer keeps its
parameters on the instance (``EventClusterer(params=ClusterParams(new_place=0.0))``), so a
pickled clusterer records the penalties it was built with and resumes with them. The
defaults are the tuned values; the comments say where each was measured.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from newsweave.errors import ConfigError


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """Tunables of :class:`~newsweave.cluster.EventClusterer` (defaults: the tuned values).

    The similarity's threshold, family weights and time weight stay constructor arguments of
    the clusterer; these are the terms around them.
    """

    #: Where time turns from evidence for to evidence against, as a share of the log-day
    #: horizon (0.1: about one day). Articles of the same day or the next get a small bonus.
    time_offset: float = 0.3
    #: Penalty when only one side has a date: the time evidence is missing, and its expected
    #: value over candidate pairs is negative (most look-alike articles are far apart in
    #: time). Tuned on the GVA tune part with the dates of a random half of the articles
    #: removed.
    unknown_time: float = 0.15
    #: Penalty when, without two dates, the two sides give one person different states of
    #: office (before / in / after office: "President-elect X" and "President X" were written
    #: at different times).
    status_conflict: float = 0.5
    #: Penalty when an article's protagonists (the people its title names, or the one its body
    #: names far more than others) never appear in an event about someone else: a report about
    #: a second official charged is not a follow-up on the first one's trial.
    new_head: float = 0.2
    #: Penalty when an article is datelined ("KESSLING, March 3 (Agency) -") in a place that
    #: an event datelined elsewhere never mentions, and the article does not name the event's
    #: place: the same kind of happening in another town. Neutral on the ECB+ and GVA tune
    #: parts (few datelines; GVA's look-alikes share a city) up to 0.2, slightly harmful at
    #: 0.3; on the synthetic stream, whose articles all carry datelines, it takes online
    #: B-cubed F1 at 10k from 0.916 to 0.955 (batch 0.965 -> 0.985). An article's place is
    #: also the one its title names when it has no dateline, an event's place needs only half
    #: of its *placed* members, and only a name in the title or lead counts as naming the
    #: event's place (a flood in Selke recalling "the flooding in Harnovo" further down is
    #: new): GVA and ECB+ tune and report parts unchanged (GVA tune online 0.9238 -> 0.9242),
    #: synthetic 10k online 0.924 -> 0.938 (batch on 5k 0.955 -> 0.963); the example
    #: corpus's two floods stay apart without its later-format files too.
    new_place: float = 0.2
    #: Measure an article's time gap from the event's first day, not from its newest article:
    #: an event is anchored where it happened, so a stream of similar articles (a city's daily
    #: shootings) cannot chain one event forward day after day. Neutral on the GVA tune part.
    gap_from_start: bool = True
    #: Batch mode: rounds of moving each article to the event it fits best (0 = off), and the
    #: margin by which another event must beat the article's own (itself left out) to move it.
    refine_rounds: int = 2
    refine_margin: float = 0.0
    #: Refinement lets an article that fits nothing, its own event included, stand alone.
    refine_split: bool = True
    #: Online mode refines each batch's own articles among the open events the same way.
    online_refine: bool = True
    #: Outlet profiles (``features.OutletKeys``): an outlet's key shares are trusted from this
    #: many of its articles on, and a key must occur in at least this many of them. GVA tune
    #: part, batch B-cubed F1: 0.922 without the discount; trusted from 5 articles 0.920, from
    #: 7 to 12 0.925-0.926. With fewer articles, one story's follow-ups from a small outlet
    #: make up most of it and the story's own words would count as the outlet's.
    outlet_min_docs: int = 8
    outlet_min_key: int = 3
    #: Keys counted per outlet, its most frequent kept (the discounted keys are frequent by
    #: definition), and outlets profiled, the most recently seen kept: memory stays bounded on
    #: an endless stream with any number of outlets (about 2000 * 2 * 2000 entries at most).
    outlet_max_keys: int = 2000
    outlet_max: int = 2000
    #: Use ``Article.entities`` (from spaCy when ``ner`` is on) instead of the rule-based
    #: recogniser's names. Off: on the report parts spaCy's small model clustered no better
    #: than the rule-based names (ECB+ B3-F1 0.931 / 0.930, GVA 0.924 / 0.925, BASIL equal),
    #: and on unfamiliar names (the fictional example corpus: "Port Valen" and "Gazette" as
    #: PERSON) it split events the rules keep whole. Clustering is therefore the same
    #: whatever ``ner`` is.
    model_entities: bool = False

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            default = f.default
            if isinstance(default, bool):
                if not isinstance(value, bool):
                    raise ConfigError(
                        f"ClusterParams.{f.name} must be True or False, not {value!r}."
                    )
            elif isinstance(default, int):
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ConfigError(
                        f"ClusterParams.{f.name} must be a whole number, not {value!r}; "
                        f"the default is {default}."
                    )
            elif isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError(
                    f"ClusterParams.{f.name} must be a number, not {value!r}; "
                    f"the default is {default}."
                )
        for name in ("unknown_time", "status_conflict", "new_head", "new_place", "refine_margin"):
            if getattr(self, name) < 0:
                raise ConfigError(
                    f"ClusterParams.{name} must be 0 or more (0 turns it off), "
                    f"not {getattr(self, name)!r}."
                )
        if not 0.0 <= self.time_offset <= 1.0:
            raise ConfigError(
                "ClusterParams.time_offset is a share of the log-day horizon: it must lie "
                f"between 0 and 1, not {self.time_offset!r}; try 0.3 (the default)."
            )
        if self.refine_rounds < 0:
            raise ConfigError(
                f"ClusterParams.refine_rounds must be 0 (off) or more, not {self.refine_rounds}."
            )
        if self.outlet_min_docs < 2:
            raise ConfigError(
                "ClusterParams.outlet_min_docs must be at least 2 (an outlet's shares need "
                f"two articles), not {self.outlet_min_docs}; use a huge value to turn "
                "outlet profiles off."
            )
        for name in ("outlet_min_key", "outlet_max_keys", "outlet_max"):
            if getattr(self, name) < 1:
                raise ConfigError(
                    f"ClusterParams.{name} must be at least 1, not {getattr(self, name)}."
                )


#: The defaults, shared (the record is frozen).
DEFAULT_PARAMS = ClusterParams()

__all__ = ["DEFAULT_PARAMS", "ClusterParams"]
