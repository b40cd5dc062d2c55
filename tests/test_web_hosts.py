"""The server answers only to the host names it is reached by (issue 11, defect 2): a page elsewhere that
rebinds its DNS name to 127.0.0.1 sends its own name as Host and must not read the local API."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from thucydides.web.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    # no database: allowed requests get the app's own 503, refused ones the host check's 400
    return TestClient(create_app(tmp_path / "none.duckdb"))


@pytest.mark.parametrize("host, status", [
    ("localhost:8000", 503),        # the name a local browser uses
    ("127.0.0.1:8000", 503),        # the address
    ("[::1]:8000", 503),            # IPv6 loopback
    ("LOCALHOST", 503),             # host names are case-insensitive
    ("evil.example:8000", 400),     # a rebinding attacker's own name
    ("localhost.evil.example", 400),  # a look-alike
    ("127.0.0.1.nip.io", 400),      # a wildcard-DNS name for loopback
    ("", 400),                      # empty
])
def test_host_header(client: TestClient, host: str, status: int) -> None:
    response = client.get("/api/overview", headers={"host": host})
    assert response.status_code == status
    if status == 400:
        assert "nosniff" in response.headers["x-content-type-options"]  # refusals carry the security headers
        assert "articles" not in response.text


def test_extra_hosts_are_allowed_when_given(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path / "none.duckdb", allowed_hosts=["events.example.org"]))
    assert client.get("/", headers={"host": "events.example.org"}).status_code == 503
    assert client.get("/", headers={"host": "localhost"}).status_code == 400  # only what was given


@pytest.mark.parametrize("args, expected", [
    ([], {"localhost", "127.0.0.1", "[::1]"}),                                      # the default
    (["--allow-host", "box.lan"], {"localhost", "127.0.0.1", "[::1]", "box.lan"}),  # one more name
    (["--host", "192.0.2.7"], {"localhost", "127.0.0.1", "[::1]", "192.0.2.7"}),     # the address bound
    (["--host", "0.0.0.0"], {"localhost", "127.0.0.1", "[::1]"}),                    # any: names must be given
])
def test_serve_passes_the_allowed_hosts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                        expected: set[str]) -> None:
    import uvicorn

    import thucydides.web.app as web
    from thucydides.cli import app

    db = tmp_path / "x.duckdb"
    db.write_bytes(b"")
    seen: list[list[str]] = []
    monkeypatch.setattr(web, "create_app", lambda db, allowed_hosts, **_: seen.append(list(allowed_hosts)))
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: None)
    result = CliRunner().invoke(app, ["serve", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    assert set(seen[0]) == expected
