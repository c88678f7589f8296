"""The validated shape of an evening and its recordings, as the page generators consume it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Chapter:
    """A jump mark inside a recording; it ends where the next one starts."""

    start: int
    title: str


@dataclass
class Recording:
    """One recording with a single source; paths are relative to the content folder."""

    slug: str
    title: str
    speakers: list[str]
    duration: int
    poster: str
    youtube: str | None = None
    src: str | None = None
    src_bytes: int | None = None
    captions: str | None = None
    transcript: str | None = None
    description: str | None = None
    chapters: list[Chapter] = field(default_factory=list)
    draft: bool = False

    @property
    def aids(self) -> list[str]:
        """What helps people who cannot hear or watch it, named as the pages name it."""
        names = [("Kapitel", bool(self.chapters)), ("Transkript", bool(self.transcript))]
        names.append(("Untertitel", bool(self.captions)))
        return [name for name, present in names if present]

    @property
    def kind(self) -> str:
        """'youtube' or 'file': decides between the consent placeholder and a native player."""
        return "youtube" if self.youtube else "file"

    def chapter_ends(self) -> list[tuple[Chapter, int]]:
        """Pair each chapter with its end: the next chapter's start or the recording's end."""
        ends = [chapter.start for chapter in self.chapters[1:]] + [self.duration]
        return list(zip(self.chapters, ends, strict=True))


@dataclass
class Evening:
    """One Smart Kassel Night: the editor's file with its introduction and recordings."""

    slug: str
    source: str
    event: str
    date: str
    place: str
    teaser: str
    intro: str
    recordings: list[Recording]
    poster: str | None = None

    @property
    def cover(self) -> str:
        """The poster shown in the list of evenings: the evening's own or its first recording's."""
        return self.poster or self.recordings[0].poster
