"""The benchmark: every figure of issue 8, on SQLite and on PostgreSQL, in one command.

    .venv/bin/python -m bench.run                 # both databases, about 15 minutes
    .venv/bin/python -m bench.run --quick --db sqlite

For each database it creates a throwaway database, migrates and seeds it, serves the app and the
bare baseline app (bench/baseline_app.py) with gunicorn on free loopback ports, and drives them
from a separate load process (bench/load.py). Machines here are shared and noisy, so every figure
is a count or a ratio against a baseline measured in the same run; throughput ratios alternate
short app and baseline runs and take the median of the rounds. Prints a table and writes
bench/results/latest.json (server logs and each load's raw result sit beside it).
"""

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
P99_LIMIT_MS = 150
# Below 60 too: when the classroom itself fails, the capacity figure still says where it breaks.
# Steps of 60 from 120 to 360 place the break within 60 trainees on a small machine (and keep
# each step's sign-ins to 6 a second); larger steps beyond, for larger machines.
CAPACITY_STEPS = [15, 30, 60, 120, 180, 240, 300, 360, 480, 600, 800, 1000]
BENCH_TRAINEES = max(CAPACITY_STEPS)


@dataclass
class Settings:
    """How long each part runs: `--quick` is a smoke run, the default the documented run."""

    rounds: int = 4
    page_rounds: int = 2
    warmup: float = 1.0
    duration: float = 2.5
    classroom_seconds: float = 60.0
    ramp: float = 10.0
    step_seconds: float = 15.0
    capacity_budget: float = 300.0
    big_maps: int = 10_000
    big_cards: int = 500_000
    workers: int = 2
    worker_class: str = "sync"
    threads: int = 1

    @classmethod
    def quick(cls, **overrides) -> "Settings":
        return cls(
            rounds=1,
            page_rounds=1,
            duration=2.0,
            classroom_seconds=10.0,
            ramp=4.0,
            step_seconds=6.0,
            capacity_budget=40.0,
            big_maps=1_000,
            big_cards=50_000,
            **overrides,
        )


@dataclass
class Figure:
    name: str
    value: float | int | str
    target: str
    met: bool | None  # None: not measured, or no target
    detail: dict = field(default_factory=dict)


# Processes ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving `app` on a free loopback port, its log in the results folder."""

    def __init__(self, name: str, app: str, env: dict, settings: Settings, log: Path):
        self.name, self.port, self.log = name, free_port(), log
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "--workers",
            str(settings.workers),
            "--worker-class",
            settings.worker_class,
            "--threads",
            str(settings.threads),
            "--bind",
            f"127.0.0.1:{self.port}",
            # The load comes in bursts of hundreds of new connections: let the kernel queue them.
            "--backlog",
            "4096",
            app,
        ]
        with open(log, "a") as out:
            # The command is built here from constants and free port numbers, not from input.
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self._wait_until_listening()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait_until_listening(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} did not start: see {self.log}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not listen within {seconds} s: see {self.log}")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_rss_mb(self) -> list[float]:
        """Each worker's peak resident memory since it started (VmHWM)."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(round(int(line.split()[1]) / 1024, 1))
        return peaks

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def run_python(args: list[str], env: dict, timeout: float = 900) -> str:
    """A bench module (or flask) in its own process; its output, or an error with the output."""
    done = subprocess.run(  # noqa: S603 - this interpreter and the bench's own arguments
        [PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Loads:
    """Runs bench/load.py against a server, keeping each raw result in the run's folder."""

    def __init__(self, folder: Path, fixtures: Path, env: dict):
        self.folder, self.fixtures, self.env = folder, fixtures, env
        self.runs = 0

    def run(self, base: str, *args: str, timeout: float = 900) -> dict:
        self.runs += 1
        out = self.folder / f"load-{self.runs:02d}-{args[0]}.json"
        run_python(
            [
                "-m",
                "bench.load",
                "--base",
                base,
                "--fixtures",
                str(self.fixtures),
                "--out",
                str(out),
                *args,
            ],
            self.env,
            timeout,
        )
        return json.loads(out.read_text())


# Databases ------------------------------------------------------------------------------------


@contextmanager
def databases(kind: str, folder: Path) -> Iterator[tuple[str, str]]:
    """A throwaway database for the app and one for the baseline, removed afterwards."""
    if kind == "sqlite":
        try:
            yield f"sqlite:///{folder / 'app.db'}", f"sqlite:///{folder / 'baseline.db'}"
        finally:
            for database in folder.glob("*.db*"):
                database.unlink()
        return
    import psycopg

    names = [f"pm_bench_{os.getpid()}_{secrets.token_hex(3)}", ""]
    names[1] = names[0] + "_baseline"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}" for name in names)
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_environment(database_url: str) -> dict:
    """Production settings, with a sign-in limit no classroom on one address would hit (every
    simulated trainee comes from 127.0.0.1)."""
    return os.environ | {
        "APP_CONFIG": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SIGN_IN_RATE_LIMIT": "100000 per minute",
        "PYTHONPATH": str(ROOT),
    }


# Figures ---------------------------------------------------------------------------------------


def median_ratio(
    app: Callable[[], dict], baseline: Callable[[], dict], rounds: int
) -> tuple[float, dict]:
    """Alternate app and baseline runs; the median of the per-round requests/s ratios, so a
    burst of noise from a neighbour spoils one round, not the figure."""
    ratios, app_runs, baseline_runs = [], [], []
    for _ in range(rounds):
        base_result, app_result = baseline(), app()
        baseline_runs.append(base_result)
        app_runs.append(app_result)
        ratios.append(app_result["rps"] / base_result["rps"] if base_result["rps"] else 0.0)
    errors = sum(r["errors"] for r in app_runs + baseline_runs)
    return round(statistics.median(ratios), 2), {
        "ratios": [round(r, 2) for r in ratios],
        "app_rps": [r["rps"] for r in app_runs],
        "baseline_rps": [r["rps"] for r in baseline_runs],
        "app_p99_ms": [r["p99_ms"] for r in app_runs],
        "errors": errors,
        "response_bytes": app_runs[-1]["mean_bytes"],
        "client_cpu": [r["client_cpu"] for r in app_runs],
        "problems": [p for r in app_runs + baseline_runs for p in r["problems"]][:5],
    }


def throughput_figures(
    loads: Loads, app: Server, baseline: Server, fixtures: dict, settings: Settings
) -> list[Figure]:
    timing = ["--warmup", str(settings.warmup), "--duration", str(settings.duration)]
    # 16 trainees, 4 to each client: their maps grow slowly, and signing them in stays short.
    timing += ["--trainees", "16"]
    mapper = fixtures["mapper"]

    def on_app(*args: str) -> Callable[[], dict]:
        return lambda: loads.run(app.base, *args, *timing)

    def on_baseline(*args: str) -> Callable[[], dict]:
        return lambda: loads.run(baseline.base, *args, *timing)

    figures = []
    for name, scenario in [
        ("add-card ÷ baseline (b)", "add-card"),
        ("edit-card ÷ baseline (b)", "edit-card"),
        ("move-card ÷ baseline (b)", "move-card"),
    ]:
        ratio, detail = median_ratio(
            on_app(scenario), on_baseline("post", "/cards"), settings.rounds
        )
        figures.append(Figure(name, ratio, "≥ 0.5", ratio >= 0.5 and not detail["errors"], detail))
    map_page = on_app(
        "page", f"/maps/{mapper['map']}", "--as", mapper["email"], fixtures["password"]
    )
    ratio, detail = median_ratio(map_page, on_baseline("get", "/card"), settings.rounds)
    figures.append(
        Figure(
            "map page (60 cards) ÷ baseline (a)",
            ratio,
            "≥ 0.25",
            ratio >= 0.25 and not detail["errors"],
            detail,
        )
    )
    add = figures[0].detail["response_bytes"]
    figures.append(Figure("add-card htmx response (bytes)", add, "≤ 2048", add <= 2048))
    return figures


def query_figure(folder: Path, fixtures_path: Path, env: dict) -> Figure:
    out = folder / "probes.json"
    run_python(
        ["-m", "bench.probes", "--fixtures", str(fixtures_path), "--out", str(out)], env, 300
    )
    counts = json.loads(out.read_text())
    small, large = counts["map page, 5 cards"]["queries"], counts["map page, 300 cards"]["queries"]
    return Figure(
        "SQL queries, map page 5 vs 300 cards",
        f"{small} vs {large}",
        "equal, ≤ 10",
        small == large <= 10,
        {name: c["queries"] for name, c in counts.items()},
    )


# A simulated trainee acts every 3 s on average; an edit is two requests (form, save), so an
# action is 4/3 requests.
REQUESTS_PER_TRAINEE_SECOND = (4 / 3) / 3


def classroom_figures(
    loads: Loads, app: Server, settings: Settings, server_log: Path, baseline_rps: float
) -> list[Figure]:
    """60 trainees and the projector on a freshly started server, so the workers' peak memory
    is the classroom's; then the load stepped up until it breaks."""
    result = loads.run(
        app.base,
        "classroom",
        "--steps",
        "60",
        "--ramp",
        str(settings.ramp),
        "--seconds",
        str(settings.classroom_seconds),
        "--p99-ms",
        str(P99_LIMIT_MS),
    )
    step = result["steps"][0]
    peaks = app.peak_rss_mb()
    figures = [
        Figure(
            "classroom, 60 trainees: errors",
            step["errors"],
            "0",
            step["errors"] == 0,
            {"problems": result["problems"][:5]},
        ),
        Figure(
            "classroom, 60 trainees: p99 (ms)",
            step["p99_ms"],
            f"≤ {P99_LIMIT_MS}",
            step["p99_ms"] <= P99_LIMIT_MS,
            {k: step[k] for k in ("rps", "p50_ms", "p95_ms", "sign_in_p99_ms", "kinds")},
        ),
        Figure(
            "peak RSS per worker, classroom (MB)",
            max(peaks) if peaks else "n/a",
            "≤ 150",
            bool(peaks) and max(peaks) <= 150,
            {"workers": peaks},
        ),
    ]
    capacity = capacity_figure(loads, app, settings, server_log)
    # What the machine allows at all: as many trainees as bare Flask's insert-and-render rate.
    capacity.detail["bare_flask_ceiling"] = round(baseline_rps / REQUESTS_PER_TRAINEE_SECOND)
    figures.append(capacity)
    return figures


def capacity_figure(loads: Loads, app: Server, settings: Settings, server_log: Path) -> Figure:
    per_step = settings.ramp + settings.step_seconds
    steps = CAPACITY_STEPS[: max(1, int(settings.capacity_budget // per_step))]
    log_before = server_log.read_text(errors="replace") if server_log.exists() else ""
    result = loads.run(
        app.base,
        "classroom",
        "--steps",
        ",".join(str(n) for n in steps),
        "--ramp",
        str(settings.ramp),
        "--seconds",
        str(settings.step_seconds),
        "--p99-ms",
        str(P99_LIMIT_MS),
        timeout=per_step * len(steps) + 300,
    )
    passed = [s["users"] for s in result["steps"] if s["passed"]]
    capacity = max(passed) if passed else 0
    failed = next((s for s in result["steps"] if not s["passed"]), None)
    new_log = (server_log.read_text(errors="replace") if server_log.exists() else "")[
        len(log_before) :
    ]
    why = failure_reason(failed, new_log, steps)
    return Figure(
        "capacity: trainees with 0 errors, p99 ≤ 150 ms",
        capacity,
        "≥ 600",
        capacity >= 600,
        {
            "steps": [
                {
                    k: s[k]
                    for k in ("users", "errors", "p99_ms", "rps", "sign_in_p99_ms", "client_cpu")
                }
                for s in result["steps"]
            ],
            "breaks": why,
            "problems": result["problems"][:5],
        },
    )


def failure_reason(failed: dict | None, server_log: str, steps: list[int]) -> str:
    """Where and why the load broke, from the step's figures and the server's log."""
    if failed is None:
        return f"did not break up to {steps[-1]} trainees (the time budget ended the steps)"
    signs = {
        "SQLite write lock (database is locked)": server_log.count("database is locked"),
        "worker timeout": server_log.count("WORKER TIMEOUT"),
        "PostgreSQL serialization/lock error": server_log.count("could not serialize"),
        "server error (500)": server_log.count("Exception on "),
    }
    found = ", ".join(f"{name} ×{count}" for name, count in signs.items() if count)
    slowest = max(failed["kinds"].items(), key=lambda kv: kv[1]["p99_ms"], default=("", {}))
    return (
        f"at {failed['users']} trainees: {failed['errors']} errors, p99 {failed['p99_ms']} ms "
        f"(slowest: {slowest[0]} p99 {slowest[1].get('p99_ms')} ms); server log: "
        f"{found or 'no errors'}; load generator used {failed['client_cpu']} CPU cores "
        "(the server's requests queue behind the CPU: 2 cores)"
    )


DATA_PAGES = [
    ("trainee home", "/", "trainee"),
    ("library search", "/library/?q=young+carers", "trainee"),
    ("review queue", "/maps/reviews", "supervisor"),
]


def page_speeds(loads: Loads, app: Server, fixtures: dict, settings: Settings) -> dict:
    """Requests/s of the demo trainee's home, the library search and the demo supervisor's
    review queue (median of the rounds)."""
    demo = fixtures["demo"]
    timing = ["--warmup", str(settings.warmup), "--duration", str(settings.duration)]
    speeds = {}
    for name, path, who in DATA_PAGES:
        runs = [
            loads.run(app.base, "page", path, "--as", demo[who], demo["password"], *timing)
            for _ in range(settings.page_rounds)
        ]
        speeds[name] = {
            "rps": statistics.median(r["rps"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
            "bytes": runs[-1]["mean_bytes"],
        }
    return speeds


def page_queries(folder: Path, fixtures_path: Path, env: dict, label: str) -> dict:
    """SQL statements and bytes of the big-data figure's pages (bench/probes.py --pages)."""
    out = folder / f"pages-{label}.json"
    arguments = ["--fixtures", str(fixtures_path), "--out", str(out), "--pages"]
    run_python(["-m", "bench.probes", *arguments], env, 300)
    return json.loads(out.read_text())


def big_data_figures(demo: dict, big: dict, seeded: dict) -> list[Figure]:
    """Time per request with the big data ÷ with the demo data (the ratio of requests/s)."""
    figures = []
    for name, _path, _who in DATA_PAGES:
        small, large = demo[name], big[name]
        ratio = round(small["rps"] / large["rps"], 2) if large["rps"] else float("inf")
        figures.append(
            Figure(
                f"{name}: big data ÷ demo data (time per request)",
                ratio,
                "≤ 2",
                ratio <= 2 and not (small["errors"] or large["errors"]),
                {"demo": small, "big": large, "seeded": seeded},
            )
        )
    return figures


def pdf_figure() -> Figure:
    """bench/pdf_bench.py's 60-card map against bare reportlab, when that file is there."""
    try:
        from bench import pdf_bench
        from bench.pdf_bench import every_text, measure, render_map, sample_map
    except ImportError as problem:
        return Figure(
            "PDF 60-card map ÷ bare reportlab", "skipped", "≤ 3", None, {"why": str(problem)}
        )
    data = sample_map(60)
    row = measure("map, 60 cards", 60, lambda: render_map(data), every_text(data), repeats=7)
    return Figure(
        "PDF 60-card map ÷ bare reportlab",
        row["ratio"],
        "≤ 3",
        row["ratio"] <= 3,
        row | {"source": Path(pdf_bench.__file__).name},
    )


# One database ---------------------------------------------------------------------------------


def bench_database(kind: str, settings: Settings, folder: Path) -> list[Figure]:
    folder.mkdir(parents=True, exist_ok=True)
    with databases(kind, folder) as (app_url, baseline_url):
        env = app_environment(app_url)
        baseline_env = app_environment(baseline_url)
        say(f"[{kind}] migrating and seeding")
        run_python(["-m", "flask", "--app", "wsgi", "db", "upgrade"], env)
        fixtures_path = folder / "fixtures.json"
        run_python(
            [
                "-m",
                "bench.seed",
                "classroom",
                "--trainees",
                str(BENCH_TRAINEES),
                "--out",
                str(fixtures_path),
            ],
            env,
        )
        fixtures = json.loads(fixtures_path.read_text())
        # Create the baseline's table once, before its workers start side by side.
        run_python(["-c", "import bench.baseline_app"], baseline_env)
        loads = Loads(folder, fixtures_path, env)
        figures = [query_figure(folder, fixtures_path, env)]

        app_log, baseline_log = folder / "app-server.log", folder / "baseline-server.log"
        app = Server("app", "wsgi:app", env, settings, app_log)
        baseline = Server(
            "baseline", "bench.baseline_app:app", baseline_env, settings, baseline_log
        )
        try:
            say(f"[{kind}] throughput against the baselines")
            figures += throughput_figures(loads, app, baseline, fixtures, settings)
            say(f"[{kind}] pages with demo data")
            demo_speeds = page_speeds(loads, app, fixtures, settings)
        finally:
            baseline.stop()
            app.stop()

        say(f"[{kind}] classroom and capacity")
        app = Server("app", "wsgi:app", env, settings, app_log)
        try:
            add_card = next(f for f in figures if f.name.startswith("add-card ÷"))
            baseline_rps = statistics.median(add_card.detail["baseline_rps"])
            figures += classroom_figures(loads, app, settings, app_log, baseline_rps)
        finally:
            app.stop()

        for name, counted in page_queries(folder, fixtures_path, env, "demo").items():
            demo_speeds[name] |= {"queries": counted["queries"], "page_bytes": counted["bytes"]}
        say(f"[{kind}] seeding {settings.big_maps:,} maps and {settings.big_cards:,} cards")
        seeded = json.loads(
            run_python(
                [
                    "-m",
                    "bench.seed",
                    "big",
                    "--maps",
                    str(settings.big_maps),
                    "--cards",
                    str(settings.big_cards),
                ],
                env,
            ).strip()
        )
        app = Server("app", "wsgi:app", env, settings, app_log)
        try:
            big_speeds = page_speeds(loads, app, fixtures, settings)
        finally:
            app.stop()
        for name, counted in page_queries(folder, fixtures_path, env, "big").items():
            big_speeds[name] |= {"queries": counted["queries"], "page_bytes": counted["bytes"]}
        figures += big_data_figures(demo_speeds, big_speeds, seeded)
    return figures


# Output ---------------------------------------------------------------------------------------


def say(message: str) -> None:
    print(f"{datetime.now():%H:%M:%S} {message}", flush=True)


def print_table(results: dict[str, list[Figure]]) -> None:
    width = max(len(f.name) for figures in results.values() for f in figures)
    header = f"{'database':<11}{'figure':<{width + 2}}{'value':>12}  {'target':<12}met?"
    print("\n" + header)
    print("-" * len(header))
    for kind, figures in results.items():
        for f in figures:
            met = {True: "yes", False: "NO", None: "–"}[f.met]
            print(f"{kind:<11}{f.name:<{width + 2}}{f.value!s:>12}  {f.target:<12}{met}")


def markdown_table(report: dict) -> str:
    """latest.json's figures side by side, one column per database (for docs/performance.md)."""
    kinds = [kind for kind in report["figures"] if kind != "no db"]
    names: list[str] = []
    values: dict[tuple[str, str], dict] = {}
    for kind, figures in report["figures"].items():
        for figure in figures:
            if figure["name"] not in names:
                names.append(figure["name"])
            values[(kind, figure["name"])] = figure
    lines = [
        "| figure | " + " | ".join(kinds) + " | target |",
        "|---|" + "---:|" * len(kinds) + "---|",
    ]
    for name in names:
        # A figure measured without a database (the PDF) stands in every column.
        columns = kinds if (kinds[0], name) in values else ["no db"] * len(kinds)
        cells = []
        for kind in columns:
            figure = values.get((kind, name))
            mark = {True: "", False: " ✗", None: ""}[figure["met"]] if figure else ""
            cells.append(f"{figure['value']}{mark}" if figure else "")
        target = next(values[(k, name)]["target"] for k in [*kinds, "no db"] if (k, name) in values)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {target} |")
    return "\n".join(lines)


def machine() -> dict:
    return {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="short runs: a smoke test")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--markdown", action="store_true", help="print latest.json as a Markdown table; run nothing"
    )
    args = parser.parse_args()
    if args.markdown:
        print(markdown_table(json.loads((RESULTS / "latest.json").read_text())))
        return
    server = {"workers": args.workers, "worker_class": args.worker_class, "threads": args.threads}
    settings = Settings.quick(**server) if args.quick else Settings(**server)

    RESULTS.mkdir(parents=True, exist_ok=True)
    run_folder = Path(tempfile.mkdtemp(prefix="run-", dir=RESULTS))
    started, load_before = time.monotonic(), machine()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results: dict[str, list[Figure]] = {}
    for kind in kinds:
        try:
            results[kind] = bench_database(kind, settings, run_folder / kind)
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as problem:
            # One database failing (a broken app, a missing server) still reports the other.
            say(f"[{kind}] stopped: {problem}")
            results[kind] = [Figure("run", "failed", "completes", False, {"why": str(problem)})]
    say("PDF")
    results["no db"] = [pdf_figure()]
    print_table(results)
    write_report(results, args, settings, run_folder, started, load_before)


def write_report(
    results: dict[str, list[Figure]],
    args: argparse.Namespace,
    settings: Settings,
    run_folder: Path,
    started: float,
    load_before: dict,
) -> None:
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - started),
        "quick": args.quick,
        "settings": settings.__dict__,
        "machine": {"before": load_before, "after": machine()},
        "run_folder": str(run_folder.relative_to(ROOT)),
        "figures": {kind: [f.__dict__ for f in figures] for kind, figures in results.items()},
    }
    latest = RESULTS / "latest.json"
    latest.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(
        f"\nWritten to {latest.relative_to(ROOT)}; raw loads and server logs in {run_folder.name}/"
    )


if __name__ == "__main__":
    main()
