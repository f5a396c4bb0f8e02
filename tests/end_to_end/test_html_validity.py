"""Every public page type, in both languages, passes the W3C Nu HTML Checker with no error.

The checker is npm's ``vnu-jar`` run with the machine's Java, installed under tools/vnu by
``make html-check``, which runs these tests (marker ``html``; ``make test`` leaves them out,
so the suite needs neither Java nor npm). One checker run for all the pages: Java's start-up
is most of its cost.
"""

import subprocess
from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.html, pytest.mark.usefixtures("reference_data")]

VNU_JAR = Path(__file__).resolve().parents[2] / "tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"

PAGE_TYPES = {
    "home": "/{lang}/",
    "documents": "/{lang}/documents/",
    "documents-filtered": "/{lang}/documents/?kind=regulation&status=replaced",
    "document": "/{lang}/documents/365-qd-tw/",
    "document-replaced": "/{lang}/documents/148-qd-tw/",
    "positions": "/{lang}/positions/",
    "position": "/{lang}/positions/tong-bi-thu/",
    "standards": "/{lang}/standards/",
    "assessment": "/{lang}/assessment/",
    "authorities": "/{lang}/authorities/",
    "authorities-filtered": "/{lang}/authorities/?action=suspend",
    "matrix": "/{lang}/authorities/matrix/",
    "relations": "/{lang}/relations/",
    "sources": "/{lang}/sources/",
    "sources-page-2": "/{lang}/sources/?page=2",
    "glossary": "/{lang}/glossary/",
    "changes": "/{lang}/documents/377-qd-tw/changes/",
    "about": "/{lang}/about/",
    "search": "/{lang}/search/?q=tam+dinh+chi",
    "search-choice": "/{lang}/search/?q=35",
    "search-empty": "/{lang}/search/",
    "not-found": "/{lang}/no-such-page/",
}


def test_every_public_page_type_is_valid_html(client, tmp_path, settings):
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `make html-check`, which installs it with npm")
    settings.CORRECTIONS_EMAIL = "corrections@example.org"  # the key points' mailto: links too
    files = []
    for language in ("vi", "en"):
        for name, template in PAGE_TYPES.items():
            response = client.get(template.format(lang=language))
            assert response.status_code in {200, 404}, (name, language, response.status_code)
            path = tmp_path / f"{language}-{name}.html"
            path.write_bytes(response.content)
            files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "gnu", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr or result.stdout
