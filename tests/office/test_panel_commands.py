"""``flask --app forms panel select|verify|invite`` as the office runs them."""

from __future__ import annotations

import csv
import json

import pytest

from forms.office.panel.pool import Quota

from .panel_pools import flanigan_example, write_pool, write_quotas

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def files(tmp_path):
    pool, quotas, seats = flanigan_example()
    return {
        "pool": write_pool(tmp_path / "pool.csv", pool),
        "quotas": write_quotas(tmp_path / "quotas.csv", quotas),
        "out": tmp_path / "out",
        "seats": seats,
    }


def select(runner, files, *extra, seed="42 17 3 9 11 30"):
    return _no_crash(runner.invoke(
        args=[
            "panel", "select", "--seats", str(files["seats"]), "--quotas", str(files["quotas"]),
            "--seed", seed, "--out", str(files["out"]), *extra,
        ]
    ))  # fmt: skip


def _no_crash(result):
    """A refusal ends in SystemExit with a message; anything else is a crash."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def verify(runner, files):
    args = ["panel", "verify", str(files["out"]), "--pool", str(files["pool"])]
    return _no_crash(runner.invoke(args=args))


@pytest.fixture
def selected(runner, files):
    result = select(runner, files, "--pool", str(files["pool"]))
    assert result.exit_code == 0, result.output
    return files


def test_select_writes_chances_panel_and_protocol(runner, selected):
    out = selected["out"]
    with (out / "probabilities.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 200
    assert sum(float(r["probability"]) for r in rows) == pytest.approx(20, abs=1e-6)
    assert min(float(r["probability"]) for r in rows) == pytest.approx(0.1, abs=1e-6)
    with (out / "panel.csv").open(encoding="utf-8") as file:
        panel = list(csv.DictReader(file))
    members = [r for r in panel if r["role"] == "Mitglied"]
    substitutes = [r for r in panel if r["role"] == "Nachrücker"]
    assert len(members) == 20 and len(substitutes) == 20
    assert sum(r["gender"] == "female" for r in members) >= 9
    assert sum(r["politics"] == "liberal" for r in members) >= 9
    record = json.loads((out / "protocol.json").read_text(encoding="utf-8"))
    assert record["seed"] == "42 17 3 9 11 30"
    assert record["lottery"]["size"] == 1000
    assert record["panel"] == [r["token"] for r in members]
    assert "p001" not in (out / "protocol.json").read_text(encoding="utf-8")


def test_verify_confirms_an_untouched_selection(runner, selected):
    result = verify(runner, selected)
    assert result.exit_code == 0, result.output
    assert "Protokoll bestätigt" in result.output


def _edit_protocol(files, change):
    path = files["out"] / "protocol.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    change(record)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _swap_first_member(record):
    record["panel"][0], record["substitutes"][0]["token"] = (
        record["substitutes"][0]["token"],
        record["panel"][0],
    )


def _raise_quota_keeping_its_checksum(record):
    from forms.office.panel.pool import quotas_fingerprint
    from forms.office.panel.verification import quotas_of

    record["quotas"][0]["min"] = 10
    record["quotas_sha256"] = quotas_fingerprint(quotas_of(record))


TAMPERING = {
    "seed": lambda r: r.update(seed="42 17 3 9 11 31"),
    "quota": lambda r: r["quotas"][0].update(min=10),
    "quota with checksum": _raise_quota_keeping_its_checksum,
    "panel": _swap_first_member,
    "ticket": lambda r: r["draw"].update(pick=r["draw"]["pick"] % 1000 + 1),
    "chance": lambda r: r["types"][0].update(chance=0.2),
    "distribution": lambda r: r["distribution"][0].update(probability=0.9),
    "tickets": lambda r: r["lottery"]["tickets"].__setitem__(0, r["lottery"]["tickets"][0] + 1),
}


@pytest.mark.parametrize("change", TAMPERING.values(), ids=TAMPERING.keys())
def test_verify_fails_on_any_change_to_the_protocol(runner, selected, change):
    _edit_protocol(selected, change)
    result = verify(runner, selected)
    assert result.exit_code == 1
    assert "NICHT bestätigt" in result.output


def test_verify_fails_when_a_person_of_the_pool_changes(runner, selected):
    path = selected["pool"]
    path.write_text(
        path.read_text()
        .replace("p", "p", 1)
        .replace("fl0003,female,liberal", "fl0003,male,liberal")
    )
    assert "fl0003,male" in path.read_text()
    result = verify(runner, selected)
    assert result.exit_code == 1
    assert "Pool: Prüfsumme weicht ab" in result.output


def test_verify_fails_when_someone_joins_the_pool(runner, selected):
    with selected["pool"].open("a", encoding="utf-8") as file:
        file.write("late,male,conservative\n")
    assert verify(runner, selected).exit_code == 1


@pytest.mark.parametrize("name", ["panel.csv", "probabilities.csv"])
def test_verify_fails_when_a_result_file_is_edited(runner, selected, name):
    path = selected["out"] / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1], lines[2] = lines[2], lines[1]
    path.write_text("".join(lines), encoding="utf-8")
    result = verify(runner, selected)
    assert result.exit_code == 1
    assert f"{name}: weicht von der Neuberechnung ab" in result.output


def test_select_refuses_to_overwrite_a_published_draw(runner, selected):
    result = select(runner, selected, "--pool", str(selected["pool"]), seed="other")
    assert result.exit_code == 1
    assert "gibt es schon" in result.output


def test_same_seed_same_panel_other_seed_other_panel(runner, files, tmp_path):
    assert select(runner, files, "--pool", str(files["pool"])).exit_code == 0
    first = (files["out"] / "panel.csv").read_text(encoding="utf-8")
    for name, seed, same in (("again", "42 17 3 9 11 30", True), ("other", "1 2 3 4 5 6", False)):
        files["out"] = tmp_path / name
        assert select(runner, files, "--pool", str(files["pool"]), seed=seed).exit_code == 0
        assert ((files["out"] / "panel.csv").read_text(encoding="utf-8") == first) is same


BAD_FILES = {
    "quotas": (
        "category,feature,min,max\ngender,female,neun,20\ngender,male,12,3\n"
        "politics,liberal,²,20\npolitics,conservative,9,20\n",
        [
            ":2: min: 'neun' ist keine ganze Zahl",
            ":4: min: '²' ist keine ganze Zahl",
            ":3: min: 12 ist größer als max",
        ],
    ),
    "pool": (
        "id;gender;politics\nx1;female;liberal\nx1;male;liberal\nx3;weiblich;liberal\n",
        [":3: id: 'x1' kommt doppelt vor", ":4: gender: 'weiblich' hat keine Quote"],
    ),
}


@pytest.mark.parametrize("which", BAD_FILES)
def test_bad_csv_lines_are_named_in_german_with_file_and_line(runner, files, which):
    text, expected = BAD_FILES[which]
    files[which].write_text(text, encoding="utf-8")
    result = select(runner, files, "--pool", str(files["pool"]))
    assert result.exit_code == 1
    for line in expected:
        assert f"{files[which]}{line}" in result.output


def test_a_pool_without_a_quota_column_is_refused(runner, files):
    files["pool"].write_text("id,gender\na,female\n", encoding="utf-8")
    result = select(runner, files, "--pool", str(files["pool"]))
    assert f"{files['pool']}:1: politics: Spalte fehlt" in result.output


def test_infeasible_quotas_end_with_a_german_message_not_a_trace(runner, files):
    quotas = flanigan_example()[1]
    write_quotas(files["quotas"], (*quotas[:3], Quota("politics", "conservative", 15, 20)))
    result = select(runner, files, "--pool", str(files["pool"]))
    assert result.exit_code == 1
    assert "nicht gemeinsam erfüllen" in result.output
    assert "Traceback" not in result.output


def test_select_needs_exactly_one_pool(runner, files):
    result = select(runner, files)
    assert result.exit_code == 2
    assert "--pool DATEI.csv oder --form" in result.output


def test_invite_spreads_letters_proportionally_and_is_repeatable(runner, tmp_path):
    register = tmp_path / "register.csv"
    rows = [("Mitte", 600), ("Wesertor", 300), ("Waldau", 100)]
    lines = ["id;name;stadtteil"] + [
        f"{d[:2]}{i};Person {i};{d}" for d, count in rows for i in range(count)
    ]
    register.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        args = ["panel", "invite", "--register", str(register), "--letters", "10"]
        args += ["--by", "stadtteil", "--seed", seed, "--out", str(tmp_path / name)]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name / "letters.csv").read_text(encoding="utf-8"))
    record = json.loads((tmp_path / "a" / "protocol.json").read_text(encoding="utf-8"))
    letters = {row["district"]: row["letters"] for row in record["districts"]}
    assert letters == {"Mitte": 6, "Wesertor": 3, "Waldau": 1}
    assert outputs[0] == outputs[1] and outputs[0] != outputs[2]
    chosen = list(csv.DictReader(outputs[0].lstrip("\ufeff").splitlines(), delimiter=";"))
    assert len(chosen) == 10 and all(len(row["code"]) == 11 for row in chosen)


def test_invite_letters_cannot_smuggle_spreadsheet_formulas(runner, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("id,name,stadtteil\n1,=HYPERLINK(1),Mitte\n2,Eva,Waldau\n")
    args = ["panel", "invite", "--register", str(register), "--letters", "2", "--by"]
    result = runner.invoke(args=[*args, "stadtteil", "--seed", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert ";'=HYPERLINK(1);" in (tmp_path / "o" / "letters.csv").read_text(encoding="utf-8")


def test_invite_refuses_more_letters_than_register_rows(runner, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("id,stadtteil\n1,Mitte\n2,Mitte\n", encoding="utf-8")
    args = ["panel", "invite", "--register", str(register), "--letters", "3", "--by"]
    result = runner.invoke(args=[*args, "stadtteil", "--seed", "1", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "--letters: 3 Briefe, das Melderegister hat 2 Zeilen" in result.output


def test_without_a_lottery_the_draw_uses_the_exact_distribution_and_verifies(runner, files):
    assert select(runner, files, "--pool", str(files["pool"]), "--lottery-size", "0").exit_code == 0
    record = json.loads((files["out"] / "protocol.json").read_text(encoding="utf-8"))
    assert record["lottery"] is None
    assert verify(runner, files).exit_code == 0
    _edit_protocol(files, lambda r: r.update(seed="anders"))
    assert verify(runner, files).exit_code == 1


HOSTILE = {
    "not json": "{",
    "a list": "[]",
    "pool as text": None,
    "distribution as text": None,
    "no seats": None,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_verify_answers_a_broken_or_hostile_protocol_in_german(runner, selected, name):
    path = selected["out"] / "protocol.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    if name == "pool as text":
        record["pool"] = "pool.csv"
    elif name == "distribution as text":
        record["distribution"] = "alles gut"
    elif name == "no seats":
        del record["seats"]
    text = HOSTILE[name] if HOSTILE[name] is not None else json.dumps(record)
    path.write_text(text, encoding="utf-8")
    result = verify(runner, selected)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Protokoll" in result.output
