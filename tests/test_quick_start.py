"""The README's two commands: what `make run` serves on, and how `make test` finds a browser."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENSURE_BROWSER = ROOT / "scripts" / "ensure-browser.sh"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_serves_and_prints_the_port_it_is_given():
    plan = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "PORT=5050"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "seed-demo --url http://127.0.0.1:5050" in plan
    assert "run --host 127.0.0.1 --port 5050" in plan
    assert "5000" not in plan


def fake_tools(folder: Path, **scripts: str) -> dict[str, str]:
    """An environment whose PATH holds only the given commands (and the shell's basics)."""
    folder.mkdir(exist_ok=True)
    for name, body in scripts.items():
        tool = folder / name
        tool.write_text(f"#!/bin/sh\n{body}\n")
        tool.chmod(0o755)
    for basic in ("sh", "cat", "id", "echo"):
        found = shutil.which(basic)
        if found and not (folder / basic).exists():
            (folder / basic).symlink_to(found)
    return {"PATH": str(folder), "SYSTEM_CHROMIUM": str(folder / "no-chromium-here")}


def run_ensure_browser(env: dict[str, str], python: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", str(ENSURE_BROWSER), python],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_system_chromium_is_used_as_it_is(tmp_path):
    env = fake_tools(tmp_path / "bin")
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    env["SYSTEM_CHROMIUM"] = str(chromium)
    result = run_ensure_browser(env, "python-that-must-not-run")
    assert result.returncode == 0
    assert f"Browser tests use {chromium}" in result.stdout


def test_without_apt_playwright_downloads_its_own(tmp_path):
    log = tmp_path / "asked"
    env = fake_tools(tmp_path / "bin", python=f'echo "$@" > {log}')
    result = run_ensure_browser(env, "python")
    assert result.returncode == 0, result.stderr
    assert log.read_text().strip() == "-m playwright install chromium"


def test_when_nothing_works_it_names_what_it_tried_and_the_fix(tmp_path):
    not_root = "echo 1000"
    env = fake_tools(tmp_path / "bin", python="exit 1", id=not_root, **{"apt-get": "exit 1"})
    result = run_ensure_browser(env, "python")
    assert result.returncode == 1
    assert "not found" in result.stderr
    assert "apt-get install chromium: skipped (needs apt-get and root)" in result.stderr
    assert "python -m playwright install chromium: failed" in result.stderr
    assert "sudo apt-get update && sudo apt-get install -y chromium" in result.stderr


def test_as_root_apt_get_is_tried_before_playwright(tmp_path):
    log = tmp_path / "asked"
    env = fake_tools(
        tmp_path / "bin",
        python="exit 1",
        id="echo 0",
        **{"apt-get": f'echo "$@" >> {log}; exit 1'},
    )
    result = run_ensure_browser(env, "python")
    assert result.returncode == 1
    assert log.read_text().splitlines()[0] == "update -qq"
    assert "apt-get install chromium (as root): failed" in result.stderr
    assert "python -m playwright install chromium: failed" in result.stderr
    assert "Fix it with one command" in result.stderr
