"""Write the <picture> markup for a planned image, for page sources of any content type."""

from __future__ import annotations

from site_src.images.variants import ResponsiveImage
from site_src.render import environment

# How wide a picture shows, for the browser to choose a size before layout is known.
# Material's content column is at most about 700 CSS px wide.
SIZES_COLUMN = "(min-width: 60em) 700px, 100vw"


def picture_html(
    image: ResponsiveImage, alt: str, page_url: str, sizes: str = SIZES_COLUMN, eager: bool = False
) -> str:
    """Render one picture on one line, so it stays a single raw HTML block inside Markdown."""
    macro = environment().get_template("images/picture.html").module.picture
    html = macro(image, alt, page_url, sizes, eager)
    return "".join(line.strip() for line in str(html).splitlines())


def hero_block(image: ResponsiveImage, alt: str, page_url: str) -> str:
    """A page's main picture as a Markdown-safe block: loaded at once, with high priority."""
    return f'<div class="sk-hero-image">{picture_html(image, alt, page_url, eager=True)}</div>'
