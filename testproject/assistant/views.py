"""GET /assistant/?q=...: an LLM's answer, streamed to the browser as it comes."""

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from testproject.assistant.answers import answer_pieces


def ask(request: HttpRequest) -> HttpResponse:
    question = request.GET.get("q", "").strip()
    if not question:
        return HttpResponse("Ask something: /assistant/?q=...", status=400)
    response = StreamingHttpResponse(
        answer_pieces(question), content_type="text/plain; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"  # each piece goes out as it is made
    return response
