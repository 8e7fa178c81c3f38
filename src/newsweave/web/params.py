"""Tunables of the web app's listings, in one frozen record.

The home page of a real day of news (hundreds of events from hundreds of outlets) must stay a
page a browser renders at once: these numbers bound what one page holds. ``create_app(...,
params=WebParams(page_size=20))`` changes them for one app.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from newsweave.errors import ConfigError


@dataclass(frozen=True, slots=True)
class WebParams:
    """Page sizes and caps of the home, top-stories and search pages."""

    #: Event cards per home page. 30 cards of a 600-article store weigh about 40 KB of HTML.
    page_size: int = 30
    #: Search hits per page (each carries a snippet of about 30 words).
    hits_per_page: int = 20
    #: Search hits read from the store at most; the events shown are those holding them.
    search_limit: int = 200
    #: Longest accepted search query and filter value, in characters.
    max_query: int = 200
    #: Blindspots listed on the home page (the most widely covered first); the rest are
    #: counted, and every event card still carries its own blindspot badge.
    blindspot_limit: int = 10
    #: Sides named in a blindspot's "not covered by" list before "and N more".
    missing_shown: int = 5
    #: Events on the top-stories page (each reads its comparison for the summary's lead).
    top_stories: int = 12
    #: Days back from the newest article that the top-stories page looks at by default.
    top_days: int = 7
    #: Spellings of one search word searched at most (the word itself included).
    variants_per_word: int = 4
    #: Alternatives a search with folded spellings may expand to (each an AND of words).
    max_alternatives: int = 16

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ConfigError(f"WebParams.{f.name} must be a whole number of 1 or more.")


DEFAULT_PARAMS = WebParams()

__all__ = ["DEFAULT_PARAMS", "WebParams"]
