"""How stored values are shown to people: numbers, dates at their precision, event types with their CAMEO and
PLOVER labels, sector codes with their meaning, one marker for an unknown actor.

A `Labels` is built once per app from the package's data tables (cameo_codes.tsv, sectors.yaml) and handed to
the templates; nothing is loaded at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..report import UNKNOWN_ACTOR

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# PLOVER event types as words (the codebook's names, in sentence case)
PLOVER_LABELS = {
    "AGREE": "Agree", "ACCUSE": "Accuse", "AID": "Give aid", "ASSAULT": "Assault", "COERCE": "Coerce",
    "CONSULT": "Consult", "COOPERATE": "Cooperate", "DEMAND": "Demand", "DISAPPROVE": "Disapprove",
    "ENGAGE": "Engage", "FIGHT": "Fight", "MOBILIZE": "Mobilise", "PROTEST": "Protest", "REJECT": "Reject",
    "REQUEST": "Request", "RETREAT": "Retreat", "SANCTION": "Sanction", "SUPPORT": "Support",
    "THREATEN": "Threaten", "CONCEDE": "Concede",
}


def fmt1(value: float | None) -> str:
    """One decimal; a rounded negative zero is shown as 0.0."""
    if value is None:
        return "—"
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def show_date(value: Any) -> str:
    """A date as stored at its precision ("2022", "2022-03", "2022-03-05"); a datetime as its day."""
    if value is None or value == "":
        return "—"
    return str(value)[:10]


@dataclass(frozen=True)
class EventLabel:
    """An event type for people: the CAMEO root's name ("Appeal", "Demand"), the PLOVER type and the full CAMEO
    label (as a tooltip)."""

    text: str
    plover: str | None
    cameo: str | None
    detail: str


@dataclass(frozen=True)
class Labels:
    cameo: dict[str, str]  # code -> label
    sectors: dict[str, str]  # code -> meaning

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Labels:
        import yaml

        from ..events.codes import load_cameo_codes

        cameo = {code: c.label for code, c in load_cameo_codes(data_dir / "cameo_codes.tsv").items()}
        path = data_dir / "sectors.yaml"
        codes = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("codes")
        if not isinstance(codes, dict):
            raise ValueError(f"{path}: no 'codes' mapping of sector code -> meaning")
        return cls(cameo=cameo, sectors={str(k): str(v) for k, v in codes.items()})

    def event(self, event_type: str | None, cameo: str | None) -> EventLabel:
        """Label by CAMEO root when the code is known: PLOVER's REQUEST covers appeals (CAMEO 02, cooperation)
        and demands (CAMEO 10, conflict), which readers must tell apart."""
        plover = PLOVER_LABELS.get((event_type or "").upper(), (event_type or "").capitalize() or None)
        root = self.cameo.get((cameo or "")[:2])
        text = root.capitalize() if root else (plover or "Unknown type")
        parts = [f"CAMEO {cameo}: {self.cameo[cameo]}" if cameo in self.cameo else None,
                 f"PLOVER {event_type}" if event_type else None]
        return EventLabel(text, event_type, cameo, " · ".join(p for p in parts if p))

    def sector(self, code: str | None) -> str:
        return self.sectors.get(code or "", code or "")


def actor_text(ref: dict[str, Any] | None) -> str:
    """An event's source or target as plain text (name, else code, else the words), or the unknown marker."""
    if not ref:
        return UNKNOWN_ACTOR
    return ref.get("name") or ref.get("code") or ref.get("text") or UNKNOWN_ACTOR
