"""Translation rows of a plain HTML form (templates/facilitator/_translations.html).

A form sends each row as ``<prefix>-language`` and ``<prefix>-text``, in order; the domain
(``translations.clean_translations``) checks and bounds the pairs.
"""

from __future__ import annotations

from flask import request

# More rows than any form of ours shows: the rest of a crafted body is not read.
MAX_FORM_ROWS = 40


def form_translations(prefix: str) -> list[dict[str, str]]:
    """The rows named ``prefix`` as ``[{"language", "text"}]``."""
    languages = request.form.getlist(f"{prefix}-language")[:MAX_FORM_ROWS]
    texts = request.form.getlist(f"{prefix}-text")[:MAX_FORM_ROWS]
    return [
        {"language": language, "text": text}
        for language, text in zip(languages, texts, strict=False)
    ]
