"""Reading on a phone and on a desk: every public page type at 390 px and 1366 px, in both
languages, fits the window (a wide table or graph scrolls inside its own region); on a phone
it passes axe with tap targets of 24 px (in Vietnamese, whose longer words are the harder
case; test_accessibility.py runs axe on the desktop layout in both languages); on a phone the
header leaves most of the first screen to the page and keeps every section in reach; long pages
have their contents list; documents cite in the page's language, and document and position
pages print without the site's chrome.

One test per language and width walks every page type with one browser page: a page load
costs tens of milliseconds here, a test's set-up more."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAGE_TYPES = [
    "/{lang}/",
    "/{lang}/documents/",
    "/{lang}/documents/365-qd-tw/",
    "/{lang}/documents/377-qd-tw/",
    "/{lang}/documents/148-qd-tw/",
    "/{lang}/positions/",
    "/{lang}/positions/tong-bi-thu/",
    "/{lang}/standards/",
    "/{lang}/assessment/",
    "/{lang}/authorities/",
    "/{lang}/authorities/matrix/",
    "/{lang}/relations/",
    "/{lang}/sources/",
    "/{lang}/about/",
    "/{lang}/search/?q=qd365",
    "/{lang}/search/?q=tam+dinh+chi",
    "/{lang}/no-such-page/",
]
LONG_PAGES = ["/{lang}/documents/365-qd-tw/", "/{lang}/documents/377-qd-tw/", "/{lang}/positions/tong-bi-thu/"]
# axe leaves its WCAG 2.2 target-size rule (24 x 24 px, or room around a smaller target) off.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def serious_violations(page: Page) -> list:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_type_fits_the_window_and_passes_axe(page: Page, site, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    overflowing, failures = {}, {}
    for template in PAGE_TYPES:
        path = template.format(lang=language)
        page.goto(site + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            overflowing[path] = scroll_width
        if width == 390 and language == "vi" and (violations := serious_violations(page)):
            failures[path] = violations
    assert overflowing == {}
    assert failures == {}


def test_with_larger_text_on_a_narrow_phone_the_home_cards_still_fit(page: Page, site):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(site + "/vi/")
    page.evaluate("document.documentElement.style.fontSize = '125%'")  # the reader's text size
    assert page.evaluate("document.documentElement.scrollWidth") == 320


MAIN_NAV = {"en": "Main", "vi": "Điều hướng chính"}
LANGUAGE_NAV = {"en": "Language", "vi": "Ngôn ngữ"}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_on_a_phone_the_header_is_short_and_keeps_search_language_and_every_section_in_reach(
    page: Page, site, language
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/{language}/documents/365-qd-tw/")
    # Less than a quarter of a 390 x 844 phone's first screen, so the page's own title shows.
    assert page.locator(".site-header").evaluate("h => h.getBoundingClientRect().height") < 200
    expect(page.locator("h1")).to_be_in_viewport(ratio=1)
    expect(page.locator("#site-search")).to_be_in_viewport(ratio=1)
    expect(page.get_by_role("navigation", name=LANGUAGE_NAV[language])).to_be_in_viewport(ratio=1)

    # Every section by keyboard: each link takes focus in turn, a full finger's height (44 px)
    # tall, and the row scrolls it whole into sight (cadreref.js: browsers leave a link that is
    # half past the edge where it is).
    links = page.get_by_role("navigation", name=MAIN_NAV[language]).get_by_role("link")
    names = links.all_inner_texts()
    assert len(names) == 9
    focused = []
    for _ in range(len(names) + 5):
        page.keyboard.press("Tab")
        box = page.evaluate(
            """() => {
                const a = document.activeElement;
                if (!a.closest(".site-nav")) return null;
                const r = a.getBoundingClientRect();
                return {text: a.innerText, left: r.left, right: r.right, height: r.height};
            }"""
        )
        if box:
            assert box["left"] >= 0, box
            assert box["right"] <= 390, box
            assert box["height"] >= 44, box
            focused.append(box["text"])
    assert focused == names

    # And by tapping: the last section opens, its link marked as current and, though last in
    # the row, in sight.
    links.last.click()
    current = page.get_by_role("navigation", name=MAIN_NAV[language]).locator("[aria-current=page]")
    expect(current).to_have_text(names[-1])
    expect(current).to_be_in_viewport(ratio=1)

    # The search hint waits for the box to take focus.
    hint_height = "() => document.getElementById('site-search-hint').getBoundingClientRect().height"
    assert page.evaluate(hint_height) <= 1
    page.locator("#site-search").focus()
    assert page.evaluate(hint_height) > 20
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 700})
        assert page.evaluate("document.documentElement.scrollWidth") == width


def test_on_a_phone_held_sideways_the_header_is_as_short(page: Page, site):
    page.set_viewport_size({"width": 844, "height": 390})
    page.goto(f"{site}/vi/documents/365-qd-tw/")
    assert page.locator(".site-header").evaluate("h => h.getBoundingClientRect().height") < 200
    expect(page.locator("h1")).to_be_in_viewport(ratio=1)
    expect(page.locator("#site-search")).to_be_in_viewport(ratio=1)
    assert page.evaluate("document.documentElement.scrollWidth") == 844


@pytest.mark.parametrize("width", [390, 1366])
def test_long_pages_have_a_contents_list_sticky_on_wide_screens_folded_on_phones(page: Page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    for template in LONG_PAGES:
        page.goto(site + template.format(lang="en"))
        contents = page.get_by_role("navigation", name="On this page")
        expect(contents).to_be_attached()
        links = contents.locator("a")
        assert links.count() >= 5
        href = links.nth(1).get_attribute("href")
        assert page.locator(href).count() == 1  # every entry leads to a section of the page
        if width == 1366:
            expect(links.first).to_be_visible()
            assert contents.evaluate("element => getComputedStyle(element).position") == "sticky"
        else:
            expect(links.first).to_be_hidden()
            contents.get_by_text("On this page", exact=True).click()
            expect(links.first).to_be_visible()


@pytest.mark.parametrize("width", [390, 1366])
def test_filters_fold_away_on_a_phone_unless_one_is_in_use(page: Page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/en/documents/", "/en/authorities/", "/en/search/?q=tam+dinh+chi"):
        page.goto(site + path)
        panel = page.locator("form.filters details")
        assert panel.evaluate("element => element.open") == (width == 1366), path
    page.goto(site + "/en/documents/?kind=regulation")
    assert page.locator("form.filters details").evaluate("element => element.open")
    page.goto(site + "/en/search/?q=tam+dinh+chi&type=document")
    assert page.locator("form.filters details").evaluate("element => element.open")


def test_the_english_document_page_cites_in_english_and_prints_clean(page: Page, site):
    page.goto(f"{site}/en/documents/365-qd-tw/")
    expect(page.locator(".citation-text")).to_have_text("Regulation No. 365-QĐ/TW of 30 August 2025 of the Politburo")
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    printed = page.locator(".printed-from")
    expect(printed).to_be_hidden()
    page.emulate_media(media="print")
    expect(printed).to_be_visible()
    expect(printed).to_contain_text("/en/documents/365-qd-tw/, accessed ")
    for chrome in [".site-header", ".site-footer", ".page-contents", ".kp-tools"]:
        expect(page.locator(chrome).first).to_be_hidden()
    link = page.locator("#relations-heading ~ ul a").first
    assert "/documents/" in link.evaluate("a => getComputedStyle(a, '::after').content")


def test_the_position_page_prints_with_its_address(page: Page, site):
    page.emulate_media(media="print")
    page.goto(f"{site}/vi/positions/tong-bi-thu/")
    expect(page.locator(".printed-from")).to_contain_text("/vi/positions/tong-bi-thu/")
    expect(page.locator(".site-header")).to_be_hidden()


def test_the_matrix_scrolls_in_its_region_with_sticky_headers_and_lists_suspension(page: Page, site):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site}/en/authorities/matrix/")
    region = page.get_by_role("region", name="Which authority may do what for which position")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    header = page.locator(".matrix thead th").nth(1)
    assert header.evaluate("th => getComputedStyle(th).position") == "sticky"
    region.evaluate("r => { r.scrollLeft = 400; r.scrollTop = 300; }")
    position_header = page.locator(".matrix tbody th").first
    assert position_header.evaluate("th => th.getBoundingClientRect().left") <= region.evaluate(
        "r => r.getBoundingClientRect().left + 2"
    )
    expect(page.locator(".action-legend")).to_contain_text("may suspend")
    expect(page.locator(".unplaced")).to_contain_text("Politburo and Secretariat may suspend cadres they manage")


def test_the_relations_graph_keeps_its_size_and_links_its_text_version(page: Page, site):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site}/en/relations/")
    svg = page.get_by_role("img", name="Relations between documents")
    assert svg.evaluate("s => s.getBoundingClientRect().width") == float(svg.get_attribute("width"))
    page.get_by_role("link", name="The same relations as text: the timeline below").click()
    expect(page.locator("#timeline-heading")).to_be_in_viewport()
