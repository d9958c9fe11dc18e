"""Load test: the demo council served by `goldenthread serve` (gunicorn) on a loopback port,
driven by concurrent signed-in people over the main pages for a fixed time.

    python -m bench.load [--users 20] [--seconds 30] [--workers 3] [--threads 4]

On a throwaway SQLite database in a temporary folder, or on PostgreSQL when DATABASE_URL is
set (run under scripts/with-postgres). Prints requests a second, p50 and p95 latency overall
and per page, and the errors (any answer other than 200, or a failed connection).

While the others read, each officer (the people who enter returns) works through the open
returns on their /returns/ list: saves each as a draft, then submits it. Every accepted POST
is recorded; after the server stops the database is read again to check that every accepted
submission is there, submitted, with the last value sent (none lost), and that there is one
return per indicator and period (none duplicated). A lost or duplicated return fails the run.
"""

import argparse
import atexit
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

# A spread of the demo's people: officers enter returns, heads approve, members read.
PEOPLE = [
    "officer.estates",
    "officer.options",
    "officer.cleansing",
    "head.housing",
    "head.cfya",
    "director.dns",
    "performance.lead",
    "cllr.scrutiny",
    "auditor",
    "manager.estates",
]
PAGES = [
    "/",
    "/indicators/",
    "{indicator}",
    "/returns/",
    "/returns/approvals/",
    "/dashboards/",
    "/objectives/",
    "{objective}",
    "/actions/",
    "/risks/",
    "/reports/",
]
OFFICERS = {name for name in PEOPLE if name.startswith("officer.")}
# The states on /returns/ (its STATE_LABELS) in which the officer can still enter the return.
OPEN_STATES = ["To do", "Due soon", "Overdue", "Draft saved", "Sent back"]
OPEN_TAG = r"govuk-tag[^>]*>(?:" + "|".join(OPEN_STATES) + ")</strong>"
RETURN_LINK = r'href="(/indicators/\d+/returns/\d+/)"'
PASSWORD = "golden-thread-demo"  # noqa: S105 - the demo's published password  # nosec B105


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _goldenthread(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "goldenthread", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _wait_for(port: int, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before it was ready")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start listening in time")


class Person:
    """One signed-in browser: its own cookies, fetching pages one after another."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = self.fetch("/sign-in/")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise SystemExit("the sign-in page has no CSRF token")
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
        ).encode()
        status, page = self.fetch("/sign-in/", data=form)
        if status != 200 or "Sign out" not in page:
            raise SystemExit(f"{username} could not sign in ({status})")

    def fetch(self, path: str, data: bytes | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310 - loopback
        with self.opener.open(request, timeout=30) as response:  # nosec B310
            return response.status, response.read().decode()


def _csrf(page: str) -> str:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise ValueError("no CSRF token on the page")
    return token.group(1)


@dataclass
class Accepted:
    """One POST to a return form that the server accepted (its success message shown)."""

    path: str
    submit: bool
    field: str  # "value", or "narrative" for a qualitative indicator
    sent: str


class Returns:
    """One officer's open returns, worked through a step at a time between page reads:
    fetch the form, save a draft, fetch the form again, submit."""

    def __init__(self, person: Person, paths: list[str], tag: int) -> None:
        self.person = person
        self.paths = paths
        self.tag = tag  # makes the values sent by each person and step distinct
        self.step = 0
        self.page = ""

    @property
    def pending(self) -> bool:
        return self.step < 4 * len(self.paths)

    def next(self) -> tuple[str, Accepted | None, str | None]:
        """Takes one step; returns the label timed, the POST accepted if any, and a problem."""
        path = self.paths[self.step // 4]
        stage = self.step % 4
        self.step += 1
        if stage in {0, 2}:
            status, self.page = self.person.fetch(path)
            if status != 200:
                return "GET return form", None, f"{path}: {status}"
            if 'name="submit"' not in self.page:
                self.step = 4 * (self.step // 4 + 1)  # not editable now: skip it
            return "GET return form", None, None
        submit = stage == 3
        fields, accepted = self._fields(path, submit)
        status, page = self.person.fetch(path, data=urllib.parse.urlencode(fields).encode())
        success = "has been submitted for approval." if submit else "Your draft has been saved."
        label = "POST return " + ("submit" if submit else "draft")
        if status != 200 or success not in page:
            summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
            detail = re.sub(r"<[^>]+>|\s+", " ", summary.group(1)).strip() if summary else ""
            return label, None, f"{label} {path} not accepted: {status} {detail}"[:300]
        return label, accepted, None

    def _fields(self, path: str, submit: bool) -> tuple[dict[str, str], Accepted]:
        page = self.page
        fields = {"csrfmiddlewaretoken": _csrf(page)}
        version = re.search(r'name="edit_version" value="([^"]*)"', page)
        if version is not None:
            fields["edit_version"] = version.group(1)
        if 'name="narrative"' in page:
            field = "narrative"
            sent = f"Load test narrative {self.tag}.{self.step}"
            fields["narrative"] = sent
            judgement = re.search(
                r'<input[^>]*type="radio"[^>]*name="judgement"[^>]*value="([^"]+)"|'
                r'<input[^>]*name="judgement"[^>]*type="radio"[^>]*value="([^"]+)"|'
                r'<input[^>]*value="([^"]+)"[^>]*name="judgement"',
                page,
            )
            if judgement is not None:
                fields["judgement"] = next(group for group in judgement.groups() if group)
        else:
            field = "value"
            # Within 0-100, so valid for a percentage; unusual values are confirmed below.
            sent = f"{40 + self.tag % 50}.{self.step:02d}"
            fields["value"] = sent
        fields |= {
            "commentary": "Load test commentary.",
            "remedial_action": "Load test remedial action.",
            "outlier_confirmed": "on",
            "outlier_explanation": "Load test value.",
            "submit" if submit else "save": "1",
        }
        return fields, Accepted(path, submit, field, sent)


def _first_link(page: str, pattern: str) -> str:
    found = re.search(pattern, page)
    if found is None:
        raise SystemExit(f"no link like {pattern} on the page")
    return found.group(0).strip('"')


def _return_work(people: list[Person], names: list[str]) -> dict[int, Returns]:
    """The open returns of each officer, shared out among the people signed in as them."""
    work: dict[int, Returns] = {}
    for name in sorted(OFFICERS & set(names)):
        mine = [index for index, each in enumerate(names) if each == name]
        listing = people[mine[0]].fetch("/returns/")[1]
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", listing, re.S)
        paths = [
            link.group(1)
            for row in rows
            if (link := re.search(RETURN_LINK, row)) and re.search(OPEN_TAG, row)
        ]
        for share, index in enumerate(mine):
            work[index] = Returns(people[index], paths[share :: len(mine)], index)
    return work


def drive(
    base: str, users: int, seconds: float
) -> tuple[dict[str, list[float]], list[str], float, list[Accepted]]:
    """Signs `users` people in, then each fetches the pages in turn until the time is up,
    the officers entering their returns between pages. Returns the latencies by page, the
    errors, the seconds measured and the return POSTs accepted."""
    names = [PEOPLE[i % len(PEOPLE)] for i in range(users)]
    people = [Person(base, name) for name in names]
    work = _return_work(people, names)
    accepted: list[Accepted] = []
    lists = people[0]
    indicator = _first_link(lists.fetch("/indicators/")[1], r'"/indicators/\d+/"')
    objective = _first_link(lists.fetch("/objectives/")[1], r'"/objectives/\d+/"')
    pages = [page.format(indicator=indicator, objective=objective) for page in PAGES]
    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + seconds

    def run(person: Person, offset: int) -> None:
        turn = offset
        returns = work.get(offset)
        while time.monotonic() < stop_at:
            done = None
            began = time.perf_counter()
            if returns is not None and returns.pending and turn % 2:
                path = "return form"
                try:
                    path, done, problem = returns.next()
                except Exception as error:  # noqa: BLE001 - counted, like any other failure
                    problem = f"{path}: {error}"
            else:
                path = pages[turn % len(pages)]
                try:
                    status, _ = person.fetch(path)
                    problem = None if status == 200 else f"{path}: {status}"
                except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the run
                    problem = f"{path}: {error}"
            turn += 1
            took = time.perf_counter() - began
            with lock:
                if problem:
                    errors.append(problem)
                else:
                    timings[path].append(took)
                if done is not None:
                    accepted.append(done)

    threads = [
        threading.Thread(target=run, args=(person, index)) for index, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors, time.monotonic() - start, accepted


# Run in a fresh interpreter with the load test's environment, so it reads the same database.
READ_RETURNS = """
import json, sys
import django
django.setup()
from django.db.models import Count
from goldenthread.indicators.models import IndicatorReturn
rows = IndicatorReturn.objects.values_list(
    "indicator_id", "period_id", "status", "value", "narrative"
)
counts = IndicatorReturn.objects.values("indicator_id", "period_id").annotate(n=Count("id"))
json.dump({
    "rows": {f"{i}/{p}": [s, None if v is None else str(v), n] for i, p, s, v, n in rows},
    "counts": {f"{c['indicator_id']}/{c['period_id']}": c["n"] for c in counts},
}, sys.stdout)
"""


def check_returns(env: dict[str, str], accepted: list[Accepted]) -> tuple[str, list[str]]:
    """Reads the database after the run: every accepted submission there, submitted, with the
    last value sent; one return per indicator and period. Returns the summary and problems."""
    output = subprocess.run(  # noqa: S603  # nosec B603
        [sys.executable, "-c", READ_RETURNS], env=env, check=True, capture_output=True, text=True
    ).stdout
    stored = json.loads(output)
    submitted = {}
    for post in accepted:  # in the order accepted; only one submission of a return can be
        if post.submit:
            key = "/".join(re.findall(r"\d+", post.path))
            submitted[key] = post
    problems = []
    found = lost = 0
    for key, post in sorted(submitted.items()):
        row = stored["rows"].get(key)
        if row is None:
            lost += 1
            problems.append(f"{post.path}: submitted but not in the database")
            continue
        status, value, narrative = row
        kept = narrative if post.field == "narrative" else value
        same = (
            kept == post.sent
            if post.field == "narrative"
            else (kept is not None and Decimal(kept) == Decimal(post.sent))
        )
        if status != "submitted" or not same:
            lost += 1
            problems.append(f"{post.path}: sent {post.sent!r}, stored {status} {kept!r}")
        else:
            found += 1
    duplicated = sum(1 for count in stored["counts"].values() if count > 1)
    problems += [f"{key}: {count} returns" for key, count in stored["counts"].items() if count > 1]
    summary = (
        f"returns: {len(submitted)} submitted, {found} found, {lost} lost, {duplicated} duplicated"
    )
    return summary, problems


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv: list[str] | None = None) -> list[dict[str, object]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    options = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="goldenthread-load-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    port = _free_port()
    env = {
        **os.environ,
        "GOLDENTHREAD_VAR_DIR": str(folder),
        "STATIC_ROOT": str(folder / "static"),
        "DJANGO_SETTINGS_MODULE": "goldenthread.config.django.local",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "AXES_FAILURE_LIMIT": "1000",
    }
    print(f"loading the demo council into {folder}", file=sys.stderr, flush=True)
    _goldenthread(env, "migrate", "--verbosity", "0")
    _goldenthread(env, "load_demo")
    _goldenthread(env, "collectstatic", "--noinput", "--verbosity", "0")
    bind = f"127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "goldenthread", "serve", "--bind", bind]
        + ["--workers", str(options.workers), "--threads", str(options.threads)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for(port, server)
        timings, errors, took, accepted = drive(f"http://{bind}", options.users, options.seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    summary, problems = check_returns(env, accepted)
    every = [value for values in timings.values() for value in values]
    if not every:
        raise SystemExit(f"no request succeeded; first errors: {errors[:5]}")
    print(
        f"{options.users} users, {options.workers} workers × {options.threads} threads, "
        f"{took:.0f} s: {len(every) + len(errors)} requests, "
        f"{(len(every) + len(errors)) / took:.1f} requests/s, "
        f"p50 {statistics.median(every) * 1000:.0f} ms, "
        f"p95 {_percentile(every, 0.95) * 1000:.0f} ms, "
        f"max {max(every) * 1000:.0f} ms, errors {len(errors)}"
    )
    for path, values in sorted(timings.items()):
        print(
            f"  {path:<22} {len(values):>5} × p50 {statistics.median(values) * 1000:>5.0f} ms"
            f"  p95 {_percentile(values, 0.95) * 1000:>5.0f} ms"
        )
    for error in errors[:10]:
        print(f"  error: {error}")
    drafts = sum(1 for post in accepted if not post.submit)
    print(f"{summary} ({drafts} drafts saved first)")
    for problem in problems[:10]:
        print(f"  returns problem: {problem}")
    if problems:
        raise SystemExit(f"load: {summary}")
    return [
        {
            "operation": f"load: {options.users} users, p95 of every page",
            "rows": len(every),
            "ours_s": _percentile(every, 0.95),
            "raw_s": None,
        }
    ]


if __name__ == "__main__":
    main()
