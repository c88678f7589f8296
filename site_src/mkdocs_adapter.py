"""The one module that knows mkdocs: it feeds mkdocs' events with our engine-independent steps.

Moving to another engine means rewriting this file only. Each step below is a plain function:
VALIDATE reads and checks content/, GENERATORS add pages or files, PAGE_FILTERS and HTML_FILTERS
change page sources and finished HTML.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from forms.definitions import load_all
from site_src import (
    cms,
    compose,
    embed,
    feed,
    form_pages,
    line_breaks,
    page_styles,
    review,
    search_index,
    time_horizon,
)
from site_src.brand import files as brand_files
from site_src.brand.head import head_tags
from site_src.brand.share import ShareImage, share_image
from site_src.buergerrat import blocks as panel_blocks
from site_src.buergerrat import data as panel_data
from site_src.build_cache import Built
from site_src.clock import ClockError, build_clock
from site_src.content import Content
from site_src.design import kern
from site_src.design.colours import BRAND_URL, brand_css
from site_src.errors import BuildAborted, ContentError, ContentErrors
from site_src.external_links import annotate_external_links
from site_src.home import blocks as home_blocks
from site_src.home.step import add_front_pages
from site_src.images.background import Encoder
from site_src.images.publish import encode_pictures, publish_pictures
from site_src.listings import READY_HTML, SHARE_TITLE
from site_src.opendata import documents, jsonfeed
from site_src.search_stream import PagefindStream
from site_src.sections import owning_url
from site_src.settings import (
    DEFAULT_CATEGORIES,
    DEFAULT_LICENSE,
    DEFAULT_STADTTEILE,
    FEED_PATH,
    JSON_FEED_PATH,
    SiteSettings,
)
from site_src.template_cache import cache_template, translations
from site_src.termine import blocks as event_blocks
from site_src.termine.step import add_events, calendars
from site_src.validate import EXTRA_CHECKS, validate_content
from site_src.videos.catalog import load_catalog
from site_src.videos.step import add_videos

ASSETS = Path(__file__).parent / "assets"
ASSETS_URL = "assets/sk/"
# Assets published under another name: the form service's own pages link /assets/sk/forms.css.
PUBLISHED_AS = {"css/forms.css": "forms.css"}
# Scripts only the pages that need them load (form_pages adds the tag to pages with a form).
ON_DEMAND = set(form_pages.ON_DEMAND_SCRIPTS) | set(page_styles.PAGE_STYLES)
# theme-loader.js loads the search dialog when the visitor opens the search.
ON_DEMAND.add("search-dialog.js")
PLUGIN_NAME = "smart-kassel"
log = logging.getLogger("mkdocs.plugins.smart_kassel")

# Content types with their own schema check it and add their generated pages here.
for _check in (
    add_videos,
    add_events,
    documents.register_paths,
    form_pages.check_forms,
    panel_data.check,
    add_front_pages,
):
    if _check not in EXTRA_CHECKS:
        EXTRA_CHECKS.append(_check)

# (path, text) of extra files to publish, from the validated content.
Generator = Callable[[Content, SiteSettings], list[tuple[str, str]]]
GENERATORS: list[Generator] = [
    lambda content, settings: [(FEED_PATH, feed.atom_feed(content.posts, settings))],
    lambda content, settings: review.review_files(settings.review_branch),
    lambda content, settings: brand_files.text_files(
        settings.site_name, settings.site_description, settings.theme_color
    ),
    lambda content, settings: [(JSON_FEED_PATH, jsonfeed.json_feed(content.posts, settings))],
    calendars,
    lambda content, settings: documents.api_files(
        content.posts, content.agenda, load_catalog(content.root), settings
    ),
    embed.embed_files,
]
PageFilter = Callable[[str, str, dict, Content, SiteSettings], str]
PAGE_FILTERS: list[PageFilter] = [
    compose.page_markdown,
    event_blocks.page_markdown,
    home_blocks.page_markdown,
    form_pages.page_markdown,
    panel_blocks.page_markdown,
    line_breaks.page_markdown,
]
HtmlFilter = Callable[[str, SiteSettings], str]
HTML_FILTERS: list[HtmlFilter] = [
    lambda html, settings: annotate_external_links(html, urlsplit(settings.site_url).hostname),
    lambda html, settings: review.mark_page(html, settings.review_branch),
]


class SmartKasselConfig(Config):
    """Options under `plugins: - smart-kassel:` in mkdocs.yml."""

    categories = c.ListOfItems(c.Type(str), default=list(DEFAULT_CATEGORIES))
    per_page = c.Type(int, default=10)
    # Encoded pictures and share images, relative to mkdocs.yml; kept between builds.
    cache_dir = c.Type(str, default=".cache")
    # Browser bar, icons and share images; a hex colour like the theme's primary colour.
    theme_color = c.Type(str, default="#004f6e")
    # Second city colour: highlights (the header's search field, marks); a hex colour.
    accent_color = c.Type(str, default="#a3005c")
    stadtteile = c.ListOfItems(c.Type(str), default=list(DEFAULT_STADTTEILE))
    open_data_license = c.ListOfItems(c.Type(str), default=list(DEFAULT_LICENSE))


class ContentErrorsAbort(ContentErrors):
    """Carries every content error out of mkdocs so build.py can print them for editors.

    Not a PluginError on purpose: mkdocs logs those and replaces them with a generic Abort.
    """


class _ConfigOnlySearchIndex(SearchIndex):
    """Material's search index without documents: Pagefind answers the queries."""

    def add_entry_from_context(self, page: Page) -> None:
        return None


def _index_no_pages_for_material(config: MkDocsConfig) -> None:
    """Keep Material's search plugin for its dialog, but not its per-page index.

    The plugin parses every page's HTML into lunr entries (about 2 s of a 22 s build at 1,000
    articles) for a search_index.json the worker never reads; written empty, it still carries
    the configuration the dialog reads when it opens.
    """
    plugin = config.plugins.get("material/search")
    if isinstance(plugin, SearchPlugin) and plugin.config.enabled:
        plugin.search_index = _ConfigOnlySearchIndex(**plugin.config)


class SmartKasselPlugin(BasePlugin[SmartKasselConfig]):
    """Connect validation, generated pages, feeds and HTML post-processing to mkdocs' events."""

    settings: SiteSettings
    content: Content
    pages_built = 0
    # Finished HTML of generated pages, by source path, from on_page_markdown to on_page_content.
    ready_html: dict[str, str]
    # Share images of the pages built, by page source, and the ones already written.
    shares: dict[str, ShareImage]
    shares_written: set[str]
    # Encodes pictures and share images on a second core while pages render.
    encoder: Encoder

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = settings_from(config, self.config)
        self.content, errors = validate_content(Path(config.docs_dir), self.settings)
        if errors:
            raise ContentErrorsAbort(errors)
        for path in sorted(ASSETS.rglob("*")):
            url = _asset_url(path)
            target = config.extra_css if path.suffix == ".css" else config.extra_javascript
            # Scripts under workers/ run as web workers and must not load as page scripts.
            is_page_asset = path.suffix in (".css", ".js") and "workers" not in path.parts
            is_page_asset = is_page_asset and path.relative_to(ASSETS).as_posix() not in ON_DEMAND
            if is_page_asset and url not in target:
                target.append(url)
        for url in (kern.TOKENS_URL, BRAND_URL):
            if url not in config.extra_css:
                config.extra_css.insert(0, url)
        self.pages_built = 0
        self.search = None
        self.answers = None
        self.ready_html = {}
        self.shares = {}
        self.shares_written = set()
        self.encoder = Encoder()
        encode_pictures(self.content.pictures.values(), self.cache_dir(config), self.encoder)
        _index_no_pages_for_material(config)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        posts = self.content.posts_by_src
        for file in list(files.documentation_pages()):
            if file.src_uri in self.content.drafts:
                files.remove(file)
            elif file.src_uri in posts:
                _move(file, posts[file.src_uri].dest)
        for page in self.content.generated:
            replaced = files.get_file_from_path(page.src)
            if replaced:
                files.remove(replaced)
            files.append(File.generated(config, page.src, content=page.markdown))
        for generator in GENERATORS:
            for path, text in generator(self.content, self.settings):
                files.append(File.generated(config, path, content=text))
        for path in sorted(ASSETS.rglob("*")):
            if path.is_file():
                dest = _asset_url(path)
                files.append(File.generated(config, dest, abs_src_path=str(path)))
        for path, text in self.design_files(config):
            files.append(File.generated(config, path, content=text))
        self._add_admin(files, config)
        return files

    def design_files(self, config: MkDocsConfig) -> list[tuple[str, str]]:
        """KERN's tokens the layer uses (from node_modules) and the city's colours (mkdocs.yml)."""
        roots = (Path(config.config_file_path).parent, Path(__file__).resolve().parents[1])
        try:
            source = kern.find_kern_css(*roots)
            tokens = kern.tokens_css(
                source.read_text(encoding="utf-8"),
                (ASSETS / "kern-layer.css").read_text(encoding="utf-8"),
                kern.kern_version(source),
            )
            colours = brand_css(self.settings.theme_color, self.config.accent_color)
        except (kern.KernMissing, KeyError, ValueError) as exc:
            raise PluginError(str(exc)) from None
        return [(kern.TOKENS_URL, tokens), (BRAND_URL, colours)]

    def _add_admin(self, files: Files, config: MkDocsConfig) -> None:
        """/admin/ (Decap CMS) when its bundle is installed (`make` installs node_modules)."""
        bundle = cms.decap_files(Path(config.config_file_path).parent)
        if not bundle:
            log.info("Decap CMS ist nicht installiert (npm ci): /admin/ fehlt in diesem Build")
            return
        for dest, source in bundle:
            files.append(File.generated(config, dest, abs_src_path=str(source)))
        for path, text in [
            cms.admin_page(self.settings),
            *cms.admin_files(self.content, self.settings),
        ]:
            files.append(File.generated(config, path, content=text))

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files):
        for page_filter in PAGE_FILTERS:
            markdown = page_filter(
                page.file.src_uri, markdown, page.meta, self.content, self.settings
            )
        markdown, marker, ready = markdown.partition(READY_HTML)
        if marker:
            self.ready_html[page.file.src_uri] = ready
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        ready = self.ready_html.pop(page.file.src_uri, None)
        return html if ready is None else f"{html}\n{ready.strip()}"

    def on_env(self, env, config: MkDocsConfig, files: Files):
        for partial in ("partials/nav.html", "partials/tabs.html", "partials/header.html"):
            cache_template(env, partial, _nav_key)
        env.globals["sk_translate"] = translations(env, config.theme["language"])
        return env

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        """Mark the navigation entry a page outside the navigation belongs to, while it renders."""
        self.marked = None
        if nav is not None and page not in nav.pages:
            owner = owning_url(page.url, (item.url for item in nav.pages))
            self.marked = next((item for item in nav.pages if item.url == owner), None)
            if self.marked is not None:
                self.marked.active = True
        context["sk_owner"] = self.marked
        self.add_head_tags(context, page, config)
        return context

    def add_head_tags(self, context, page: Page, config: MkDocsConfig) -> None:
        """Icons, manifest, Open Graph and Twitter card with this page's share image."""
        settings = self.settings
        title = page.title or settings.site_name
        share = share_image(
            page.meta.get(SHARE_TITLE) or title,
            settings.site_name,
            settings.theme_color,
            self.cache_dir(config),
            self.encoder.submit,
        )
        self.shares[page.file.src_uri] = share
        context["sk_head"] = head_tags(
            title=title,
            description=page.meta.get("description") or settings.site_description,
            page_url=page.url,
            site_url=settings.site_url,
            site_name=settings.site_name,
            colour=settings.theme_color,
            share_url=share.url,
        ) + page_styles.link_tags(page.file.src_uri, page.url, self.content)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if getattr(self, "marked", None) is not None:
            self.marked.active = False
            self.marked = None
        self.pages_built += 1
        for html_filter in HTML_FILTERS:
            output = html_filter(output, self.settings)
        if search_index.is_searchable(page.url, page.meta, self.answer_urls()):
            output = search_index.mark_searchable(output)
            if self.search is not None:  # a full build; the live preview indexes from disk
                self.search.add(page.url, output)
        return output

    def answer_urls(self) -> frozenset[str]:
        """Forms' answer pages, read once per build (they stay out of the search)."""
        if self.answers is None:
            self.answers = search_index.answer_urls(Path(self.content.root) / "forms")
        return self.answers

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Start Pagefind, which indexes each page as it is rendered (search_stream)."""
        self.search = PagefindStream(Path(config.site_dir))

    def on_post_build(self, config: MkDocsConfig) -> None:
        search, self.search = self.search, None
        with search.writing():
            self.publish_binary_files(config)

    def on_build_error(self, error: Exception) -> None:
        search, self.search = getattr(self, "search", None), None
        if search is not None:
            search.close()

    def publish_binary_files(self, config: MkDocsConfig) -> None:
        """Write pictures, icons and share images (the live preview calls this after edits)."""
        site_dir = Path(config.site_dir)
        self.encoder.wait()
        publish_pictures(self.content.pictures.values(), site_dir, self.cache_dir(config))
        binaries = brand_files.png_files(self.settings.theme_color)
        content = self.content
        live = {src for src in content.pages if src not in content.drafts}
        live |= {page.src for page in content.generated}
        current = {s.url: s.cached for src, s in self.shares.items() if src in live}
        binaries += [(url, cached.read_bytes()) for url, cached in current.items()]
        # A retitled page in the live preview leaves its old share image behind: remove it.
        for stale in self.shares_written - set(current):
            (site_dir / stale).unlink(missing_ok=True)
        self.shares_written = set(current)
        for path, data in binaries:
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def cache_dir(self, config: MkDocsConfig) -> Path:
        """Where encoded files survive between builds (gitignored)."""
        return Path(config.config_file_path).parent / self.config.cache_dir

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output
        for html_filter in HTML_FILTERS:
            output = html_filter(output, self.settings)
        return output


def settings_from(config: MkDocsConfig, plugin_config: SmartKasselConfig) -> SiteSettings:
    """Collect what our steps need from mkdocs' configuration and the build clock."""
    try:
        today = build_clock().day
    except ClockError as exc:
        raise ContentErrorsAbort([exc.as_content_error()]) from None
    return SiteSettings(
        site_url=config.site_url or "https://smart.kassel.de/",
        site_name=config.site_name,
        categories=tuple(plugin_config.categories),
        per_page=plugin_config.per_page,
        today=today,
        review_branch=review.review_branch(),
        site_description=config.site_description or "",
        theme_color=plugin_config.theme_color,
        stadtteile=tuple(plugin_config.stadtteile),
        license=tuple(plugin_config.open_data_license),
    )


def load(config_file: str, **overrides: str) -> tuple[MkDocsConfig, SmartKasselPlugin]:
    """Read mkdocs.yml (with `docs_dir`/`site_dir` overrides) and find our plugin in it."""
    config = load_config(config_file, **overrides)
    return config, config.plugins[PLUGIN_NAME]


def read_content(
    config_file: str, only: set[str] | None = None, **overrides: str
) -> tuple[Content, list[ContentError]]:
    """Validate content/ without building anything (`build.py check [DATEIEN]`)."""
    config, plugin = load(config_file, **overrides)
    try:
        settings = settings_from(config, plugin.config)
    except ContentErrorsAbort as exc:
        return Content(root=Path(config.docs_dir)), exc.errors
    return validate_content(Path(config.docs_dir), settings, only)


def build_site(config_file: str, **overrides: str) -> Built:
    """Build the site, or raise ContentErrors / BuildAborted (re-exported here for callers)."""
    started = dt.datetime.now(dt.UTC)
    config, plugin = load(config_file, **overrides)
    try:
        mkdocs_build(config)
    except ContentErrorsAbort as exc:
        raise ContentErrors(exc.errors) from None
    except (Abort, PluginError) as exc:
        raise BuildAborted(str(exc)) from None
    finally:
        if hasattr(plugin, "encoder"):
            plugin.encoder.close()
    content = plugin.content
    forms_dir = Path(content.root) / "forms"
    forms = load_all(forms_dir).values() if forms_dir.is_dir() else []
    until = time_horizon.valid_until(started, content.agenda, forms)
    return Built(plugin.pages_built, len(content.posts), started, until)


def serve_site(config_file: str, host: str, port: int, **overrides: str) -> None:
    """Preview with live reload (mkdocs serve); content errors show in the log on each reload."""
    from mkdocs.commands.serve import serve

    serve(config_file=config_file, dev_addr=f"{host}:{port}", livereload=True, **overrides)


def _asset_url(path: Path) -> str:
    name = path.relative_to(ASSETS).as_posix()
    return ASSETS_URL + PUBLISHED_AS.get(name, name)


def _move(file: File, dest_uri: str) -> None:
    file.dest_uri = dest_uri
    for cached in ("url", "abs_dest_path"):
        file.__dict__.pop(cached, None)


def _nav_key(context) -> tuple | None:
    """Navigation, tabs and header of a page outside the navigation differ only by its links.

    The titles and relative URLs of the navigation's links (and the home page among them) and
    the entry marked as the page's owner; everything else in them comes from mkdocs.yml.
    """
    page, nav = context.get("page"), context.get("nav")
    if not isinstance(page, Page) or nav is None or page in nav.pages:
        return None
    marked = tuple(item.url for item in nav.pages if item.active)
    return (get_relative_url("assets/", page.url), marked, *_nav_links(nav.items, page.url))


def _nav_links(items, page_url: str):
    for item in items:
        if isinstance(item, Section):
            yield item.title, tuple(_nav_links(item.children, page_url))
        else:
            yield item.title, get_relative_url(item.url, page_url)
