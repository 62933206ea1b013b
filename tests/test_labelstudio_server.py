"""Integration test against a real Label Studio server.

The setup installs Label Studio from the package index into its own virtualenv
(``$DIENBIEN_LS_VENV``, default ``<tmp>/dienbien-ls-venv``, kept between runs
and reused when it holds the wanted version), starts it on 127.0.0.1 with
SQLite in a fresh data folder, with the user and API token taken from the
environment (``LABEL_STUDIO_USERNAME``, ``LABEL_STUDIO_PASSWORD``,
``LABEL_STUDIO_USER_TOKEN``; made up when unset), and stops it by its process
group in a ``finally``, whatever happens.

The test creates a project with the generated config, imports the tasks that
``export_tasks`` makes of the interview (pre-annotated by the pipeline, units
taken from the gold sentences), creates the two gold passes as annotations of
two users through the API, exports JSON through the API (with e-mails, and
with user ids only), imports back, and asserts that the records equal the
passes that went in, file for file.

Set ``DIENBIEN_SKIP_LABELSTUDIO=1`` to skip it; ``DIENBIEN_LS_SPEC`` names the
package to install (default ``label-studio==1.23.2``);
``DIENBIEN_RECORD_LS_FIXTURE=1`` re-records ``tests/data/labelstudio_export.json``
(the offline round-trip fixture) from the server's export.

The marker ``labelstudio`` is registered here: this module registers itself
as a plugin (``pytest_plugins``) so that its ``pytest_configure`` and
``pytest_collection_modifyitems`` hooks run, without touching the shared
conftest or pyproject (``-m "not labelstudio"`` deselects it).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from .conftest import CORPUS, INTERVIEW_ID, ROOT

LS_SPEC = os.environ.get("DIENBIEN_LS_SPEC", "label-studio==1.23.2")
LS_VENV = Path(os.environ.get("DIENBIEN_LS_VENV") or Path(tempfile.gettempdir()) / "dienbien-ls-venv")
START_TIMEOUT = 120.0
PASSES = ("pass_a", "pass_b")
FIXTURE = ROOT / "tests" / "data" / "labelstudio_export.json"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "labelstudio: needs a real Label Studio server (installed into its own virtualenv)"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if getattr(item, "module", None) is not None and item.module.__name__ == __name__:
            item.add_marker("labelstudio")


pytest_plugins = [__name__]


# ---------------------------------------------------------------------------
# The server


def _installed_version(venv: Path) -> str | None:
    # `label-studio --version` starts a server: ask pip instead.
    pip = venv / "bin" / "pip"
    if not pip.exists() or not (venv / "bin" / "label-studio").exists():
        return None
    r = subprocess.run([str(pip), "show", "label-studio"], capture_output=True, text=True, timeout=120)
    for line in r.stdout.splitlines():
        if line.startswith("Version:"):
            return line.split(":", 1)[1].strip()
    return None


def ensure_label_studio(venv: Path = LS_VENV, spec: str = LS_SPEC) -> Path:
    """The ``label-studio`` executable of ``venv``, installing ``spec`` there first unless it is already."""
    wanted = spec.partition("==")[2] or None
    marker = venv / ".dienbien-installed"
    have = _installed_version(venv) if marker.exists() else None
    if have is None or (wanted is not None and have != wanted):
        import shutil

        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        r = subprocess.run(
            [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", spec],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if r.returncode != 0:
            raise RuntimeError(f"pip install {spec} failed:\n{r.stderr[-3000:]}")
        marker.write_text(spec + "\n", encoding="utf-8")
    return venv / "bin" / "label-studio"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A minimal client of Label Studio's HTTP API (legacy token auth)."""

    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self.token = token

    def call(self, method: str, path: str, body: Any = None, timeout: float = 60) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as err:
            raise AssertionError(f"{method} {path}: HTTP {err.code}: {err.read()[:2000]!r}") from None
        return json.loads(raw) if raw else None


@pytest.fixture(scope="module")
def label_studio(tmp_path_factory: pytest.TempPathFactory):
    if os.environ.get("DIENBIEN_SKIP_LABELSTUDIO") == "1":
        pytest.skip("DIENBIEN_SKIP_LABELSTUDIO=1: the real Label Studio server test is switched off")
    exe = ensure_label_studio()
    data_dir = tmp_path_factory.mktemp("ls-data")
    port = _free_port()
    username = os.environ.get("LABEL_STUDIO_USERNAME") or "dienbien-test@example.org"
    password = os.environ.get("LABEL_STUDIO_PASSWORD") or secrets.token_urlsafe(16)
    token = os.environ.get("LABEL_STUDIO_USER_TOKEN") or secrets.token_hex(20)
    env = {
        **os.environ,
        "LABEL_STUDIO_BASE_DATA_DIR": str(data_dir),
        "LABEL_STUDIO_USERNAME": username,
        "LABEL_STUDIO_PASSWORD": password,
        "LABEL_STUDIO_USER_TOKEN": token,
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        # Label Studio ≥ 1.14 turns legacy tokens off for new organisations; the fixed token needs them.
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
        # Offline and quiet: no error reports, analytics or PyPI version checks leave the machine.
        "SENTRY_DSN": "",
        "FRONTEND_SENTRY_DSN": "",
        "COLLECT_ANALYTICS": "false",
        "LATEST_VERSION_CHECK": "false",
        "DJANGO_DB": "sqlite",
        "HOME": str(data_dir),
    }
    log_path = data_dir / "server.log"
    log = log_path.open("w", encoding="utf-8")
    # `--internal-host` is the address the server binds; `--host` only prefixes generated URLs.
    cmd = [str(exe), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(
        cmd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise AssertionError(
                    f"Label Studio exited with {proc.returncode}:\n{log_path.read_text(encoding='utf-8')[-3000:]}"
                )
            try:
                with urllib.request.urlopen(url + "/api/version", timeout=5) as resp:
                    json.loads(resp.read())
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"Label Studio did not answer within {START_TIMEOUT:.0f} s:\n"
                        f"{log_path.read_text(encoding='utf-8')[-3000:]}"
                    ) from None
                time.sleep(0.5)
        server = Server(url, token)
        yield server
    finally:
        # Stop the server and everything it started, by its process group.
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)
        log.close()


# ---------------------------------------------------------------------------
# The test


def _passes() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    from dienbien_nlp.annotation.records import entity_path, read_record, theme_path

    root = ROOT / "annotations"
    return {
        p: (read_record(entity_path(INTERVIEW_ID, root, p)), read_record(theme_path(INTERVIEW_ID, root, p)))
        for p in PASSES
    }


def _tasks_of(server: Server, project: int) -> list[dict[str, Any]]:
    listed = server.call("GET", f"/api/tasks?project={project}&page_size=10000")
    return listed["tasks"] if isinstance(listed, dict) else listed


def _export_with_emails(server: Server, project: int) -> list[dict[str, Any]]:
    snap = server.call(
        "POST",
        f"/api/projects/{project}/exports",
        {"title": "dienbien-nlp test", "serialization_options": {"annotations__completed_by": {"only_id": False}}},
    )
    for _ in range(120):
        if server.call("GET", f"/api/projects/{project}/exports/{snap['id']}")["status"] == "completed":
            break
        time.sleep(0.5)
    return server.call("GET", f"/api/projects/{project}/exports/{snap['id']}/download?exportType=JSON")


def test_round_trip_through_label_studio(label_studio: Server, nlp, interview, tmp_path):
    from dienbien_nlp.annotation import labelstudio as ls
    from dienbien_nlp.cli.annotate import labelstudio_app

    passes = _passes()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # The pipeline pre-annotates; the units are the gold sentences, which both passes share.
        tasks = ls.export_tasks([interview], nlp, sentences={INTERVIEW_ID: passes["pass_a"][1]})
    # Only a predicted entity across a sentence boundary may be left out (W014); anything else is a failure.
    assert all("[W014]" in str(w.message) for w in caught), [str(w.message) for w in caught]
    assert len(tasks) == len(passes["pass_a"][1]["sentences"])

    project = label_studio.call(
        "POST", "/api/projects", {"title": "dienbien-nlp round trip", "label_config": ls.labeling_config()}
    )["id"]
    imported = label_studio.call("POST", f"/api/projects/{project}/import", tasks)
    assert imported["task_count"] == len(tasks) and imported["prediction_count"] == len(tasks)

    users = {
        p: label_studio.call("POST", "/api/users", {"email": f"{p}@example.org", "username": p})["id"] for p in PASSES
    }
    for task in _tasks_of(label_studio, project):
        unit = ls.unit_from_data(task["data"], "server", task["id"])
        for p, (erec, trec) in passes.items():
            spans = [
                (e["start"], e["end"], e["label"])
                for e in erec["entities"]
                if unit.start <= e["start"] and e["end"] <= unit.end
            ]
            themes = next(s["themes"] for s in trec["sentences"] if (s["start"], s["end"]) == (unit.start, unit.end))
            label_studio.call(
                "POST",
                f"/api/tasks/{task['id']}/annotations",
                {"result": ls.unit_results(unit, spans, themes), "completed_by": users[p]},
            )

    # Export 1: the plain JSON export, annotators as user ids.
    by_id = label_studio.call("GET", f"/api/projects/{project}/export?exportType=JSON")
    assert all(isinstance(x, int) for t in by_id for x in t["predictions"])  # the export holds only prediction ids
    path = tmp_path / "export_ids.json"
    path.write_text(json.dumps(by_id, ensure_ascii=False), encoding="utf-8")
    back = ls.import_export(
        path, annotators={str(uid): p for p, uid in users.items()}, texts={INTERVIEW_ID: interview.text}
    )
    assert set(back) == set(PASSES)
    for p in PASSES:
        assert back[p][INTERVIEW_ID] == passes[p]

    # Export 2: a snapshot with e-mails, imported through the command line into a fresh annotations folder.
    with_emails = _export_with_emails(label_studio, project)
    assert {a["completed_by"]["email"] for t in with_emails for a in t["annotations"]} == {
        f"{p}@example.org" for p in PASSES
    }
    path = tmp_path / "export_emails.json"
    path.write_text(json.dumps(with_emails, ensure_ascii=False), encoding="utf-8")
    app = typer.Typer()
    app.add_typer(labelstudio_app, name="labelstudio")
    out = tmp_path / "annotations"
    args = ["labelstudio", "import", str(path), "--out", str(out), "--corpus", str(CORPUS)]
    for p in PASSES:
        args += ["--annotator", f"{p}@example.org={p}"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    for p in PASSES:
        for kind in ("entities", "themes"):
            rel = Path("passes", kind, p, f"{INTERVIEW_ID}.json")
            assert (out / rel).read_bytes() == (ROOT / "annotations" / rel).read_bytes()

    if os.environ.get("DIENBIEN_RECORD_LS_FIXTURE") == "1":
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        # One task per line: valid JSON that diffs task by task.
        FIXTURE.write_text(
            "[\n" + ",\n".join(json.dumps(t, ensure_ascii=False) for t in with_emails) + "\n]\n", encoding="utf-8"
        )
