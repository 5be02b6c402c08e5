"""One command for the whole bench: ``python -m bench [--quick]``.

Builds its own data, starts Kommentar and the ceiling app (and Isso, from the bench's own
virtualenv, when it is installed) under gunicorn on 127.0.0.1, runs bounded load in
rotated rounds, stops everything it started, and writes a Markdown table and a PNG plot
to ``bench/results/`` (git-ignored). Every rate is the median over rounds of its ratio to
the ceiling measured in the same round.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
ISSO_VENV = Path(os.environ.get("BENCH_ISSO_VENV", ROOT / ".bench-venv"))
SECRET_KEY = "bench-" + secrets.token_hex(16)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, path: str = "/", timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            if s.recv(12).startswith(b"HTTP/"):
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port}")


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen

    def worker_rss_mb(self) -> float:
        """The largest resident set of the server's worker processes, in MB."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split() if children.exists() else []:
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
        return max(sizes, default=0.0)


@contextlib.contextmanager
def gunicorn(
    name: str,
    python: str,
    target: str,
    env: dict[str, str],
    workers: int,
    path: str,
    cwd: Path = ROOT,
) -> Iterator[Server]:
    port = free_port()
    log = open(RESULTS / f"{name}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--backlog",
            "256",
            "--timeout",
            "60",
            target,
        ],
        cwd=cwd,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(port, path)
        yield Server(name, port, process)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def load(port: int, requests: list[str], concurrency: int, seconds: float, warmup: float) -> dict:
    spec = {
        "host": "127.0.0.1",
        "port": port,
        "requests": requests,
        "concurrency": concurrency,
        "seconds": seconds,
        "warmup": warmup,
    }
    out = subprocess.run(
        [sys.executable, "-m", "bench.loadgen"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(out.stdout)


# -- sessions for logged-in readers -------------------------------------------------------------


def cookies(app, sessions: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """(Cookie header, X-CSRFToken) per session, signed as Flask and Flask-WTF would."""
    from itsdangerous import URLSafeTimedSerializer

    with app.app_context():
        serializer = app.session_interface.get_signing_serializer(app)
        csrf = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
        made = []
        for user_id, token in sessions:
            raw = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 - as Flask-WTF does
            value = serializer.dumps(
                {"sid": token, "_user_id": str(user_id), "_fresh": True, "csrf_token": raw}
            )
            made.append((f"session={value}", csrf.dumps(raw)))
        return made


def writers(app, built) -> dict[str, set[int]]:
    """Article key -> the logged-in bench readers with a comment there (any state).

    A reader who has written nothing in a thread is served its shared rendering; one who has
    gets their own reading, never cached. The bench measures the two apart.
    """
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Article, Comment

    readers = [user_id for user_id, _ in built.reader_sessions]
    keys = [*built.article_keys, *built.thread_keys.values()]
    found: dict[str, set[int]] = {key: set() for key in keys}
    with app.app_context():
        rows = db.session.execute(
            select(Article.key, Comment.author_id)
            .join(Comment, Comment.article_id == Article.id)
            .where(Article.key.in_(keys), Comment.author_id.in_(readers))
            .distinct()
        ).all()
        db.session.remove()
    for key, author_id in rows:
        found[key].add(author_id)
    return found


def pairs(built, readers, wrote: dict[str, set[int]], has_written: bool, keys) -> list:
    """(article key, Cookie header) of readers who have (or have not) written there."""
    import random

    chosen = [
        (key, cookie)
        for key in keys
        for (user_id, _), (cookie, _) in zip(built.reader_sessions, readers, strict=True)
        if (user_id in wrote.get(key, ())) is has_written
    ]
    random.Random(12).shuffle(chosen)  # every article and reader in turn, not one at a time
    return chosen


# -- Isso ------------------------------------------------------------------------------------------


def isso_available() -> bool:
    return (ISSO_VENV / "bin" / "isso").exists() and (ISSO_VENV / "bin" / "gunicorn").exists()


def isso_config(folder: Path) -> Path:
    conf = folder / "isso.cfg"
    conf.write_text(
        "[general]\n"
        f"dbpath = {folder / 'comments.db'}\n"
        "host = http://127.0.0.1/\n"
        "[moderation]\nenabled = false\n"
        "[guard]\nenabled = false\n"
        "[server]\nlisten = http://127.0.0.1:0/\n"
    )
    return conf


def seed_isso(port: int, comments: int) -> None:
    import http.client

    for n in range(comments):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        payload = json.dumps(
            {
                "text": f"Kommentar nummer {n} om kommunen og skolen",
                "author": f"Leser {n}",
                "title": "Tråd",
            }
        )
        connection.request(
            "POST", "/new?uri=%2Fthread-200", payload, {"Content-Type": "application/json"}
        )
        answer = connection.getresponse()
        answer.read()
        if answer.status >= 400:
            raise RuntimeError(f"Isso refused a comment: {answer.status}")
        connection.close()


# -- the run ------------------------------------------------------------------------------------


@dataclass
class Options:
    quick: bool
    database_url: str | None
    redis_url: str | None
    rounds: int
    seconds: float
    warmup: float
    concurrency: int
    workers: int
    isso: bool
    plot: bool
    reuse_data: bool
    erasure_sizes: tuple[int, ...]
    unrelated_jobs: int
    out: Path = RESULTS
    only: tuple[str, ...] = ()  # run just the scenarios whose names contain one of these

    def wants(self, name: str) -> bool:
        """Whether ``--only`` lets this scenario (or group of figures) run."""
        return not self.only or any(part.lower() in name.lower() for part in self.only)


@dataclass
class Results:
    rates: dict[str, list[float]] = field(default_factory=dict)  # ratio to ceiling per round
    raw: dict[str, list[float]] = field(default_factory=dict)  # req/s per round
    latency: dict[str, dict] = field(default_factory=dict)
    figures: dict[str, float | str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def parse(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny data, one short round")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="an empty PostgreSQL database the bench may reset "
        "(default: BENCH_DATABASE_URL, else SQLite in a temp folder)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL"),
        help="a Redis database the bench may flush (default: BENCH_REDIS_URL; "
        "unset: the embedded queue, and no job scenarios)",
    )
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None, help="per scenario and round")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--no-isso", action="store_true")
    parser.add_argument("--no-plot", action="store_true")
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        help="skip building the data (the database holds it from a former run)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="run only the scenarios whose names contain TEXT (case-insensitive; repeatable). "
        "The ceiling always runs; 'first page', 'desk', 'jobs', 'erasure' and 'RSS' name the "
        "other groups",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    return Options(
        quick=quick,
        database_url=args.database_url,
        redis_url=args.redis_url,
        rounds=args.rounds or (1 if quick else 3),
        seconds=args.seconds or (0.4 if quick else 4.0),
        warmup=0.2 if quick else 1.0,
        concurrency=args.concurrency,
        workers=args.workers,
        isso=not args.no_isso and isso_available(),
        plot=not args.no_plot,
        reuse_data=args.reuse_data,
        erasure_sizes=(500,) if quick else (10_000, 100_000),
        unrelated_jobs=200 if quick else 10_000,
        out=args.out,
        only=tuple(args.only),
    )


def shape_for(options: Options):
    from bench.data import Shape

    if options.quick:
        return Shape(
            articles=20,
            per_article=200,
            threads=(1000,),
            pending=300,
            readers=50,
            sessions=20,
            minors=10,
        )
    return Shape()


def kommentar_env(options: Options, database_url: str) -> dict[str, str]:
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    if options.redis_url:
        env |= {
            "APP_ENV": "production",
            "REDIS_URL": options.redis_url,
            "PUBLIC_URL": "https://comments.bench.example",
            "PSEUDONYM_KEY": "bench-" + "p" * 32,
            "FACEBOOK_CLIENT_ID": "bench",
            "FACEBOOK_CLIENT_SECRET": "bench-" + "s" * 32,
            "EMBED_ORIGINS": "https://news.bench.example",
        }
    else:
        env |= {"APP_ENV": "development", "RATELIMIT_ENABLED": "false"}
    return env


def main(argv: list[str]) -> int:
    options = parse(argv)
    options.out.mkdir(parents=True, exist_ok=True)
    global RESULTS
    RESULTS = options.out
    scratch = Path(tempfile.mkdtemp(prefix="kommentar-bench-"))
    database_url = options.database_url or f"sqlite:///{scratch / 'bench.sqlite3'}"
    env = kommentar_env(options, database_url)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from bench import data

    app = create_app({"EMBEDDED_WORKER": False})
    started = time.perf_counter()
    results = Results()
    if options.redis_url:
        import redis

        redis.Redis.from_url(options.redis_url).flushdb()
    shape = shape_for(options)
    built_file = options.out / "built.json"
    if options.reuse_data and built_file.exists():
        from flask_migrate import upgrade

        with app.app_context():
            upgrade()  # the data stays; a newer migration (an index, say) is applied
        saved = json.loads(built_file.read_text())
        built = data.Built(
            reader_sessions=[tuple(s) for s in saved["reader_sessions"]],
            moderator_session=tuple(saved["moderator_session"]),
            article_keys=saved["article_keys"],
            thread_keys={int(k): v for k, v in saved["thread_keys"].items()},
        )
    else:
        built = data.build(app, shape)
        built_file.write_text(json.dumps(built.__dict__))
    results.figures["data build, s"] = round(time.perf_counter() - started, 1)
    readers = cookies(app, built.reader_sessions)
    wrote = writers(app, built)
    moderator = cookies(app, [built.moderator_session])[0]

    with contextlib.ExitStack() as stack:
        python = sys.executable
        kommentar = stack.enter_context(
            gunicorn("kommentar", python, "wsgi:app", env, options.workers, "/healthz")
        )
        ceiling = stack.enter_context(
            gunicorn(
                "ceiling",
                python,
                "bench.ceiling:app",
                {"PYTHONPATH": str(ROOT)},
                options.workers,
                "/json",
            )
        )
        isso = None
        if options.isso:
            try:
                conf = isso_config(scratch)
                isso = stack.enter_context(
                    gunicorn(
                        "isso",
                        str(ISSO_VENV / "bin" / "python"),
                        "isso.run",
                        {"ISSO_SETTINGS": str(conf)},
                        options.workers,
                        "/?uri=%2Fnone",
                        cwd=scratch,
                    )
                )
                seed_isso(isso.port, 200)
            except Exception as exc:  # noqa: BLE001 - Isso is optional: say so, go on
                results.notes.append(f"Isso could not be run here ({type(exc).__name__}: {exc})")
                isso = None
        elif not options.quick:
            results.notes.append("Isso is not installed in the bench virtualenv (see README)")
        scenarios = [
            s
            for s in throughput_scenarios(built, readers, wrote, kommentar, ceiling, isso)
            if s.name == "ceiling" or options.wants(s.name)
        ]
        if len(scenarios) > 1 or not options.only:
            for round_no in range(options.rounds):
                run_round(options, results, scenarios, ceiling, round_no)
        latency_scenarios(options, results, built, readers, wrote, moderator, kommentar)
        if options.wants("web worker RSS"):
            results.figures["web worker RSS, MB"] = round(kommentar.worker_rss_mb(), 1)
            results.figures["ceiling worker RSS, MB"] = round(ceiling.worker_rss_mb(), 1)
            if isso is not None:
                results.figures["Isso worker RSS, MB"] = round(isso.worker_rss_mb(), 1)
    if options.redis_url:
        if options.wants("jobs/s"):
            job_scenarios(options, results, env)
        if options.wants("erasure"):
            erasure_scenarios(options, results, env)
    from bench import report

    report.write(options, results, shape, time.perf_counter() - started)
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


# -- scenarios ----------------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    port: int
    requests: list[str]
    before: object = None  # a callable run before each measurement (e.g. empty the cache)


def throughput_scenarios(built, readers, wrote, kommentar, ceiling, isso) -> list[Scenario]:
    from bench.loadgen import request_text as req

    keys = built.article_keys
    one = keys[0]
    logged = [{"Cookie": c} for c, _ in readers]

    def rotate(make, count=2000):
        return [make(n) for n in range(count)]

    api = "/api/v1/articles/{}/comments"
    scenarios = [
        Scenario("ceiling", ceiling.port, [req("GET", "/json")]),
        Scenario("anonymous JSON, cached", kommentar.port, [req("GET", api.format(one))]),
        Scenario(
            "anonymous JSON, uncached",
            kommentar.port,
            rotate(lambda n: req("GET", api.format(keys[n % len(keys)]) + f"?limit={48 + n % 5}")),
            before="flush",
        ),
        Scenario(
            "logged-in JSON",
            kommentar.port,
            rotate(lambda n: req("GET", api.format(keys[n % len(keys)]), logged[n % len(logged)])),
        ),
    ]
    for has_written, name in ((False, "not written there"), (True, "written there")):
        chosen = pairs(built, readers, wrote, has_written, keys)
        if chosen:  # the quick bench's tiny data may have none
            scenarios.append(
                Scenario(
                    f"logged-in JSON, {name}",
                    kommentar.port,
                    rotate(
                        lambda n, c=chosen: req(
                            "GET", api.format(c[n % len(c)][0]), {"Cookie": c[n % len(c)][1]}
                        )
                    ),
                )
            )
    scenarios += [
        Scenario("anonymous page, cached", kommentar.port, [req("GET", f"/articles/{one}")]),
        Scenario(
            "anonymous page, uncached",
            kommentar.port,
            rotate(lambda n: req("GET", f"/articles/{keys[n % len(keys)]}?r={n}")),
        ),
        Scenario(
            "logged-in page",
            kommentar.port,
            rotate(
                lambda n: req("GET", f"/articles/{keys[n % len(keys)]}", logged[n % len(logged)])
            ),
        ),
        Scenario("anonymous widget, cached", kommentar.port, [req("GET", f"/embed/{one}")]),
        Scenario(
            "logged-in widget",
            kommentar.port,
            rotate(lambda n: req("GET", f"/embed/{keys[n % len(keys)]}", logged[n % len(logged)])),
        ),
        Scenario(
            "posting (API)",
            kommentar.port,
            rotate(
                lambda n: req(
                    "POST",
                    api.format(keys[n % len(keys)]),
                    {
                        "Cookie": readers[n % len(readers)][0],
                        "X-CSRFToken": readers[n % len(readers)][1],
                        "Content-Type": "application/json",
                    },
                    json.dumps({"body": f"Innlegg {n}: kommunen bør bygge bybanen nå"}).encode(),
                ),
                count=len(readers) * 9,
            ),  # within the posting limits (10 a minute per reader)
        ),
    ]
    if isso is not None:
        scenarios += [
            Scenario("Isso, 200-comment thread", isso.port, [req("GET", "/?uri=%2Fthread-200")]),
            Scenario(
                "Isso, posting",
                isso.port,
                rotate(
                    lambda n: req(
                        "POST",
                        f"/new?uri=%2Fpost-{n % 100}",
                        {"Content-Type": "application/json"},
                        json.dumps(
                            {"text": f"Innlegg {n}: kommunen bør bygge bybanen nå", "title": "T"}
                        ).encode(),
                    )
                ),
            ),
        ]
    return scenarios


def run_round(
    options: Options, results: Results, scenarios: list[Scenario], ceiling, round_no: int
) -> None:
    ceiling_rate = None
    others = scenarios[1:]
    shift = round_no % len(others)
    order = [scenarios[0], *others[shift:], *others[:shift]]
    for scenario in order:
        if scenario.before == "flush" and options.redis_url:
            flush_page_cache(options.redis_url)
        measured = load(
            scenario.port, scenario.requests, options.concurrency, options.seconds, options.warmup
        )
        bad = {k: v for k, v in measured["statuses"].items() if not k.startswith(("2", "3"))}
        if bad:
            results.notes.append(f"{scenario.name}, round {round_no + 1}: answers {bad}")
        if scenario.name == "ceiling":
            ceiling_rate = measured["rate"]
        results.raw.setdefault(scenario.name, []).append(measured["rate"])
        results.rates.setdefault(scenario.name, []).append(measured["rate"] / ceiling_rate)


def flush_page_cache(redis_url: str) -> None:
    import redis

    conn = redis.Redis.from_url(redis_url)
    keys = list(conn.scan_iter(match="kommentar:page:*", count=1000))  # the bench may scan
    for start in range(0, len(keys), 1000):
        conn.delete(*keys[start : start + 1000])


def latency_scenarios(options, results, built, readers, wrote, moderator, kommentar) -> None:
    from bench.loadgen import request_text as req

    seconds = 0.3 if options.quick else 3.0
    for size, key in sorted(built.thread_keys.items()) if options.wants("first page") else ():
        # Readers who have written in the thread: their own reading, at every size alike (a
        # reader who has not is served the shared rendering, which is no read at all).
        cookies_here = [c for _, c in pairs(built, readers, wrote, True, [key])] or [
            c for c, _ in readers
        ]
        logged = [
            req(
                "GET",
                f"/api/v1/articles/{key}/comments",
                {"Cookie": cookies_here[n % len(cookies_here)]},
            )
            for n in range(50)
        ]
        anonymous = [req("GET", f"/articles/{key}?r={n}") for n in range(500)]
        for label, requests in (
            ("logged-in JSON, written there", logged),
            ("anonymous page", anonymous),
        ):
            measured = load(kommentar.port, requests, 1, seconds, 0.2)
            results.latency.setdefault(f"first page, {label}", {})[size] = measured["p50"]
    if not options.wants("desk at pending"):
        return
    desk = load(
        kommentar.port,
        [req("GET", "/moderation/minors", {"Cookie": moderator[0]})],
        1,
        seconds * 2,
        0.3,
    )
    results.figures["desk at pending, p50 ms"] = round(desk["p50"], 1)
    results.figures["desk at pending, p99 ms"] = round(desk["p99"], 1)
    if set(desk["statuses"]) != {"200"}:
        results.notes.append(f"desk answered {desk['statuses']}")


def job_scenarios(options, results, env) -> None:
    count = 30 if options.quick else 200
    for kind in ("noop", "screen"):
        out = subprocess.run(
            [sys.executable, "-m", "bench.jobs_rate", kind, str(count)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
        )
        results.figures[f"{kind} jobs/s, one worker"] = round(json.loads(out.stdout)["rate"], 1)


def erasure_scenarios(options, results, env) -> None:
    url = options.database_url or ""
    for size in options.erasure_sizes:
        for unrelated in (0, options.unrelated_jobs):
            args = [
                sys.executable,
                "bench/erasure.py",
                "--comments",
                str(size),
                "--answered",
                str(min(300, size // 10)),
                "--unrelated-jobs",
                str(unrelated),
                "--redis-url",
                options.redis_url,
                "--json",
            ]
            if url:
                args += ["--database-url", url]
            out = subprocess.run(
                args, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env}
            )
            if out.returncode != 0:
                results.notes.append(f"erasure of {size}: failed ({out.stderr[-300:]})")
                continue
            answer = json.loads(out.stdout.strip().splitlines()[-1])
            label = f"erasure of {size:,} comments, s" + (
                f" ({unrelated:,} unrelated jobs)" if unrelated else ""
            )
            results.figures[label] = round(answer["seconds"], 2)
            if not answer["verified"]:
                results.notes.append(f"erasure of {size}: {answer['problems']}")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{platform.node()}, {os.cpu_count()} cores {cpu}, Python {platform.python_version()}"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
