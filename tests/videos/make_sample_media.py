"""Recreate the sample clip, its captions, transcript and posters under content/videos/media/.

Not a test: run it by hand (`.venv/bin/python tests/videos/make_sample_media.py`) after changing
the lines below. Needs ffmpeg with drawtext and espeak-ng (Debian packages); the outputs are
committed, so builds and tests never need either tool.
"""

from __future__ import annotations

import shlex
import subprocess
import tempfile
from pathlib import Path

MEDIA = Path(__file__).resolve().parents[2] / "content" / "videos" / "media"
CLIP = "smart-kassel-night-2021-in-kuerze"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
GAP = 0.4
FFMPEG = ("ffmpeg", "-y", "-v", "error")
# (what espeak-ng says, what the captions and the picture show)
LINES = [
    ("Willkommen zur ersten Smart Kassel Night!", "Willkommen zur ersten\nSmart Kassel Night!"),
    (
        "Am achtzehnten Juni 2021, dem Digitaltag, hat Kassel seine Smart-City-Strategie begonnen.",
        "Am 18. Juni 2021, dem Digitaltag,\nhat Kassel seine Smart City-Strategie begonnen.",
    ),
    (
        "Es geht um Mobilität, Leben und Wohnen sowie Energie und Umwelt.",
        "Es geht um Mobilität, Leben und Wohnen\nsowie Energie und Umwelt.",
    ),
    ("Machen Sie mit!", "Machen Sie mit!"),
]
EXAMPLE_POSTERS = {
    "beispiel-begruessung": "Beispiel: Begrüßung",
    "beispiel-workshop-zukunftsbilder": "Beispiel: Workshop Zukunftsbilder",
    "beispiel-nachbarschafts-app": "Beispiel: Nachbarschafts-App",
}


def main() -> None:
    """Write every sample media file."""
    MEDIA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cues = _speech(work)
        _captions(cues)
        _transcript()
        _clip(work, cues)
    _frame(MEDIA / f"{CLIP}.mp4", MEDIA / f"{CLIP}.jpg", at=1.0)
    for name, title in EXAMPLE_POSTERS.items():
        _poster(MEDIA / f"{name}.jpg", title)


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _speech(work: Path) -> list[tuple[float, float, str]]:
    """Speak every line into one WAV file; return (start, end, caption) per line."""
    cues, parts, clock = [], [], GAP
    for index, (spoken, shown) in enumerate(LINES):
        wav = work / f"line{index}.wav"
        _run("espeak-ng", "-v", "de", "-s", "150", "-w", str(wav), spoken)
        probe = shlex.split("ffprobe -v error -show_entries format=duration -of csv=p=0")
        length = float(_run(*probe, str(wav)))
        cues.append((clock, clock + length, shown))
        parts.append((wav, clock))
        clock += length + GAP
    inputs = [arg for wav, _ in parts for arg in ("-i", str(wav))]
    delays = "".join(
        f"[{i}]adelay={round(start * 1000)}:all=1[a{i}];" for i, (_, start) in enumerate(parts)
    )
    mix = "".join(f"[a{i}]" for i in range(len(parts)))
    mixed = f"{delays}{mix}amix=inputs={len(parts)}:normalize=0,apad=whole_dur={clock + 0.6}"
    _run(*FFMPEG, *inputs, "-filter_complex", mixed, str(work / "speech.wav"))
    return cues


def _stamp(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{secs:06.3f}"


def _captions(cues: list[tuple[float, float, str]]) -> None:
    blocks = ["WEBVTT", ""]
    for number, (start, end, text) in enumerate(cues, 1):
        blocks += [str(number), f"{_stamp(start)} --> {_stamp(end)}", text, ""]
    (MEDIA / f"{CLIP}.de.vtt").write_text("\n".join(blocks), encoding="utf-8")


def _transcript() -> None:
    said = "\n\n".join(shown.replace("\n", " ") for _, shown in LINES)
    text = (
        "*Eine Sprecherstimme (synthetisch erzeugt) spricht. Im Bild stehen auf blauem Grund "
        "der Titel „Smart Kassel Night“ und jeweils der gesprochene Satz.*\n\n"
        f"**Sprecherstimme:** {said}\n"
    )
    (MEDIA / f"{CLIP}.transkript.md").write_text(text, encoding="utf-8")


def _clip(work: Path, cues: list[tuple[float, float, str]]) -> None:
    """Title card with the spoken line in the picture, 640×360, H.264/AAC, a few hundred KB."""
    filters = [
        f"drawtext=fontfile={FONT_BOLD}:text='Smart Kassel Night':fontsize=40:fontcolor=white"
        ":x=(w-text_w)/2:y=48",
        f"drawtext=fontfile={FONT}:text='Digitaltag · 18. Juni 2021':fontsize=22:"
        "fontcolor=0xd6e4f0:x=(w-text_w)/2:y=104",
    ]
    for index, (start, end, text) in enumerate(cues):
        textfile = work / f"text{index}.txt"
        textfile.write_text(text, encoding="utf-8")
        filters.append(
            f"drawtext=fontfile={FONT}:textfile={textfile}:fontsize=24:fontcolor=white:"
            f"line_spacing=8:x=(w-text_w)/2:y=(h-text_h)/2+30:enable='between(t,{start:.2f},{end:.2f})'"
        )
    duration = cues[-1][1] + 0.6
    background = f"color=c=0x00467f:s=640x360:r=15:d={duration:.2f}"
    encode = shlex.split(
        "-c:v libx264 -preset veryslow -tune stillimage -crf 30 -pix_fmt yuv420p "
        "-c:a aac -b:a 48k -ac 1 -shortest -movflags +faststart"
    )
    _run(
        *FFMPEG,
        "-f",
        "lavfi",
        "-i",
        background,
        "-i",
        str(work / "speech.wav"),
        "-vf",
        ",".join(filters),
        *encode,
        str(MEDIA / f"{CLIP}.mp4"),
    )


def _frame(video: Path, target: Path, at: float) -> None:
    _run(*FFMPEG, "-ss", str(at), "-i", str(video), "-frames:v", "1", "-q:v", "4", str(target))


def _poster(target: Path, title: str) -> None:
    """A 640×360 poster we host, so no thumbnail is ever fetched from YouTube."""
    text = title.replace(":", "\\:")
    drawn = (
        f"drawtext=fontfile={FONT_BOLD}:text='Smart Kassel Night':fontsize=34:fontcolor=white:"
        f"x=(w-text_w)/2:y=90,drawtext=fontfile={FONT}:text='{text}':fontsize=28:"
        "fontcolor=0xffd166:x=(w-text_w)/2:y=(h-text_h)/2+20"
    )
    background = "color=c=0x2b3a4a:s=640x360:d=1"
    _run(
        *FFMPEG,
        "-f",
        "lavfi",
        "-i",
        background,
        "-vf",
        drawn,
        "-frames:v",
        "1",
        "-q:v",
        "4",
        str(target),
    )


if __name__ == "__main__":
    main()
