"""Load test: the demo council served by `goldenthread serve` (gunicorn) on a loopback port,
driven by concurrent signed-in people through the quarter-end journeys for a fixed time.

    python -m bench.load [--users 50] [--seconds 30] [--think 5] [--seed 1]
                         [--documents 1] [--workers 3] [--threads 4]

On a throwaway SQLite database in a temporary folder, or on PostgreSQL when DATABASE_URL is
set (run under scripts/with-postgres). Prints requests a second, p50 and p95 latency of the
pages and per page, the report documents separately, and the errors (any answer other than
the one expected, or a failed connection).

Think time. Real people read a page before they click the next one, so every load-testing
tool models a pause between requests (locust's `wait_time`, JMeter's timers). Each simulated
person here waits `--think` seconds on average after each page, each pause drawn at random
(uniformly between half and one and a half times the mean, from `--seed`, so a run can be
repeated) and the first one too, so that people do not all start at the same instant. The
default, 5 s, is deliberately short: reading a dashboard, an indicator's page or a report
takes far longer than that, and entering a return longer still, so 50 people pausing 5 s
ask for more pages a second (about 10) than 50 real people at their desks would. It is the
issue's "50 concurrent users" on the harsh side of realistic. `--think 0` fetches pages back
to back with no pause: a stress run that measures the most the server can do (its
saturation throughput), where latency is only the length of the queue.

Before timing, everyone fetches two pages at once, untimed, so that each gunicorn worker
has built its URL patterns, compiled its templates and loaded its chart fonts, as a server
that has been up for a while has: the first of each page in a fresh worker costs up to a
second of CPU more.

The journeys. Everyone goes round the pages people use at quarter-end (home, dashboards,
indicators and an indicator, objectives, actions, risks, returns and approvals, the report
list and a committee's quarterly report as a page), starting at a different place each.
Report generation: the first `--documents` people among the councillors download that
committee report as PDF and then as Word, the way the page does it (the download link
queues a run, the progress page's script asks for its status every 1.5 s, then the file is
fetched). The runs are made as in production, by the report worker (`goldenthread
reports_work`, GOLDENTHREAD_REPORT_WORKER=1) in a process of its own at `nice` 10, not by a
thread in a gunicorn worker; the time from the click to the last byte of the file is reported
as the document's, apart from the pages (a 30-page PDF is a document, not a page, and the
300 ms goal is for pages).

Returns under contention. The demo leaves a few returns open for this quarter, and besides
the lead officer the managers and heads over the indicator's unit and the performance admins
may enter each of them, so everyone who may (in their first browser; their other sessions
only read) works on the same few returns at once, before reading pages: fetch the form, save
a draft, submit from the form it comes back as, pausing after each step as after a page. A
save over a version someone else has saved since is answered with the form's conflict
message (the person fetches the form again and carries on); a save after someone else's
submission is refused (the return is closed). Before the timed run a probe checks the
conflict once on purpose: two people open the same return, the first saves, and the second's
save over the stale version must show the conflict message and leave the first one's value
in place.

Afterwards the database is read again (a fresh interpreter with the load test's settings):
every accepted save must be in its return's history (none lost), made from the version
saved just before it (else it overwrote a save its person had not seen: a lost update),
with nothing else stored in between, the return as stored being the last state; and there
must be one return per indicator and period (none duplicated). Any lost or duplicated
return, or a failed probe, fails the run.
"""

import argparse
import atexit
import contextlib
import http.cookiejar
import json
import os
import random
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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

# A spread of the demo's people: officers enter returns, managers and heads approve (and may
# enter their units' returns), members read, the performance lead does everything.
PEOPLE = [
    "officer.estates",
    "officer.options",
    "officer.cleansing",
    "head.housing",
    "cllr.scrutiny",
    "director.dns",
    "performance.lead",
    "cllr.monitor",
    "auditor",
    "manager.estates",
]
COUNCILLORS = {"cllr.scrutiny", "cllr.monitor"}
# People who may not enter any return (members, audit, a director): they only read.
READERS = COUNCILLORS | {"auditor", "director.dns"}
OFFICERS = {name for name in PEOPLE if name.startswith("officer.")}
# (label, path): the pages everyone goes round; {…} are filled in from the demo's own links.
PAGES = [
    ("home", "/"),
    ("dashboard", "/dashboards/"),
    ("indicator list", "/indicators/"),
    ("indicator", "{indicator}"),
    ("my returns", "/returns/"),
    ("approvals", "/returns/approvals/"),
    ("objectives", "/objectives/"),
    ("objective", "{objective}"),
    ("actions", "/actions/"),
    ("risks", "/risks/"),
    ("report list", "/reports/"),
    ("committee report", "{report}"),
]
# The states on /returns/ (its STATE_LABELS) in which the officer can still enter the return.
OPEN_STATES = ["To do", "Due soon", "Overdue", "Draft saved", "Sent back"]
OPEN_TAG = r"govuk-tag[^>]*>(?:" + "|".join(OPEN_STATES) + ")</strong>"
RETURN_LINK = r'href="(/indicators/\d+/returns/\d+/)"'
CONFLICT = "Someone else saved this while you were editing it."
CLOSED = "it can no longer be changed."
POLL_SECONDS = 1.5  # as the progress page's script (reporting/js/run-progress.js)
NOT_YET_SAVED = "new"  # the version a return's form carries before the return exists
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
        self.username = username
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = self.fetch("/sign-in/")[1]
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": _csrf(page), "username": username, "password": PASSWORD}
        ).encode()
        status, page = self.fetch("/sign-in/", data=form)
        if status != 200 or "Sign out" not in page:
            raise SystemExit(f"{username} could not sign in ({status})")

    def fetch(self, path: str, data: bytes | None = None) -> tuple[int, str]:
        status, body, _url = self.fetch_bytes(path, data)
        return status, body.decode()

    def fetch_bytes(self, path: str, data: bytes | None = None) -> tuple[int, bytes, str]:
        """Status, body and the address it ended at (after any redirects)."""
        url = path if path.startswith("http") else self.base + path
        request = urllib.request.Request(url, data=data)  # noqa: S310 - loopback
        with self.opener.open(request, timeout=60) as response:  # nosec B310
            return response.status, response.read(), response.geturl()


def _csrf(page: str) -> str:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise ValueError("no CSRF token on the page")
    return token.group(1)


def _version(page: str) -> str | None:
    found = re.search(r'name="edit_version" value="([^"]*)"', page)
    return None if found is None else found.group(1)


def _field_value(page: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    value = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    return value.group(1) if value else None


@dataclass
class Accepted:
    """One POST to a return form that the server accepted (its success message shown)."""

    path: str
    submit: bool
    field: str  # "value", or "narrative" for a qualitative indicator
    sent: str
    version_sent: str  # the version of the return the form was drawn from ("new": none yet)


@dataclass
class Outcomes:
    """What the return POSTs met, across everyone."""

    accepted: list[Accepted] = field(default_factory=list)
    conflicts: int = 0  # answered with the conflict message
    closed: int = 0  # refused because someone else had submitted it
    probe: str = ""  # what the stale-version probe saw
    probe_problem: str = ""


def _return_fields(page: str, submit: bool, tag: int, step: int) -> tuple[dict[str, str], str, str]:
    """The form's fields filled in (valid whatever the RAG status), the field and value sent."""
    fields = {"csrfmiddlewaretoken": _csrf(page)}
    version = _version(page)
    if version is not None:
        fields["edit_version"] = version
    if 'name="narrative"' in page:
        name, sent = "narrative", f"Load test narrative {tag}.{step}"
        judgement = re.search(
            r'<input[^>]*type="radio"[^>]*name="judgement"[^>]*value="([^"]+)"|'
            r'<input[^>]*name="judgement"[^>]*type="radio"[^>]*value="([^"]+)"|'
            r'<input[^>]*value="([^"]+)"[^>]*name="judgement"',
            page,
        )
        if judgement is not None:
            fields["judgement"] = next(group for group in judgement.groups() if group)
    else:
        # Within 0-100, so valid for a percentage, and distinct for each person and step
        # (up to 80 people); unusual values are confirmed below.
        name, sent = "value", f"{10 + tag % 80}.{step % 100:02d}"
    fields[name] = sent
    fields |= {
        "commentary": "Load test commentary.",
        "remedial_action": "Load test remedial action.",
        "outlier_confirmed": "on",
        "outlier_explanation": "Load test value.",
        "submit" if submit else "save": "1",
    }
    return fields, name, sent


def _post_return(
    person: Person, path: str, page: str, submit: bool, tag: int, step: int, outcomes: Outcomes
) -> tuple[str, str | None, str]:
    """Saves or submits the form drawn on `page`. Returns what happened ("accepted",
    "conflict", "closed"), a problem if any, and the page answered."""
    fields, name, sent = _return_fields(page, submit, tag, step)
    status, answer = person.fetch(path, data=urllib.parse.urlencode(fields).encode())
    success = "has been submitted for approval." if submit else "Your draft has been saved."
    if status == 200 and success in answer:
        outcomes.accepted.append(Accepted(path, submit, name, sent, fields.get("edit_version", "")))
        return "accepted", None, answer
    if status == 200 and CONFLICT in answer:
        outcomes.conflicts += 1
        return "conflict", None, answer
    if status == 200 and CLOSED in answer:
        outcomes.closed += 1
        return "closed", None, answer
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', answer, re.S)
    detail = re.sub(r"<[^>]+>|\s+", " ", summary.group(1)).strip() if summary else ""
    kind = "submit" if submit else "draft"
    return "error", f"POST return {kind} {path} not accepted: {status} {detail}"[:300], answer


class Returns:
    """The open returns one person works through, a step at a time with a pause after each:
    fetch the form, save a draft (which comes back as the form), submit. A conflict sends
    them back to fetch the form again; a return someone else has submitted (or that they may
    not enter) is skipped."""

    def __init__(self, person: Person, paths: list[str], tag: int, outcomes: Outcomes) -> None:
        self.person = person
        self.paths = paths
        self.tag = tag
        self.outcomes = outcomes
        self.index = 0
        self.stage = 0  # 0 fetch, 1 save a draft, 2 fetch again after a conflict, 3 submit
        self.steps = 0
        self.page = ""

    @property
    def pending(self) -> bool:
        return self.index < len(self.paths)

    def _next_return(self) -> None:
        self.index += 1
        self.stage = 0

    def next(self) -> tuple[str, str | None]:
        """Takes one step; returns the label timed and a problem, if any."""
        path = self.paths[self.index]
        self.steps += 1
        if self.stage in {0, 2}:
            status, self.page = self.person.fetch(path)
            if status != 200:
                return "return form", f"{path}: {status}"
            if 'name="submit"' not in self.page:
                self._next_return()  # submitted by someone, or not theirs to enter
            else:
                self.stage += 1
            return "return form", None
        submit = self.stage == 3
        label = "return " + ("submit" if submit else "draft") + " (POST)"
        outcome, problem, answer = _post_return(
            self.person, path, self.page, submit, self.tag, self.steps, self.outcomes
        )
        if outcome == "accepted" and submit:
            self._next_return()
        elif outcome == "accepted":
            # A saved draft comes back as its form, with its new version: submit from it.
            self.page, self.stage = answer, 3
        elif outcome == "conflict":
            self.stage -= 1  # read the other person's version, then carry on
        elif outcome == "closed":
            self._next_return()
        return label, problem


def _first_link(page: str, pattern: str) -> str:
    found = re.search(pattern, page)
    if found is None:
        raise SystemExit(f"no link like {pattern} on the page")
    return found.group(0).strip('"')


def _open_returns(people: list[Person]) -> list[str]:
    """The returns still open on the officers' own /returns/ lists, in a fixed order."""
    paths: set[str] = set()
    for person in people:
        if person.username not in OFFICERS:
            continue
        listing = person.fetch("/returns/")[1]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", listing, re.S):
            link = re.search(RETURN_LINK, row)
            if link and re.search(OPEN_TAG, row):
                paths.add(link.group(1))
    return sorted(paths)


def _probe(people: list[Person], paths: list[str], outcomes: Outcomes) -> None:
    """Two people open the same return; the first saves; the second saves over the version
    they were shown. The second must get the conflict message and the first's value stay."""
    for path in paths:
        editors = []
        for person in people:
            if person.username in {each.username for each, _page in editors}:
                continue
            page = person.fetch(path)[1]
            if 'name="submit"' in page:
                editors.append((person, page))
            if len(editors) == 2:
                break
        if len(editors) < 2:
            continue
        (first, first_page), (second, second_page) = editors
        kept, _, _ = _post_return(first, path, first_page, False, 998, 1, outcomes)
        if kept != "accepted":
            outcomes.probe_problem = f"probe: {first.username}'s draft of {path} was {kept}"
            return
        sent = outcomes.accepted[-1].sent
        answer, _, _ = _post_return(second, path, second_page, False, 999, 1, outcomes)
        stored = _field_value(first.fetch(path)[1], "value")
        outcomes.probe = (
            f"{first.username} and {second.username} opened {path}; {first.username} saved "
            f"{sent}; {second.username}'s save over the stale version was answered with "
            f"{'the conflict message' if answer == 'conflict' else repr(answer)}; the form "
            f"then showed {stored}"
        )
        if answer != "conflict" or stored is None or Decimal(stored) != Decimal(sent):
            outcomes.probe_problem = "stale-version probe failed: " + outcomes.probe
        return
    outcomes.probe = "no open return that two of the people signed in may enter"


def _warm(people: list[Person], pages: list[tuple[str, str]]) -> None:
    """Untimed: everyone fetches two of the pages at once, so that each worker process has
    built its URL patterns, compiled its templates and loaded its chart fonts, as a server
    that has been up for a while has (the first of each page in a worker costs up to a
    second of CPU more)."""

    def fetch(index: int, person: Person) -> None:
        for turn in (index, index + len(pages) // 2):
            # Warming only: failures are counted in the run itself.
            with contextlib.suppress(Exception):
                person.fetch(pages[turn % len(pages)][1])

    threads = [threading.Thread(target=fetch, args=pair) for pair in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@dataclass
class Measured:
    timings: dict[str, list[float]]  # seconds, by label
    kinds: dict[str, str]  # label: "page", "document" or "status"
    errors: list[str]
    seconds: float  # until the last person fetching pages stopped
    requests: int
    outcomes: Outcomes


def drive(
    base: str, users: int, seconds: float, think: float, seed: int, documents: int
) -> Measured:
    """Signs `users` people in, then each goes round the journeys until the time is up,
    pausing `think` seconds on average after each step. Returns what was measured."""
    names = [PEOPLE[i % len(PEOPLE)] for i in range(users)]
    print(f"signing {users} people in", file=sys.stderr, flush=True)
    people = [Person(base, name) for name in names]
    outcomes = Outcomes()
    paths = _open_returns(people)
    _probe(people, paths, outcomes)
    first = people[0]
    indicator = _first_link(first.fetch("/indicators/")[1], r'"/indicators/\d+/"')
    objective = _first_link(first.fetch("/objectives/")[1], r'"/objectives/\d+/"')
    options = re.findall(r'<option value="([a-z0-9-]+)"', first.fetch("/reports/")[1])
    committee = next((slug for slug in options if "scrutiny" in slug), None)
    if committee is None:
        raise SystemExit("no scrutiny committee on the report list")
    report = f"/reports/quarterly/?committee={committee}"
    pages = [
        (label, path.format(indicator=indicator, objective=objective, report=report))
        for label, path in PAGES
    ]
    _warm(people, pages)
    # Everyone who may enter any of the open returns works on them, in their first browser
    # (a person has one; their other sessions only read); the form says who may.
    writers = {}
    for index, person in enumerate(people):
        writers.setdefault(person.username, index)
    work = {
        index: Returns(
            person, paths[index % len(paths) :] + paths[: index % len(paths)], index, outcomes
        )
        for index, person in enumerate(people)
        if paths and person.username not in READERS and writers[person.username] == index
    }
    downloaders = [index for index, name in enumerate(names) if name in COUNCILLORS][:documents]
    timings: dict[str, list[float]] = defaultdict(list)
    kinds: dict[str, str] = {}
    errors: list[str] = []
    counted = Counter[str]()
    lock = threading.Lock()
    start = time.monotonic()
    stop_at = start + seconds

    def record(label: str, kind: str, took: float | None, problem: str | None) -> None:
        with lock:
            counted["requests"] += 1
            kinds[label] = kind
            if problem:
                errors.append(problem)
            elif took is not None:
                timings[label].append(took)

    def download(person: Person, fmt: str) -> None:
        """Clicks the report's download link, follows its progress, fetches the file."""
        label = f"committee report, {fmt.upper()}"
        began = time.perf_counter()
        try:
            status, _body, url = person.fetch_bytes(
                f"/reports/quarterly/download/?committee={committee}&format={fmt}"
            )
            record("report progress page", "page", time.perf_counter() - began, None)
            run = re.search(r"/reports/runs/([0-9a-f-]+)/", url)
            if status != 200 or run is None:
                record(label, "document", None, f"{label}: no progress page ({status} {url})")
                return
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                time.sleep(POLL_SECONDS)
                polled = time.perf_counter()
                state = json.loads(person.fetch(f"/reports/runs/{run.group(1)}/status/")[1])
                record("report status (JSON)", "status", time.perf_counter() - polled, None)
                if state["status"] == "done":
                    status, content, _ = person.fetch_bytes(state["file_url"])
                    ok = status == 200 and len(content) > 1000
                    problem = None if ok else f"{label}: file {status}, {len(content)} bytes"
                    record(label, "document", time.perf_counter() - began, problem)
                    return
                if state["status"] == "failed":
                    record(label, "document", None, f"{label}: failed: {state['message']}")
                    return
            record(label, "document", None, f"{label}: not ready after 300 s")
        except Exception as error:  # noqa: BLE001 - counted, like any other failure
            record(label, "document", None, f"{label}: {error}")

    def run(person: Person, offset: int) -> None:
        rng = random.Random(seed * 1_000_003 + offset)  # noqa: S311 - pauses, not secrets
        turn = offset
        returns = work.get(offset)
        to_download = ["pdf", "docx"] if offset in downloaders else []
        if think:
            time.sleep(rng.uniform(0, think))  # people arrive over the first pause
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            if to_download and turn - offset >= 2:  # after two pages: the PDF, then Word
                for fmt in to_download:  # waited for even past the end of the run
                    download(person, fmt)
                to_download = []
            elif returns is not None and returns.pending:  # their returns first
                label = "return form"
                try:
                    label, problem = returns.next()
                except Exception as error:  # noqa: BLE001 - counted, like any other failure
                    problem = f"{label}: {error}"
                record(label, "page", time.perf_counter() - began, problem)
            else:
                label, path = pages[turn % len(pages)]
                try:
                    status, _ = person.fetch(path)
                    problem = None if status == 200 else f"{path}: {status}"
                except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the run
                    problem = f"{path}: {error}"
                record(label, "page", time.perf_counter() - began, problem)
            turn += 1
            pause = rng.uniform(0.5, 1.5) * think
            if time.monotonic() + pause >= stop_at:
                break
            time.sleep(pause)
        if offset not in downloaders:
            with lock:
                ended.append(time.monotonic())

    ended: list[float] = []
    threads = [
        threading.Thread(target=run, args=(person, index)) for index, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Over the time the pages were being fetched, not the wait for the last document.
    took = max(ended, default=time.monotonic()) - start
    return Measured(dict(timings), kinds, errors, took, counted["requests"], outcomes)


# Run in a fresh interpreter with the load test's environment, so it reads the same database.
# For each return written: every state it was saved in (its history, oldest first) with the
# version the form showed for that state, and the version stored now.
READ_RETURNS = """
import json, sys
import django
django.setup()
from django.db.models import Count
from goldenthread.forms import version_token
from goldenthread.indicators.models import IndicatorReturn
wanted = set(json.loads(sys.argv[1]))
returns = {}
for row in IndicatorReturn.objects.all():
    key = f"{row.indicator_id}/{row.period_id}"
    if key not in wanted:
        continue
    states = []
    for old in row.history.order_by("history_date", "history_id"):
        saved = old.instance
        value = None if saved.value is None else str(saved.value)
        states.append([version_token(saved), saved.status, value, saved.narrative])
    returns[key] = {"states": states, "now": version_token(row)}
counts = IndicatorReturn.objects.values("indicator_id", "period_id").annotate(n=Count("id"))
json.dump({
    "returns": returns,
    "counts": {f"{c['indicator_id']}/{c['period_id']}": c["n"] for c in counts},
}, sys.stdout)
"""


def _key(path: str) -> str:
    return "/".join(re.findall(r"\d+", path))


def _same(post: Accepted, value: str | None, narrative: str) -> bool:
    if post.field == "narrative":
        return narrative == post.sent
    return value is not None and Decimal(value) == Decimal(post.sent)


def _check_one(key: str, posts: list[Accepted], stored: dict | None) -> list[str]:
    """The problems with one return: an accepted save missing from its history (lost), made
    from a version other than the one just before it (a lost update: it overwrote a save its
    person had not seen), or a state stored that no accepted save made."""
    if stored is None:
        return [f"{key}: saved but not in the database"]
    states = stored["states"]
    problems, placed = [], {}
    for post in posts:
        status = "submitted" if post.submit else "draft"
        where = next(
            (
                index
                for index, (_version, kept, value, narrative) in enumerate(states)
                if kept == status and _same(post, value, narrative)
            ),
            None,
        )
        if where is None:
            problems.append(f"{key}: {post.sent!r} accepted but never stored")
            continue
        placed[where] = post
        before = states[where - 1][0] if where else NOT_YET_SAVED
        if post.version_sent != before:
            problems.append(f"{key}: {post.sent!r} saved over a version its person had not seen")
    if states and stored["now"] != states[-1][0]:
        problems.append(f"{key}: stored return differs from its last saved state")
    ours = range(min(placed, default=len(states)), len(states))
    strays = [index for index in ours if index not in placed]
    if strays:
        problems.append(f"{key}: {len(strays)} states stored that no accepted save made")
    return problems


def check_returns(env: dict[str, str], outcomes: Outcomes) -> tuple[str, list[str]]:
    """Reads the database after the run: each accepted save is in its return's history, made
    from the version just before it, and nothing else was stored in between; one return
    per indicator and period. Returns a summary and the problems."""
    by_return: dict[str, list[Accepted]] = defaultdict(list)
    for post in outcomes.accepted:
        by_return[_key(post.path)].append(post)
    output = subprocess.run(  # noqa: S603  # nosec B603
        [sys.executable, "-c", READ_RETURNS, json.dumps(sorted(by_return))],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    stored = json.loads(output)
    problems = list(filter(None, [outcomes.probe_problem]))
    lost = 0
    for key, posts in sorted(by_return.items()):
        found = _check_one(key, posts, stored["returns"].get(key))
        lost += bool(found)
        problems += found
    duplicated = sum(1 for count in stored["counts"].values() if count > 1)
    problems += [f"{key}: {count} returns" for key, count in stored["counts"].items() if count > 1]
    submitted = sum(1 for post in outcomes.accepted if post.submit)
    drafts = len(outcomes.accepted) - submitted
    summary = (
        f"returns: {len(by_return)} written by several people, {drafts} drafts and "
        f"{submitted} submissions accepted, {outcomes.conflicts} conflicts answered, "
        f"{outcomes.closed} refused as already submitted; {lost} with a lost save, "
        f"{duplicated} duplicated"
    )
    return summary, problems


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}"


def main(argv: list[str] | None = None) -> list[dict[str, object]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--think", type=float, default=5.0, help="mean pause after each page, s (0: none)"
    )
    parser.add_argument("--seed", type=int, default=1, help="for the pauses")
    parser.add_argument(
        "--documents", type=int, default=1, help="councillors who download PDF and Word"
    )
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
        "GOLDENTHREAD_REPORT_WORKER": "1",
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
    worker = subprocess.Popen(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "goldenthread", "reports_work"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=lambda: os.nice(10),  # below the web processes, as in production
    )
    try:
        _wait_for(port, server)
        measured = drive(
            f"http://{bind}",
            options.users,
            options.seconds,
            options.think,
            options.seed,
            options.documents,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        with contextlib.suppress(ProcessLookupError):  # unless it has stopped already
            os.killpg(worker.pid, signal.SIGTERM)  # it stops once the run in hand is made
        server.wait(timeout=30)
        worker.wait(timeout=120)
    if worker.returncode:
        raise SystemExit(f"the report worker stopped with exit code {worker.returncode}")
    summary, problems = check_returns(env, measured.outcomes)
    timings, kinds = measured.timings, measured.kinds
    pages = [
        value for label, values in timings.items() if kinds[label] == "page" for value in values
    ]
    if not pages:
        raise SystemExit(f"no page was fetched; first errors: {measured.errors[:5]}")
    took = measured.seconds
    print(
        f"{options.users} users, think {options.think:g} s, {options.workers} workers × "
        f"{options.threads} threads, {took:.0f} s: {measured.requests} requests, "
        f"{measured.requests / took:.1f} requests/s; pages: {len(pages)}, "
        f"p50 {_ms(statistics.median(pages))} ms, p95 {_ms(_percentile(pages, 0.95))} ms, "
        f"max {_ms(max(pages))} ms; errors {len(measured.errors)}"
    )
    for kind in ("page", "status", "document"):
        for label, values in sorted(timings.items()):
            if kinds[label] == kind:
                print(
                    f"  {kind:<8} {label:<26} {len(values):>5} × p50 "
                    f"{_ms(statistics.median(values)):>6} ms  p95 "
                    f"{_ms(_percentile(values, 0.95)):>6} ms  max {_ms(max(values)):>6} ms"
                )
    for error in measured.errors[:10]:
        print(f"  error: {error}")
    print(summary)
    print(f"stale-version probe: {measured.outcomes.probe}")
    for problem in problems[:10]:
        print(f"  returns problem: {problem}")
    if problems:
        raise SystemExit(f"load: {summary}")
    return [
        {
            "operation": f"load: {options.users} users, think {options.think:g} s, p95 of pages",
            "rows": len(pages),
            "ours_s": _percentile(pages, 0.95),
            "raw_s": None,
        }
    ]


if __name__ == "__main__":
    main()
