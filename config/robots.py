"""robots.txt: crawl everything but search results; the sitemap lists the pages.

The admin is not named here: ADMIN_URL is configurable so that its address is not public, and a
Disallow line would publish it. Admin pages carry a noindex meta tag instead
(templates/admin/base_site.html).
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    lines = ["User-agent: *"]
    # Search results are endless combinations of the same records, which the sitemap lists.
    lines += [f"Disallow: /{code}/search" for code, _name in settings.LANGUAGES]
    lines += ["Allow: /", "", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
