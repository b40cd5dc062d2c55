"""Language of an article: English only, detected with py3langid when the input does not say.

    detect_language(text)        # "en", "fr", "zh", ... (ISO 639-1, else 639-3; "und" when unknown)
    normalise_language("en-GB")  # "en"

Detection of short or name-heavy texts is unreliable, so a Latin-script text is taken as non-English only when
the detector is confident; a text mostly in another script is not English whatever the detector says.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["LANGUAGE_MIN_CONFIDENCE", "LANGUAGE_MIN_LATIN_SHARE", "detect_language", "normalise_language"]

LANGUAGE_MIN_CONFIDENCE = 0.9  # normalised probability above which a non-English verdict is believed
LANGUAGE_MIN_LATIN_SHARE = 0.5  # share of letters in the Latin script below which a text is not English
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_LANGUAGE_SAMPLE_CHARS = 4000  # py3langid walks the text byte by byte in Python: a sample is enough


def detect_language(text: str) -> str:
    """The language of `text` as an ISO 639-1 code (ISO 639-3 where there is none), with py3langid.

    A text whose letters are mostly (> 1 - LANGUAGE_MIN_LATIN_SHARE) outside the Latin script (Chinese,
    Russian, Arabic, ...) is not English, whatever the detector's confidence: py3langid gives such texts flat
    scores when they quote English names, and a short text mixing two scripts is decided by that share.
    Otherwise "en" unless the detector is confident (normalised probability >= LANGUAGE_MIN_CONFIDENCE) that
    the text is in another language: short texts, headlines and lists of names get flat, unreliable scores,
    and an English article wrongly skipped is a silent loss. Only the first few thousand characters are read.
    """
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in sample)
    if not letters:
        return "en"
    lang, confidence = _language_identifier().classify(sample)
    if len(_LATIN_LETTER.findall(sample)) / letters < LANGUAGE_MIN_LATIN_SHARE:
        return str(lang) if lang != "en" else "und"
    if lang != "en" and confidence < LANGUAGE_MIN_CONFIDENCE:
        return "en"
    return str(lang)


def normalise_language(value: str) -> str:
    """'en', 'EN', 'en-GB', 'eng', 'English' -> 'en'; unknown values are returned lower-cased."""
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if len(code) == 2:
        return code
    return _language_alpha2(code)


@lru_cache(maxsize=64)
def _language_alpha2(name: str) -> str:
    import pycountry

    try:
        found = pycountry.languages.lookup(name)
    except LookupError:
        return name
    return getattr(found, "alpha_2", None) or name


@lru_cache(maxsize=1)
def _language_identifier() -> Any:
    """py3langid's model with normalised probabilities (its module-level default gives raw log scores)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
