"""The GitLab pipeline parses and runs only `make` targets that exist, so CI does what people do."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CI_FILE = REPO / ".gitlab-ci.yml"
STAGES = ["check", "test", "build", "deploy"]
# Top-level keys of .gitlab-ci.yml that are settings, not jobs.
GLOBAL_KEYS = {"stages", "workflow", "default", "variables", "include", "image", "services"}
_MAKE_LINE = re.compile(r"^make(?: +[A-Z_][A-Z0-9_]*=\S+)*((?: +[a-z][a-z0-9-]*)+)$")
# Set in the jobs themselves or by GitLab; everything else a recipe reads must be documented.
SET_BY_THE_PIPELINE = {"REVIEW_BRANCH", "REVIEW_URL", "REVIEW_SLUG"}


def _pipeline(text: str | None = None) -> dict:
    return yaml.safe_load(CI_FILE.read_text(encoding="utf-8") if text is None else text)


def _jobs(pipeline: dict) -> dict[str, dict]:
    return {
        name: job
        for name, job in pipeline.items()
        if name not in GLOBAL_KEYS and not name.startswith(".")
    }


def make_targets() -> set[str]:
    """Every target the Makefile defines, as make itself reads it."""
    database = subprocess.run(
        ["make", "-pRrq", "-f", "Makefile"], cwd=REPO, capture_output=True, text=True
    ).stdout
    return set(re.findall(r"^([A-Za-z0-9_.\-/]+):(?!=)", database, re.MULTILINE))


def problems(pipeline: dict, targets: set[str]) -> list[str]:
    """What is wrong with the pipeline's stages and scripts, one line per problem."""
    found = []
    stages = pipeline.get("stages", [])
    for name, job in _jobs(pipeline).items():
        if job.get("stage") not in stages:
            found.append(f"{name}: stage {job.get('stage')!r} is not one of {stages}")
        lines = [*job.get("before_script", []), *job.get("script", [])]
        if not job.get("script"):
            found.append(f"{name}: no script")
        for line in [*lines, *job.get("after_script", [])]:
            match = _MAKE_LINE.match(line.strip())
            if not match:
                found.append(f"{name}: {line!r} is not a make target")
                continue
            for target in match.group(1).split():
                if target not in targets:
                    found.append(f"{name}: make {target} does not exist")
    return found


def test_pipeline_has_the_four_stages_and_only_calls_existing_make_targets():
    pipeline = _pipeline()
    assert pipeline["stages"] == STAGES
    assert problems(pipeline, make_targets()) == []
    assert {"check", "test", "build", "deploy", "review-build", "review"} <= set(_jobs(pipeline))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("- make check", "check: make cheque does not exist"),
        ("- make test", "test: 'pytest -q' is not a make target"),
        ("stage: check", "check: stage 'lint' is not one of"),
    ],
)
def test_the_check_catches_a_job_that_does_not_run_make(change, expected):
    replacement = {
        "- make check": "- make cheque",
        "- make test": "- pytest -q",
        "stage: check": "stage: lint",
    }[change]
    text = CI_FILE.read_text(encoding="utf-8").replace(change, replacement, 1)
    found = problems(_pipeline(text), make_targets())
    assert any(problem.startswith(expected) for problem in found), found


def _rule_sources(job: dict) -> list[tuple[str, str]]:
    return [(rule.get("if", ""), rule.get("when", "on_success")) for rule in job.get("rules", [])]


def test_daily_schedule_rebuilds_and_deploys_main_but_skips_the_long_tests():
    jobs = _jobs(_pipeline())
    for name in ("build", "deploy"):
        runs = [
            condition
            for condition, when in _rule_sources(jobs[name])
            if '$CI_PIPELINE_SOURCE == "schedule"' in condition and when != "never"
        ]
        assert runs and all("$CI_DEFAULT_BRANCH" in condition for condition in runs), name
    assert ('$CI_PIPELINE_SOURCE == "schedule"', "never") in _rule_sources(jobs["test"])
    assert "rules" not in jobs["check"], "the content check runs in every pipeline"
    assert jobs["deploy"]["script"][-1] == "make deploy"
    assert jobs["deploy"]["needs"] == ["build"]


def test_merge_request_gets_a_review_app_with_its_own_address_and_a_stop_job():
    jobs = _jobs(_pipeline())
    review, build = jobs["review"], jobs["review-build"]
    environment = review["environment"]
    assert environment["name"] == "review/$CI_COMMIT_REF_SLUG"
    assert environment["url"] == build["variables"]["REVIEW_URL"]
    assert build["variables"]["REVIEW_BRANCH"] == "$CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"
    stop = jobs[environment["on_stop"]]
    assert stop["environment"] == {"name": environment["name"], "action": "stop"}
    assert stop["script"][-1] == "make review-stop"
    assert stop["rules"][0]["when"] == "manual"
    for job in (review, build, stop):
        # Project variables win over job variables: a review job must not rely on overriding
        # SITE_URL or DEPLOY_PATH, or a merge request could overwrite the real site.
        assert not {"SITE_URL", "DEPLOY_PATH"} & set(job.get("variables", {}))
        assert all("merge_request_event" in rule["if"] for rule in job["rules"])


def test_every_setting_the_make_targets_read_is_documented_in_the_pipeline():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    exported = {
        name
        for line in re.findall(r"^export (.+)$", makefile, re.MULTILINE)
        for name in line.split()
    }
    header = "".join(
        line for line in CI_FILE.read_text(encoding="utf-8").splitlines(True) if line[:1] == "#"
    )
    documented = set(re.findall(r"^#   ([A-Z_]+) ", header, re.MULTILINE))
    assert {"DEPLOY_HOST", "DEPLOY_USER", "DEPLOY_PATH", "SSH_PRIVATE_KEY"} <= exported
    assert exported - SET_BY_THE_PIPELINE <= documented
    assert {"SITE_URL", "SSH_KNOWN_HOSTS", "REVIEW_ROOT", "REVIEW_URL_BASE"} <= documented
