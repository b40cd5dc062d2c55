"""The fixed tuning/check split of the gold sets (`part_of`, `split_key`, `read_jsonl(part=)`) and the quality gate's
`part` field, on synthetic records (no gold data, no model)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from thucydides.evaluation import (
    PARTS, TUNING_SHARE, GoldDataError, evaluate, load_gate, part_of, read_jsonl, split_key,
)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def ids(records: list[dict]) -> set[str]:
    return {r["id"] for r in records}


@pytest.mark.parametrize("key, part", [
    ("id:k0", "tuning"),  # pinned values: the split must never move, or check records leak into tuning
    ("id:k1", "check"),
    ("id:k3", "check"),
    ("topic:7", "check"),
    ("topic:4", "tuning"),
])
def test_part_of_is_pinned(key: str, part: str) -> None:
    assert part_of(key) == part


@pytest.mark.parametrize("record, lineno, key", [
    ({"id": "a1", "topic": 3}, 5, "topic:3"),  # ECB+: the topic wins over the document id
    ({"id": "a1"}, 5, "id:a1"),  # most sets: the record id
    ({"test": "test_nat2", "method": "m"}, 5, "test:test_nat2"),  # NGEC cases: the test name
    ({"text": "no key here"}, 5, "line:5"),  # nothing else: the line number
    ({"id": None, "test": "t"}, 2, "test:t"),  # a null field is no key
])
def test_split_key(record: dict, lineno: int, key: str) -> None:
    assert split_key(record, lineno) == key


def test_parts_are_disjoint_and_cover_every_record(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "g.jsonl", [{"id": f"r{i}"} for i in range(200)])
    tuning, check = (ids(read_jsonl(path, part=p)) for p in ("tuning", "check"))
    assert tuning and check and not tuning & check
    assert tuning | check == ids(read_jsonl(path))


def test_share_is_near_sixty_percent_on_synthetic_keys() -> None:
    # 20,000 keys: the binomial spread is about 0.35 points, so 1 point either side cannot fail by chance
    share = sum(part_of(f"id:synthetic-{i}") == "tuning" for i in range(20_000)) / 20_000
    assert TUNING_SHARE == 0.6 and abs(share - TUNING_SHARE) < 0.01


def test_a_records_part_does_not_depend_on_file_order(tmp_path: Path) -> None:
    records = [{"id": f"doc-{i}"} for i in range(120)]
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    in_order = write_jsonl(tmp_path / "a.jsonl", records)
    reordered = write_jsonl(tmp_path / "b.jsonl", [{"id": "added-later"}] + shuffled)  # grown and reordered
    for part in PARTS:
        assert ids(read_jsonl(in_order, part=part)) == ids(read_jsonl(reordered, part=part)) - {"added-later"}


def test_documents_of_one_topic_stay_in_one_part(tmp_path: Path) -> None:
    # ECB+-like: several documents per topic, each with its own id
    records = [{"id": f"{topic}_{n}ecb", "topic": topic, "subtopic": f"{topic}_{n % 2}"}
               for topic in range(1, 31) for n in range(8)]
    path = write_jsonl(tmp_path / "stories.jsonl", records)
    part_of_topic: dict[int, set[str]] = {}
    for part in PARTS:
        for r in read_jsonl(path, part=part):
            part_of_topic.setdefault(r["topic"], set()).add(part)
    assert all(len(parts) == 1 for parts in part_of_topic.values())
    assert {p for parts in part_of_topic.values() for p in parts} == set(PARTS)  # both parts get topics


def test_limit_counts_records_of_the_part(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "g.jsonl", [{"id": f"r{i}"} for i in range(100)])
    first = read_jsonl(path, limit=5, part="check")
    assert len(first) == 5 and all(part_of(f"id:{r['id']}") == "check" for r in first)
    assert first == read_jsonl(path, part="check")[:5]


@pytest.mark.parametrize("part", [
    "test",  # a name from other projects' splits
    "Check",  # parts are lower case
    "",  # empty is not "all"
])
def test_unknown_part_raises(tmp_path: Path, part: str) -> None:
    path = write_jsonl(tmp_path / "g.jsonl", [{"id": "r1"}])
    with pytest.raises(ValueError, match="unknown part"):
        read_jsonl(path, part=part)
    with pytest.raises(ValueError, match="unknown part"):
        evaluate("actors", path, part=part)


def gate_file(tmp_path: Path, second: dict) -> Path:
    first = {"kind": "events", "file": "a.jsonl", "part": "check", "limit": None, "floors": {"x": 0.5}}
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"margin": 0.02, "sets": [first, second]}, indent=2), encoding="utf-8")
    return path


def test_gate_sets_carry_their_part(tmp_path: Path) -> None:
    gate = load_gate(gate_file(tmp_path, {"kind": "dates", "file": "d.jsonl", "part": "tuning", "limit": 3}))
    assert [(s.file, s.part, s.limit) for s in gate.sets] == [("a.jsonl", "check", None), ("d.jsonl", "tuning", 3)]


@pytest.mark.parametrize("second, message", [
    ({"kind": "dates", "file": "d.jsonl"}, "part must be one of tuning, check"),  # no part: the gate must say
    ({"kind": "dates", "file": "d.jsonl", "part": "test"}, "not 'test'"),  # not a part of the split
    ({"kind": "dates", "file": "d.jsonl", "part": None}, "not None"),  # null is not "the whole file"
    ({"kind": "dates", "file": "d.jsonl", "part": "check", "limit": True}, "limit must be"),  # a bool is no count
])
def test_gate_loader_rejects_a_bad_set_naming_file_and_line(tmp_path: Path, second: dict, message: str) -> None:
    path = gate_file(tmp_path, second)
    # the line of the second set's `{` in the indented file
    line = path.read_text(encoding="utf-8").splitlines().index("    {", 5) + 1
    with pytest.raises(GoldDataError, match=rf"floors\.json:{line}: set 2: .*{message}"):
        load_gate(path)


def test_floors_file_matches_the_gated_sets_of_the_doc_script() -> None:
    # the gate's sets are declared once, in scripts/accuracy_doc.py; a changed row without a re-pin fails here
    import importlib.util
    import sys

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("accuracy_doc", root / "scripts" / "accuracy_doc.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    sys.modules["accuracy_doc"] = script  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(script)
    finally:
        del sys.modules["accuracy_doc"]
    declared = [(s.kind, s.file, "check", s.gate_limit) for s in script.SETS if s.gate]
    pinned = [(s.kind, s.file, s.part, s.limit) for s in load_gate(root / "bench" / "accuracy_floors.json").sets]
    assert declared and pinned == declared
