"""casus serve under load and beside a writer: pages while another process holds the
store (503), exports streamed byte for byte as ``casus export`` writes them (and the
store closed when the client goes away), and the Host names allowed for each --host."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

with warnings.catch_warnings():  # Starlette 1.x prefers httpx2; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from casus.cli import app as cli
from casus.cli.common import EXIT_USAGE
from casus.cli.serve import LOCAL_HOSTS, allowed_hosts, bind_address
from casus.errors import UsageError
from casus.store import Store
from casus.store.corroborate import recluster
from casus.store.ingest import ingest
from casus.store.synthetic import fill
from casus.web import create_app
from casus.web.app import BUSY
from casus.web.stream import CHUNK

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

LOCAL = "http://127.0.0.1:8765"
REPORT = """Title: Drones strike Odesa port — «Москва» denies it
Date: 2025-03-02
Source: Pontic Courier

ODESA, March 2 — Russian drones struck grain silos in the port of Odesa overnight, \
Ukraine's navy said on Sunday, calling it a “deliberate” attack. Moscow denied it.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One written article (non-ASCII text) and a few thousand generated events,
    clustered."""
    folder = tmp_path_factory.mktemp("serve")
    article = folder / "odesa.txt"
    article.write_text(REPORT, encoding="utf-8")
    path = folder / "store.duckdb"
    with Store.open(path, write=True) as store:
        assert ingest([article], store).ingested == 1
        fill(store, events=4000)
        with store.transaction():
            recluster(store)
    return path


@pytest.fixture()
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=LOCAL) as client:
        yield client


# --- a writer holds the store -------------------------------------------------------------


def test_every_get_answers_503_with_retry_after_while_another_process_writes(
    db: Path, client: TestClient
) -> None:
    holder = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]);"
        " print('locked', flush=True); time.sleep(60)"
    )
    pages = ["/", "/events", "/events?actor=RUS", "/events.csv", "/scenarios", "/articles/x"]
    writer = subprocess.Popen(
        [sys.executable, "-c", holder, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "locked"
        answers = {page: client.get(page) for page in pages}
    finally:
        writer.kill()
        writer.wait()
    for page, response in answers.items():
        assert response.status_code == 503, page
        assert response.headers["retry-after"] == "5", page
        assert BUSY in response.text and "E701" in response.text, page
        assert response.headers["content-security-policy"], page
    assert client.get("/").status_code == 200  # the writer is gone


# --- exports stream ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "query", "args"),
    [
        ("csv", "", []),
        ("geojson", "dyad=RUS:UKR", ["--dyad", "RUS:UKR"]),
        (
            "gdelt",
            "state=corroborated&since=2023-06-01",
            ["--state", "corroborated", "--since", "2023-06-01"],
        ),
    ],
)
def test_a_streamed_export_is_byte_for_byte_casus_export(
    db: Path, client: TestClient, tmp_path: Path, suffix: str, query: str, args: list[str]
) -> None:
    out = tmp_path / f"export.{suffix}"
    done = CliRunner().invoke(cli, ["export", "--db", str(db), "-f", suffix, "-o", str(out), *args])
    assert done.exit_code == 0, done.output
    response = client.get(f"/events.{suffix}" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    assert "content-length" not in response.headers  # streamed, not built whole
    assert response.content == out.read_bytes()
    assert len(response.content) > 10_000


def _get(app: Any, url: str, *, hang_up: bool) -> list[bytes]:
    """The body chunks of one GET sent straight to the ASGI app; with ``hang_up`` the
    client goes away after the first chunk."""
    path, _, query = url.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1", "method": "GET", "scheme": "http", "path": path,
        "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8765")], "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8765),
    }  # fmt: skip
    chunks: list[bytes] = []

    async def run() -> None:
        gone = asyncio.Event()
        asked = False

        async def receive() -> dict[str, Any]:
            nonlocal asked
            if not asked:
                asked = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await gone.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body" and message.get("body"):
                chunks.append(message["body"])
                if hang_up:
                    gone.set()

        await app(scope, receive, send)

    asyncio.run(run())
    return chunks


def test_exports_are_sent_in_chunks_and_the_store_closes_when_the_client_goes(
    db: Path, tmp_path: Path
) -> None:
    app = create_app(db)
    whole = _get(app, "/events.csv", hang_up=False)
    assert len(whole) > 3 and all(len(chunk) >= CHUNK for chunk in whole[:-1])
    first = _get(app, "/events.geojson", hang_up=True)
    assert len(first) == 1 and first[0].startswith(b'{"type": "FeatureCollection"')
    assert not [t for t in threading.enumerate() if t.name == "casus-export"]
    # no connection of this process is left open: the store opens for writing
    with Store.open(db, write=True) as store:
        assert store.query("SELECT count(*) FROM articles")[0][0] > 0


def test_a_bad_filter_on_an_export_is_still_a_400(client: TestClient) -> None:
    response = client.get("/events.csv", params={"since": "<b>soon</b>"})
    assert response.status_code == 400 and "<b>" not in response.text


# --- hosts -------------------------------------------------------------------------------


def test_allowed_hosts_for_each_kind_of_address() -> None:
    assert allowed_hosts("127.0.0.1") == list(LOCAL_HOSTS)
    assert allowed_hosts("::1") == allowed_hosts("[::1]") == list(LOCAL_HOSTS)
    assert allowed_hosts("10.0.0.5") == [*LOCAL_HOSTS, "10.0.0.5"]
    assert allowed_hosts("fd00::0:5") == [*LOCAL_HOSTS, "[fd00::5]"]
    assert allowed_hosts("Box.Lan") == [*LOCAL_HOSTS, "box.lan"]
    assert allowed_hosts("0.0.0.0") == allowed_hosts("::") == list(LOCAL_HOSTS)
    wide = allowed_hosts("0.0.0.0", ["casus.example.org", "192.168.1.20", "FE80::1", "*.lan"])
    assert wide == [*LOCAL_HOSTS, "casus.example.org", "192.168.1.20", "[fe80::1]", "*.lan"]
    for bad in ("*", "evil.example/", "a b", "1.2.3", "under_score.example"):
        with pytest.raises(UsageError, match="--allow-host"):
            allowed_hosts("127.0.0.1", [bad])
    assert bind_address("[::1]") == "::1" and bind_address("127.0.0.1") == "127.0.0.1"


def test_an_ipv6_host_header_in_brackets_is_accepted(db: Path) -> None:
    app = create_app(db, allowed_hosts=allowed_hosts("::1"))
    with TestClient(app, base_url="http://[::1]:8765") as client:
        assert client.get("/").status_code == 200
    with TestClient(app, base_url="http://[::2]:8765") as client:
        assert client.get("/").status_code == 400


def test_serve_binds_ipv6_and_wildcards_answer_only_the_names_allowed(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append({"app": app, **kw}))
    runner = CliRunner()
    local = runner.invoke(cli, ["serve", "--db", str(db), "--host", "::1", "--port", "9002"])
    assert local.exit_code == 0 and "warning" not in local.output
    assert calls[-1]["host"] == "::1" and "http://[::1]:9002/" in local.output
    wide = runner.invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert wide.exit_code == 0 and "warning: listening on 0.0.0.0" in wide.output
    assert "--allow-host" in wide.output
    named = runner.invoke(
        cli, ["serve", "--db", str(db), "--host", "::", "--allow-host", "casus.example.org"]
    )
    assert named.exit_code == 0 and "--allow-host NAME" not in named.output
    app = calls[-1]["app"]
    answers = {
        "http://casus.example.org": 200,
        "http://[::]:8765": 400,
        "http://localhost:8765": 200,
        "http://other.example": 400,
    }
    for base, status in answers.items():
        with TestClient(app, base_url=base) as client:
            assert client.get("/").status_code == status, base
    bad = runner.invoke(cli, ["serve", "--db", str(db), "--allow-host", "*"])
    assert bad.exit_code == EXIT_USAGE and len(bad.output.strip().splitlines()) == 1
    assert "--allow-host: '*' is not a host name" in bad.output
