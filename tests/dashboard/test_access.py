"""The optional password gate: off without a secret, closed until the right password, and the password never
shown, kept, logged or put in the URL."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")
TIMEOUT = 300
SECRET = "correct horse battery staple 7"


def gated(secrets: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets.update(secrets)
    return at.run()


def documents_shown(at: AppTest) -> bool:
    return any(m.label == "Documents" for m in at.metric)


def everything_rendered(at: AppTest) -> str:
    """Every value and label in the page, the query string and session state, as one string."""
    return "\n".join(
        [
            repr(at.main),
            repr(at.sidebar),
            str(dict(at.query_params)),
            str({k: at.session_state[k] for k in at.session_state}),
        ]
    )


def test_without_a_secret_the_dashboard_is_open():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert documents_shown(at) and not at.text_input


@pytest.mark.parametrize(
    "secrets", [{"access": {"password": SECRET}}, {"password": SECRET}], ids=["access table", "root level"]
)
def test_a_secret_closes_the_dashboard_until_the_right_password(secrets, caplog):
    caplog.set_level(logging.DEBUG)
    at = gated(secrets)
    assert not documents_shown(at) and not at.sidebar.file_uploader, "nothing of the articles before the password"
    field = at.text_input(key="_access_password")
    assert field.proto.type == field.proto.PASSWORD

    field.input("wrong " + SECRET[:10])
    at.button[0].click().run()
    assert not documents_shown(at)
    assert [e.value for e in at.error] == ["Wrong password."]
    assert at.text_input(key="_access_password").value == "", "what was typed is not kept"

    at.text_input(key="_access_password").input(SECRET)
    at.button[0].click().run()
    assert documents_shown(at) and not at.exception
    assert SECRET not in everything_rendered(at)
    assert SECRET not in caplog.text


def test_an_empty_password_keeps_the_dashboard_closed():
    at = gated({"access": {"password": ""}})
    assert not documents_shown(at) and not at.text_input
    assert at.error and SECRET not in at.error[0].value


def test_no_secrets_file_leaves_the_gate_off_and_an_unreadable_one_keeps_it_closed(tmp_path):
    probe = textwrap.dedent(
        """
        import sys
        from streamlit import config
        config.set_option("secrets.files", sys.argv[1:])
        from dashboard import access
        password = access.configured_password()
        print("off" if password is None else "closed" if password == "" else f"set, {len(password)} characters")
        """
    )

    def configured(*files: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", probe, *files], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, result.stderr
        assert SECRET not in result.stdout + result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert configured(str(tmp_path / "none" / "secrets.toml")) == "off"
    broken = tmp_path / "secrets.toml"
    broken.write_text(f'[access]\npassword = "{SECRET}\n', encoding="utf-8")
    assert configured(str(broken)) == "closed", "a secrets file that does not parse must not open the dashboard"
    good = tmp_path / "good.toml"
    good.write_text(f'[access]\npassword = "{SECRET}"\n', encoding="utf-8")
    assert configured(str(good)) == f"set, {len(SECRET)} characters"


def test_the_deployed_config_keeps_xsrf_and_cors_protection_on_and_tracebacks_hidden():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().splitlines(), (
        "a local password is never committed"
    )
