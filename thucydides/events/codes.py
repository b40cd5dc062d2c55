"""The CAMEO code table (Goldstein value, quad class, PLOVER type and mode), from data/cameo_codes.tsv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..datafile import DataFileError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class CameoCode:
    code: str
    label: str
    goldstein: float
    quad_class: int
    plover_event: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...] = ()  # CAMEO2PLOVER's contexts (diplomatic, military, economic, ...)


class CodeTableError(DataFileError):
    """A bad row of the CAMEO code table: names the file and the line (the data-file layer's error)."""


@lru_cache(maxsize=4)
def load_cameo_codes(path: Path = DATA_DIR / "cameo_codes.tsv") -> dict[str, CameoCode]:
    """Load the table; a malformed row raises CodeTableError naming the file and line."""
    codes: dict[str, CameoCode] = {}
    with path.open(encoding="utf-8") as fh:
        lines = [(n, line) for n, line in enumerate(fh, 1) if line.strip() and not line.startswith("#")]
    reader = csv.reader((line for _, line in lines), delimiter="\t")
    header = next(reader)
    for (lineno, _), row in zip(lines[1:], reader):
        record = dict(zip(header, row))
        try:
            codes[record["code"]] = CameoCode(
                code=record["code"], label=record["label"], goldstein=float(record["goldstein"]),
                quad_class=int(record["quad_class"]), plover_event=record["plover_event"] or None,
                plover_mode=record["plover_mode"] or None,
                plover_context=tuple(c for c in record.get("plover_context", "").split(",") if c),
            )
        except (KeyError, ValueError) as exc:
            raise CodeTableError(path, lineno, f"bad row {row!r}: {exc}") from exc
    return codes
