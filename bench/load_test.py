"""Load test of `thucydides serve` over a synthetic store of 1,000,000 events, on loopback only.

    .venv/bin/python bench/load_test.py                       # build (or reuse) /tmp/thucydides-load.duckdb
    .venv/bin/python bench/load_test.py --events 200000 --requests 600 --clients 20 --db /tmp/small.duckdb
    .venv/bin/python bench/load_test.py --series-only         # only time dyad series queries in process

It builds the store with SQL (about a minute for 1M events: articles, events with their JSON records, actors,
then the text search index, through `Store` so the schema and the index are the real ones), starts
`thucydides serve` on 127.0.0.1 and a free port, sends a fixed number of requests from N concurrent clients
(keep-alive, asyncio + httpx) spread over the events, dyad-series and search endpoints with varied parameters,
stops the server and prints throughput, p50/p99 per endpoint and overall, and errors. Requests go to 127.0.0.1
only; the run is bounded by --requests and --timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from thucydides.store import Store  # noqa: E402

# (code, name): a few dozen countries, drawn with a skewed distribution so that some dyads are big
ACTORS = [
    ("USA", "United States"), ("CHN", "China"), ("RUS", "Russia"), ("UKR", "Ukraine"), ("FRA", "France"),
    ("DEU", "Germany"), ("GBR", "United Kingdom"), ("JPN", "Japan"), ("IND", "India"), ("TUR", "Turkey"),
    ("IRN", "Iran"), ("ISR", "Israel"), ("PSE", "Palestine"), ("SAU", "Saudi Arabia"), ("EGY", "Egypt"),
    ("BRA", "Brazil"), ("ZAF", "South Africa"), ("NGA", "Nigeria"), ("KEN", "Kenya"), ("ETH", "Ethiopia"),
    ("PAK", "Pakistan"), ("AFG", "Afghanistan"), ("KOR", "South Korea"), ("PRK", "North Korea"),
    ("PHL", "Philippines"), ("VNM", "Vietnam"), ("IDN", "Indonesia"), ("AUS", "Australia"), ("CAN", "Canada"),
    ("MEX", "Mexico"), ("ARG", "Argentina"), ("POL", "Poland"), ("ITA", "Italy"), ("ESP", "Spain"),
    ("SRB", "Serbia"), ("ARM", "Armenia"), ("AZE", "Azerbaijan"), ("GEO", "Georgia"), ("SYR", "Syria"),
    ("IRQ", "Iraq"), ("YEM", "Yemen"), ("SDN", "Sudan"), ("MLI", "Mali"), ("NER", "Niger"), ("VEN", "Venezuela"),
    ("CUB", "Cuba"), ("QAT", "Qatar"), ("ARE", "United Arab Emirates"), ("JOR", "Jordan"), ("LBN", "Lebanon"),
]
# (event type, quad class, goldstein, verb phrase)
TYPES = [
    ("CONSULT", 1, 1.0, "held talks with"), ("CONSULT", 1, 1.0, "met"), ("APPEAL", 1, 3.0, "urged"),
    ("ACCUSE", 3, -2.0, "accused"), ("THREATEN", 3, -6.0, "threatened"), ("AID", 2, 7.0, "sent aid to"),
    ("COOPERATE", 2, 6.0, "signed a deal with"), ("SANCTION", 4, -8.0, "imposed sanctions on"),
    ("FIGHT", 4, -10.0, "shelled positions of"), ("PROTEST", 3, -3.0, "protested to"),
    ("DEMAND", 3, -5.0, "demanded that"), ("RETREAT", 2, 4.0, "pulled troops back from"),
]
TOPICS = ("grain exports", "the border", "nuclear talks", "energy prices", "a ceasefire", "refugees", "fishing rights",
          "a trade dispute", "the election", "water rights", "prisoner exchange", "military drills", "the pipeline",
          "debt relief", "vaccine supplies", "a peace plan", "shipping lanes", "cyber attacks", "the embassy",
          "visa rules")
CITIES = ("Geneva", "Vienna", "Doha", "Nairobi", "Jakarta", "Brussels", "Istanbul", "Cairo", "Oslo", "Lima")


def build(db: Path, events: int, per_article: int = 7, seed: int = 7) -> None:
    """Write a synthetic store of `events` events (about `per_article` per article) with SQL."""
    store = Store(db)
    store.start_run("synthetic")
    articles = max(1, events // per_article)
    with store.connect() as con:
        con.execute(f"SELECT setseed({seed / 100})")
        con.execute("CREATE TEMP TABLE a_list AS SELECT * FROM (VALUES "
                    + ", ".join(f"({i}, '{c}', '{n}')" for i, (c, n) in enumerate(ACTORS)) + ") t(i, code, name)")
        con.execute("CREATE TEMP TABLE t_list AS SELECT * FROM (VALUES "
                    + ", ".join(f"({i}, '{t}', {q}, {g}, '{v}')" for i, (t, q, g, v) in enumerate(TYPES))
                    + ") t(i, event_type, quad_class, goldstein, verb)")
        con.execute("CREATE TEMP TABLE topics AS SELECT unnest(?::VARCHAR[]) AS topic, "
                    "generate_subscripts(?::VARCHAR[], 1) - 1 AS i", [list(TOPICS), list(TOPICS)])
        con.execute("CREATE TEMP TABLE cities AS SELECT unnest(?::VARCHAR[]) AS city, "
                    "generate_subscripts(?::VARCHAR[], 1) - 1 AS i", [list(CITIES), list(CITIES)])
        con.execute(
            "INSERT INTO articles (id, content_hash, path, url, title, source, published, language, text, raw_text, "
            "removals, processed_at, run_id) SELECT 'art-' || lpad(i::VARCHAR, 7, '0'), md5(i::VARCHAR), NULL, "
            "'https://example.org/' || i, 'Synthetic article ' || i, 'Wire ' || (i % 40), "
            "DATE '2015-01-01' + (i * 3652 // ?)::INTEGER, 'en', 'Synthetic text.', 'Synthetic text.', '[]', "
            "now()::TIMESTAMP, 'synthetic' FROM range(?) r(i)", [articles, articles])
        # skewed actor choice: floor(n * random()^2) makes the first actors (USA, CHN, ...) the most frequent
        n_actors, n_types = len(ACTORS), len(TYPES)
        con.execute(f"""
            CREATE TEMP TABLE raw AS SELECT i, i // {per_article} AS art, (i % {per_article}) AS si,
                floor({n_actors} * random() ^ 2)::INTEGER AS s, floor({n_actors} * random() ^ 2)::INTEGER AS t,
                floor({n_types} * random())::INTEGER AS ty, floor({len(TOPICS)} * random())::INTEGER AS tp,
                floor({len(CITIES)} * random())::INTEGER AS ci, floor(200000 * random())::INTEGER AS ref,
                random() < 0.05 AS undated, round(random(), 2) AS conf
            FROM range(?) r(i)""", [events])
        con.execute(f"""
            CREATE TEMP TABLE ev AS SELECT raw.i,
                'art-' || lpad(art::VARCHAR, 7, '0') || ':e' || si AS id, 'art-' || lpad(art::VARCHAR, 7, '0') AS aid,
                si, y.event_type, y.quad_class, y.goldstein, sa.code AS scode, sa.name AS sname,
                CASE WHEN s = t THEN NULL ELSE ta.code END AS tcode, CASE WHEN s = t THEN NULL ELSE ta.name END AS tname,
                CASE WHEN undated THEN NULL ELSE DATE '2015-01-01' + (art * 3652 // {articles})::INTEGER END AS d,
                sa.name || ' ' || y.verb || ' ' || ta.name || ' over ' || tp.topic || ' in ' || c.city
                    || ', officials said (ref ' || ref || ').' AS sentence,
                split_part(y.verb, ' ', 1) AS trig, c.city, conf
            FROM raw JOIN a_list sa ON sa.i = raw.s JOIN a_list ta ON ta.i = raw.t JOIN t_list y ON y.i = raw.ty
                JOIN topics tp ON tp.i = raw.tp JOIN cities c ON c.i = raw.ci""")
        con.execute("""
            INSERT INTO events SELECT id, aid, si, event_type, NULL, '040', quad_class, goldstein,
                'country:' || scode || ':-:' || sname, scode, sname,
                CASE WHEN tcode IS NULL THEN NULL ELSE 'country:' || tcode || ':-:' || tname END, tcode, tname,
                d::VARCHAR, d, CASE WHEN d IS NULL THEN NULL ELSE 'day' END,
                CASE WHEN d IS NULL THEN NULL ELSE 'text' END, false, false, conf,
                json_object('id', id, 'article_id', aid, 'sentence', sentence, 'sentence_index', si,
                    'span', [0, length(sentence)], 'event_type', event_type, 'mode', NULL, 'cameo', '040',
                    'quad_class', quad_class, 'goldstein', goldstein,
                    'source', json_object('text', sname, 'name', sname, 'code', scode, 'kind', 'country'),
                    'target', CASE WHEN tcode IS NULL THEN NULL
                              ELSE json_object('text', tname, 'name', tname, 'code', tcode, 'kind', 'country') END,
                    'date', d::VARCHAR, 'date_precision', CASE WHEN d IS NULL THEN NULL ELSE 'day' END,
                    'date_basis', CASE WHEN d IS NULL THEN NULL ELSE 'text' END, 'date_text', NULL,
                    'location', json_object('name', city), 'negated', false, 'hypothetical', false,
                    'trigger', trig, 'rule', 'synthetic', 'confidence', conf)
            FROM ev ORDER BY i""")
        con.execute("INSERT INTO actors SELECT 'country:' || code || ':-:' || name, name, code, NULL, 'country', "
                    "NULL FROM a_list")
        con.execute("DROP TABLE raw")
        con.execute("DROP TABLE ev")
    store.rebuild_search_index()
    store.close()


if __name__ == "__main__":
    import sys as _s
    t = time.time()
    build(Path(_s.argv[1]), int(_s.argv[2]))
    print("built in", round(time.time() - t, 1))
