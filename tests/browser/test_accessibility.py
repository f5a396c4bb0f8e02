"""axe-core on every main page, in both languages: no serious or critical violation; and no main
page scrolls sideways on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PAGES = [
    "/{lang}/",
    "/{lang}/documents/",
    "/{lang}/documents/?kind=regulation&status=replaced",
    "/{lang}/documents/366-qd-tw/",
    "/{lang}/documents/148-qd-tw/",
    "/{lang}/positions/",
    "/{lang}/positions/tong-bi-thu/",
    "/{lang}/positions/bi-thu-tinh-uy/",
    "/{lang}/standards/",
    "/{lang}/assessment/",
    "/{lang}/authorities/",
    "/{lang}/authorities/matrix/",
    "/{lang}/relations/",
    "/{lang}/glossary/",
    "/{lang}/documents/377-qd-tw/changes/",
    "/{lang}/sources/",
    "/{lang}/about/",
    "/{lang}/search/?q=tam+dinh+chi",
    "/{lang}/search/?q=35",
    "/{lang}/no-such-page/",
]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_main_pages_have_no_serious_or_critical_accessibility_violation(page: Page, site, language):
    axe = Axe()
    failures = {}
    for template in PAGES:
        path = template.format(lang=language)
        page.goto(site + path)
        results = axe.run(page)
        serious = [
            (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]][:3])
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        if serious:
            failures[path] = serious
    assert failures == {}


@pytest.mark.parametrize("language", ["en", "vi"])
def test_no_main_page_scrolls_sideways_on_a_phone(page: Page, site, language):
    page.set_viewport_size({"width": 390, "height": 844})
    wider = {}
    for template in PAGES:
        path = template.format(lang=language)
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            wider[path] = overflow
    assert wider == {}
