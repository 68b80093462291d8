"""Every kind of page readers and staff see: one line per kind.

Each entry maps a name to the page's path, given the data set's manifest
(tests.checkers.dataset). The HTML checker and axe-core read every one; a new
page kind joins with one line: readers' pages in PAGE_KINDS, the pages of our
own admin screens (read signed in as an editor) in STAFF_PAGE_KINDS.
"""

PAGE_KINDS = {
    "home": lambda m: "/",
    "latest": lambda m: "/latest/",
    "home-page-2": lambda m: "/?page=2",
    "search": lambda m: "/?q=%E5%BB%BA%E8%AE%BE",
    "search-no-result": lambda m: "/?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E8%AF%8D",
    "filtered-list": lambda m: f"/?department={m['department_slug']}",
    "refused-filters": lambda m: "/latest/?department=nope&date_from=2020-13-01",
    "article-with-image-and-byline": lambda m: m["article_with_image"],
    "article-without-byline-or-image": lambda m: m["article_without_byline"],
    "article-imported-from-print": lambda m: m["article_imported"],
    "department": lambda m: m["department"],
    "department-page-2": lambda m: m["department_page_2"],
    "reporter": lambda m: m["reporter"],
    "correspondent": lambda m: m["correspondent"],
    "archive": lambda m: "/archive/",
    "archive-year": lambda m: "/archive/{}/".format(m["year"]),
    "archive-month": lambda m: "/archive/{}/{}/".format(*m["month"]),
    "archive-day": lambda m: "/archive/{}/{}/{}/".format(*m["day"]),
    "archive-day-page-2": lambda m: m["archive_day_page_2"],
    "corrections": lambda m: "/corrections/",
    "epaper-newest-issue": lambda m: "/epaper/",
    "epaper-issue": lambda m: f"/epaper/{m['issue']}/",
    "epaper-page": lambda m: f"/epaper/{m['issue']}/A1/",
    "epaper-archive": lambda m: "/epaper/archive/",
    "epaper-calendar": lambda m: "/epaper/archive/{}/{}/".format(
        *map(int, m["issue"].split("-")[:2])
    ),
    "not-found": lambda m: "/no-such-page/",
    "admin-login": lambda m: "/admin/login/?next=/admin/",
}

STATISTICS = "/admin/contributions/statistics/"
STAFF_PAGE_KINDS = {
    "statistics-units": lambda m: STATISTICS,
    "statistics-reporters": lambda m: STATISTICS + "reporter/",
    "statistics-reporter": lambda m: STATISTICS + f"reporter/{m['reporter_pk']}/",
    "statistics-desk-year": lambda m: STATISTICS + "desk/?period=2024",
}

# Pages whose right answer is not 200.
EXPECTED_STATUS = {"not-found": 404}
