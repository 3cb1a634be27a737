"""The CSV exports through a real HTTP server (issue 19): time to first byte, total time, bytes and peak memory.

    .venv/bin/python bench/export.py --scale small            # builds the bench organisation (or --reuse it)
    .venv/bin/python bench/export.py --reuse                  # the full scale that bench/run.py left in bench/out/
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/export.py --scale small

Serves bench/wsgi.py with gunicorn (one sync worker, its default 30 s timeout: a download that takes longer is
cut off, as in production; `--worker-class gthread` keeps the heartbeat going while a thread streams) and downloads
each export as the werkbegeleider, with a browser's Accept-Encoding.
Reports per export: the median time to the first byte of the body and to the last, the worker's CPU time (the
wall time on a shared machine includes the others' load), the bytes on the wire, the
CSV's lines and its SHA-256 (to compare two runs byte for byte), the worker's peak RSS during the download (its
high-water mark, reset before each download) next to its RSS before it, and whether the access log's line holds
the CSV's row count. Writes bench/out/export-<db>-<scale>.md and .json; --previous prints the old numbers beside.
"""
import argparse
import hashlib
import http.client
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import OUT, SCALES, TODAY, build, machine  # noqa: E402

BIN = Path(sys.executable).parent
PORT = 8791
BROWSER_ENCODING = "gzip, deflate, br, zstd"
LOGIN = {"email": "werkbegeleider@dagdeel.test", "password": "demo-werkbegeleider"}


def exports() -> dict:
    """label: path. A year and ten years of payouts and attendance, and every worker."""
    year, ten = TODAY - timedelta(days=365), TODAY.replace(year=TODAY.year - 10)
    return {"payouts CSV, one year": f"/uitbetaling/export.csv?van={year}&tot={TODAY}",
            "payouts CSV, ten years": f"/uitbetaling/export.csv?van={ten}&tot={TODAY}",
            "attendance CSV, one year": f"/werkvloer/export.csv?van={year}&tot={TODAY}",
            "attendance CSV, ten years": f"/werkvloer/export.csv?van={ten}&tot={TODAY}",
            "workers CSV": "/medewerkers/export.csv"}


def serve(url: str, timeout: int, worker_class: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "DAGDEEL_NOW": f"{TODAY}T14:05", "SECRET_KEY": "bench-export",
           "DAGDEEL_DATA_KEYS": "2BJ-2erO7jaYtNHXVF-5563Vl4VsD3P9FdBlgX9XdYM="}  # conftest's test key, as generated
    server = subprocess.Popen([str(BIN / "gunicorn"), "-w", "1", "-k", worker_class, "-b", f"127.0.0.1:{PORT}", "--timeout", str(timeout),
                               "--log-level", "warning", "bench.wsgi:app"], env=env, cwd=Path(__file__).parent.parent)
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start")


def worker_pid(master: int) -> int:
    """The one worker gunicorn forked (it forks a new one after a timeout)."""
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("no gunicorn worker")


def memory(pid: int) -> dict:
    """VmRSS and VmHWM (the peak since the last reset) in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return {k: int(re.search(rf"{k}:\s+(\d+) kB", status).group(1)) / 1024 for k in ("VmRSS", "VmHWM")}


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far (user + system): the wall time on a shared machine includes others' load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # Linux: the high-water mark restarts from the current RSS


def login(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base}/inloggen").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({**LOGIN, "csrf_token": token}).encode()
    opener.open(urllib.request.Request(f"{base}/inloggen", data=data))
    return opener


def download(opener, url: str, encoding: str) -> dict:
    """One download, read as it arrives: seconds to the first body byte and to the last, bytes, and the body."""
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    first, chunks = None, []
    try:
        with opener.open(request, timeout=900) as response:
            assert response.status == 200 and response.headers.get_content_type() == "text/csv", response.status
            while chunk := response.read1(65536):
                first = first or time.perf_counter()
                chunks.append(chunk)
    except (urllib.error.URLError, http.client.IncompleteRead, ConnectionError) as error:
        return {"error": f"{type(error).__name__} after {time.perf_counter() - started:.1f} s", "ttfb": first and first - started}
    return {"ttfb": first - started, "total": time.perf_counter() - started, "body": b"".join(chunks),
            "encoding": response.headers.get("Content-Encoding", "identity")}


def logged_rows(engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text("SELECT detail FROM access_log WHERE action = 'export' ORDER BY id DESC LIMIT 1")).scalar()


def measure(server, opener, engine, base: str, path: str, n: int) -> dict:
    """n downloads as a browser asks (compressed) and one uncompressed for the CSV itself."""
    runs, peaks, cpu = [], [], []
    for _ in range(n):
        pid = worker_pid(server.pid)
        reset_peak(pid)
        before, cpu_before = memory(pid)["VmRSS"], cpu_seconds(pid)
        run = download(opener, base + path, BROWSER_ENCODING)
        if "error" in run:
            return {"error": run["error"], "rss_before_mib": round(before, 1)}
        peaks.append(memory(pid)["VmHWM"])
        cpu.append(cpu_seconds(pid) - cpu_before)
        runs.append(run)
    plain = download(opener, base + path, "identity")
    csv_bytes = plain["body"]
    rows = csv_bytes.count(b"\r\n") - 1
    detail = logged_rows(engine)
    return {"n": n, "ttfb_ms": round(statistics.median(r["ttfb"] for r in runs) * 1000),
            "total_ms": round(statistics.median(r["total"] for r in runs) * 1000),
            "max_total_ms": round(max(r["total"] for r in runs) * 1000), "cpu_ms": round(statistics.median(cpu) * 1000),
            "wire_bytes": len(runs[-1]["body"]), "encoding": runs[-1]["encoding"], "csv_bytes": len(csv_bytes),
            "csv_lines": rows, "sha256": hashlib.sha256(csv_bytes).hexdigest(),
            "rss_before_mib": round(before, 1), "peak_rss_mib": round(max(peaks), 1),
            "logged": detail, "log_matches": bool(detail) and detail.endswith(f": {rows} regels")}


def markdown(report: dict, previous: dict | None) -> str:
    lines = [f"# Exports through gunicorn — {report['database']}, scale {report['scale']}", "",
             f"One {report.get('worker_class', 'sync')} worker, timeout {report['timeout']} s; {report['requests']} downloads each (median), "
             f"Accept-Encoding `{BROWSER_ENCODING}`. Machine: {report['machine']['cpu']}, {report['machine']['cores']} cores, "
             f"jitter {report['machine']['jitter']['ratio']}.", "",
             "| export | first byte ms | total ms | worker CPU ms | on the wire | CSV lines | RSS before MiB | peak RSS MiB | logged | same bytes as before |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for label, r in report["results"].items():
        old = (previous or {}).get("results", {}).get(label)
        if "error" in r:
            lines.append(f"| {label} | — | **{r['error']}** | | | | {r['rss_before_mib']} | | | |")
            continue
        was = (lambda key: f" (was {old[key]:,})" if old and key in old else "")
        same = "—" if not old or "sha256" not in old else "yes" if old["sha256"] == r["sha256"] else "**no**"
        lines.append(f"| {label} | {r['ttfb_ms']:,}{was('ttfb_ms')} | {r['total_ms']:,}{was('total_ms')} | "
                     f"{r['cpu_ms']:,}{was('cpu_ms')} | "
                     f"{r['wire_bytes']:,} B {r['encoding']} | {r['csv_lines']:,} | {r['rss_before_mib']} | "
                     f"{r['peak_rss_mib']}{was('peak_rss_mib')} | {'yes' if r['log_matches'] else '**no**'} | {same} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="full")
    parser.add_argument("--reuse", action="store_true", help="measure the database bench/run.py (or this) generated last")
    parser.add_argument("--requests", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=30, help="gunicorn's worker timeout (its default: 30 s)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn's: sync (its default) or gthread, whose "
                        "heartbeat goes on while a thread streams (a sync worker's timeout counts the whole request)")
    parser.add_argument("--only", help="measure only the exports whose label matches this regular expression")
    parser.add_argument("--previous", type=Path, help="an earlier export-*.json to compare with")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or None
    name = "postgresql" if url and url.startswith("postgres") else "sqlite"
    build(url, name=f"bench-{name}-{args.scale}", reuse=args.reuse, **SCALES[args.scale])
    url = url or f"sqlite:///{OUT / f'bench-{name}-{args.scale}.sqlite'}"
    engine = create_engine(url)
    server = serve(url, args.timeout, args.worker_class)
    base = f"http://127.0.0.1:{PORT}"
    try:
        opener = login(base)
        results = {}
        for label, path in exports().items():
            if args.only and not re.search(args.only, label):
                continue
            results[label] = measure(server, opener, engine, base, path, args.requests)
            print(label, {k: v for k, v in results[label].items() if k != "sha256"}, flush=True)
            if "error" in results[label]:  # the worker was killed: log in again on the new one
                opener = login(base)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {"database": name, "scale": args.scale, "requests": args.requests, "timeout": args.timeout,
              "worker_class": args.worker_class,
              "results": results, "machine": machine()}
    stem = OUT / "-".join(["export", name, args.scale] + ([args.worker_class] if args.worker_class != "sync" else []))
    stem.with_suffix(".json").write_text(json.dumps(report, indent=2))
    text_ = markdown(report, json.loads(args.previous.read_text()) if args.previous else None)
    stem.with_suffix(".md").write_text(text_)
    print(text_)


if __name__ == "__main__":
    main()
