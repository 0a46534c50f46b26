"""The scraper package's exceptions: one root, each carrying the resource (URL) it is about.

Raise them wrapping the foreign cause: `raise FetchError(url, "HTTP 503") from e`.
At batch edges they become values (see `scraper.feeds.FeedResult`), never tracebacks.
"""

from __future__ import annotations


class ScraperError(Exception):
    """Root of the scraper's errors. `str()` is one line naming the URL: "url: message"."""

    def __init__(self, url: str, message: str = "") -> None:
        super().__init__(url, message)  # both in args, so the error pickles (workers)
        self.url = url
        self.message = message

    def __str__(self) -> str:
        return f"{self.url}: {self.message}" if self.message else self.url


class FetchError(ScraperError):
    """The resource could not be retrieved: DNS, refused, timeout, HTTP status, too large."""


class ParseError(ScraperError):
    """The resource was retrieved but is not what we can read (e.g. not a feed)."""
