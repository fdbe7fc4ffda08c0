"""The Atom feed of the rounds (``feed.xml``): one entry per round, dated by its 截至 date."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from generator.progress.model import Progress
from generator.progress.summary import round_summaries
from generator.site.urls import Urls

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def atom_feed(progress: Progress, urls: Urls, site_url: str) -> bytes:
    """The rounds as an Atom feed (RFC 4287), newest first, every address absolute.

    ``updated`` is the newest round's 截至 date: rebuilding the same files gives the same bytes.
    """

    base = site_url if site_url.endswith("/") else site_url + "/"
    plan = progress.plan
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _sub(feed, "id", base + urls.url(urls.updates))
    _sub(feed, "title", f"{plan.publication.title}：落实情况更新动态")
    latest = progress.latest
    _sub(feed, "updated", _stamp(latest.as_of if latest else plan.publication.published))
    _sub(_sub(feed, "author"), "name", plan.publication.source)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=base + urls.feed)
    _sub(feed, "link", rel="alternate", type="text/html", href=base + urls.url(urls.updates))
    for summary in round_summaries(progress):
        rnd = summary.round
        entry = _sub(feed, "entry")
        link = base + urls.url(urls.update(rnd.id))
        _sub(entry, "id", link)
        _sub(entry, "title", rnd.name)
        _sub(entry, "updated", _stamp(rnd.as_of))
        _sub(entry, "link", rel="alternate", type="text/html", href=link)
        _sub(entry, "summary", summary.summary(), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
