"""Page → Article extraction: golden pages of our test site, and real saved trade-press pages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from days import at, fill_days

from scraper import Article
from scraper.pages import article_from_page, parse_datetime, without_promos

SITE = Path(__file__).with_name("site")
BASE = "http://trade-wire.test"
REAL = Path(__file__).resolve().parents[2] / "shared" / "eval-fixtures" / "html"
NAV_WORDS = "Cancellations & Renewals Scorecard"


def site_page(path: str) -> str:
    return fill_days((SITE / path).read_text().replace("{BASE}", BASE))


def extract(path: str, url: str | None = None) -> Article | None:
    return article_from_page(site_page(path), url or f"{BASE}/{path}", "trade-wire")


NIGHTWATCH = Article(
    url=f"{BASE}/news/nightwatch-renewed-season-3.html",
    title="‘Nightwatch’ Renewed for Season 3 at Streamline",
    text=(
        "Nightwatch will be back for a third season. The streamer has renewed the supernatural "
        "drama, which follows a night-shift paramedic crew in a city that never sleeps, after its "
        "second season became the service's most-watched original of the year.\n\n"
        "Season 3 will again consist of ten episodes and is expected to begin production in the "
        "spring, with creator Dana Okafor returning as showrunner.\n\n"
        "“We have so much more story to tell,” Okafor said in a statement. “The fans kept asking, "
        "and now we get to answer.”\n\n"
        "The renewal comes a week after the network cancelled two other dramas, Harbor Lights and "
        "The Quiet Year, in a round of cost cuts."
    ),
    source="trade-wire",
    published=at(1, 14, 30),
)

HARBOR_LIGHTS = Article(
    url=f"{BASE}/news/harbor-lights-cancelled.html",
    title="Harbor Lights Cancelled After Two Seasons",
    text=(
        "Harbor Lights will not return. The network has cancelled the coastal mystery after two "
        "seasons, ending a run that started strong but lost half of its audience this fall.\n\n"
        "The final two episodes will air as scheduled in December, and the producers said they "
        "hope to find the series a new home.\n\n"
        "Harbor Lights starred Mara Quinn as a harbour master who investigates disappearances in "
        "a small fishing town."
    ),
    source="trade-wire",
    published=at(1, 18, 5),
)

GLASS_HARBOR = Article(
    url=f"{BASE}/news/glass-harbor-final-season.html",
    title="The Glass Harbor to End With Season 5",
    text=(
        "The Glass Harbor will end with its fifth season. The cable network announced the news "
        "on Tuesday, giving the family saga a chance to wrap up its story on its own terms.\n\n"
        "The final season will premiere next summer with eight episodes."
    ),
    source="trade-wire",
    published=at(1),
)


def test_json_ld_headline_and_date_and_canonical_link_win() -> None:
    url = f"{BASE}/news/nightwatch-renewed-season-3.html?utm_source=sitemap"
    assert extract("news/nightwatch-renewed-season-3.html", url) == NIGHTWATCH


def test_opengraph_metadata_without_canonical_link() -> None:
    """og:url (tracking dropped), og:title without the site name, article:published_time."""
    assert extract("news/harbor-lights-cancelled.html") == HARBOR_LIGHTS


def test_title_tag_and_json_ld_graph_date() -> None:
    assert extract("news/glass-harbor-final-season.html") == GLASS_HARBOR


def test_relative_canonical_link_is_made_absolute() -> None:
    article = extract("tv/2026/ironwood-final-season.html", f"{BASE}/tv/2026/x.html?ref=river")
    assert article is not None
    assert article.url == f"{BASE}/tv/2026/ironwood-final-season.html"


@pytest.mark.parametrize(
    "path",
    ["news/nightwatch-renewed-season-3.html", "news/harbor-lights-cancelled.html"],
)
def test_page_chrome_stays_out_of_the_text(path: str) -> None:
    article = extract(path)
    assert article is not None
    for chrome in (NAV_WORDS, "Trending", "newsletter", "cookies", "couchpotato77", "Related:"):
        assert chrome not in article.text


@pytest.mark.parametrize("path", ["tv/index.html", "tv/page/2.html", "about.html"])
def test_listing_and_hub_pages_are_not_articles(path: str) -> None:
    assert extract(path) is None


def test_a_page_without_main_text_is_not_an_article() -> None:
    html = "<html><head><title>Empty</title></head><body><nav><a href='/'>Home</a></nav></body>"
    assert article_from_page(html, f"{BASE}/empty", "trade-wire") is None


def test_bytes_are_decoded_as_utf8() -> None:
    html = site_page("news/nightwatch-renewed-season-3.html").encode()
    assert article_from_page(html, NIGHTWATCH.url, "trade-wire") == NIGHTWATCH


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-24T09:30:00-05:00", datetime(2026, 11, 24, 14, 30, tzinfo=UTC)),
        ("2026-11-24T14:30:00Z", datetime(2026, 11, 24, 14, 30, tzinfo=UTC)),
        ("2026-11-24", datetime(2026, 11, 24, tzinfo=UTC)),
        ("last Tuesday", None),
    ],
)
def test_parse_datetime(raw: str, expected: datetime | None) -> None:
    assert parse_datetime(raw) == expected


@pytest.mark.parametrize(
    ("paragraphs", "kept"),
    [
        (["Story.", "Subscribe to Deadline Breaking News Alerts and keep your inbox happy."],
         ["Story."]),
        (["Story ends.", "Your Daily Blend of Entertainment News",
          "Thank you for signing up to CinemaBlend. You will receive a verification email shortly.",
          "There was a problem. Please refresh the page and try again."], ["Story ends."]),
        (["Sign up for our TV newsletter", "Netflix renewed it."], ["Netflix renewed it."]),
        # A story's own words about subscriptions and newsletters stay.
        (["Fans who subscribe to Peacock can stream the final season on Friday.",
          "Puck's newsletter first reported the cancellation.", "Get ready: it returns in May."],
         None),
        (["Trump's tweet:", "Subscribe to Deadline Breaking News Alerts."], ["Trump's tweet:"]),
    ],
)  # fmt: skip
def test_newsletter_promos_are_not_story_text(
    paragraphs: list[str], kept: list[str] | None
) -> None:
    assert without_promos(paragraphs) == (paragraphs if kept is None else kept)


# Real saved pages (see /work/shared/eval-fixtures/README.md): canonical URL and title.
REAL_PAGES = {
    "deadline.com_trump-boeing-tweet.html": (
        "https://deadline.com/2019/04/donald-trump-boeing-max-737-rebrand-advice-twitter-1202595880/",
        "Donald Trump Advises Boeing To Rebrand Max 737, Tweeting “But What The Hell Do I Know?”; "
        "Twitter Answers",
    ),
    "vulture.com_greg-berlanti-superhero-tv.html": (
        "https://www.vulture.com/2016/09/dc-comics-greg-berlanti-c-v-r.html",
        "Greg Berlanti Knows the Secret to Superhero TV",
    ),
    "eonline.com_ryan-gosling-fatherhood.html": (
        # No canonical link: og:url names the story.
        "https://www.eonline.com/news/814222/ryan-gosling-s-feelings-about-fatherhood-will-make-your-heart-sing",
        "Ryan Gosling's Feelings About Fatherhood Will Make Your Heart Sing",
    ),
    "cinemablend.com_passengers-3d-tickets.html": (
        "https://www.cinemablend.com/news/1602870/to-3d-or-not-to-3d-buy-the-right-passengers-ticket",
        "To 3D Or Not To 3D: Buy The Right Passengers Ticket",
    ),
}


def real_page(name: str) -> bytes:
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is absent (saved real pages live outside the repository)")
    return (REAL / name).read_bytes()


@pytest.mark.parametrize("name", sorted(REAL_PAGES))
def test_real_page_title_and_canonical_url(name: str) -> None:
    article = article_from_page(real_page(name), "https://fetched.example/story", "real")
    assert article is not None
    assert (article.url, article.title) == REAL_PAGES[name]
    assert len(article.text) > 1000


def test_real_deadline_page_navigation_is_not_in_the_text() -> None:
    article = article_from_page(real_page("deadline.com_trump-boeing-tweet.html"), "x", "real")
    assert article is not None
    assert NAV_WORDS not in article.text
    assert "Renewals" not in article.text
    assert article.text.startswith("Twitter erupted Monday morning when President Donald Trump")
    assert article.published == datetime(2019, 4, 15, 13, 18, 34, tzinfo=UTC)


def test_real_pages_lose_their_newsletter_boxes() -> None:
    deadline = article_from_page(real_page("deadline.com_trump-boeing-tweet.html"), "x", "real")
    blend = article_from_page(real_page("cinemablend.com_passengers-3d-tickets.html"), "x", "r")
    assert deadline is not None and blend is not None
    assert "Subscribe to Deadline" not in deadline.text
    assert blend.text.endswith("save yourself some money for a film worth the 3D ride at some "
                               "point in 2017.")  # fmt: skip
