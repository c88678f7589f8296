"""Put a front page's parts into its Markdown: the hero on top, the rest where the markers stand.

Markers in the page's text place each part: `<!-- kacheln -->` the tiles (without the marker
they follow the hero), `<!-- mitmachen -->` the call to action, `<!-- video -->` the video
teaser (without theirs, at the end). The news cards and dates keep their markers
`<!-- aktuelles -->` and `<!-- termine -->`.
"""

from __future__ import annotations

from site_src.render import html_block

TILES_MARKER = "<!-- kacheln -->"
CALL_MARKER = "<!-- mitmachen -->"
VIDEO_MARKER = "<!-- video -->"


def page_markdown(src: str, markdown: str, meta: dict, content, settings) -> str:
    """Render the parts the page's front matter asked for (content.front_pages holds them)."""
    page = content.front_pages.get(src)
    if page is None:
        return markdown
    url = content.page_url(src)
    if page.tiles:
        block = html_block("home/tiles.html", tiles=page.tiles, page_url=url)
        if TILES_MARKER in markdown:
            markdown = _place(markdown, TILES_MARKER, block)
        else:
            markdown = f"{block}\n\n{markdown}"
    if page.hero:
        markdown = f"{html_block('home/hero.html', hero=page.hero, page_url=url)}\n\n{markdown}"
    if page.call:
        block = html_block("home/mitmachen.html", call=page.call, page_url=url)
        markdown = _place(markdown, CALL_MARKER, block)
    if page.video:
        block = html_block("home/video.html", video=page.video, page_url=url)
        markdown = _place(markdown, VIDEO_MARKER, block)
    return markdown


def _place(markdown: str, marker: str, block: str) -> str:
    if marker in markdown:
        return markdown.replace(marker, f"\n\n{block}\n\n", 1)
    return f"{markdown.rstrip()}\n\n{block}\n"
