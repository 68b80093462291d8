"""Hostile query parameters and paths never make a public URL answer 5xx."""

from urllib.parse import quote

from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    make_article,
    make_correspondent,
    make_department,
    make_reporter,
)
from tests.public_pages import feeds_and_sitemaps_showing, html_pages_showing
from tests.reliability.outage import with_page_cache

PARAMETERS = (
    "q",
    "page",
    "department",
    "reporter",
    "correspondent",
    "date_from",
    "date_to",
    "o",
    "_connector",
    "format",
    "cursor",
)
# As they travel in a URL: text is percent-encoded as UTF-8; the raw
# %-sequences are bytes no UTF-8 text produces.
PAYLOADS = (
    quote("' OR 1=1--", safe=""),
    quote("%00", safe=""),
    "%00",
    "x" * 100_000,
    "%FF%FE%FD",
    "[[[[",
    quote('{"$gt":""}', safe=""),
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    quote("\u202eevil\u202c", safe=""),
    quote("📰🔥👍🏽", safe=""),
    "%ED%A0%80",
    quote("../../etc/passwd", safe=""),
    quote("<script>alert(1)</script>", safe=""),
    quote("\r\nSet-Cookie: hacked=1", safe=""),
    quote("疫" * 5_000, safe=""),
    "%C0%AF",
    "",
)
# Further values for the parameters that list pages parse.
PARSED_PARAMETERS = ("q", "page", "date_from", "date_to", "department", "reporter")
MORE_PAYLOADS = tuple(
    quote(text, safe="")
    for text in (
        "1; DROP TABLE articles_article;--",
        "a\x00b",
        "]]]]{{{{",
        "0",
        "9" * 400,
        "-inf",
        "²",
        "١٢",
        "%",
        "_",
        "\\",
        "2021-02-30",
        "0001-01-01",
        "9999-12-31",
        "   ",
        "null",
    )
)


class HostileInputTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.department = make_department(name="经济部")
        cls.reporter = make_reporter(name="王军方")
        cls.correspondent = make_correspondent(name="李四")
        cls.article = make_article(
            headline="航空港实验区召开会议",
            department=cls.department,
            reporters=[cls.reporter],
            correspondents=[cls.correspondent],
        )
        make_article(
            headline="草稿",
            status=Article.Status.DRAFT,
            published_at=None,
            department=cls.department,
        )

    def public_urls(self):
        return [
            *html_pages_showing(self.article),
            *feeds_and_sitemaps_showing(self.article),
            reverse("robots_txt"),
            reverse("healthz"),
            reverse("readyz"),
        ]

    def failures(self, requests):
        """Return 'status path' for every request answered 5xx or raising."""
        bad = []
        for path in requests:
            try:
                status = self.client.get(path).status_code
            except Exception as error:  # noqa: BLE001 - the report lists them all
                bad.append(f"raised {error!r:.120} {path[:160]}")
                continue
            if status >= 500:
                bad.append(f"{status} {path[:160]}")
        return bad


class HostileParameterTests(HostileInputTestCase):
    def test_every_parameter_with_every_payload_on_every_url(self):
        requests = [
            f"{url}?{name}={payload}"
            for url in self.public_urls()
            for name in PARAMETERS
            for payload in PAYLOADS
        ]
        self.assertGreaterEqual(len(requests), 20 * 10 * 20)
        self.assertEqual(self.failures(requests), [])

    def test_more_values_for_the_parameters_list_pages_parse(self):
        lists = [url for url in self.public_urls() if "/feed/" not in url][:6]
        requests = [
            f"{url}?{name}={payload}"
            for url in lists
            for name in PARSED_PARAMETERS
            for payload in MORE_PAYLOADS
        ]
        requests += [f"/sitemap-articles-{payload}.xml" for payload in PAYLOADS]
        self.assertEqual(self.failures(requests), [])

    def test_repeated_and_combined_parameters(self):
        repeated = [
            "q=a&q=b&q=%00",
            "page=1&page=2&page=-1",
            "date_from=2021-01-01&date_from=x&date_to=2020-01-01",
            "department=a&department=" + "b" * 10_000,
            "q=" + "%" * 200 + "&page=99999999999999999999",
            "date_from=2999-12-31&date_to=1900-01-01",
            "date_from=0001-01-01&date_to=9999-12-31",
            "q[]=1&q[$ne]=2&page[]=3",
            "&&&==&=&",
            "%FF=%FE&%00=%00",
        ]
        requests = [
            f"{url}?{query}" for url in self.public_urls() for query in repeated
        ]
        self.assertEqual(self.failures(requests), [])


class HostilePathTests(HostileInputTestCase):
    def test_hostile_slugs_and_numbers_in_the_path(self):
        segments = [p for p in PAYLOADS + MORE_PAYLOADS if p]
        prefixes = [
            "/people/departments/",
            "/people/reporters/",
            "/people/correspondents/",
            "/feed/departments/",
            "/feed/reporters/",
            "/sitemap-",
            "/archive/",
            "/",
        ]
        requests = [
            f"{prefix}{segment}/" for prefix in prefixes for segment in segments
        ]
        requests += [
            "/99999999999999999999/1/1/1/",
            "/2021/99999999999999999999/1/1/",
            "/2021/11/6/99999999999999999999/",
            "/2021/11/6/9223372036854775808/",
            "/0/0/0/0/",
            "/2021/2/30/1/",
            "/archive/0/",
            "/archive/99999999999999999999/",
            "/archive/2021/13/",
            "/archive/2021/2/30/",
            "/archive/1899/12/31/",
            "/archive/3000/1/1/",
            "/sitemap-articles-99999999999999999999-01.xml",
            "/sitemap-articles-0000-01.xml",
            "/sitemap-articles-9999-12.xml",
            "/sitemap-nothing.xml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/admin/../etc/passwd",
        ]
        self.assertEqual(self.failures(requests), [])


class HostileHeaderTests(HostileInputTestCase):
    """Headers a client controls: Host, languages, cookies, validators."""

    HEADERS = {
        "HTTP_HOST": [
            "evil.example",
            "127.0.0.1:8000\r\nX-Injected: 1",
            "[::1",
            "a" * 5000,
        ],
        "HTTP_ACCEPT_LANGUAGE": [
            "zh-hans;q=abc",
            "en;q=1e309, *;q=NaN",
            "x" * 10_000,
            ",,,;;;",
            "zh-Hans-CN-x-" + "a" * 500,
        ],
        "HTTP_COOKIE": [
            "sessionid=" + "x" * 4000,
            "sessionid=../../etc/passwd; csrftoken=<script>",
            "sessionid=\x00",
            "=;=;=",
        ],
        "HTTP_IF_NONE_MATCH": ['"' + "a" * 10_000 + '"', "*", 'W/"x", "', "\x00"],
        "HTTP_IF_MODIFIED_SINCE": ["yesterday", "Sun, 99 Foo 99999 99:99:99 GMT", "-1"],
        "HTTP_X_FORWARDED_HOST": ["evil.example"],
        "HTTP_X_FORWARDED_PROTO": ["https, http", "javascript"],
        "HTTP_RANGE": ["bytes=0-0,-1,99999999999999999999-"],
        "HTTP_USER_AGENT": ["x" * 100_000],
    }

    def test_hostile_headers_never_cause_a_5xx(self):
        self.assertEqual(self.header_failures(), [])

    @with_page_cache
    def test_hostile_headers_never_cause_a_5xx_with_the_page_cache_on(self):
        self.assertEqual(self.header_failures(), [])

    def header_failures(self):
        failures = []
        for url in self.public_urls():
            for header, values in self.HEADERS.items():
                for value in values:
                    try:
                        status = self.client.get(url, **{header: value}).status_code
                    except Exception as error:  # noqa: BLE001
                        failures.append(f"raised {error!r:.100} {url} {header}")
                        continue
                    if status >= 500:
                        failures.append(f"{status} {url} {header}={value[:40]!r}")
        return failures

    def test_a_foreign_host_is_refused_not_served(self):
        for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example"):
            with self.subTest(host=host):
                response = self.client.get("/", HTTP_HOST=host)
                self.assertEqual(response.status_code, 400)
