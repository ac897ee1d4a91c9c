"""Hostile inputs (issue 20): each one read by the real CLI in its own process, with its result and the
process's peak memory, as a Markdown table for bench/README.md.

    .venv/bin/python bench/hostile_inputs.py [--work /tmp/hostile] [--quick]

Every input is followed on the command line by a good file, so the table shows that the run goes on.
The gzip bomb (4.4 GB of one endless line in a 4 MB .jsonl.gz) is read by `read`, `code` and `ingest`;
the zip bomb (one 4.3 GB member) and the .csv.gz bomb (one 4.3 GB cell) by `read`. The last rows are
fetching (redirects and feed links to internal addresses, from the tests' local server) and
the API: an unauthenticated 66 MB POST to a served store, timed, with the server's memory before and
after. --quick makes the bombs 100 times smaller (to try the script). Everything is written under
--work and deleted at the end.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVENTWIRE = REPO / ".venv" / "bin" / "eventwire"
GOOD = "Kenya signed a security agreement with Somalia in Nairobi on Friday, the foreign ministry said."
BOMB_BYTES = 4_400_000_000
CHUNK = 16_000_000


def good_file(work: Path) -> Path:
    path = work / "good.jsonl"
    path.write_text(json.dumps({"id": "good-after", "text": GOOD}) + "\n")
    return path


def gzip_bomb(path: Path, size: int, prefix: bytes, filler: bytes) -> None:
    """`prefix` then `filler` repeated to `size` bytes, as a chain of identical gzip members (a file
    of many members is one valid gzip stream): a few MB on disk, made in a second."""
    member = gzip.compress(filler * (CHUNK // len(filler)), compresslevel=9)
    with path.open("wb") as out:
        out.write(gzip.compress(prefix))
        for _ in range(size // CHUNK):
            out.write(member)


def zip_bomb(path: Path, size: int) -> None:
    block = b"a" * CHUNK
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("bomb.jsonl", "w", force_zip64=True) as member:
            for _ in range(size // CHUNK):
                member.write(block)


def small_cases(work: Path) -> list[tuple[str, Path]]:
    """The hostile files of the issue, each a few kilobytes."""
    cases = []

    def case(label: str, name: str, data: bytes | str) -> None:
        path = work / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        cases.append((label, path))

    good = json.dumps({"id": "ok", "text": GOOD})
    case("JSON line: integer of 5,000 digits", "digits.jsonl", '{"id": 1, "text": ' + "9" * 5000 + "}\n" + good + "\n")
    case("JSON line: array nested 100,000 deep", "deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n" + good + "\n")
    case("JSON id with Rich markup `[/x]`", "markup.jsonl", json.dumps({"id": "[/x]", "text": " "}) + "\n" + good + "\n")
    case("JSON id with an escape character", "escape.jsonl", json.dumps({"id": "\x1b[31mred", "text": " "}) + "\n")
    case("CSV: first record of 200,000 characters", "long.csv", f'id,text\n1,"{GOOD} {"x" * 200_000}"\n')
    case("CSV: unterminated quote", "quote.csv", f'id,text\n1,"{GOOD}"\n2,"{GOOD}\n3,{GOOD}\n')
    case("UTF-16 JSON Lines", "utf16.jsonl", (good + "\n").encode("utf-16"))
    case("UTF-16 CSV", "utf16.csv", f'id,text\n1,"{GOOD}"\n'.encode("utf-16"))
    case("HTML nested 10,000 deep", "deep.html", "<div>" * 10_000 + f"<p>{GOOD} {GOOD}</p>" + "</div>" * 10_000)
    case("garbage WARC", "garbage.warc", b"\x00\x01garbage\xff\xfe\x1b[31m [/x]\n" * 100)
    with zipfile.ZipFile(work / "members.zip", "w") as archive:
        archive.writestr("bad.jsonl", "not json\n")
    cases.append(("zip member of bad JSON", work / "members.zip"))
    link = work / "dangling.txt"
    link.symlink_to(work / "nowhere.txt")
    cases.append(("dangling symbolic link", link))
    return cases


def run(command: list[str], env: dict[str, str]) -> tuple[int, str, float, float]:
    """Exit code, stderr, peak resident memory (MiB: Linux gives ru_maxrss in KiB) and seconds of one CLI run."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stderr = process.stderr.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, stderr, usage.ru_maxrss / 1024, time.monotonic() - started


def summary(code: int, stderr: str, note: str) -> str:
    skipped = [line.removeprefix("skipped: ") for line in stderr.splitlines() if line.startswith("skipped:")]
    shown = "; ".join(line.split(": ", 1)[-1] if ": " in line else line for line in skipped[:2])
    return f"exit {code}, {note}; skipped: {shown or 'nothing'}".replace("|", "\\|")


def cli_rows(work: Path, quick: bool) -> list[str]:
    env = {**os.environ, "EVENTWIRE_MODEL": os.environ.get("EVENTWIRE_MODEL", "on")}
    good = good_file(work)
    size = BOMB_BYTES // (100 if quick else 1)
    gzip_bomb(work / "bomb.jsonl.gz", size, b'{"id": "bomb", "text": "', b"a")
    gzip_bomb(work / "bomb.csv.gz", size, b'id,text\n1,"', b"a")
    zip_bomb(work / "bomb.zip", size)
    rows = []
    for name, arguments in (("read", ["read", str(good), "-o", str(work / "out.jsonl")]),
                            ("code", ["code", str(good), "-o", str(work / "events.jsonl")]),
                            ("ingest", ["ingest", str(good), "--db", str(work / "baseline.duckdb")])):
        code, stderr, peak, seconds = run([str(EVENTWIRE), *arguments], env)
        rows.append(f"| the good file alone (baseline: models loaded, one document) | `{name}` | exit {code} "
                    f"({seconds:.0f} s) | {peak:.0f} MiB |")
    bombs = [("gzip bomb .jsonl.gz", work / "bomb.jsonl.gz"), ("gzip bomb .csv.gz", work / "bomb.csv.gz"),
             ("zip bomb (one member)", work / "bomb.zip")]
    for label, path in bombs:
        on_disk = f"{label}, {path.stat().st_size / 1e6:.1f} MB to {size / 1e9:.1f} GB"
        commands = [("read", ["read", str(path), str(good), "-o", str(work / "out.jsonl")])]
        if path.name == "bomb.jsonl.gz":
            commands += [("code", ["code", str(path), str(good), "-o", str(work / "events.jsonl")]),
                         ("ingest", ["ingest", str(path), str(good), "--db", str(work / "store.duckdb")])]
        for name, arguments in commands:
            code, stderr, peak, seconds = run([str(EVENTWIRE), *arguments], env)
            kept = {"read": _count(work / "out.jsonl", "good-after") + " good file after it read",
                    "code": f"{_lines(work / 'events.jsonl')} event records of the good file after it",
                    "ingest": _last(stderr, "new documents")}[name]
            rows.append(f"| {on_disk} | `{name}` | {summary(code, stderr, kept)} ({seconds:.0f} s) | {peak:.0f} MiB |")
    for label, path in small_cases(work):
        code, stderr, peak, _ = run([str(EVENTWIRE), "read", str(path), str(good), "-o", str(work / "out.jsonl")], env)
        rows.append(f"| {label} | `read` | {summary(code, stderr, _count(work / 'out.jsonl', 'good-after') + ' good file after it read; ' + str(_lines(work / 'out.jsonl')) + ' documents in all')} | {peak:.0f} MiB |")
    return rows


def _lines(path: Path) -> int:
    return sum(1 for _ in path.open()) if path.exists() else 0


def _count(path: Path, doc_id: str) -> str:
    found = path.exists() and any(json.loads(line)["id"] == doc_id for line in path.open())
    return "the" if found else "NOT the"


def _last(stderr: str, marker: str) -> str:
    return next((line.split(" in ")[0] for line in reversed(stderr.splitlines()) if marker in line), "no summary")


def fetch_rows(work: Path) -> list[str]:
    """Redirects and feed links to internal addresses, from the tests' local server (127.0.0.1 only)."""
    sys.path.insert(0, str(REPO))
    from tests.local_server import local_site

    rows = []
    quick = ["--timeout", "2", "--retries", "0", "--delay", "0", "--deadline", "5", "-o", str(work / "fetched.jsonl")]
    with local_site() as site:
        for label, path in (("redirect to the same server as `localhost` (loopback, another host)", "/to-localhost"),
                            ("redirect to 169.254.169.254 (cloud metadata)", "/to-metadata"),
                            ("feed linking to `localhost` and 169.254.169.254", "/internal-feed.xml")):
            code, stderr, peak, _ = run([str(EVENTWIRE), "fetch", site.base + path, *quick], dict(os.environ))
            fetched = _last(stderr, "documents fetched")
            rows.append(f"| {label} | `fetch` | {summary(code, stderr, fetched)} | {peak:.0f} MiB |")
    return rows


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def api_rows(work: Path) -> list[str]:
    """An unauthenticated 66 MB POST to a server with ingest enabled: refused from its headers."""
    db = work / "api.duckdb"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(EVENTWIRE), "serve", "--db", str(db), "--port", str(port), "--ingest-token", "bench-token"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/api/events")
                break
            except OSError:
                time.sleep(0.1)
        rows = []
        body = b"[" + b" " * (66_000_000 - 2) + b"]"
        for label, headers in (("no token", {}), ("wrong token", {"Authorization": "Bearer wrong"})):
            before = rss_mb(server.pid)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            started = time.monotonic()
            connection.putrequest("POST", "/api/ingest")
            for name, value in {**headers, "Content-Type": "application/json", "Content-Length": str(len(body))}.items():
                connection.putheader(name, value)
            connection.endheaders()
            try:
                connection.send(body[:65536])  # the server answers from the headers; the rest need not be sent
            except OSError:
                pass
            status = connection.getresponse().status
            elapsed = (time.monotonic() - started) * 1000
            connection.close()
            after = rss_mb(server.pid)
            rows.append(f"| unauthenticated 66 MB POST /api/ingest ({label}) | `serve` | {status} in {elapsed:.0f} ms "
                        f"| server {before:.0f} MiB before, {after:.0f} MiB after |")
        return rows
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/hostile"))
    parser.add_argument("--quick", action="store_true", help="bombs 100 times smaller")
    options = parser.parse_args()
    shutil.rmtree(options.work, ignore_errors=True)
    options.work.mkdir(parents=True)
    try:
        rows = cli_rows(options.work, options.quick) + fetch_rows(options.work) + api_rows(options.work)
    finally:
        shutil.rmtree(options.work, ignore_errors=True)
    print("| input | command | result | peak memory (RSS) |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
