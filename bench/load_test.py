"""Load test of `thucydides serve` over a synthetic store of 1,000,000 events, on loopback only.

    .venv/bin/python bench/load_test.py                       # build (or reuse) /tmp/thucydides-load.duckdb
    .venv/bin/python bench/load_test.py --events 200000 --requests 600 --clients 20 --db /tmp/small.duckdb
    .venv/bin/python bench/load_test.py --distinct 150 --passes 2   # popular pages: cold pass, then cached
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
                CASE WHEN s = t THEN NULL ELSE ta.code END AS tcode,
                CASE WHEN s = t THEN NULL ELSE ta.name END AS tname,
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



# ---- requests ----
WORDS = ("talks", "grain", "sanctions", "ceasefire", "pipeline", "embassy", "Geneva", "Doha", "refugees", "drills",
         "accused", "threatened", "aid", "border", "officials", "Korea", "Arabia", "election", "vaccine", "debt")
PHRASES = ("grain exports", "held talks", "peace plan", "North Korea", "prisoner exchange", "signed a deal")


def request_paths(n: int, distinct: int | None = None, seed: int = 11) -> list[tuple[str, str]]:
    """`n` (endpoint, path) pairs, a third each for events, dyad series and search, with varied parameters;
    `distinct`: drawn from that many different requests (as many users looking at the popular pages)."""
    if distinct is not None and distinct < n:
        pool = request_paths(distinct, seed=seed)
        rng = random.Random(seed + 1)
        return [pool[i % 3 + 3 * rng.randrange(max(1, distinct // 3))] for i in range(n)]
    rng = random.Random(seed)
    top = [code for code, _ in ACTORS[:20]]
    names = [name for _, name in ACTORS[:20]]
    out: list[tuple[str, str]] = []
    for i in range(n):
        kind = ("events", "series", "search")[i % 3]
        if kind == "events":
            choice = rng.random()
            if choice < 0.4:
                page = rng.randint(1, 40)
                path = f"/api/events?page={page}&sort={rng.choice(['date', '-date', 'goldstein', 'type'])}"
            elif choice < 0.7:
                path = f"/api/events?dyad={rng.choice(top)}:{rng.choice(top)}&page={rng.randint(1, 3)}"
            elif choice < 0.85:
                path = f"/api/events?actor={rng.choice(names).split()[-1]}&quad_class={rng.randint(1, 4)}"
            else:
                path = f"/api/events?type={rng.choice(TYPES)[0]}&since=20{rng.randint(15, 24)}&page={rng.randint(1, 5)}"
        elif kind == "series":
            a, b = rng.sample(top, 2)
            path = f"/api/dyads/{a}/{b}/series?period={rng.choice(['month', 'week'])}"
        else:
            choice = rng.random()
            if choice < 0.6:
                q = rng.choice(WORDS)
            elif choice < 0.85:
                q = str(rng.randint(1000, 199999))  # a reference number: one or a few events
            else:
                q = rng.choice(PHRASES)
            path = f"/api/events?q={q.replace(' ', '+')}"
        out.append((kind, path))
    return out


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds the server used during the load (user + system, all threads)
    client_cpu: float = 0.0  # and this load generator


async def _load(base: str, paths: list[tuple[str, str]], clients: int, timeout: float) -> Results:
    import httpx

    results = Results()
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in paths:
        queue.put_nowait(item)

    async def client(http: httpx.AsyncClient) -> None:
        while True:
            try:
                kind, path = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            started = time.perf_counter()
            try:
                response = await http.get(path)
                if response.status_code != 200:
                    results.errors.append(f"{path}: {response.status_code} {response.text[:120]}")
            except httpx.HTTPError as exc:
                results.errors.append(f"{path}: {type(exc).__name__} {exc}")
            results.latencies.setdefault(kind, []).append(time.perf_counter() - started)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as http:
        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(client(http) for _ in range(clients))), timeout)
        results.seconds = time.perf_counter() - started
    return results


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_and_load(db: Path, requests: int, clients: int, timeout: float, distinct: int | None,
                   passes: int = 1) -> list[Results]:
    """Start `thucydides serve` on 127.0.0.1, send the requests `passes` times (the second pass finds the
    results of the first in the server's cache), stop the server."""
    import httpx

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-c", "from thucydides.cli import app; app()", "serve", "--db",
                               str(db), "--host", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:  # the server is up once it answers (the first answer also opens the snapshot)
            try:
                if httpx.get(base + "/api/events?page_size=1", timeout=60).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        out = []
        for _ in range(passes):
            cpu, own = _cpu_seconds(server.pid), time.process_time()
            results = asyncio.run(_load(base, request_paths(requests, distinct), clients, timeout))
            results.server_cpu = _cpu_seconds(server.pid) - cpu
            results.client_cpu = time.process_time() - own
            out.append(results)
        return out
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def time_series(db: Path, repeat: int = 5) -> list[tuple[str, float, float]]:
    """(dyad, best wall ms, median wall ms) of `dyad_series`, computed afresh each time (cache cleared)."""
    from thucydides.web import queries as Q

    store = Store(db, read_only=True)
    Q.search_events(store, Q.EventFilter(), page_size=1)  # open the snapshot once
    out = []
    for a, b, period in (("USA", "CHN", "month"), ("RUS", "UKR", "week"), ("Kenya", "Mali", "month")):
        times = []
        for _ in range(repeat):
            store._cache.clear()  # noqa: SLF001 - timing the query, not the cache
            started = time.perf_counter()
            Q.dyad_series(store, a, b, period)  # type: ignore[arg-type]
            times.append((time.perf_counter() - started) * 1000)
        out.append((f"{a}/{b} {period}", min(times), statistics.median(times)))
    store.close()
    return out


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/thucydides-load.duckdb"))
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="build the store again even if --db exists")
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=600, help="seconds for the whole load (and per request)")
    parser.add_argument("--distinct", type=int, default=None,
                        help="draw the requests from this many different ones (default: all different)")
    parser.add_argument("--passes", type=int, default=1, help="send the same requests this many times")
    parser.add_argument("--series-only", action="store_true")
    args = parser.parse_args()
    if args.rebuild or not args.db.exists():
        for old in (args.db, args.db.with_name(args.db.name + ".wal")):
            old.unlink(missing_ok=True)
        started = time.perf_counter()
        build(args.db, args.events)
        print(f"built {args.events:,} events in {time.perf_counter() - started:.0f} s: {args.db}")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, best, median in time_series(args.db):
        print(f"dyad series {name:22s} best {best:7.1f} ms  median {median:7.1f} ms")
    if args.series_only:
        return
    for n, results in enumerate(serve_and_load(args.db, args.requests, args.clients, args.timeout, args.distinct,
                                               args.passes), 1):
        every = [x for values in results.latencies.values() for x in values]
        print(f"pass {n}: {len(every)} requests from {args.clients} clients in {results.seconds:.1f} s: "
              f"{len(every) / results.seconds:.1f} requests/s, {len(results.errors)} errors; server CPU "
              f"{results.server_cpu:.1f} s ({results.server_cpu / len(every) * 1000:.0f} ms a request), "
              f"client CPU {results.client_cpu:.1f} s")
        for kind, values in [*sorted(results.latencies.items()), ("all", every)]:
            print(f"  {kind:7s} n={len(values):5d}  p50 {_pct(values, 50):8.1f} ms  p99 {_pct(values, 99):8.1f} ms  "
                  f"max {max(values) * 1000:8.1f} ms")
        for error in results.errors[:5]:
            print("  error:", error)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
