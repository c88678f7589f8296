"""``panel announce`` before the draw and ``panel publish`` after it feed the Bürgerrat page."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from forms.office.panel.draw import public_token
from site_src.buergerrat import data

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "beispiele"
SEED = "Lotto 6aus49 11.12.2026: 2 9 14 22 30 47 SZ 4"


def announce(runner, folder, seed=SEED, seats="10", reserved="1"):
    args = ["panel", "announce", "--seed", seed, "--seats", seats, "--reserved", reserved]
    return runner.invoke(args=[*args, "--draw-date", "2026-12-11", "--to", str(folder)])


def select(runner, out, seed=SEED):
    return runner.invoke(
        args=[
            "panel", "select", "--seats", "10", "--quotas", str(EXAMPLES / "quoten.csv"),
            "--pool", str(EXAMPLES / "pool.csv"), "--reserved", str(EXAMPLES / "reserviert.csv"),
            "--seed", seed, "--out", str(out),
        ]
    )  # fmt: skip


def test_publish_writes_chances_by_token_that_build_check_accepts(runner, tmp_path):
    content = tmp_path / "content"
    folder = content / data.FOLDER
    assert announce(runner, folder).exit_code == 0
    assert select(runner, tmp_path / "auswahl").exit_code == 0
    result = runner.invoke(
        args=["panel", "publish", str(tmp_path / "auswahl"), "--to", str(folder)]
    )
    assert result.exit_code == 0, result.output
    record = json.loads((folder / "protokoll.json").read_text(encoding="utf-8"))
    with (tmp_path / "auswahl" / "probabilities.csv").open(encoding="utf-8") as file:
        by_id = {row["id"]: row["probability"] for row in csv.DictReader(file)}
    chances_text = (folder / "chancen.csv").read_text(encoding="utf-8")
    assert not any(person in chances_text for person in by_id)
    with (folder / "chancen.csv").open(encoding="utf-8") as file:
        by_token = {row["token"]: row["probability"] for row in csv.DictReader(file)}
    fingerprint = record["pool"]["sha256"]
    assert by_token == {public_token(fingerprint, p): c for p, c in by_id.items()}
    draw, errors = data.load(content)
    assert errors == []
    assert draw.result.reserved == 1 and len(draw.result.panel) == 9


def test_a_second_announcement_is_refused_and_the_first_stays(runner, tmp_path):
    folder = tmp_path / "ziehung"
    assert announce(runner, folder).exit_code == 0
    first = (folder / "ankuendigung.json").read_text(encoding="utf-8")
    again = announce(runner, folder, seed="ein anderer Startwert")
    assert again.exit_code == 1
    assert "ein angekündigter Startwert bleibt" in again.output
    assert (folder / "ankuendigung.json").read_text(encoding="utf-8") == first


@pytest.mark.parametrize("seed", ["", "a\nb", "x" * 501])
def test_an_unusable_seed_is_not_announced(runner, tmp_path, seed):
    result = announce(runner, tmp_path / "ziehung", seed=seed)
    assert result.exit_code == 2
    assert not (tmp_path / "ziehung" / "ankuendigung.json").exists()


def test_a_result_with_another_seed_or_without_announcement_is_not_published(runner, tmp_path):
    folder = tmp_path / "ziehung"
    assert select(runner, tmp_path / "auswahl", seed="nachträglich gewählt").exit_code == 0
    missing = runner.invoke(
        args=["panel", "publish", str(tmp_path / "auswahl"), "--to", str(folder)]
    )
    assert missing.exit_code == 1
    assert "erst ankündigen" in missing.output
    assert announce(runner, folder).exit_code == 0
    other = runner.invoke(args=["panel", "publish", str(tmp_path / "auswahl"), "--to", str(folder)])
    assert other.exit_code == 1
    assert "angekündigt war" in other.output
    assert not (folder / "protokoll.json").exists()
    shutil.rmtree(tmp_path / "auswahl")
