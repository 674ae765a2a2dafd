"""Ask an LLM through the OpenAI SDK and get its answer a piece at a time."""

from collections.abc import Iterator

import openai
from django.conf import settings

#: What the reader sees when the LLM's stream breaks off half-way.
CUT_OFF = "\n[The answer was cut off. Please ask again.]"


def client() -> openai.OpenAI:
    return openai.OpenAI(
        base_url=settings.OPENAI_BASE_URL,
        api_key=settings.OPENAI_API_KEY,
        max_retries=0,  # a person is waiting: fail fast, let them ask again
    )


def answer_pieces(question: str) -> Iterator[str]:
    """The answer to ``question``, each piece as soon as the LLM sends it."""
    stream = client().chat.completions.create(
        model=settings.OPENAI_MODEL,
        messages=[{"role": "user", "content": question}],
        stream=True,
    )
    try:
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                yield chunk.choices[0].delta.content
    except openai.APIConnectionError:
        yield CUT_OFF
