"""The OpenAPI 3.1 description of the JSON twins, a file kept in the repository."""

import hashlib
from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_safe

OPENAPI_TEXT = (Path(__file__).parent.parent / "openapi.json").read_text(encoding="utf-8")
OPENAPI_ETAG = hashlib.sha256(OPENAPI_TEXT.encode()).hexdigest()[:32]


@csrf_exempt
@require_safe
@condition(etag_func=lambda request: OPENAPI_ETAG)
def openapi_document(request):
    response = HttpResponse(OPENAPI_TEXT, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
