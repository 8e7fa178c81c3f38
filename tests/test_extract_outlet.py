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
    assert host_name("harbourtimes.example") == "Harbour Times"
    assert host_name("xqzvbr.example") == "Xqzvbr"


def test_host_name_is_one_name_per_registered_domain():
    names = {host_name(h) for h in ("cbslocal.com", "miami.cbslocal.com", "newyork.cbslocal.com")}
    assert names == {"CBS Local"}
    assert host_name("baltimoresun.com") == "Baltimore Sun"
    assert host_name("sun-sentinel.com") == "Sun-Sentinel"
    assert host_name("abcnews.go.com") == host_name("abc7.go.com") == "ABC News"


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
    assert credit_outlet(["Nothing to see"]) is None
    assert copyright_holder(["© 2016 KHOU. All rights reserved."])[0] == "KHOU"
    assert copyright_holder(["Copyright 2017 by KSAT - All rights reserved."])[0] == "KSAT"


CREDIT_LINES = (
    "Photo credit: Getty Images",
    "Source: Ministry of Health",
    "Credit: Valdoria Radio",
    "Image courtesy: Port Authority",
    "(Photo- Getty Images)",
    "(Source- Ministry of Health)",
    "(Capital- letters) in a sentence",
)


def test_credit_source_and_photo_lines_never_name_the_publisher():
    for line in CREDIT_LINES:
        assert credit_outlet([line]) is None, line
        removed = (RemovedLine(9, line, "credit"),)
        assert find_outlet(None, None, removed, "Body.") == (None, None), line
        assert find_outlet(None, None, (), f"{line}\nThe harbour reopened.") == (None, None), line
        assert find_outlet(None, "https://www.ksla.com/a", removed, "Body.")[0] == "KSLA"


def test_find_outlet_ranks_record_url_relay_own_lines_copyright():
    credit = (RemovedLine(9, "Credit: Valdoria Radio", "credit"),)
    assert find_outlet("Harbour Times", "https://x.example", credit, "") == (
        "Harbour Times",
        "record",
    )
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


def test_nothing_in_the_text_outranks_the_urls_site():
    url = "https://www.ksla.com/story/1"
    others = (
        RemovedLine(
            7, "Information from: Alexandria Daily Town Talk, http://www.thetowntalk.com", "credit"
        ),
        RemovedLine(
            8,
            "Anyone with information should call Crime Stoppers at crimestoppers.example",
            "promo",
        ),
        RemovedLine(9, "Follow CRIMESTOPPERS.EXAMPLE on Twitter", "share"),
    )
    text = "(MENAFN- The Town Talk) Police in Alexandria arrested a man, Crime Stoppers said."
    name, evidence = find_outlet(None, url, others, text)
    assert name == "KSLA" and "ksla.com" in evidence
    # Every host of a domain gets the domain's one name.
    for host in ("miami", "pittsburgh", "www"):
        assert find_outlet(None, f"https://{host}.cbslocal.com/x", (), "Body.")[0] == "CBS Local"


def test_without_a_url_a_domain_counts_only_as_the_sites_own_address():
    texts = ["Police thanked Crime Stoppers. Readers of The Morning Klaxon wrote in."]
    tip = (RemovedLine(9, "Call Crime Stoppers or visit crimestoppers.example", "promo"),)
    assert find_outlet(None, None, tip, texts[0]) == (None, None)
    own = (RemovedLine(9, "Tips: newsdesk@morningklaxon.example", "promo"),)
    assert find_outlet(None, None, own, texts[0])[0] == "Morning Klaxon"


def test_domain_labels_split_into_words_from_the_article():
    assert segment_label("eastbaytimes") == ["east", "bay", "times"]
    assert segment_label("valdoriaherald", ["Valdoria"]) == ["valdoria", "herald"]
    assert segment_label("xqzv") is None
    assert host_name("valdoriaherald.example", ["Valdoria"]) == "Valdoria Herald"


def test_call_sign_without_suffix_must_be_in_capitals():
    assert name_in_text("kirotv.com", ["Tacoma police told KIRO 7 on Monday."]) == "KIRO"
    assert name_in_text("dallasnews.com", ["Police in Dallas said on Monday."]) is None


def test_learned_host_names_make_one_name_per_site():
    url = "https://{}.wxyz.example/story/{}"
    items = [
        (url.format("www", 1), ["Copyright 2031 WXYZ Action News. All rights reserved."], "Body."),
        (url.format("www", 2), [], "Police told WXYZ Action News that the road reopened."),
        (url.format("metro", 3), [], "Nothing about the site."),
        ("https://www.harbourtimes.example/a", [], "Nothing about the site either."),
    ]
    learned = learn_host_names(items)
    assert learned == {"wxyz.example": "WXYZ", "harbourtimes.example": "Harbour Times"}
    for url_ in (url.format("metro", 3), url.format("sport", 4)):
        name, evidence = find_outlet(None, url_, (), "Nothing.", known=learned)
        assert name == "WXYZ" and "source's articles" in evidence


def test_a_headline_in_capitals_is_no_call_sign():
    assert name_in_text("delawareonline.com", ["DELAWARE STATE POLICE SAY"]) is None
    assert name_in_text("kirotv.com", ["KIRO 7 reported"]) == "KIRO"


def test_host_labels_drop_generic_words():
    assert host_labels("miami.cbslocal.com") == ["miami", "cbslocal"]
    assert host_labels("www.dailynews.example") == ["dailynews"]
    assert host_labels("news.times.example") == []
