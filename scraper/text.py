"""HTML to readable plain text for detection: block breaks kept, scripts and styles dropped.

Stdlib only (`html.parser`): it never raises on bad markup and needs no C
extension. It does not sanitize anything for display; use nh3 for that.
"""

from __future__ import annotations

from html.parser import HTMLParser

# Elements that start a new paragraph: sentence boundaries matter to detection.
_BLOCK_TAGS = (
    "address article aside blockquote caption dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table "
    "tbody tfoot thead tr ul"
)
_BLOCKS = frozenset(_BLOCK_TAGS.split())
# Elements whose content is never readable text.
_SKIPPED_TAGS = "script style noscript template head svg iframe object"
_SKIPPED = frozenset(_SKIPPED_TAGS.split())
_CELLS = frozenset({"td", "th"})


class _TextCollector(HTMLParser):
    """Collects text pieces, with "\\n\\n" at block edges and "\\n" at `<br>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip_depth += 1
        else:
            self._mark(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIPPED:  # a self-closed <script/> hides nothing
            self._mark(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        else:
            self._mark(tag)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.pieces.append(data)

    def _mark(self, tag: str) -> None:
        if self._skip_depth:
            return
        if tag in _BLOCKS:
            self.pieces.append("\n\n")
        elif tag == "br":
            self.pieces.append("\n")
        elif tag in _CELLS:
            self.pieces.append(" ")


def normalize_whitespace(text: str) -> str:
    """Spaces collapsed within lines, lines stripped, at most one blank line in a row."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML fragment: entities decoded, paragraphs kept apart."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return normalize_whitespace("".join(collector.pieces))


def one_line(text: str) -> str:
    """`text` on a single line, whitespace collapsed (titles, log messages)."""
    return " ".join(text.split())
