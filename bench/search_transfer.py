"""What a first German search costs at 1,000 articles: bytes over the wire, before and after.

Builds the project's site twice with the same 1,000 generated articles: once with the code of
a baseline (default `main`: Material's search, one index of the whole site) and once with this
checkout (Pagefind's chunked index). nginx serves both with gzip, as production does. Chromium
opens the home page, then the search, types a German query in a stemmed form and waits for the
results: every response from opening the search on (dialog or theme bundle, worker, index) is
counted with its compressed size. Then ~10 German queries run on both sites and their top pages are
printed side by side, so a change in result quality shows. Also times both builds.

    .venv/bin/python -m bench.search_transfer [--articles 1000] [--baseline main]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from bench import sites
from bench.articles import generate
from bench.build_scaling import categories
from bench.measure import REPO, markdown_table, python_env
from site_src.search_index import index_site

CHROMIUM = "/usr/bin/chromium"
NGINX = "/usr/sbin/nginx"
FIRST_QUERY = "Parkplätzen"
QUERIES = [
    "Parkplätzen",
    "Bürgerräte",
    "Mobilität",
    "Luftqualität",
    "Sensoren",
    "Straßenbahn",
    "Radwege",
    "Messdaten",
    "Vorschläge",
    "Stadtbibliothek",
    "Wohnen",
]
TOP = 5
BUDGET = 150 * 1024


def baseline_checkout(ref: str, target: Path) -> Path:
    """The files a site build reads (build.py, mkdocs.yml, site_src/, content/) as of `ref`."""
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", ref, "build.py", "mkdocs.yml", "site_src", "content"],
        cwd=REPO,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    (target / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return target


def build(root: Path, articles, code: Path) -> tuple[Path, float]:
    """Lay the site out with `code`'s site_src and build it; return its site folder and time."""
    sites.our_site(root, articles, repo=code)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "build.py"], cwd=root, env=python_env(), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{root}: build failed\n{done.stdout}{done.stderr}")
    return root / "site", time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gzip_server(sites_by_port: dict[int, Path], scratch: Path):
    """nginx with gzip for every text type, one port per site."""
    servers = "\n".join(
        f"server {{ listen 127.0.0.1:{port}; root {site}; }}"
        for port, site in sites_by_port.items()
    )
    config = scratch / "nginx.conf"
    config.write_text(
        f"""daemon off; pid {scratch}/nginx.pid; error_log {scratch}/error.log;
events {{}}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {scratch}; proxy_temp_path {scratch}; fastcgi_temp_path {scratch};
  uwsgi_temp_path {scratch}; scgi_temp_path {scratch};
  gzip on; gzip_comp_level 6; gzip_min_length 256; gzip_types *;
  {servers}
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen([NGINX, "-c", str(config), "-e", str(scratch / "error.log")])
    try:
        for port in sites_by_port:
            _wait_for(port)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int) -> None:
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {port}")


def open_and_search(page, base_url: str, query: str) -> None:
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    page.locator("input[name='query']").first.click()
    page.locator("input[name='query']").first.press_sequentially(query)


def wait_for_results(page) -> None:
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_load_state("networkidle")


def first_query_transfer(browser, base_url: str, query: str) -> list[tuple[str, int]]:
    """Compressed bytes (body + headers) of each response from opening the search on."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "/")
    page.wait_for_load_state("networkidle")
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    field = page.locator("input[name='query']").first
    field.click()
    field.press_sequentially(query)
    wait_for_results(page)
    page.wait_for_timeout(500)
    responses = []
    for request in finished:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        responses.append((request.url.removeprefix(base_url), size))
    context.close()
    return responses


def top_pages(browser, base_url: str, query: str) -> tuple[list[str], str]:
    """The first pages the search lists for `query` (site paths), and its count line."""
    context = browser.new_context()
    page = context.new_page()
    open_and_search(page, base_url, query)
    try:
        wait_for_results(page)
    except PlaywrightTimeout:  # no result at all is a result here
        context.close()
        return [], "keine"
    found = page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    count = page.locator(".md-search-result__meta").inner_text()
    context.close()
    return list(dict.fromkeys(found))[:TOP], count


def pagefind_matches(browser, base_url: str, query: str) -> int:
    """All pages Pagefind matches (the dialog shows the first ten)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "/")
    count = page.evaluate(
        """async (query) => {
          const pagefind = await import("/search/pagefind/pagefind.js");
          await pagefind.options({ baseUrl: "/" });
          return (await pagefind.search(query)).results.length;
        }""",
        query,
    )
    context.close()
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--baseline", default="main")
    args = parser.parse_args(argv)
    articles = generate(args.articles, categories=categories())
    with tempfile.TemporaryDirectory(prefix="sk-search-") as tmp:
        scratch = Path(tmp)
        old_code = baseline_checkout(args.baseline, scratch / "baseline")
        old_site, old_time = build(scratch / "old", articles, old_code)
        new_site, new_time = build(scratch / "new", articles, REPO)
        started = time.perf_counter()
        index_site(new_site)
        pagefind_time = time.perf_counter() - started
        ports = {free_port(): old_site, free_port(): new_site}
        (old_port, new_port) = ports
        with gzip_server(ports, scratch), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            report(
                browser,
                f"http://127.0.0.1:{old_port}",
                f"http://127.0.0.1:{new_port}",
                args.baseline,
            )
            browser.close()
        index = old_site / "search" / "search_index.json"
        print(f"\nbaseline search_index.json: {index.stat().st_size / 1e6:.2f} MB raw")
        print(
            f"build at {args.articles} articles: {args.baseline} {old_time:.2f} s, "
            f"this checkout {new_time:.2f} s, of which Pagefind ~{pagefind_time:.2f} s "
            "(index_site run again on the built site)"
        )
    return 0


def report(browser, old_url: str, new_url: str, baseline: str = "main") -> None:
    rows = []
    for label, url in ((f"baseline ({baseline})", old_url), ("this checkout", new_url)):
        responses = first_query_transfer(browser, url, FIRST_QUERY)
        total = sum(size for _, size in responses)
        rows.append(
            [label, len(responses), f"{total / 1024:.1f}", "ja" if total <= BUDGET else "nein"]
        )
        print(f"\n{label}: first query {FIRST_QUERY!r}")
        for path, size in sorted(responses, key=lambda item: -item[1]):
            print(f"  {size / 1024:8.1f} KB  {path}")
    print()
    print(markdown_table(["search", "requests", "KB transferred", "<= 150 KB"], rows))
    print(f"\nTop {TOP} pages per query (baseline | this checkout):")
    same = 0
    for query in QUERIES:
        (old, old_count), (new, _) = (
            top_pages(browser, old_url, query),
            top_pages(browser, new_url, query),
        )
        overlap = len(set(old) & set(new))
        same += overlap
        matches = pagefind_matches(browser, new_url, query)
        print(
            f"\n{query}: baseline {old_count}, this checkout {matches} pages matched; "
            f"{overlap} of {max(len(old), 1)} top pages shared"
        )
        for left, right in zip(old + [""] * TOP, new + [""] * TOP, strict=False):
            if left or right:
                print(f"  {left:60} | {right}")
    print(f"\nshared top pages over {len(QUERIES)} queries: {same}")


if __name__ == "__main__":
    raise SystemExit(main())
