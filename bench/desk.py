"""The desk benchmark: `python -m bench desk [--rulings N] [--sessions N] [--seconds S] [--keep DIR | --reuse DIR]`.

In one run:
- fills a data folder with N rulings (default 100,000) through the store's tables, with
  the columns and keys the store derives (no files are read; `fill`): the generated
  rulings of `bench.search`, with parties as companies, a share of them naming companies
  that recur across many rulings, citing an earlier ruling's case number as their earlier
  instance and sharing an earlier ruling's patent, so that the case page has relatives to
  find; then builds the search index (`rulingdesk index rebuild`); build times printed;
- starts the real desk (`rulingdesk serve`: waitress, its default 8 threads) on 127.0.0.1,
  signs in `--sessions` accounts (default 20) through the login form;
- drives it with wrk (the Debian package; `scripts/system-deps.sh`), one connection per
  session, each request carrying one of the sessions' cookies: first the search page (a
  drug-name part, through the index: the reference), then the case page of random rulings,
  `--seconds` each; p50/p95/max latency and req/s of both, and the case page's ratio to the
  search page. Every response must be a 200 (a login page or an error is counted and fails
  the run).

`--keep DIR` keeps the data folder; `--reuse DIR` measures one kept earlier (same --rulings)
without building it again.

Goal (issue 12, item 7): case page p95 ≤ 150 ms at 100,000 rulings with 20 sessions.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from sqlalchemy import insert

from bench.search import SEED, drug_names, generate, part

REPO = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 150.0
ACCOUNTS = "bench{:02d}"
PASSWORD = "bench-password-1"  # noqa: S105 - the accounts of a throw-away data folder
FREQUENT = 300  # companies that recur across many rulings (a big maker sues or is sued often)
BATCH = 5000  # rulings registered per transaction
READY_SECONDS = 120.0


def _template() -> dict:
    """A full extracted ruling of the corpus (every field the case page shows) to lay the
    generated values over."""
    truth = REPO / "corpus" / "truth" / "01_bj_first_rivaroxaban_stop.json"
    return {"schema": "rulingdesk.ruling/1", "source": {"filename": "bench.pdf"}, "evidence": {}, "warnings": [],
            **json.loads(truth.read_text(encoding="utf-8"))}


def _extracted(template: dict, current: dict, rng: random.Random, earlier: list[tuple[str, str]],
               frequent: list[str]) -> dict:
    """A generated ruling as the extractor would store it, related to earlier ones by chance."""
    parties = [dict(template["parties"][index], name=p["name"], role=p["role"], uscc=None)
               for index, p in enumerate(current["parties"])]
    products = [dict(template["products"][0], **p, party=p["manufacturer"]) for p in current["products"]]
    if rng.random() < 0.3:  # the defendant is one of the makers that recur
        parties[1]["name"] = products[0]["manufacturer"] = products[0]["party"] = rng.choice(frequent)
    patents = [dict(template["patents"][0], **p) for p in current["patents"]]
    prior: list[str] = []
    if earlier and rng.random() < 0.2:  # a later instance of an earlier case, on its patent
        number, patent = rng.choice(earlier[-5000:])
        prior, patents[0]["number"] = [number], patent
    elif earlier and rng.random() < 0.1:  # another case on the same patent
        patents[0]["number"] = rng.choice(earlier)[1]
    return {**template, **current, "authority": dict(template["authority"], **current["authority"]),
            "outcome": dict(template["outcome"], **current["outcome"]), "parties": parties, "products": products,
            "patents": patents, "prior_case_numbers": prior}


def fill(home: Path, count: int) -> list[str]:
    """Register `count` generated rulings in the data folder `home`; returns the search words.

    Rows go in by the thousand (what `add_ruling` stores for each, one flush apiece, is ten
    times slower): the stored file, the ruling with the summary columns the store derives
    (`summary_columns`) and its related-ruling keys (`key_rows`). No audit rows: the pages
    measured do not read them."""
    from bench.search import company
    from store.db import database_url, make_engine
    from store.desk_tables import RulingKey, RulingRecord, StoredFile, utcnow
    from store.ruling_keys import key_rows
    from store.rulings import summary_columns
    from store.sessions import writing

    engine = make_engine(database_url(home))
    rng = random.Random(SEED + 7)
    frequent = sorted({company(rng) for _ in range(FREQUENT)})
    earlier: list[tuple[str, str]] = []
    words: list[str] = []
    rulings = generate(count, drug_names())
    template = _template()
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        files, rows, keys = [], [], []
        for generated in (next(rulings) for _ in range(min(BATCH, count - start))):
            extracted = _extracted(template, generated.current, rng, earlier, frequent)
            sha = f"{generated.id:064x}"
            files.append({"sha256": sha, "kind": "pdf", "size": 1, "filename": generated.filename,
                          "uploaded_at": utcnow()})
            rows.append({"id": generated.id, "sha256": sha, "extracted": json.dumps(extracted, ensure_ascii=False),
                         "created_at": utcnow(), "possible_copy_of": None, **summary_columns(extracted)})
            keys += key_rows(generated.id, extracted)
            earlier.append((extracted["case_number"], extracted["patents"][0]["number"]))
            if len(words) < 200:
                words.append(part(rng, extracted["products"][0]["name"]))
        with writing(engine) as session:
            session.execute(insert(StoredFile), files)
            session.execute(insert(RulingRecord), rows)
            session.execute(insert(RulingKey), keys)
        done = start + len(rows)
        print(f"  registered {done:,} rulings ({done / (time.perf_counter() - started):,.0f}/s)", end="\r", flush=True)
    print()
    engine.dispose()
    return words


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cookie(response: http.client.HTTPResponse) -> str | None:
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.startswith("rulingdesk_session="):
            return value.split(";", 1)[0]
    return None


def sign_in(port: int, username: str) -> str:
    """The session cookie of `username` signed in through the login form."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/login")
    response = connection.getresponse()
    page = response.read().decode("utf-8")
    cookie = _cookie(response)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if cookie is None or token is None:
        raise SystemExit("the login page gave no session cookie or CSRF token")
    form = urlencode({"csrf_token": token[1], "username": username, "password": PASSWORD})
    connection.request("POST", "/login", form, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    signed = _cookie(response)
    if response.status != 302 or signed is None:
        raise SystemExit(f"signing in {username} failed: HTTP {response.status}")
    connection.close()
    return signed


def _get(port: int, path: str, cookie: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


WRK_SCRIPT = """
local cookies = {%(cookies)s}
local paths = {%(paths)s}
local threads = {}
local counter = 1

function setup(thread)
  thread:set("number", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(number * 7919)
  sent, bad = 0, 0
end

function request()
  sent = sent + 1
  return wrk.format("GET", paths[math.random(#paths)], {["Cookie"] = cookies[(sent + number) %% #cookies + 1]})
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, thread in ipairs(threads) do bad_total = bad_total + thread:get("bad") end
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency.max, bad_total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def _lua_strings(values: list[str]) -> str:
    return ", ".join(json.dumps(v) for v in values)  # JSON string literals are Lua string literals here (ASCII)


def load(port: int, cookies: list[str], paths: list[str], seconds: int, label: str) -> dict[str, float]:
    """Run wrk with one connection per session for `seconds`; its figures (ms, req/s)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"cookies": _lua_strings(cookies), "paths": _lua_strings(paths)})
    try:
        threads = min(2, len(cookies))
        run = subprocess.run(["wrk", f"-t{threads}", f"-c{len(cookies)}", f"-d{seconds}s", "--timeout", "60s",
                              "-s", script.name, f"http://127.0.0.1:{port}"],
                             capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    line = next(line for line in run.stdout.splitlines() if line.startswith("RESULT "))
    requests, duration, p50, p95, most, bad, errors = map(int, line.split()[1:])
    figures = {"requests": requests, "rps": requests / (duration / 1e6), "p50": p50 / 1000, "p95": p95 / 1000,
               "max": most / 1000, "bad": bad, "errors": errors}
    print(f"{label:34} p50 {figures['p50']:8.1f} ms   p95 {figures['p95']:8.1f} ms   max {figures['max']:8.1f} ms"
          f"   {figures['rps']:7.1f} req/s   ({requests} requests, {bad} not 200, {errors} socket errors)")
    return figures


def serve(home: Path, port: int) -> subprocess.Popen:
    """The desk as `rulingdesk serve` runs it, answering on `port`."""
    env = {**os.environ, "RULINGDESK_HOME": str(home)}
    server = subprocess.Popen([sys.executable, "-m", "rulingdesk", "serve", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the desk did not start:\n{server.stderr.read().decode() if server.stderr else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the desk did not answer in time")


def build(home: Path, count: int) -> list[str]:
    from store.db import database_url, make_engine
    from store.search_index import SearchIndex, index_dir, indexed_rulings, prepare
    from store.users import create_user

    started = time.perf_counter()
    words = fill(home, count)
    registered = time.perf_counter() - started
    engine = make_engine(database_url(home))
    for number in range(1, 51):
        create_user(engine, ACCOUNTS.format(number), PASSWORD, "clerk")
    started = time.perf_counter()
    # what `rulingdesk index rebuild` does, tokenised in a process per core
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        SearchIndex(index_dir(home)).replace_prepared(pool.imap(prepare, indexed_rulings(engine), chunksize=32))
    indexed = time.perf_counter() - started
    engine.dispose()
    (home / "bench-words.json").write_text(json.dumps({"rulings": count, "words": words}, ensure_ascii=False))
    size = sum(p.stat().st_size for p in home.rglob("*") if p.is_file())
    print(f"data folder: {count:,} rulings registered in {registered:.0f} s ({count / registered:,.0f}/s), "
          f"search index built in {indexed:.0f} s; {size / 1e6:,.0f} MB")
    return words


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench desk")
    parser.add_argument("--rulings", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=20, help="signed-in sessions, one connection each (at most 50)")
    parser.add_argument("--seconds", type=int, default=20, help="of load on each page")
    kept = parser.add_mutually_exclusive_group()
    kept.add_argument("--keep", type=Path, help="build the data folder here and keep it")
    kept.add_argument("--reuse", type=Path, help="measure a data folder kept by an earlier --keep")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian package wrk; scripts/system-deps.sh installs it)", file=sys.stderr)
        return 1
    home = args.reuse or args.keep or Path(tempfile.mkdtemp(prefix="bench-desk-"))
    try:
        if args.reuse:
            stored = json.loads((home / "bench-words.json").read_text(encoding="utf-8"))
            if stored["rulings"] != args.rulings:
                raise SystemExit(f"{home} holds {stored['rulings']:,} rulings, not {args.rulings:,}")
            words = stored["words"]
        else:
            home.mkdir(parents=True, exist_ok=True)
            words = build(home, args.rulings)
        port = _free_port()
        server = serve(home, port)
        try:
            cookies = [sign_in(port, ACCOUNTS.format(number)) for number in range(1, args.sessions + 1)]
            rng = random.Random(SEED + 9)
            cases = [f"/cases/{rng.randint(1, args.rulings)}" for _ in range(500)]
            searches = [f"/search?q={quote(word)}" for word in words]
            for path in (cases[0], searches[0]):  # the pages answer, signed in, before they are timed
                status, body = _get(port, path, cookies[0])
                if status != 200 or "相关裁决" not in body and path.startswith("/cases"):
                    raise SystemExit(f"{path}: HTTP {status}, not the page expected")
            print(f"desk on 127.0.0.1:{port}, {args.rulings:,} rulings, {len(cookies)} sessions, "
                  f"{args.seconds} s per page (wrk, one connection per session)")
            search = load(port, cookies, searches, args.seconds, "search page (reference)")
            case = load(port, cookies, cases, args.seconds, "case page")
        finally:
            server.terminate()
            server.wait(timeout=60)
        print(f"case page / search page: p50 {case['p50'] / search['p50']:.2f}×, p95 {case['p95'] / search['p95']:.2f}×, "
              f"req/s {case['rps'] / search['rps']:.2f}×")
        met = case["requests"] > 0 and case["p95"] <= TARGET_P95_MS
        print(f"goal: case page p95 ≤ {TARGET_P95_MS:.0f} ms with {len(cookies)} sessions: "
              f"{'met' if met else 'NOT met'} ({case['p95']:.1f} ms)")
        failed = case["bad"] + case["errors"] + search["bad"] + search["errors"] + (not search["requests"])
        return 0 if met and not failed else 1
    finally:
        if not (args.keep or args.reuse):
            shutil.rmtree(home, ignore_errors=True)
