"""The fast path of feed parsing: plain, well-formed RSS 2.0 read by libxml2, or nothing.

`entries` gives, for a feed it can read exactly, the entry fields `scraper.feeds` reads
(title, link, id, summary, content, published_parsed), with the values feedparser 6 gives
with sanitizing and URI resolving off; for anything else it gives None and the caller
uses feedparser. What it reads is kept narrow on purpose: UTF-8 (or ASCII) as declared,
no DOCTYPE, no xml:base, one <channel> with <item>s whose children it knows, each field
once and without markup inside. Most WordPress and newspaper feeds are that, and reading
them costs a tenth of feedparser's per-element bookkeeping. Atom, RSS 1.0 (RDF),
ill-formed XML, odd encodings and unknown item elements all go to feedparser.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import datetime, timedelta
from time import struct_time
from typing import Any
from urllib.parse import urljoin

from lxml import etree

__all__ = ["entries"]

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC = "{http://purl.org/dc/elements/1.1/}"
_MEDIA = "{http://search.yahoo.com/mrss/}"
# The item children whose value feeds.py reads; each may appear once, without markup.
_FIELDS = frozenset({"title", "link", "guid", "pubDate", "description", _CONTENT})
# Item children feedparser keeps under names feeds.py never reads (authors, tags,
# comments, enclosures, media): safe to skip, with the children they may hold.
_SKIPPED = frozenset(
    {
        "author",
        "category",
        "comments",
        "enclosure",
        _DC + "creator",
        "{http://wellformedweb.org/CommentAPI/}commentRss",
        "{http://purl.org/rss/1.0/modules/slash/}comments",
        "{com-wordpress:feed-additions:1}post-id",  # WordPress.com and VIP sites add it
        _MEDIA + "content",
        _MEDIA + "credit",
        _MEDIA + "thumbnail",
    }
)
_UTF8 = ("utf-8", "utf8")
_XML_ENCODING = re.compile(rb"""^<\?.*encoding=['"](.*?)['"].*\?>""")  # feedparser's
_URI_FIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")  # feedparser's
_ENTITY_LIKE = re.compile("&([A-Za-z0-9_]+);")
_C1 = re.compile("[\x80-\x9f]")
# Where a C1 control can come from in UTF-8 XML: its two bytes, or a character reference.
# (two searches: each has a literal prefix the regex engine skips to, one with both has not)
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
_C1_REFERENCE = re.compile(rb"&#(?:x0*[89][0-9a-fA-F]|0*1(?:2[89]|[3-5][0-9]));")
# feedparser maps the C1 controls that windows-1252 defines to its characters.
_UNDEFINED_IN_1252 = (129, 141, 143, 144, 157)
_CP1252 = {i: bytes([i]).decode("cp1252") for i in range(128, 160) if i not in _UNDEFINED_IN_1252}
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
# RFC 822 dates as WordPress and most servers write them; other forms go to feedparser.
_RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) "
    r"(\d{2}):(\d{2}):(\d{2}) (?:([+-])(\d{2})(\d{2})|GMT|UT|Z)"
)

_LOCAL = threading.local()  # lxml parsers are not shared between threads


def _parser() -> Any:
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
    return parser


def entries(
    content: bytes, headers: Mapping[str, str], base: str, looks_like_html: Callable[[str], bool]
) -> list[dict[str, Any]] | None:
    """feedparser's entry fields for a plain RSS 2.0 feed with items, else None.

    `headers` are lower-cased response headers; `base` is the feed's URL (relative links
    are resolved against it); `looks_like_html` is feedparser's guess for a title.
    """
    if not _utf8(content, headers):
        return None
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError:
        return None
    items = _items(root)
    if not items:
        return None  # an empty feed: feedparser says what kind of empty
    c1 = _C1_BYTES.search(content) or _C1_REFERENCE.search(content)
    decoded = _decoded if c1 else _decoded_without_c1
    found = []
    for item in items:
        entry = _entry(item, base, looks_like_html, decoded)
        if entry is None:
            return None
        found.append(entry)
    return found


def _utf8(content: bytes, headers: Mapping[str, str]) -> bool:
    """Whether feedparser would decode `content` as UTF-8 with no complaint, as libxml2 will."""
    media, _, params = headers.get("content-type", "").partition(";")
    media = media.strip()
    charset = ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    body = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
    if body[:2] in (b"\xfe\xff", b"\xff\xfe") or b"\x00" in body[:4]:
        return False
    declared = _XML_ENCODING.match(body)
    xml_encoding = declared[1].decode("ascii", "replace").lower() if declared else ""
    if xml_encoding not in ("", *_UTF8):
        return False
    if media in ("application/xml", "text/xml") or media.endswith("+xml"):
        if media.startswith("application/"):
            encoding = (charset or "utf-8").lower()
        elif media.startswith("text/"):
            encoding = (charset or "us-ascii").lower()
        else:
            return False
        return encoding in _UTF8 or (encoding in ("us-ascii", "ascii") and body.isascii())
    return False  # not an XML media type: feedparser warns about it


def _items(root: Any) -> list[Any]:
    """The <item>s of an <rss><channel>, if the document is plain enough to read here."""
    if root.tag != "rss" or root.getroottree().docinfo.doctype:
        return []
    channels = root.findall("channel")
    if len(channels) != 1 or root.xpath("boolean(//@xml:base | //@base)"):
        return []
    items: list[Any] = channels[0].findall("item")
    if len(items) != int(root.xpath("count(//item)")):
        return []  # items outside the channel (RSS 0.9-style): feedparser's call
    return items


def _entry(
    item: Any, base: str, looks_like_html: Callable[[str], bool], decoded: Callable[[str], str]
) -> dict[str, Any] | None:
    if item.attrib:
        return None
    fields: dict[str, Any] = {}
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction: feedparser drops them too
        if tag in _FIELDS:
            if tag in fields or len(child) or (child.attrib and tag != "guid"):
                return None
            fields[tag] = child
        elif tag == _DC + "date":
            fields[tag] = child  # feedparser's updated date: used only without a pubDate
        elif tag not in _SKIPPED or any(
            isinstance(el.tag, str) and el.tag not in _SKIPPED for el in child.iterdescendants()
        ):
            return None
    return _values(fields, base, looks_like_html, decoded)


def _values(
    fields: dict[str, Any],
    base: str,
    looks_like_html: Callable[[str], bool],
    _decoded: Callable[[str], str],
) -> dict[str, Any] | None:
    entry: dict[str, Any] = {}
    if (title := fields.get("title")) is not None:
        raw = (title.text or "").strip()
        kind = "text/html" if ("<" in raw or "&" in raw) and looks_like_html(raw) else "text/plain"
        entry["title"] = value = _decoded(raw)
        entry["title_detail"] = {"type": kind, "value": value}
    if (guid := fields.get("guid")) is not None:
        if set(guid.attrib) - {"isPermaLink"}:
            return None
        is_link = guid.get("isPermaLink", "true") == "true"
        raw = (guid.text or "").strip()
        entry["id"] = _decoded(_urljoin(base, raw) if is_link and raw else raw)
        if is_link:
            entry["link"] = entry["id"]
    if (link := fields.get("link")) is not None:
        raw = (link.text or "").strip()
        value = _decoded(_urljoin(base, raw) if raw else raw)
        entry["link"] = _ENTITY_LIKE.sub(r"&\g<1>", value.replace("&amp;", "&"))
    if (content := fields.get(_CONTENT)) is not None:
        value = _decoded((content.text or "").strip())
        entry["content"] = [{"type": "text/html", "value": value}]
        entry["summary"] = value
    if (description := fields.get("description")) is not None:
        entry["summary"] = value = _decoded((description.text or "").strip())
        entry["summary_detail"] = {"type": "text/html", "value": value}
    return _dated(entry, fields)


def _dated(entry: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any] | None:
    """The entry with feedparser's published_parsed, or None for a date read another way."""
    if (published := fields.get("pubDate")) is not None:
        parsed = _rfc822((published.text or "").strip())
        if parsed is None:
            return None
        entry["published_parsed"] = parsed
    elif _DC + "date" in fields:
        return None  # only a W3C date: feedparser reads those
    return entry


def _rfc822(text: str) -> struct_time | None:
    """The UTC time of a strict RFC 822 date as feedparser computes it, else None."""
    m = _RFC822.fullmatch(text)
    if m is None or m[2] not in _MONTHS:
        return None
    day, year, hour, minute, second = (int(m[i]) for i in (1, 3, 4, 5, 6))
    try:
        stamp = datetime(year, _MONTHS[m[2]], day, hour, minute, second)
        offset = timedelta(hours=int(m[8]), minutes=int(m[9])) if m[7] else timedelta()
        return (stamp + offset if m[7] == "-" else stamp - offset).utctimetuple()
    except (ValueError, OverflowError):
        return None


def _urljoin(base: str, uri: str) -> str:
    """feedparser's `_urljoin`: extra slashes after the scheme dropped, then urljoin."""
    try:
        return urljoin(base, _URI_FIXER.sub(r"\1\3", uri))
    except ValueError:
        return ""


def _decoded(text: str) -> str:
    """What feedparser does to every value: undo UTF-8 read as Latin-1, map C1 controls."""
    if text.isascii():  # (most values) nothing to undo: ASCII is the same in both
        return text
    with suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_CP1252) if _C1.search(text) else text


def _decoded_without_c1(text: str) -> str:
    """`_decoded` for a document with no C1 control anywhere (nearly all of them)."""
    if text.isascii():
        return text
    with suppress(UnicodeEncodeError, UnicodeDecodeError):
        return text.encode("iso-8859-1").decode("utf-8")
    return text
