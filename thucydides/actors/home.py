"""An article's home: the country an article is written in and about when it names none, from its outlet.

    outlets = Outlets.load()                       # data/outlets.yaml
    outlets.country(url="https://www.thehindu.com/news/x", source=None)    # "IND"

Where it comes from, most specific first: the manifest's `source` (an outlet's name), the URL's host (an outlet's
domain), then the host's country-code top-level domain (".in", ".pk", ".co.uk"; generic ones like .com say
nothing). The dateline ("ahmedabad: ...", "GENEVA (Reuters) -") is read by the actors component with the
gazetteer; it says where the reporter is and wins over the outlet.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .knowledge import DATA_DIR, KnowledgeError, _named_entries, _str_list

OUTLET_FIELDS = frozenset({"name", "code", "domains", "aliases"})
# ccTLDs that are not the country's ISO 3166-1 alpha-2 code
_TLD_ALIASES = {"uk": "GB"}
# ccTLDs sold as generic names worldwide: they say nothing of the outlet's country
_GENERIC_CCTLDS = frozenset({"tv", "io", "co", "me", "fm", "ai", "ly", "cc", "ws", "to", "nu"})


def _norm(name: str) -> str:
    name = " ".join(name.casefold().split())
    return name[4:] if name.startswith("the ") else name


@dataclass(frozen=True)
class Outlets:
    """Outlet names and domains -> country (ISO3)."""

    by_name: dict[str, str]
    by_domain: dict[str, str]

    @classmethod
    def load(cls, path: Path | None = None) -> Outlets:
        """Read outlets.yaml (default: the packaged one); a bad entry raises KnowledgeError with file and line."""
        return _load_cached(str((path or DATA_DIR / "outlets.yaml").resolve()))

    def country(self, *, url: str | None = None, source: str | None = None) -> str | None:
        """The outlet's country (ISO3), or None when neither the source name nor the URL tells it."""
        if source and _norm(source) in self.by_name:
            return self.by_name[_norm(source)]
        # ingest gives an HTML page's host name as its source when the page names no site
        host = _host(url) or (_host(source) if source and "." in source and " " not in source.strip() else None)
        if not host:
            return None
        parts = host.split(".")
        for i in range(len(parts) - 1):  # "city.timesofindia.indiatimes.com" matches "indiatimes.com"
            found = self.by_domain.get(".".join(parts[i:]))
            if found:
                return found
        return _cctld_country(parts[-1])


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _cctld_country(tld: str) -> str | None:
    if len(tld) != 2 or tld in _GENERIC_CCTLDS:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_2=_TLD_ALIASES.get(tld, tld).upper())
    return country.alpha_3 if country else None


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> Outlets:
    import pycountry

    source = Path(path)
    by_name: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    for entry, line, name in _named_entries(source, "outlets", "an outlet", OUTLET_FIELDS):
        code = str(entry.get("code") or "").strip()
        if pycountry.countries.get(alpha_3=code) is None:
            raise KnowledgeError(source, line, f"{name}: code {code!r} is not an ISO 3166-1 alpha-3 code")
        forms = {_norm(f) for f in (name, *_str_list(entry.get("aliases"), source, line, f"{name}: aliases"))}
        for form in sorted(forms):
            if form in by_name:
                raise KnowledgeError(source, line, f"{name}: the name {form!r} is listed under another outlet")
            by_name[form] = code
        for domain in _str_list(entry.get("domains"), source, line, f"{name}: domains"):
            key = domain.strip().lower().removeprefix("www.")
            if not key or "/" in key or key in by_domain:
                raise KnowledgeError(source, line, f"{name}: bad or repeated domain {domain!r}")
            by_domain[key] = code
    return Outlets(by_name=by_name, by_domain=by_domain)
