"""Editors' pictures: bad files are reported with file:line, variants are cached and marked up."""

from __future__ import annotations

import io
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image

from site_src.images import variants
from site_src.images.publish import publish_pictures
from site_src.settings import SiteSettings
from site_src.validate import validate_content

POST = "aktuelles/posts/2021-07-01-bildmeldung.md"
POST_TEXT = """---
date: 2021-07-01
title: Bildmeldung
description: Ein Satz über die Meldung.
image: {image}
image_alt: Gezeichnete Illustration
---

Text.
"""


def _png(width: int = 800, height: int = 450, colour: str = "#004f6e") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def _errors(content: Path, image: str, data: bytes | None) -> list[str]:
    if data is not None:
        (content / "aktuelles/posts" / image).write_bytes(data)
    (content / POST).write_text(POST_TEXT.format(image=image), encoding="utf-8")
    _content, errors = validate_content(content, SiteSettings())
    return [str(error) for error in errors]


BAD_FILES = {
    "text_named_png": (
        "kaputt.png",
        b"<html>kein Bild</html>",
        "image: content/aktuelles/posts/kaputt.png ist kein lesbares Bild (JPEG, PNG oder WebP); "
        "Datei neu exportieren",
    ),
    "truncated_png": (
        "halb.png",
        _png()[:200],
        "image: content/aktuelles/posts/halb.png ist beschädigt oder unvollständig; "
        "Datei neu exportieren und ersetzen",
    ),
    "too_small": (
        "klein.png",
        _png(300, 200),
        "image: content/aktuelles/posts/klein.png ist mit 300 × 200 Pixeln zu klein; "
        "mindestens 640 × 320 Pixel, damit es scharf erscheint",
    ),
    "gif_named_jpg": (
        "anim.jpg",
        (lambda out: (Image.new("P", (800, 450)).save(out, "GIF"), out.getvalue())[1])(
            io.BytesIO()
        ),
        "image: content/aktuelles/posts/anim.jpg ist ein GIF-Bild; "
        "bitte als JPEG, PNG oder WebP speichern",
    ),
    "missing": (
        "fehlt.png",
        None,
        "image: Datei content/aktuelles/posts/fehlt.png nicht gefunden; "
        "Namen prüfen oder Bild dort ablegen",
    ),
    "outside_content": (
        "../../../geheim.png",
        None,
        "image: muss im Ordner content/ liegen; Bild dorthin kopieren und Pfad anpassen",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_picture_is_named_with_file_line_and_fix(content_copy, case) -> None:
    image, data, message = BAD_FILES[case]
    assert _errors(content_copy, image, data) == [f"content/{POST}:5: {message}"]


def test_a_strategy_page_picture_needs_its_alt_text(content_copy) -> None:
    page = content_copy / "strategie/mobilitaet.md"
    page.write_text(
        "\n".join(
            line
            for line in page.read_text(encoding="utf-8").splitlines()
            if not line.startswith("image_alt:")
        ),
        encoding="utf-8",
    )
    lines = page.read_text(encoding="utf-8").splitlines()
    image_line = next(n for n, line in enumerate(lines, 1) if line.startswith("image:"))
    _content, errors = validate_content(content_copy, SiteSettings())
    assert [str(e) for e in errors] == [
        f"content/strategie/mobilitaet.md:{image_line}: image_alt: ist Pflicht, wenn 'image' "
        "gesetzt ist; beschreiben Sie, was das Bild zeigt"
    ]


def test_a_good_picture_is_planned_in_sizes_up_to_its_own_width(content_copy) -> None:
    assert _errors(content_copy, "gut.png", _png(1000, 500)) == []
    picture = variants.plan(content_copy / "aktuelles/posts/gut.png")
    assert [v.width for v in picture.webp] == [480, 800, 1000]
    assert [v.width for v in picture.jpeg] == [480, 800, 1000]
    assert (picture.width, picture.height) == (1000, 500)
    assert all(v.height == v.width // 2 for v in picture.variants())


def test_a_rebuild_takes_every_variant_from_the_cache(tmp_path, monkeypatch) -> None:
    source = tmp_path / "bild.png"
    source.write_bytes(_png(1300, 700, "#a3005c"))
    picture = variants.plan(source)
    calls = []
    real_encode = variants.encode
    monkeypatch.setattr(variants, "encode", lambda v: calls.append(v) or real_encode(v))
    cache = tmp_path / "cache"

    first = tmp_path / "site1"
    assert publish_pictures([picture], first, cache) == 6
    assert len(calls) == 6
    second = tmp_path / "site2"
    assert publish_pictures([picture], second, cache) == 6
    assert len(calls) == 6, "the second build encoded again"
    for variant in picture.variants():
        assert (first / variant.url).read_bytes() == (second / variant.url).read_bytes()
        with Image.open(second / variant.url) as made:
            assert made.format == {"webp": "WEBP", "jpeg": "JPEG"}[variant.kind]
            assert made.size == (variant.width, variant.height)


def test_changed_source_bytes_make_new_variants(tmp_path) -> None:
    source = tmp_path / "bild.png"
    source.write_bytes(_png(900, 500, "#004f6e"))
    before = {v.url for v in variants.plan(source).variants()}
    source.write_bytes(_png(900, 500, "#3c8d4f"))
    os.utime(source, ns=(1, 1))
    after = {v.url for v in variants.plan(source).variants()}
    assert before.isdisjoint(after)


def test_a_transparent_png_becomes_white_not_black(tmp_path) -> None:
    source = tmp_path / "logo.png"
    Image.new("RGBA", (800, 400), (0, 0, 0, 0)).save(source)
    variant = variants.plan(source).jpeg[0]
    with Image.open(io.BytesIO(variants.encode(variant))) as made:
        assert made.convert("RGB").getpixel((10, 10)) == (255, 255, 255)


def test_a_huge_picture_is_refused_before_it_is_decoded(content_copy) -> None:
    out = io.BytesIO()
    Image.new("1", (8000, 7000)).save(out, "PNG")  # 56 megapixels, a few KB on disk
    assert _errors(content_copy, "riesig.png", out.getvalue()) == [
        f"content/{POST}:5: image: content/aktuelles/posts/riesig.png ist mit 8000 × 7000 "
        "Pixeln zu groß; auf höchstens 4000 Pixel verkleinern"
    ]


def test_two_builds_at_once_share_the_cache_safely(tmp_path) -> None:
    source = tmp_path / "bild.png"
    source.write_bytes(_png(900, 500, "#3c8d4f"))
    picture = variants.plan(source)
    cache = tmp_path / "cache"
    sites = [tmp_path / f"site{n}" for n in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda site: publish_pictures([picture], site, cache), sites))
    for variant in picture.variants():
        made = {(site / variant.url).read_bytes() for site in sites}
        assert len(made) == 1
    assert not [p for p in (cache / "images").iterdir() if p.name.startswith(".part-")]
