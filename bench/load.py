"""The load generator: a separate process that drives a running server over HTTP and stops by
itself. asyncio + httpx; each simulated person keeps their own cookies and CSRF token.

    python -m bench.load --base URL --out result.json get /card --clients 4 --duration 10
    python -m bench.load --base URL --out result.json post /cards --clients 4 --duration 10
    python -m bench.load --base URL --fixtures fx.json --out r.json add-card --clients 4
    python -m bench.load --base URL --fixtures fx.json --out r.json page /maps/7 --as EMAIL PASSWORD
    python -m bench.load --base URL --fixtures fx.json --out r.json classroom --steps 60,120

Closed loops (get, post, add-card, edit-card, move-card, page) keep `--clients` requests in
flight for `--warmup` + `--duration` seconds and measure the last `--duration`. The classroom
adds simulated trainees step by step (sign in, open their map, then add, edit or move a card every
2–4 s) with a projector polling the presented board every 2 s, and stops after the first step
with an error or a p99 over `--p99-ms`.
"""

import argparse
import asyncio
import contextlib
import json
import random
import re
import resource
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from itertools import count

import httpx

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
CARD_ID = re.compile(r'id="card-(\d+)"')
STAMP = re.compile(r"since=(\d+)")
CATEGORIES = ["harm", "complicating_factor", "existing_strength", "existing_safety", "next_step"]
# Every request fails rather than waits past this: a classroom would have given up long before.
TIMEOUT_SECONDS = 30
# Seeded: every run makes the same choices (the timing still varies with the machine).
CHOICE = random.Random(8)  # noqa: S311 - simulated people, not secrets


# Recording ----------------------------------------------------------------------------------


@dataclass
class Sample:
    started: float
    kind: str
    seconds: float
    status: int
    ok: bool
    size: int


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, sample: Sample, problem: str = "") -> None:
        self.samples.append(sample)
        if problem and len(self.problems) < 20:
            self.problems.append(problem)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[rank]


def summarise(samples: list[Sample], seconds: float) -> dict:
    """Requests, errors, requests/s and latency percentiles (ms) of `samples` over `seconds`."""
    latencies = sorted(s.seconds for s in samples)
    sizes = [s.size for s in samples if s.ok]
    return {
        "requests": len(samples),
        "errors": sum(not s.ok for s in samples),
        "rps": round(len(samples) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else 0.0,
        "mean_bytes": round(sum(sizes) / len(sizes)) if sizes else 0,
    }


def by_kind(samples: list[Sample], seconds: float) -> dict:
    kinds = sorted({s.kind for s in samples})
    return {kind: summarise([s for s in samples if s.kind == kind], seconds) for kind in kinds}


def cpu_seconds() -> float:
    """This process's CPU time: how much of the shared machine the load itself takes."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# One simulated person -------------------------------------------------------------------------


class Person:
    """A browser's worth of state: cookies and the CSRF token, over the shared HTTP client.

    Cookies are kept by hand because the app marks its session cookie Secure in production and
    the bench talks plain HTTP on loopback."""

    def __init__(self, client: httpx.AsyncClient, recorder: Recorder, email: str, password: str):
        self.client, self.recorder = client, recorder
        self.email, self.password = email, password
        self.cookies: dict[str, str] = {}
        self.token = ""

    async def request(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        expect: tuple[int, ...] = (200,),
        data: dict | None = None,
        htmx: bool = False,
    ) -> httpx.Response | None:
        """One timed request. Returns None (and records an error) when it failed."""
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        if method == "POST" and self.token:
            headers["X-CSRFToken"] = self.token
        started = time.perf_counter()
        try:
            response = await self.client.request(method, path, data=data, headers=headers)
        except httpx.HTTPError as problem:
            elapsed = time.perf_counter() - started
            self.recorder.add(
                Sample(started, kind, elapsed, 0, False, 0), f"{kind}: {problem!r}"[:200]
            )
            return None
        elapsed = time.perf_counter() - started
        self._keep_cookies(response)
        ok = response.status_code in expect
        problem = "" if ok else f"{kind}: HTTP {response.status_code} {path}"
        self.recorder.add(
            Sample(started, kind, elapsed, response.status_code, ok, len(response.content)),
            problem,
        )
        return response if ok else None

    def _keep_cookies(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def read_token(self, response: httpx.Response) -> None:
        found = CSRF_META.search(response.text)
        if found:
            self.token = found[1]

    async def sign_in(self) -> bool:
        page = await self.request("sign-in page", "GET", "/sign-in")
        if page is None:
            return False
        self.read_token(page)
        form = {"email": self.email, "password": self.password, "csrf_token": self.token}
        return (
            await self.request("sign in", "POST", "/sign-in", data=form, expect=(302,)) is not None
        )


@dataclass
class Trainee:
    """A signed-in trainee and their map: the three actions the classroom repeats."""

    person: Person
    map_id: int
    cards: list[int]
    words: count = field(default_factory=count)
    first_card_version: int = 1

    async def open_map(self) -> bool:
        page = await self.person.request("open map", "GET", f"/maps/{self.map_id}")
        if page is None:
            return False
        self.person.read_token(page)
        self.cards = [int(card) for card in CARD_ID.findall(page.text)] or self.cards
        return True

    async def read_first_card_version(self) -> bool:
        """The first card's version as the edit form shows it (earlier runs may have edited it)."""
        card = self.cards[0]
        form = await self.person.request(
            "edit form", "GET", f"/maps/{self.map_id}/cards/{card}/edit", htmx=True
        )
        found = (
            re.search(rf'name="card-{card}-version"[^>]*value="(\d+)"', form.text) if form else None
        )
        self.first_card_version = int(found[1]) if found else 1
        return form is not None

    async def add_card(self) -> None:
        category = CHOICE.choice(CATEGORIES)
        text = f"Added by the bench, number {next(self.words)}: Kai's nursery noticed it again."
        response = await self.person.request(
            "add card",
            "POST",
            f"/maps/{self.map_id}/sections/{category}/cards",
            data={f"add-{category}-text": text, f"add-{category}-source": ""},
            htmx=True,
        )
        if response is not None:
            found = CARD_ID.search(response.text)
            if found:
                self.cards.append(int(found[1]))

    async def edit_card(self, fetch_form: bool = True) -> None:
        """As htmx does it: fetch the edit form (for the card's version), then save. Without
        `fetch_form` (the throughput figure) only the save is sent, to the trainee's first card,
        whose version this trainee alone changes."""
        if fetch_form:
            card = CHOICE.choice(self.cards)
            form = await self.person.request(
                "edit form", "GET", f"/maps/{self.map_id}/cards/{card}/edit", htmx=True
            )
            if form is None:
                return
            found = re.search(rf'name="card-{card}-version"[^>]*value="(\d+)"', form.text)
            version = int(found[1]) if found else 1
        else:
            card, version = self.cards[0], self.first_card_version
        text = f"Edited by the bench, number {next(self.words)}: the school saw it too."
        saved = await self.person.request(
            "edit card",
            "POST",
            f"/maps/{self.map_id}/cards/{card}",
            data={
                f"card-{card}-text": text,
                f"card-{card}-source": "School",
                f"card-{card}-version": str(version),
            },
            htmx=True,
        )
        if saved is not None and card == self.cards[0]:
            self.first_card_version = version + 1

    async def move_card(self) -> None:
        card = CHOICE.choice(self.cards)
        await self.person.request(
            "move card",
            "POST",
            f"/maps/{self.map_id}/cards/{card}/move",
            data={"direction": CHOICE.choice(["up", "down"])},
            htmx=True,
        )

    async def act(self) -> None:
        await CHOICE.choice([self.add_card, self.edit_card, self.move_card])()


# Closed loops: as many requests per second as the server gives ---------------------------------


async def closed_loop(
    actions: list[Callable[[], Awaitable[None]]], recorder: Recorder, warmup: float, duration: float
) -> dict:
    """Each action runs back to back in its own task; the last `duration` seconds count."""
    loop_start = time.perf_counter()
    measure_from = loop_start + warmup
    stop_at = measure_from + duration

    async def run(action) -> None:
        while time.perf_counter() < stop_at:
            await action()

    cpu_before = None

    async def mark_cpu() -> None:
        nonlocal cpu_before
        await asyncio.sleep(warmup)
        cpu_before = cpu_seconds()

    await asyncio.gather(mark_cpu(), *(run(action) for action in actions))
    measured = [s for s in recorder.samples if measure_from <= s.started < stop_at]
    result = summarise(measured, duration)
    result["client_cpu"] = round((cpu_seconds() - cpu_before) / duration, 2)
    result["problems"] = recorder.problems
    return result


async def signed_in_trainees(
    client: httpx.AsyncClient, recorder: Recorder, fixtures: dict, wanted: int
) -> list[Trainee]:
    """`wanted` bench trainees, signed in with their maps open (not timed: set-up)."""
    trainees = [
        Trainee(Person(client, recorder, t["email"], fixtures["password"]), t["map"], t["cards"])
        for t in fixtures["trainees"][:wanted]
    ]
    for trainee in trainees:
        if not (await trainee.person.sign_in() and await trainee.open_map()):
            raise SystemExit(f"Could not sign in {trainee.person.email}: {recorder.problems}")
    recorder.samples.clear()
    return trainees


def spread(trainees: list[Trainee], clients: int, act) -> list[Callable[[], Awaitable[None]]]:
    """One action per client, each cycling through its own share of the trainees, so no two
    clients ever change the same map (no edit conflicts) and each map grows slowly."""

    def cycling(share: list[Trainee]):
        turn = count()

        async def action() -> None:
            await act(share[next(turn) % len(share)])

        return action

    return [cycling(trainees[n::clients]) for n in range(clients)]


# The classroom: trainees every ~3 s and a projector every 2 s, stepped up ---------------------


@dataclass
class Step:
    users: int
    started: float = 0.0
    measure_from: float = 0.0
    ended: float = 0.0
    cpu: float = 0.0


async def trainee_life(trainee: Trainee, start_at: float, stop: asyncio.Event) -> None:
    await asyncio.sleep(max(0.0, start_at - time.perf_counter()))
    if not (await trainee.person.sign_in() and await trainee.open_map()):
        return
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=CHOICE.uniform(2.0, 4.0))
        except TimeoutError:
            await trainee.act()


async def projector_life(person: Person, session: int, map_id: int, stop: asyncio.Event) -> None:
    """The supervisor's screen: the board every 2 s, 204 while nothing changed."""
    if not await person.sign_in():
        return
    stamp = ""
    while not stop.is_set():
        path = f"/sessions/{session}/present/board?map={map_id}&since={stamp}"
        response = await person.request("projector", "GET", path, expect=(200, 204))
        if response is not None and response.status_code == 200:
            found = STAMP.search(response.text)
            stamp = found[1] if found else ""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=2.0)


async def classroom(
    client: httpx.AsyncClient,
    recorder: Recorder,
    fixtures: dict,
    steps: list[int],
    ramp: float,
    seconds: float,
    p99_limit_ms: float,
) -> dict:
    """Add trainees step by step (new ones sign in over `ramp` s), measure each step for
    `seconds`, and stop after the first step that fails."""
    stop = asyncio.Event()
    projector = fixtures["projector"]
    tasks = [
        asyncio.create_task(
            projector_life(
                Person(client, recorder, projector["email"], projector["password"]),
                projector["session"],
                projector["map"],
                stop,
            )
        )
    ]
    results, running = [], 0
    for users in steps:
        step = Step(users, started=time.perf_counter())
        step.measure_from = step.started + ramp
        for n, fixture in enumerate(fixtures["trainees"][running:users]):
            person = Person(client, recorder, fixture["email"], fixtures["password"])
            trainee = Trainee(person, fixture["map"], list(fixture["cards"]))
            start_at = step.started + ramp * n / max(1, users - running)
            tasks.append(asyncio.create_task(trainee_life(trainee, start_at, stop)))
        running = users
        await asyncio.sleep(ramp)
        cpu_before = cpu_seconds()
        await asyncio.sleep(seconds)
        step.ended, step.cpu = time.perf_counter(), (cpu_seconds() - cpu_before) / seconds
        result = step_result(step, recorder.samples, p99_limit_ms)
        results.append(result)
        print(json.dumps({k: result[k] for k in ("users", "errors", "p99_ms", "rps", "passed")}))
        if not result["passed"]:
            break
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"steps": results, "problems": recorder.problems}


def step_result(step: Step, samples: list[Sample], p99_limit_ms: float) -> dict:
    """A step passes with no error from its start (sign-ins included) and p99 within the limit
    over its measured window (after the ramp)."""
    whole = [s for s in samples if step.started <= s.started < step.ended]
    window = [s for s in whole if s.started >= step.measure_from]
    seconds = step.ended - step.measure_from
    result = summarise(window, seconds)
    errors = sum(not s.ok for s in whole)
    sign_ins = sorted(s.seconds for s in whole if s.kind == "sign in")
    result.update(
        users=step.users,
        errors=errors,
        sign_in_p99_ms=round(percentile(sign_ins, 0.99) * 1000, 1),
        kinds=by_kind(window, seconds),
        client_cpu=round(step.cpu, 2),
        passed=errors == 0 and result["p99_ms"] <= p99_limit_ms,
    )
    return result


# Command line ---------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--fixtures", help="the JSON written by bench.seed classroom")
    parser.add_argument("--out", required=True)
    scenarios = parser.add_subparsers(dest="scenario", required=True)
    for name in ("get", "post", "page", "add-card", "edit-card", "move-card"):
        scenario = scenarios.add_parser(name)
        if name in ("get", "post", "page"):
            scenario.add_argument("path")
        if name == "page":
            scenario.add_argument("--as", dest="person", nargs=2, metavar=("EMAIL", "PASSWORD"))
        scenario.add_argument("--clients", type=int, default=4)
        scenario.add_argument("--warmup", type=float, default=2.0)
        scenario.add_argument("--duration", type=float, default=10.0)
        scenario.add_argument("--trainees", type=int, default=40)
    steps = scenarios.add_parser("classroom")
    steps.add_argument("--steps", default="60", help="trainees at each step, e.g. 60,120,240")
    steps.add_argument("--ramp", type=float, default=10.0)
    steps.add_argument("--seconds", type=float, default=60.0)
    steps.add_argument("--p99-ms", type=float, default=150.0)
    return parser.parse_args()


async def run(args: argparse.Namespace) -> dict:
    limits = httpx.Limits(max_connections=4000, max_keepalive_connections=200)
    fixtures = {}
    if args.fixtures:
        with open(args.fixtures) as file:
            fixtures = json.load(file)
    recorder = Recorder()
    async with httpx.AsyncClient(
        base_url=args.base, limits=limits, timeout=TIMEOUT_SECONDS, follow_redirects=False
    ) as client:
        if args.scenario == "classroom":
            steps = [int(n) for n in args.steps.split(",")]
            return await classroom(
                client, recorder, fixtures, steps, args.ramp, args.seconds, args.p99_ms
            )
        actions = await closed_loop_actions(args, client, recorder, fixtures)
        return await closed_loop(actions, recorder, args.warmup, args.duration)


async def closed_loop_actions(args, client, recorder, fixtures) -> list:
    if args.scenario in ("get", "post", "page"):
        person = Person(client, recorder, *(getattr(args, "person", None) or ("", "")))
        if args.scenario == "page" and not await person.sign_in():
            raise SystemExit(f"Could not sign in: {recorder.problems}")
        recorder.samples.clear()
        method = "POST" if args.scenario == "post" else "GET"
        data = {"text": "A card from the baseline"} if method == "POST" else None

        async def request() -> None:
            await person.request(args.scenario, method, args.path, data=data)

        return [request] * args.clients
    trainees = await signed_in_trainees(client, recorder, fixtures, args.trainees)
    if args.scenario == "edit-card":
        for trainee in trainees:
            await trainee.read_first_card_version()
        recorder.samples.clear()
    act = {
        "add-card": Trainee.add_card,
        "edit-card": lambda trainee: trainee.edit_card(fetch_form=False),
        "move-card": Trainee.move_card,
    }[args.scenario]
    return spread(trainees, args.clients, act)


def main() -> None:
    args = parse_args()
    result = asyncio.run(run(args))
    result["scenario"] = args.scenario
    with open(args.out, "w") as out:
        json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
