"""The one value that flows through ingestion: `Article`, and its canonical URL.

Feeds return it, spiders yield it, the store keeps it. It knows nothing about
detection or delivery.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that only track the reader; they never change the story.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "vero_")
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "ref",
        "ref_src",
        "cmpid",
        "cmp",
        "src",
        "share",
        "smid",
        "ito",
        "_ga",
        "__twitter_impression",
    }
)


def canonical_url(url: str) -> str:
    """The form of `url` used to recognise one story: no tracking, no fragment.

    Scheme and host are lower-cased, query parameters sorted, tracking
    parameters dropped, a bare trailing `?` removed.
    """
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    cleaned = urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), "")
    )
    return str(canonicalize_url(cleaned, keep_fragments=False))


def article_id(url: str) -> str:
    """A short stable id for the story at (canonical) `url`."""
    return hashlib.sha256(canonical_url(url).encode()).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class Article:
    """One story from one source. `url` is canonical (see `canonical_url`)."""

    url: str
    title: str
    text: str
    source: str
    guid: str | None = None
    published: datetime | None = None

    @property
    def id(self) -> str:
        return article_id(self.url)

    @classmethod
    def make(
        cls,
        url: str,
        title: str,
        text: str,
        source: str,
        guid: str | None = None,
        published: datetime | None = None,
    ) -> Article:
        """An `Article` whose `url` has been made canonical."""
        return cls(canonical_url(url), title.strip(), text.strip(), source, guid, published)
