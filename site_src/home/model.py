"""The parts of a front page as plain data, checked once and rendered on every build."""

from __future__ import annotations

from dataclasses import dataclass

from site_src.images.variants import ResponsiveImage


@dataclass(frozen=True)
class Link:
    """A link an editor named by its file; `url` is the site-relative address it becomes."""

    text: str
    url: str


@dataclass(frozen=True)
class Hero:
    """The claim at the top: the page's one heading, a sentence or two and a picture."""

    title: str
    text: str
    picture: ResponsiveImage | None
    image_alt: str
    link: Link | None = None
    # The picture's path inside content/, under which its variants are published.
    picture_src: str | None = None


@dataclass(frozen=True)
class Tile:
    """One field of the strategy: an icon, its name, one sentence and where to read more."""

    title: str
    icon: str
    text: str
    url: str


@dataclass(frozen=True)
class QuizOffer:
    """The quiz as the build clock finds it: open, with its deadline in words."""

    text: str
    url: str
    deadline: str


@dataclass(frozen=True)
class CallToAction:
    """How to take part: the quiz while its form is open, the contact page otherwise."""

    title: str
    text: str
    url: str
    link_text: str
    quiz: QuizOffer | None = None


@dataclass(frozen=True)
class VideoTeaser:
    """One evening of the Smart Kassel Night with its poster, linked to its videos."""

    title: str
    evening: str
    text: str
    url: str
    picture: ResponsiveImage | None
    date_text: str


@dataclass(frozen=True)
class FrontPage:
    """Everything a page's front matter asked for; a part left out is None (or empty)."""

    hero: Hero | None = None
    tiles: tuple[Tile, ...] = ()
    call: CallToAction | None = None
    video: VideoTeaser | None = None
