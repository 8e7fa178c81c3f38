"""Event clustering and storylines.

* :class:`EventClusterer` -- articles into events, batch (``fit``) or online (``partial_fit``);
  :class:`ClusterParams` -- its tunables (penalties, refinement, outlet profiles).
* :func:`link_storylines` -- events into storylines; :func:`assign_storylines` sets
  ``Event.storyline_id``.
* :mod:`newsweave.cluster.metrics` -- BCubed, pairwise and ARI scores.
"""

from __future__ import annotations

from newsweave.cluster.clusterer import EventClusterer
from newsweave.cluster.params import ClusterParams
from newsweave.cluster.storylines import assign_storylines, link_storylines

__all__ = ["ClusterParams", "EventClusterer", "assign_storylines", "link_storylines"]
