"""Incremental preview on mkdocs: build once, then re-render only the pages an edit changes.

The second module that knows mkdocs (next to mkdocs_adapter): it needs mkdocs' build steps one
page at a time (`_populate_page`, `_build_page`), which the plugin events cannot give. mkdocs
1.x is frozen, so these stay put; another engine replaces this module together with the adapter.
Which pages an edit affects is decided by the engine-independent `site_src.incremental`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, get_files
from mkdocs.structure.pages import Page

from site_src import compose, incremental, mkdocs_adapter, search_index
from site_src.errors import ContentErrors
from site_src.termine import blocks as event_blocks

SEARCH_PLUGIN = "material/search"


class _Keep(BasePlugin):
    """Remember the navigation, files and template environment of the full build."""

    def on_nav(self, nav, config, files):
        self.nav, self.files = nav, files
        return nav

    def on_env(self, env, config, files):
        self.env = env
        return env


@dataclass(frozen=True)
class Update:
    """What one refresh wrote, for the log line and the tests."""

    rendered: int
    deleted: int
    full: bool
    moved: dict[str, str] = field(default_factory=dict)  # old address -> new address


class PreviewSite:
    """A site built into `site_dir` whose mkdocs state stays in memory for quick updates."""

    def __init__(self, config_file: str, site_dir: Path, **overrides: str):
        self.config, self.plugin = mkdocs_adapter.load(
            config_file, site_dir=str(site_dir), **overrides
        )
        self.site_dir = site_dir
        self.content_root = Path(self.config.docs_dir)
        self.keep = _Keep()
        self._indexing: threading.Thread | None = None
        self._search_lock = threading.Lock()
        self._search_stale = False
        self.config.plugins["smart-kassel-preview"] = self.keep

    def build(self) -> None:
        """Build everything once, exactly as `build.py` does; raise ContentErrors on bad content."""
        try:
            mkdocs_build.build(self.config)
        except mkdocs_adapter.ContentErrorsAbort as exc:
            raise ContentErrors(exc.errors) from None
        except (Abort, PluginError) as exc:
            raise mkdocs_adapter.BuildAborted(str(exc)) from None

    def update(self, changed: set[str]) -> Update:
        """Apply edits of `changed` (paths relative to content/); raise ContentErrors if invalid."""
        settings, old = self.plugin.settings, self.plugin.content
        new, errors = incremental.refresh(old, changed, settings)
        if errors:
            raise ContentErrors(errors)
        # Articles reach other pages only through the news lists (compose.page_markdown), dates
        # through the date lists (event_blocks); the form and video filters read neither.
        filters = (compose.page_markdown, event_blocks.page_markdown)
        changes = incremental.affected(old, new, changed, settings, filters)
        self.plugin.content = new
        files_before = len(self.keep.files)
        deleted = self._delete(changes)
        sources = changes.render | set(changes.generated)
        added = [src for src in sorted(changes.render) if self._place(src)]
        for src, markdown in changes.generated.items():
            self._file(src, markdown).content_string = markdown
        self._copy_static(changes.static)
        structural = added or changes.moved or changes.removed or changes.generated_removed
        if structural or len(self.keep.files) != files_before:
            self._order_files()
        pages = [self.keep.files.get_file_from_path(src).page for src in sorted(sources)]
        full = self._render(pages)
        self._write_generated_files()
        self.plugin.publish_binary_files(self.config)
        self._index_search()
        if structural:
            self._write_theme_templates()
        moved = {old_url: new.page_url(src) for src, old_url in changes.moved.items()}
        return Update(rendered=len(pages), deleted=deleted, full=full, moved=moved)

    def _index_search(self) -> None:
        """Index the whole preview again in the background, as a full build would.

        Pagefind has no incremental mode and takes seconds at 1,000 articles: the edited
        pages show at once, the preview's search catches up a moment later. Edits made while
        it runs are indexed by one more run, never by waiting for this one.
        """
        with self._search_lock:
            self._search_stale = True
            if self._indexing is None:
                self._indexing = threading.Thread(target=self._index_until_current, daemon=True)
                self._indexing.start()

    def _index_until_current(self) -> None:
        while True:
            with self._search_lock:
                if not self._search_stale:
                    self._indexing = None
                    return
                self._search_stale = False
            try:
                search_index.index_site(self.site_dir)
            except Exception:
                with self._search_lock:
                    self._indexing = None
                raise  # the thread's error goes to the log; the next edit tries again

    def wait_for_search(self) -> None:
        """Return once the search index matches the last update."""
        while (indexing := self._indexing) is not None:
            indexing.join()

    def _place(self, src: str) -> bool:
        """Give a changed page its File and Page at the address its date gives; True if new."""
        file = self.keep.files.get_file_from_path(src)
        added = file is None
        if added:
            file = self._new_file(src)
        post = self.plugin.content.posts_by_src.get(src)
        if post:
            mkdocs_adapter._move(file, post.dest)
        if added:
            Page(None, file, self.config)
        else:
            file.page._set_canonical_url(self.config.site_url)
        return added

    def _new_file(self, src: str) -> File:
        config = self.config
        file = File(src, config.docs_dir, config.site_dir, config.use_directory_urls)
        self.keep.files.append(file)
        return file

    def _file(self, src: str, markdown: str) -> File:
        files = self.keep.files
        file = files.get_file_from_path(src)
        if file is None:
            file = File.generated(self.config, src, content=markdown)
            files.append(file)
            Page(None, file, self.config)
        return file

    def _delete(self, changes: incremental.Changes) -> int:
        """Remove the output of pages that are gone or moved, and forget removed files."""
        files, count = self.keep.files, 0
        for url in [*changes.removed.values(), *changes.moved.values()]:
            count += _remove_output(self.site_dir / url / "index.html", self.site_dir)
        for src in [*changes.removed, *changes.generated_removed]:
            file = files.get_file_from_path(src)
            if file is not None:
                count += _remove_output(Path(file.abs_dest_path), self.site_dir)
                files.remove(file)
        return count

    def _write_generated_files(self) -> None:
        """Rewrite generated files such as the feed when their text changed."""
        for generator in mkdocs_adapter.GENERATORS:
            for path, text in generator(self.plugin.content, self.plugin.settings):
                file = self.keep.files.get_file_from_path(path)
                if file is not None and file.content_string != text:
                    file.content_string = text
                    file.copy_file()

    def _order_files(self) -> None:
        """Put the files in the order a full build lists them (sitemap, search index follow it)."""
        config, files = self.config, self.keep.files
        fresh = get_files(config)
        fresh.add_files_from_theme(self.keep.env, config)
        fresh = self.plugin.on_files(fresh, config)
        rank = {file.src_uri: number for number, file in enumerate(fresh)}
        ordered = sorted(files, key=lambda file: rank.get(file.src_uri, len(rank)))
        for file in ordered:
            files.remove(file)
            files.append(file)

    def _write_theme_templates(self) -> None:
        """Rewrite the sitemap (and the theme's other static templates) after pages came or went."""
        for name in self.config.theme.static_templates:
            mkdocs_build._build_theme_template(
                name, self.keep.env, self.keep.files, self.config, self.keep.nav
            )

    def _copy_static(self, sources: set[str]) -> None:
        files = self.keep.files
        for src in sorted(sources):
            file = files.get_file_from_path(src)
            exists = (self.content_root / src).is_file()
            if file is not None and not exists:
                _remove_output(Path(file.abs_dest_path), self.site_dir)
                files.remove(file)
                continue
            if file is None and exists:
                file = self._new_file(src)
            if file is not None:
                file.copy_file()

    def _render(self, pages: list[Page]) -> bool:
        """Render `pages`; all pages when a title shown in the navigation changed."""
        config, files, nav = self.config, self.keep.files, self.keep.nav
        in_nav = set(map(id, nav.pages))
        titles = {id(page): page.title for page in pages}
        for page in pages:
            mkdocs_build._populate_page(page, config, files)
        full = any(id(page) in in_nav and page.title != titles[id(page)] for page in pages)
        if full:
            pages = [file.page for file in files.documentation_pages()]
            for page in pages:
                mkdocs_build._populate_page(page, config, files)
        doc_files = files.documentation_pages()
        search = config.plugins.get(SEARCH_PLUGIN)
        indexed = len(search.search_index.entries) if search else 0
        for page in pages:
            mkdocs_build._build_page(page, config, doc_files, nav, self.keep.env)
        if search:
            _refresh_search(search, indexed, pages, doc_files, config)
        return full


def _refresh_search(search, indexed: int, pages: list[Page], doc_files, config) -> None:
    """Swap the re-rendered pages' search entries in, in full-build order, and rewrite the index."""
    entries = search.search_index.entries
    rendered = {page.url for page in pages}
    by_page: dict[str, list[dict]] = {}
    for number, entry in enumerate(entries):
        url = entry["location"].split("#", 1)[0]
        if number >= indexed or url not in rendered:
            by_page.setdefault(url, []).append(entry)
    search.search_index.entries = [
        entry for file in doc_files for entry in by_page.get(file.page.url, [])
    ]
    search.on_post_build(config=config)


def _remove_output(path: Path, site_dir: Path) -> int:
    """Delete one output file and the folders it leaves empty below `site_dir`."""
    if not path.is_file():
        return 0
    path.unlink()
    folder = path.parent
    while folder != site_dir and site_dir in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
    return 1
