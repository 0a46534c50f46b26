"""Benchmark data: 40 WordPress-style TV feeds, 1,347 entries, about 9.3 MB, 100 watched titles.

  python bench/wpfeeds.py OUT_DIR     # writes feed-00.xml ... feed-39.xml and watchlist.yaml

Deterministic: one seeded random generator makes every byte, save the publication dates,
which are `now` less a few hours so that detection reads the stories (older ones are
stored and never alerted); a date has the same length whatever the day, so the bytes'
size and every story's words are the same on every run.

Shaped like what WordPress 6 writes: the channel's sy:/atom: elements, and per item
dc:creator, categories, a `?p=` guid, an excerpt in <description> with "The post ...
appeared first on ..." and the whole post in <content:encoded>: paragraphs with links
(some relative), headings, lists, figures with srcset images, embedded tweets and their
<script>, and the typographic entities (&#8217; &#8220;) WordPress puts everywhere.
About a third of the stories are news of a watched series (renewed, cancelled, ending,
revived, said in the trade press's ways), the rest casting, ratings and unwatched shows.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

FEEDS = 40
ENTRIES = 1347
TARGET_BYTES = 9_300_000
WATCHED = 100
SEED = 12

_ADJ = [
    "Harbor",
    "Silver",
    "Broken",
    "Quiet",
    "Northern",
    "Crimson",
    "Hidden",
    "Golden",
    "Lonely",
    "Electric",
    "Paper",
    "Iron",
    "Midnight",
    "Wild",
    "Hollow",
    "Burning",
    "Frozen",
    "Distant",
    "Savage",
    "Gentle",
    "Velvet",
    "Copper",
    "Amber",
    "Shadow",
]
_NOUN = [
    "Lights",
    "Desk",
    "Canyon",
    "Kingdom",
    "Station",
    "Empire",
    "Harvest",
    "Orchard",
    "Protocol",
    "Signal",
    "Frontier",
    "Witness",
    "Republic",
    "Atlas",
    "Garden",
    "Tides",
    "Circuit",
    "Legacy",
    "Hours",
    "Saints",
    "Rivals",
    "Verdict",
    "Docket",
]
NETWORKS = ("NBC", "CBS", "ABC", "Fox", "HBO", "Netflix", "Hulu", "FX", "Peacock", "Starz",
            "Apple TV+", "Prime Video", "AMC", "Showtime", "The CW", "Paramount+")  # fmt: skip
_ORDINAL = ("second", "third", "fourth", "fifth", "sixth", "seventh")
_PEOPLE = ("Dana Whitfield", "Marcus Obi", "Lena Park", "Tomás Reyes", "Priya Natarajan",
           "Jules Harlow", "Nora Castellanos", "Evan Lindqvist")  # fmt: skip

NEWS = {
    "renewed": (
        "{net} has renewed {t} for a {ord} season, the network announced on {day}.",
        "{t} will be back: {net} has picked up the drama for Season {n}.",
        "It&#8217;s official &#8212; {t} is coming back for Season {n} at {net}.",
    ),
    "cancelled": (
        "{net} has cancelled {t} after {m} seasons, a spokesperson confirmed on {day}.",
        "{t} has been axed at {net}; the series will not return for Season {n}.",
        "After {m} seasons, {net} has pulled the plug on {t}.",
    ),
    "ending": (
        "{t} will end with its upcoming {ord} season, {net} said on {day}.",
        "Season {n} of {t} will be its last, the showrunner told fans.",
    ),
    "revived": ("{t} has been revived by {net} for Season {n}, two years after it was cancelled.",),
}
_HEADLINE = {
    "renewed": "&#8216;{t}&#8217; Renewed for Season {n} at {net}",
    "cancelled": "&#8216;{t}&#8217; Canceled at {net} After {m} Seasons",
    "ending": "&#8216;{t}&#8217; to End With Season {n} at {net}",
    "revived": "&#8216;{t}&#8217; Revived at {net} for Season {n}",
}
_FILLER = (
    "The series stars {p} and {q}, who also serves as an executive producer.",
    "Production is set to begin in {city} in the spring, with {p} directing the premiere.",
    "The most recent season averaged {k} million viewers in live-plus-seven ratings.",
    "&#8220;We couldn&#8217;t be more excited to keep telling this story,&#8221; said {p}.",
    "{p} developed the show with {q}; both remain on board as showrunners.",
    "The cast also includes {q}, who joined in a recurring role last year.",
    "Critics praised the season&#8217;s finale, which drew the show&#8217;s biggest audience.",
    "The network&#8217;s fall schedule, announced in May, leaves room for two new dramas.",
)
_OTHER = (
    "{p} Joins &#8216;{u}&#8217; in Recurring Role",
    "&#8216;{u}&#8217; Ratings Climb in Week Two",
    "{net} Orders Drama Pilot From {p}",
    "TV Ratings: &#8216;{u}&#8217; Steady, &#8216;{v}&#8217; Dips",
    "&#8216;{t}&#8217; Star {p} on That Finale Twist",
    "&#8216;{t}&#8217; Season {n} Trailer: First Look",
)
_CITIES = ("Vancouver", "Atlanta", "Toronto", "Albuquerque", "Budapest", "Belfast")


def titles() -> list[str]:
    """The 100 watched titles (distinct, two words each)."""
    rng = random.Random(SEED)
    seen: dict[str, None] = {}
    while len(seen) < WATCHED:
        seen[f"{rng.choice(_ADJ)} {rng.choice(_NOUN)}"] = None
    return list(seen)


def _unwatched(rng: random.Random, watched: set[str]) -> str:
    while True:
        name = f"The {rng.choice(_ADJ)} {rng.choice(_NOUN)}"
        if name.removeprefix("The ") not in watched:
            return name


def _counts(rng: random.Random) -> list[int]:
    """Entries per feed, 10 to 60, adding up to ENTRIES."""
    counts = [rng.randint(10, 57) for _ in range(FEEDS)]
    i = 0
    while (gap := ENTRIES - sum(counts)) != 0:
        step = 1 if gap > 0 else -1
        if 10 <= counts[i % FEEDS] + step <= 60:
            counts[i % FEEDS] += step
        i += 1
    return counts


def _paragraph(rng: random.Random, site: str, words: dict[str, str]) -> str:
    sentences = [rng.choice(_FILLER) for _ in range(rng.randint(2, 4))]
    text = " ".join(s.format(**words) for s in sentences)
    link = rng.choice((f"/tv/{rng.randint(1000, 9999)}/", f"https://{site}/tag/{words['slug']}/"))
    return f'<p>{text} <a href="{link}">More on {words["p"]}</a>.</p>\n'


def _media(rng: random.Random, site: str, slug: str) -> str:
    if rng.random() < 0.5:
        img = f"https://{site}/wp-content/uploads/2026/11/{slug}-{rng.randint(1, 99)}"
        sizes = ", ".join(f"{img}-{w}x{w * 9 // 16}.jpg {w}w" for w in (300, 768, 1024, 1536))
        return (
            f'<figure class="wp-block-image size-large"><img decoding="async" width="1024" '
            f'height="576" src="{img}.jpg" class="wp-image-{rng.randint(10**5, 10**6)}" '
            f'alt="" srcset="{sizes}" sizes="(max-width: 1024px) 100vw, 1024px" />'
            f"<figcaption>Photo: {rng.choice(NETWORKS)}</figcaption></figure>\n"
        )
    return (
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Thank you for watching '
        f'&#x2764;&#xfe0f; <a href="https://t.co/{slug[:10]}">pic.twitter.com/{slug[:10]}</a>'
        '</p>&mdash; The Team (@team) <a href="https://twitter.com/team/status/1">November '
        '2026</a></blockquote>\n<script async src="https://platform.twitter.com/widgets.js" '
        'charset="utf-8"></script>\n'
    )


def _story(rng: random.Random, watched: list[str], site: str, target: int) -> tuple[str, str, str]:
    """(headline, excerpt HTML, content HTML) of one story about `target` bytes long."""
    t, u, v = rng.choice(watched), _unwatched(rng, set(watched)), _unwatched(rng, set(watched))
    m = rng.randint(1, 6)
    words = {"t": t, "u": u, "v": v, "net": rng.choice(NETWORKS), "ord": _ORDINAL[m - 1],
             "n": str(m + 1), "m": str(m), "day": rng.choice(("Monday", "Tuesday", "Friday")),
             "p": rng.choice(_PEOPLE), "q": rng.choice(_PEOPLE), "city": rng.choice(_CITIES),
             "k": f"{rng.uniform(1, 9):.1f}", "slug": t.lower().replace(" ", "-")}  # fmt: skip
    if rng.random() < 0.33:
        event = rng.choice(("renewed", "renewed", "cancelled", "cancelled", "ending", "revived"))
        headline = _HEADLINE[event].format(**words)
        lead = rng.choice(NEWS[event]).format(**words)
    else:
        headline = rng.choice(_OTHER).format(**words)
        lead = rng.choice(_FILLER).format(**words)
    body = [f"<p>{lead}</p>\n"]
    size = len(body[0])
    while size < target:
        piece = (
            _media(rng, site, words["slug"])
            if rng.random() < 0.15
            else f"<h2>{rng.choice(('Cast', 'Schedule', 'Ratings'))}</h2>\n"
            if rng.random() < 0.1
            else _paragraph(rng, site, words)
        )
        body.append(piece)
        size += len(piece.encode())
    excerpt = f"<p>{lead[:200]} [&#8230;]</p>\n"
    return headline, excerpt, "".join(body)


def feed(rng: random.Random, k: int, count: int, watched: list[str], now: datetime) -> bytes:
    site = f"tv{k:02d}.example.com"
    items = []
    for i in range(count):
        target = rng.randint(2745, 8660)
        headline, excerpt, content = _story(rng, watched, site, target)
        post = 10**5 + k * 1000 + i
        slug = f"story-{post}"
        link = f"https://{site}/2026/11/{slug}/"
        date = format_datetime(now - timedelta(minutes=7 * i + k), usegmt=True)
        excerpt += (
            f'<p>The post <a href="{link}">{headline}</a> appeared first on '
            f'<a href="https://{site}">TV {k:02d}</a>.</p>\n'
        )
        items.append(
            f"\t<item>\n\t\t<title>{headline}</title>\n\t\t<link>{link}</link>\n"
            f"\t\t<comments>{link}#respond</comments>\n"
            f"\t\t<dc:creator><![CDATA[{rng.choice(_PEOPLE)}]]></dc:creator>\n"
            f"\t\t<pubDate>{date}</pubDate>\n"
            "\t\t<category><![CDATA[TV]]></category>\n\t\t<category><![CDATA[News]]></category>\n"
            f'\t\t<guid isPermaLink="false">https://{site}/?p={post}</guid>\n'
            f"\t\t<description><![CDATA[{excerpt}]]></description>\n"
            f"\t\t<content:encoded><![CDATA[{content}]]></content:encoded>\n"
            f"\t\t<wfw:commentRss>{link}feed/</wfw:commentRss>\n"
            "\t\t<slash:comments>0</slash:comments>\n\t</item>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n'
        '\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n<channel>\n'
        f"\t<title>TV {k:02d}</title>\n"
        f'\t<atom:link href="https://{site}/feed/" rel="self" type="application/rss+xml" />\n'
        f"\t<link>https://{site}</link>\n\t<description>Television news</description>\n"
        f"\t<lastBuildDate>{format_datetime(now, usegmt=True)}</lastBuildDate>\n"
        "\t<language>en-US</language>\n\t<sy:updatePeriod>\n\thourly\t</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>\n\t1\t</sy:updateFrequency>\n"
        "\t<generator>https://wordpress.org/?v=6.4.2</generator>\n"
        + "".join(items)
        + "</channel>\n</rss>\n"
    ).encode()


def feeds(now: datetime) -> list[bytes]:
    """The 40 feeds' bytes, entries published in the hours before `now`."""
    rng = random.Random(SEED)
    watched = titles()
    return [feed(rng, k, n, watched, now) for k, n in enumerate(_counts(rng))]


def watchlist_yaml() -> str:
    """The `series:` section for the 100 watched titles."""
    rng = random.Random(SEED + 1)
    return "series:\n" + "".join(
        f"  - title: {t}\n    network: {rng.choice(NETWORKS)}\n" for t in titles()
    )


def write(out: Path, now: datetime) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, body in enumerate(feeds(now)):
        path = out / f"feed-{k:02d}.xml"
        path.write_bytes(body)
        paths.append(path)
    (out / "watchlist.yaml").write_text(watchlist_yaml())
    return paths


if __name__ == "__main__":
    paths = write(Path(sys.argv[1]), datetime.now(UTC))
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} feeds, {total / 1e6:.2f} MB in {sys.argv[1]}")
