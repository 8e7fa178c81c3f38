"""Metadata extraction: title, outlet, cited sources, language, dates, entities and quotes.

:class:`Extractor` is the pipeline stage; the helpers it uses are public too:
:func:`pick_title`, :func:`find_outlet`, :func:`cited_sources`, :func:`detect_language`,
:func:`date_article`, :class:`EntityRecognizer` and ``extract_quotes`` (from
:mod:`newsweave.extract.quotes`, imported lazily). The publication date of an HTML page is read
at ingest (:func:`newsweave.ingest.pagedate.html_date`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from newsweave.config import Settings
from newsweave.errors import MissingDependencyError
from newsweave.extract.dates import DateInfo, date_article
from newsweave.extract.entities import EntityRecognizer, speaker_windows
from newsweave.extract.language import detect_language
from newsweave.extract.outlet import find_outlet, host_labels, learn_host_names
from newsweave.extract.sources import cited_sources, is_agency
from newsweave.extract.title import pick_title
from newsweave.models import Article, Entity, Quote
from newsweave.names import rule_entities
from newsweave.urls import host_of

log = logging.getLogger(__name__)

QuoteExtractor = Callable[[str, Sequence[Entity]], tuple[Quote, ...]]


def __getattr__(name: str) -> Any:
    # extract_quotes lives in the extract/quotes/ package; importing it lazily keeps this package
    # importable (and fast to import) on its own.
    if name == "extract_quotes":
        from newsweave.extract.quotes import extract_quotes

        return extract_quotes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Extractor:
    """Pipeline stage that fills an article's metadata from its cleaned text.

    Args:
        settings: newsweave settings (``ner`` chooses spaCy or the rule-based entities: with
            ``"auto"`` spaCy reads only the text around speaker mentions, where it changes
            who is quoted, see :mod:`newsweave.extract.entities`; with ``"on"`` all of it).
        quote_extractor: ``(text, entities) -> quotes``; defaults to
            :func:`newsweave.extract.quotes.extract_quotes`.
        batch_size: articles per batch sent to the NER model.

    One article failing never stops the stream: each part (title, outlet, sources, language,
    dates, entities, quotes) is tried on its own, a failure is logged and recorded in
    ``errors_``, and the article passes on with whatever succeeded.
    """

    name = "extract"
    #: Each article's extraction depends on that article and what :meth:`fit` learnt only, so
    #: the pipeline may hand chunks of the corpus to worker processes (a pickled copy each).
    per_article = True
    requires = ("text", "removed_lines")
    assigns = (
        "title", "outlet", "outlet_evidence", "cited_sources", "language", "date",
        "claimed_date", "date_source", "date_flags", "event_date", "entities", "quotes",
    )  # fmt: skip

    def __init__(
        self,
        settings: Settings | None = None,
        quote_extractor: QuoteExtractor | None = None,
        batch_size: int = 32,
    ) -> None:
        self.settings = settings or Settings()
        self.quote_extractor = quote_extractor
        self.batch_size = batch_size
        self._ner: EntityRecognizer | None = None

    def fit(self, articles: Iterable[Article]) -> Extractor:
        """Learn corpus-level facts: one readable outlet name per URL host, and the corpus's
        publication dates (to place wire datelines that omit the year).

        Optional: without it, each article's outlet name comes from its own text, so two
        articles of one site may spell it differently ("WMC Action News 5", "Wmcactionnews5").

        Args:
            articles: cleaned articles (any iterable; read once).

        Returns:
            ``self``, with ``host_names_`` (host -> name) and ``corpus_dates_`` (sorted dates
            the corpus states with a year).
        """
        corpus = list(articles)
        self.host_names_ = learn_host_names(
            (a.url, [r.text for r in a.removed_lines], a.text) for a in corpus if not a.outlet
        )
        dated = []
        for article in corpus:
            info = date_article(
                article.text,
                article.removed_lines,
                record_date=article.claimed_date or article.date,
                url=article.url,
                article_id=article.id,
            )
            if info.date is not None:
                dated.append(date.fromisoformat(info.date))
        self.corpus_dates_ = sorted(dated)
        return self

    def __getstate__(self) -> dict[str, Any]:
        # Picklable for Spark workers: the NER model is dropped (EntityRecognizer pickles its
        # settings only) and reloaded lazily on the worker.
        state = {k: v for k, v in self.__dict__.items() if k != "_ner"}
        state["_ner"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def ner(self) -> EntityRecognizer:
        """The entity recognizer of this instance (created on first use)."""
        if self._ner is None:
            self._ner = EntityRecognizer(self.settings.ner, batch_size=self.batch_size)
        return self._ner

    def _quotes(self) -> QuoteExtractor:
        if self.quote_extractor is None:
            from newsweave.extract.quotes import extract_quotes

            self.quote_extractor = extract_quotes
        return self.quote_extractor

    def _error(self, article: Article, part: str, exc: BaseException) -> None:
        log.warning("extract %s: article %s failed: %s", part, article.id, exc, exc_info=True)
        errors: list[str] = self.__dict__.setdefault("errors_", [])
        errors.append(f"extract.{part}: {article.id}: {type(exc).__name__}: {exc}")

    def extract(self, article: Article, entities: tuple[Entity, ...] | None = None) -> Article:
        """Extract the metadata of one article.

        Args:
            article: a cleaned article.
            entities: precomputed entities (batched NER); computed here when None.

        Returns:
            The article with every field in :attr:`assigns` that could be extracted.
        """
        changes: dict[str, Any] = {}
        text, removed = article.text, article.removed_lines
        try:
            changes["title"] = pick_title(article.title, removed, text)
        except Exception as exc:  # one part failing must not lose the others
            self._error(article, "title", exc)
        outlet = article.outlet
        try:
            outlet, evidence = find_outlet(
                article.outlet,
                article.url,
                removed,
                text,
                is_agency,
                getattr(self, "host_names_", None),
            )
            changes["outlet"], changes["outlet_evidence"] = outlet, evidence
            if article.outlet and article.outlet_evidence:
                changes["outlet_evidence"] = article.outlet_evidence
        except Exception as exc:
            self._error(article, "outlet", exc)
        try:
            host = host_of(article.url) if article.url else None
            self_names = host_labels(host) if host else []
            changes["cited_sources"] = cited_sources(
                text, removed, outlet=outlet, self_names=self_names
            )
        except Exception as exc:
            self._error(article, "sources", exc)
        try:
            changes["language"] = article.language or detect_language(text)
        except Exception as exc:
            self._error(article, "language", exc)
        try:
            info: DateInfo = date_article(
                text,
                removed,
                record_date=article.claimed_date or article.date,
                record_source=article.date_source,
                url=article.url,
                article_id=article.id,
                corpus_dates=getattr(self, "corpus_dates_", ()),
            )
            changes.update(
                date=info.date,
                claimed_date=info.claimed_date,
                date_source=info.date_source,
                date_flags=info.date_flags,
                event_date=info.event_date,
            )
        except Exception as exc:
            self._error(article, "dates", exc)
        if entities is None:
            try:
                entities = self.entities([text], [changes.get("language")])[0]
            except MissingDependencyError:
                raise  # ner="on" without the model: a setup problem, not an article problem
            except Exception as exc:
                self._error(article, "entities", exc)
                entities = rule_entities(text)
        changes["entities"] = entities
        try:
            changes["quotes"] = tuple(self._quotes()(text, entities))
        except Exception as exc:  # a custom quote_extractor may raise anything
            self._error(article, "quotes", exc)
        return replace(article, **changes)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Extract a stream of articles, in order, batching NER ``batch_size`` at a time."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _with_language(self, article: Article) -> Article:
        """``article`` with the language :meth:`extract` gives it (read once, before NER)."""
        if article.language:
            return article
        try:
            language = detect_language(article.text)
        except Exception:  # extract() reads it again and records the failure
            return article
        return replace(article, language=language) if language else article

    def entities(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[tuple[Entity, ...]]:
        """Entities of ``texts`` as ``settings.ner`` asks: the model on the whole text
        ("on"), the model around speaker mentions and the rules elsewhere ("auto", see
        :func:`~newsweave.extract.entities.speaker_windows`), or the rules ("off").

        ``languages`` (one ISO code or None per text) lets "auto" skip the model, and the
        quote pass that places its windows, on a text known to be in another language than
        the model's (spaCy's ``nlp.lang``; a multilingual model, ``"xx"``, reads every text):
        such a text gets the rules' entities, as with "off"."""
        ner = self.ner
        if ner.mode != "auto" or not ner.uses_model:
            return list(ner.pipe(texts))
        from newsweave.extract.quotes.extractor import extract_attributions

        window, before_pronoun = ner.params.window, ner.params.pronoun_context
        model_language = str(getattr(ner._model(), "lang", "") or "xx")
        plans: list[tuple[str, tuple[tuple[int, int], ...], tuple[Entity, ...]]] = []
        for i, text in enumerate(texts):
            rules = rule_entities(text)
            language = languages[i] if languages is not None else None
            if language is not None and model_language not in ("xx", language):
                plans.append((text, (), rules))  # no window: the rules' entities
                continue
            # Where the quote extractor finds speakers with the rules' entities is where the
            # model's entities can change who is quoted.
            found = extract_attributions(text, rules)
            sources = [a.source for a in found if a.source is not None]
            plans.append((text, speaker_windows(text, sources, window, before_pronoun), rules))
        return list(ner.pipe_windows(plans))

    def _run(self, batch: list[Article]) -> Iterator[Article]:
        batch = [self._with_language(a) for a in batch]
        try:
            all_entities: list[tuple[Entity, ...] | None] = list(
                self.entities([a.text for a in batch], [a.language for a in batch])
            )
        except MissingDependencyError:
            raise
        except Exception as exc:  # a batch failure falls back to one-by-one extraction
            log.warning("extract: batched NER failed (%s); extracting one by one", exc)
            all_entities = [None] * len(batch)
        for article, entities in zip(batch, all_entities, strict=True):
            try:
                yield self.extract(article, entities)
            except MissingDependencyError:
                raise
            except Exception as exc:
                self._error(article, "article", exc)
                yield article


__all__ = [
    "DateInfo",
    "EntityRecognizer",
    "Extractor",
    "cited_sources",
    "date_article",
    "detect_language",
    "extract_quotes",  # provided lazily by __getattr__
    "find_outlet",
    "pick_title",
    "rule_entities",
]
