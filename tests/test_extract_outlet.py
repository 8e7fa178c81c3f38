"""Tests of newsweave.extract.outlet: who published an article, and why we think so."""

from __future__ import annotations

from newsweave.extract.outlet import (
    copyright_holder,
    credit_outlet,
    find_outlet,
    host_labels,
    host_name,
    learn_host_names,
    name_in_text,
    segment_label,
)
from newsweave.models import RemovedLine


def test_host_name_uses_table_then_label_shape():
    assert host_name("nytimes.com") == "The New York Times"
    assert host_name("ksla.com") == "KSLA"
    assert host_name("harbourtimes.example") == "Harbourtimes"


def test_name_in_text_finds_the_outlet_as_the_article_spells_it():
    texts = ["Copyright 2016 Chicago Sun-Times. All rights reserved."]
    assert name_in_text("chicago.suntimes.com", texts) == "Chicago Sun-Times"
    assert (
        name_in_text("wave3.com", ["Copyright 2016 WAVE 3 News. All rights reserved."]) == "WAVE 3"
    )
    assert name_in_text("harbourtimes.example", ["Nothing relevant here."]) is None


def test_credit_lines():
    assert credit_outlet(["(WIREX- Coastline Daily)"]) == (
        "Coastline Daily",
        "(WIREX- Coastline Daily)",
    )
    assert credit_outlet(["Discover more from Harbour Times | Local News"])[0] == "Harbour Times"
    assert credit_outlet(["Credit: Valdoria Radio"])[0] == "Valdoria Radio"
    assert credit_outlet(["Nothing to see"]) is None
    assert copyright_holder(["© 2016 KHOU. All rights reserved."])[0] == "KHOU"
    assert copyright_holder(["Copyright 2017 by KSAT - All rights reserved."])[0] == "KSAT"


def test_find_outlet_ranks_record_credit_url_copyright():
    credit = (RemovedLine(9, "Credit: Valdoria Radio", "credit"),)
    assert find_outlet("Harbour Times", "https://x.example", credit, "") == (
        "Harbour Times",
        "record",
    )
    name, evidence = find_outlet(None, None, credit, "Body.")
    assert name == "Valdoria Radio" and "Credit: Valdoria Radio" in evidence
    # The site publishing a credited story is its outlet ("Credit:" names the supplier).
    assert find_outlet(None, "https://www.ksla.com/a", credit, "Body.")[0] == "KSLA"
    own = (RemovedLine(9, "Got a story? Contact The Harbour Times newsdesk.", "promo"),)
    assert find_outlet(None, None, credit + own, "Body.")[0] == "Harbour Times"
    inline = "(WIREX- Coastline Daily) The harbour authority met on Tuesday."
    assert find_outlet(None, None, (), inline)[0] == "Coastline Daily"
    assert find_outlet(None, "https://www.ksla.com/story/1", (), "Body.")[0] == "KSLA"
    copyright_line = (
        RemovedLine(5, "Copyright 2031 Valdoria Broadcasting. All rights reserved.", "copyright"),
    )
    assert find_outlet(None, None, copyright_line, "Body.")[0] == "Valdoria Broadcasting"
    # A wire service's copyright on a syndicated story does not make it the outlet.
    wire = (
        RemovedLine(5, "Copyright 2031 The Associated Press. All rights reserved.", "copyright"),
    )
    assert find_outlet(None, None, wire, "Body.", lambda n: "Associated Press" in n) == (None, None)
    assert find_outlet(None, None, (), "Body.") == (None, None)


def test_domain_labels_split_into_words_from_the_article():
    assert segment_label("eastbaytimes") == ["east", "bay", "times"]
    assert segment_label("valdoriaherald", ["Valdoria"]) == ["valdoria", "herald"]
    assert segment_label("xqzv") is None
    assert host_name("valdoriaherald.example", ["Valdoria"]) == "Valdoria Herald"


def test_call_sign_without_suffix_must_be_in_capitals():
    assert name_in_text("kirotv.com", ["Tacoma police told KIRO 7 on Monday."]) == "KIRO"
    assert name_in_text("dallasnews.com", ["Police in Dallas said on Monday."]) is None


def test_learned_host_names_make_one_name_per_host():
    url = "https://www.wxyz.example/story/{}"
    items = [
        (url.format(1), ["Copyright 2031 WXYZ Action News. All rights reserved."], "Body."),
        (url.format(2), [], "Police told WXYZ Action News that the road reopened."),
        (url.format(3), [], "Nothing about the site."),
    ]
    learned = learn_host_names(items)
    assert learned == {"wxyz.example": "WXYZ"} or learned == {"wxyz.example": "WXYZ Action News"}
    name, evidence = find_outlet(None, url.format(3), (), "Nothing.", known=learned)
    assert name == learned["wxyz.example"] and "source's articles" in evidence


def test_host_labels_drop_generic_words():
    assert host_labels("miami.cbslocal.com") == ["miami", "cbslocal"]
    assert host_labels("www.dailynews.example") == ["dailynews"]
    assert host_labels("news.times.example") == []
