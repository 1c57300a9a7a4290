"""The GitHub Pages workflow parses and publishes what the README's two commands build."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def _workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_the_workflow_runs_the_readme_commands_before_it_uploads():
    workflow = _workflow()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make book" in readme and "make test" in readme
    steps = workflow["jobs"]["build"]["steps"]
    runs = _runs(workflow["jobs"]["build"])
    test_at = next(i for i, s in enumerate(steps) if s.get("run", "").strip() == "make test")
    book_at = next(i for i, s in enumerate(steps) if s.get("run", "").startswith("make book"))
    upload_at = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert test_at < book_at < upload_at
    assert any('EDITION="$EDITION"' in run for run in runs)


def test_the_student_edition_is_an_option_and_uploads_the_folder_the_makefile_builds():
    workflow = _workflow()
    edition = workflow["on"]["workflow_dispatch"]["inputs"]["edition"]
    assert edition["options"] == ["self-study", "student"] and edition["default"] == "self-study"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "BOOK_OUT := _build/student" in makefile  # the student build lands in _build/student/_build/html
    chooser = next(run for run in _runs(workflow["jobs"]["build"]) if "GITHUB_OUTPUT" in run)
    assert "_build/student/_build/html" in chooser and "path=_build/html" in chooser
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_the_publishing_page_is_in_the_book_and_names_the_workflow():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert "book/publishing" in toc
    page = (ROOT / "book" / "publishing.md").read_text(encoding="utf-8")
    assert ".github/workflows/pages.yml" in page and "STUDENT_REPOSITORY_URL" in page
