"""Load test: the demo council served by `goldenthread serve` (gunicorn) on a loopback port,
driven by concurrent signed-in people over the main pages for a fixed time.

    python -m bench.load [--users 20] [--seconds 30] [--workers 3] [--threads 4]

On a throwaway SQLite database in a temporary folder, or on PostgreSQL when DATABASE_URL is
set (run under scripts/with-postgres). Prints requests a second, p50 and p95 latency overall
and per page, and the errors (any answer other than 200, or a failed connection).
"""

import argparse
import atexit
import http.cookiejar
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


def _first_link(page: str, pattern: str) -> str:
    found = re.search(pattern, page)
    if found is None:
        raise SystemExit(f"no link like {pattern} on the page")
    return found.group(0).strip('"')


def drive(base: str, users: int, seconds: float) -> tuple[dict[str, list[float]], list[str], float]:
    """Signs `users` people in, then each fetches the pages in turn until the time is up.
    Returns the latencies by page, the errors and the seconds measured."""
    people = [Person(base, PEOPLE[i % len(PEOPLE)]) for i in range(users)]
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
        while time.monotonic() < stop_at:
            path = pages[turn % len(pages)]
            turn += 1
            began = time.perf_counter()
            try:
                status, _ = person.fetch(path)
                problem = None if status == 200 else f"{path}: {status}"
            except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the run
                problem = f"{path}: {error}"
            took = time.perf_counter() - began
            with lock:
                if problem:
                    errors.append(problem)
                else:
                    timings[path].append(took)

    threads = [
        threading.Thread(target=run, args=(person, index)) for index, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors, time.monotonic() - start


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
        timings, errors, took = drive(f"http://{bind}", options.users, options.seconds)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
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
