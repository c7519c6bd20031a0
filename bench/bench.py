#!/usr/bin/env python3
"""shipshape's benchmark against the peer linters, in one run on one machine (see bench/run).

Every figure is a whole process timed from outside (wall clock), repeated, and the median kept; peak RSS comes from
wait4() in a small launcher (bench/peak_rss.c), since a child of Python would count Python's memory too. Ratios matter more than absolute times: the machine is shared and noisy, but everything here runs in the
same minutes under the same load.
"""

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
SCRATCH = ROOT / "bench" / "scratch"


def peak_rss_launcher():
    """bench/peak_rss.c built into the scratch directory (see its comment for why), or None without a C compiler."""
    launcher = SCRATCH / "peak_rss"
    source = ROOT / "bench" / "peak_rss.c"
    if not launcher.exists() or launcher.stat().st_mtime < source.stat().st_mtime:
        compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        if compiler is None:
            return None
        SCRATCH.mkdir(parents=True, exist_ok=True)
        subprocess.run([compiler, "-O2", "-o", str(launcher), str(source)], check=True)
    return launcher


LAUNCHER = None  # set in main()


def run(argv, stdin_path=None, cwd=None, timeout=900):
    """Runs argv with its output discarded; returns (wall seconds, peak RSS in MiB or None, exit code). The peak
    comes from the launcher when there is one; its fork and pipe cost time, so timings come from run_direct."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    launched = [str(LAUNCHER), *argv] if LAUNCHER else argv
    start = time.perf_counter()
    proc = subprocess.Popen(launched, stdin=stdin, stdout=subprocess.PIPE if LAUNCHER else subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=cwd)
    try:
        report = proc.communicate(timeout=timeout)[0]
    finally:
        if stdin_path:
            stdin.close()
    wall = time.perf_counter() - start
    if LAUNCHER:
        peak_kib, code = (int(field) for field in report.split())
        return wall, peak_kib / 1024.0, code
    return wall, None, proc.returncode


def run_direct(argv, stdin_path=None):
    """Wall seconds of argv run straight from here (no launcher), for millisecond latencies."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        subprocess.run(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start
    finally:
        if stdin_path:
            stdin.close()


def measure(argv, repeat, stdin_path=None):
    """Median and best wall time of `repeat` direct runs, then one more run through the launcher for the peak RSS
    and the exit code (the launcher's own fork and pipe would add a few milliseconds to the times)."""
    walls = [run_direct(argv, stdin_path) for _ in range(repeat)]
    _, peak, code = run(argv, stdin_path=stdin_path)
    return {"median_s": statistics.median(walls), "min_s": min(walls), "runs": repeat,
            "peak_rss_mib": round(peak, 1) if peak is not None else None, "exit_code": code}


def run_per_file(make_argv, files, workers=2):
    """One process per file, `workers` at a time (how pre-commit and editors call a linter). Returns wall seconds."""
    start = time.perf_counter()
    pending = list(files)
    running = []
    while pending or running:
        while pending and len(running) < workers:
            running.append(subprocess.Popen(make_argv(pending.pop()), stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL))
        running[0].wait()
        running = [p for p in running if p.poll() is None]
    return time.perf_counter() - start


def median_latency(argv, repeat, stdin_path=None):
    return statistics.median(run_direct(argv, stdin_path) for _ in range(repeat))


def build_shipshape():
    subprocess.run(["bash", str(ROOT / "scripts" / "bootstrap")], check=True)
    build = ROOT / "build-bench"
    subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release", "-DSHIPSHAPE_TESTS=OFF"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", str(build), "-j", str(os.cpu_count() or 2), "--target", "shipshape"], check=True)
    return build / "shipshape"


def install_peers():
    peers = SCRATCH / "peers"
    peers.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json", ".npmrc"):
        shutil.copy(ROOT / "bench" / "peers" / name, peers / name)
    if not (peers / "node_modules" / "dockerfilelint").exists():
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=peers,
                       check=True)
    node = shutil.which("node")
    bin_dir = peers / "node_modules" / ".bin"
    return {
        "dockerfilelint": [node, str(bin_dir / "dockerfilelint")],
        "dockerfile-utils": [node, str(bin_dir / "dockerfile-utils"), "lint"],
        "dockerlint": [node, str(bin_dir / "dockerlint"), "-f"],
    }


def typical_file(files, lines):
    """The corpus file whose line count is closest to `lines` (ties broken by name, so runs agree)."""
    def distance(path):
        return (abs(len(path.read_text(errors="replace").splitlines()) - lines), str(path))
    return min(files, key=distance)


def corpus_dockerfile(path, dockerfiles, lines):
    """A Dockerfile of at least `lines` lines made of the corpus's own files one after another (a multi-stage file
    of ordinary content), so that its time per line compares like with like against the corpus. Files with an
    escape directive are left out: further down a file it is only a comment, and their backticks would read as
    text."""
    escape = re.compile(r"^#\s*escape\s*=", re.IGNORECASE | re.MULTILINE)
    usable = [p for p in dockerfiles if not escape.search(p.read_text(errors="replace")[:500])]
    written = 0
    with open(path, "w") as out:
        while written < lines:
            for source in usable:
                text = source.read_text(errors="replace")
                if not text.endswith("\n"):
                    text += "\n"
                out.write(text)
                written += text.count("\n")
                if written >= lines:
                    break
    return written


def run_line_share(*paths):
    """The share of lines that belong to RUN instructions (their first line and continuations), over all `paths`:
    shell parsing is most of the cost of a line, so this says how comparable two inputs are."""
    run_lines = total = 0
    for path in paths:
        r, t = run_line_count(path)
        run_lines += r
        total += t
    return run_lines / total if total else 0.0


def run_line_count(path):
    run_lines = total = 0
    continued = False
    for line in Path(path).read_text(errors="replace").splitlines():
        total += 1
        stripped = line.strip()
        in_run = continued or stripped[:4].upper() in ("RUN", "RUN ")
        if in_run:
            run_lines += 1
        continued = in_run and (stripped.endswith("\\") or (continued and (not stripped or stripped.startswith("#"))))
    return run_lines, total


def synthetic_dockerfile(path, lines):
    with open(path, "w") as out:
        out.write("FROM debian:12.5\n")
        written = 1
        while written < lines:
            out.write(f"RUN apt-get update && apt-get install -y --no-install-recommends pkg{written} \\\n"
                      f"    && rm -rf /var/lib/apt/lists/*\n")
            written += 2
        out.write("USER 10001\n")


def synthetic_task_array(path, megabytes):
    container = {"name": "c", "image": "nginx:1.27", "essential": True, "user": "1000",
                 "readonlyRootFilesystem": True, "environment": [{"name": "LOG_LEVEL", "value": "info"}]}
    one = json.dumps(container)
    count = megabytes * 1024 * 1024 // (len(one) + 2)
    with open(path, "w") as out:
        out.write("[\n")
        for i in range(count):
            container["name"] = f"c{i}"
            out.write(json.dumps(container))
            out.write(",\n" if i + 1 < count else "\n")
        out.write("]\n")
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, a 200-file sample for per-file runs")
    parser.add_argument("--no-peers", action="store_true", help="measure shipshape and the floor only")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    latency_runs = 20 if args.quick else 50

    dockerfiles = sorted(p for p in (CORPUS / "dockerfiles").rglob("*") if p.is_file())
    ecs_files = sorted(p for p in (CORPUS / "ecs").rglob("*.json") if p.is_file())
    if not dockerfiles:
        sys.exit(f"bench: the shared corpus is missing at {CORPUS}")
    binary = build_shipshape()
    global LAUNCHER
    LAUNCHER = peak_rss_launcher()
    peers = {} if args.no_peers else install_peers()
    cores = os.cpu_count() or 1
    results = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "machine": {"cpus": cores, "platform": platform.platform()},
               "corpus": {"dockerfiles": len(dockerfiles),
                          "dockerfile_bytes": sum(p.stat().st_size for p in dockerfiles),
                          "ecs_files": len(ecs_files)},
               "batch": {}, "per_file": {}, "latency_ms": {}, "linearity": {}}
    batch = results["batch"]

    # The floor: reading the same files.
    batch["floor: cat dockerfiles"] = measure(["cat", *map(str, dockerfiles)], repeat)
    batch["floor: cat ecs"] = measure(["cat", *map(str, ecs_files)], repeat)
    # shipshape, every rule on.
    lint = [str(binary), "--select", "ALL", "--format", "json", "--isolated"]
    # The corpus stores paths flattened (`3.12__slim__Dockerfile`), names no walk recognises: say what they are.
    lint_docker = [*lint, "--type", "dockerfile"]
    batch["shipshape dockerfiles --jobs 1"] = measure([*lint_docker, "--jobs", "1", str(CORPUS / "dockerfiles")], repeat)
    batch["shipshape dockerfiles all cores"] = measure([*lint_docker, str(CORPUS / "dockerfiles")], repeat)
    batch["shipshape ecs --jobs 1"] = measure([*lint, "--jobs", "1", str(CORPUS / "ecs")], repeat)
    batch["shipshape ecs all cores"] = measure([*lint, str(CORPUS / "ecs")], repeat)

    # dockerfilelint reads many files in one process, but a HEALTHCHECK CMD without options crashes it and ends
    # the whole run: leave those files out (noted in the results).
    healthcheck = re.compile(r"^\s*HEALTHCHECK\s+CMD", re.IGNORECASE | re.MULTILINE)
    readable = [p for p in dockerfiles if not healthcheck.search(p.read_text(errors="replace"))]
    results["corpus"]["dockerfilelint_files"] = len(readable)
    if peers:
        batch["dockerfilelint (one process)"] = measure([*peers["dockerfilelint"], *map(str, readable)], repeat)
        batch["shipshape on dockerfilelint's files, all cores"] = measure([*lint_docker, *map(str, readable)], repeat)

    # One process per file.
    sample = dockerfiles
    if args.quick:
        sample = random.Random(1).sample(dockerfiles, 200)
    per_file = results["per_file"]
    per_file["files"] = len(sample)
    per_file["shipshape"] = run_per_file(lambda f: [*lint_docker, str(f)], sample)
    for name in ("dockerfilelint", "dockerfile-utils", "dockerlint"):
        if name in peers:
            per_file[name] = run_per_file(lambda f, n=name: [*peers[n], str(f)], sample)

    # Cold single-file latency of a typical file.
    typical_dockerfile = typical_file(dockerfiles, 30)
    typical_task = typical_file(ecs_files, 30)
    results["typical_files"] = {"dockerfile": str(typical_dockerfile.relative_to(CORPUS)),
                                "task_definition": str(typical_task.relative_to(CORPUS))}
    latency = results["latency_ms"]
    latency["shipshape dockerfile"] = 1000 * median_latency([*lint_docker, str(typical_dockerfile)], latency_runs)
    latency["shipshape task definition"] = 1000 * median_latency([*lint, str(typical_task)], latency_runs)
    latency["shipshape dockerfile via stdin"] = 1000 * median_latency(
        [*lint, "-", "--stdin-filename", "Dockerfile"], latency_runs, stdin_path=typical_dockerfile)
    for name in ("dockerfilelint", "dockerfile-utils", "dockerlint"):
        if name in peers:
            latency[name + " dockerfile"] = 1000 * median_latency([*peers[name], str(typical_dockerfile)], latency_runs)
    # Peak memory of one run on the typical file, for every tool (the peers that take one file per process are
    # only ever run that way).
    single_peak = results["single_file_peak_rss_mib"] = {}
    single_peak["shipshape dockerfile"] = run([*lint_docker, str(typical_dockerfile)])[1]
    single_peak["shipshape task definition"] = run([*lint, str(typical_task)])[1]
    for name in ("dockerfilelint", "dockerfile-utils", "dockerlint"):
        if name in peers:
            single_peak[name + " dockerfile"] = run([*peers[name], str(typical_dockerfile)])[1]

    # Linearity: large synthetic inputs against the corpus rate.
    with tempfile.TemporaryDirectory() as tmp:
        small_lines = sum(len(p.read_text(errors="replace").splitlines()) for p in dockerfiles)
        small_per_line = batch["shipshape dockerfiles --jobs 1"]["median_s"] / small_lines
        corpus_share = run_line_share(*dockerfiles)
        # 1. The corpus's own lines in one 100,000-line file: the like-for-like check of linear growth.
        mixed = Path(tmp) / "corpus.Dockerfile"
        mixed_lines = corpus_dockerfile(mixed, dockerfiles, 100_000)
        mixed_run = measure([*lint_docker, "--jobs", "1", str(mixed)], 3 if not args.quick else 1)
        mixed_per_line = mixed_run["median_s"] / mixed_lines
        results["linearity"]["dockerfile 100,000 lines of corpus content"] = {
            **mixed_run, "lines": mixed_lines, "us_per_line": 1e6 * mixed_per_line,
            "corpus_us_per_line": 1e6 * small_per_line, "ratio": mixed_per_line / small_per_line,
            "run_line_share": run_line_share(mixed), "corpus_run_line_share": corpus_share}
        # 2. A stress case: every line is RUN text parsed as shell, several times the corpus's share. Its time per
        # line is set against the same content 8 times smaller (linear growth), and against the corpus's lines
        # for information: that ratio measures how much denser in shell the file is, not growth.
        big = Path(tmp) / "Dockerfile"
        synthetic_dockerfile(big, 100_000)
        big_run = measure([*lint, "--jobs", "1", str(big)], 3 if not args.quick else 1)
        big_per_line = big_run["median_s"] / 100_000
        small = Path(tmp) / "small.Dockerfile"
        synthetic_dockerfile(small, 12_500)
        small_run = measure([*lint, "--jobs", "1", str(small)], 5 if not args.quick else 2)
        same_content_per_line = small_run["median_s"] / 12_500
        results["linearity"]["dockerfile 100,000 lines, all RUN"] = {
            **big_run, "us_per_line": 1e6 * big_per_line,
            "same_content_12500_lines_us_per_line": 1e6 * same_content_per_line,
            "ratio": big_per_line / same_content_per_line,
            "corpus_us_per_line": 1e6 * small_per_line, "ratio_to_corpus_lines": big_per_line / small_per_line,
            "run_line_share": run_line_share(big), "corpus_run_line_share": corpus_share}
        array = Path(tmp) / "containers.json"
        count = synthetic_task_array(array, 50)
        array_run = measure([*lint, "--jobs", "1", str(array)], 3 if not args.quick else 1)
        ecs_bytes = sum(p.stat().st_size for p in ecs_files)
        small_per_byte = batch["shipshape ecs --jobs 1"]["median_s"] / ecs_bytes
        big_per_byte = array_run["median_s"] / array.stat().st_size
        results["linearity"]["task definitions 50 MB array"] = {
            **array_run, "containers": count, "ns_per_byte": 1e9 * big_per_byte, "corpus_ns_per_byte": 1e9 * small_per_byte,
            "ratio": big_per_byte / small_per_byte}

    # Ratios.
    ratios = {}
    ship_all = batch["shipshape dockerfiles all cores"]["median_s"]
    ratios["shipshape (all cores) / floor (cat)"] = ship_all / batch["floor: cat dockerfiles"]["median_s"]
    if "dockerfilelint (one process)" in batch:
        ratios["dockerfilelint / shipshape, same files, batch"] = (
            batch["dockerfilelint (one process)"]["median_s"] /
            batch["shipshape on dockerfilelint's files, all cores"]["median_s"])
    fastest_peer = min((per_file[n], n) for n in ("dockerfilelint", "dockerfile-utils", "dockerlint") if n in per_file) \
        if peers else None
    if fastest_peer:
        ratios[f"{fastest_peer[1]} / shipshape, one process per file"] = fastest_peer[0] / per_file["shipshape"]
    results["ratios"] = ratios

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = results["date"][:10]
    for name in (f"{stamp}.json", "latest.json"):
        (out_dir / name).write_text(json.dumps(results, indent=2) + "\n")

    print(f"\nshipshape benchmark, {results['date']}, {cores} CPUs; corpus: {len(dockerfiles)} Dockerfiles "
          f"({results['corpus']['dockerfile_bytes'] / 1e6:.1f} MB), {len(ecs_files)} task definitions\n")
    print(f"{'batch (whole corpus, one process)':58} {'median':>10} {'peak RSS':>10}")
    for name, m in batch.items():
        peak = m['peak_rss_mib'] if m['peak_rss_mib'] is not None else float("nan")
        print(f"{name:58} {m['median_s'] * 1000:8.1f} ms {peak:7.1f} MiB")
    print(f"\n{'one process per file (' + str(per_file['files']) + ' files, 2 at a time)':58} {'total':>10}")
    for name, seconds in per_file.items():
        if name != "files":
            print(f"{name:58} {seconds:8.2f} s")
    print(f"\n{'cold single-file latency (median of ' + str(latency_runs) + ')':58}")
    for name, ms in latency.items():
        print(f"{name:58} {ms:8.2f} ms")
    print(f"\n{'peak RSS, one run on the typical file':58}")
    for name, mib in results["single_file_peak_rss_mib"].items():
        print(f"{name:58} {mib if mib is not None else float('nan'):8.1f} MiB")
    print("\nlinearity (time per line or byte of a large input vs the same kind of input, small)")
    for name, m in results["linearity"].items():
        peak = m['peak_rss_mib'] if m['peak_rss_mib'] is not None else float("nan")
        print(f"{name:58} {m['median_s']:8.2f} s   ratio {m['ratio']:.2f}   peak {peak:.0f} MiB")
        if "ratio_to_corpus_lines" in m:
            print(f"{'  ... vs the corpus lines (RUN lines ' + format(m['run_line_share'], '.0%') + ' vs ' + format(m['corpus_run_line_share'], '.0%') + ')':58}"
                  f" {'':8}     ratio {m['ratio_to_corpus_lines']:.2f}")
    print("\nratios")
    for name, value in ratios.items():
        print(f"{name:58} {value:8.1f}x")
    print(f"\nwritten to bench/results/{stamp}.json and bench/results/latest.json")


if __name__ == "__main__":
    main()
