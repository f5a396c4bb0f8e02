"""What people do on the site, clicked through in a real browser, in both languages."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("language", "standards"), [("en", "Standards (365)"), ("vi", "Tiêu chuẩn (365)")])
def test_home_to_document_to_key_point_to_position_to_standards(page: Page, site, language, standards):
    page.goto(f"{site}/{language}/")
    page.get_by_role("link", name="368-QĐ/TW").first.click()
    expect(page).to_have_url(re.compile(rf"/{language}/documents/368-qd-tw/$"))
    expect(page.locator("h1")).to_contain_text("368-QĐ/TW")

    page.locator("#group-i .kp-tools a[href='#group-i']").click()
    expect(page).to_have_url(re.compile(r"#group-i$"))
    expect(page.locator("#group-i")).to_be_in_viewport()

    page.locator("#records-heading ~ ul a[href$='/positions/tong-bi-thu/']").first.click()
    expect(page).to_have_url(re.compile(rf"/{language}/positions/tong-bi-thu/$"))
    expect(page.locator("#standards-heading")).to_have_text(standards)

    page.locator("#standards-heading ~ ul a[href$='/standards/#tong-bi-thu']").first.click()
    expect(page).to_have_url(re.compile(rf"/{language}/standards/#tong-bi-thu$"))
    expect(page.locator("#tong-bi-thu h3")).to_be_visible()


def test_answering_what_applies_to_a_provincial_party_secretary_by_clicking_only(page: Page, site):
    page.goto(f"{site}/en/")
    page.get_by_role("link", name="What applies to a given post? Pick a position").click()
    page.get_by_role("link", name="Provincial Party secretary", exact=True).click()
    expect(page.locator("h1")).to_have_text("Provincial Party secretary")
    expect(page.locator("#standards-heading ~ ol")).to_contain_text("Politics and ideology")
    expect(page.locator("#assessment-heading ~ p").first).to_contain_text(
        "Regulation 366 applies to every individual in the political system"
    )
    # 148 named what a provincial secretary could suspend, not who could suspend the secretary.
    expect(page.locator("#suspension-heading ~ ul")).to_contain_text(
        "The sources do not name who could suspend this title"
    )
    expect(page.locator("#authority-heading ~ ul").last).to_contain_text("District Party secretary")


def test_answering_what_replaced_148_by_clicking_only(page: Page, site):
    page.goto(f"{site}/vi/")
    page.get_by_role("link", name="148-QĐ/TW").first.click()
    banner = page.locator(".banner.status-replaced")
    expect(banner).to_contain_text("08/10/2025")
    banner.get_by_role("link", name="377-QĐ/TW").click()
    expect(page).to_have_url(re.compile(r"/vi/documents/377-qd-tw/$"))


@pytest.mark.parametrize(
    ("query", "slug"), [("QĐ 365", "365-qd-tw"), ("qd365", "365-qd-tw"), ("Kết luận 198", "198-kl-tw")]
)
def test_typing_a_number_in_the_search_box_lands_on_the_document(page: Page, site, query, slug):
    page.goto(f"{site}/en/")
    page.get_by_role("combobox", name="Search").fill(query)
    page.get_by_role("combobox", name="Search").press("Enter")
    expect(page).to_have_url(re.compile(rf"/en/documents/{slug}/\?searched="))
    expect(page.locator(".banner.note")).to_contain_text("Understood as:")


def test_an_ambiguous_number_shows_a_choice(page: Page, site):
    page.goto(f"{site}/vi/search/?q=35")
    choices = page.locator("#numbered-heading ~ ul.results")
    expect(choices.get_by_role("link", name="35-KL/TW")).to_be_visible()
    expect(choices.get_by_role("link", name="35-CT/TW")).to_be_visible()


def test_full_text_without_diacritics_finds_and_highlights_the_clause(page: Page, site):
    page.goto(f"{site}/vi/search/?q=tam+dinh+chi")
    first = page.locator("ol.results li").first
    expect(first.locator("mark").first).to_be_visible()
    first.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/vi/documents/"))


def test_suggestions_appear_while_typing_and_the_keyboard_opens_one(page: Page, site):
    page.goto(f"{site}/en/")
    box = page.get_by_role("combobox", name="Search")
    box.press_sequentially("Tổng Bí", delay=40)
    options = page.locator("#search-suggestions [role=option]")
    expect(options.first).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/en/$"))


def test_the_copy_citation_button_copies_the_citation_in_the_page_language(page: Page, site, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{site}/en/documents/366-qd-tw/#art-11")
    button = page.locator("#art-11 .copy-button")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#art-11 .copy-status")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Article 11, Regulation No. 366-QĐ/TW of 30 August 2025 of the Politburo")
    assert copied.endswith("/en/documents/366-qd-tw/#art-11")


def test_the_language_switch_keeps_the_page(page: Page, site):
    page.goto(f"{site}/en/positions/tong-bi-thu/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Tiếng Việt").click()
    expect(page).to_have_url(re.compile(r"/vi/positions/tong-bi-thu/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_pages_work_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/en/search/?q=365")
    expect(page).to_have_url(re.compile(r"/en/documents/365-qd-tw/"))
    expect(page.locator(".copy-button").first).to_be_hidden()
    expect(page.locator(".citation-text")).to_contain_text(
        "Regulation No. 365-QĐ/TW of 30 August 2025 of the Politburo"
    )
    context.close()


def test_no_content_security_policy_violation_on_the_main_pages(page: Page, site):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    for path in ["/en/", "/en/documents/366-qd-tw/", "/en/relations/", "/en/positions/tong-bi-thu/"]:
        page.goto(site + path)
    assert violations == []
