"""An optional password gate for a hosted dashboard.

The password is a secret: ``[access] password = "..."`` in ``.streamlit/secrets.toml``
(or the host's secrets settings). With no such secret, or no secrets file at all, the
gate is off. A root-level ``password`` is accepted too, so a misplaced secret never
leaves the app open, but the table is preferred: Streamlit copies root-level secrets
into the server's environment variables.

What a visitor types is compared in constant time (``hmac.compare_digest``) and
then dropped: only the fact that this session passed is kept. The password never
reaches the URL (the field is not a query parameter), a log line or a message.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Mapping

import streamlit as st
from streamlit import config

SECTION = "access"
KEY = "password"
_FIELD = "_access_password"
_PASSED = "_access_passed"
_FAILED = "_access_failed"
# Slows guessing from one session; the comparison itself takes the same time for every wrong password.
_WRONG_PAUSE_S = 1.0


def configured_password() -> str | None:
    """The password the operator set; None when the gate is off. A secret that is not a
    non-empty string (or number), or a secrets file that cannot be read, keeps the app
    closed: "" is returned."""
    try:
        secrets: Mapping[str, object] = st.secrets
        section = secrets.get(SECTION)
        value = section.get(KEY) if isinstance(section, Mapping) else None
        if value is None:
            value = secrets.get(KEY)
    except FileNotFoundError:
        # StreamlitSecretNotFoundError (a FileNotFoundError) means no secrets file at all, or one that does
        # not parse: the operator meant to set something then, so the app stays closed.
        return "" if any(os.path.exists(path) for path in config.get_option("secrets.files")) else None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    return str(value)


def gate() -> bool:
    """Whether this session may see the dashboard; when it may not yet, draws the password form."""
    password = configured_password()
    if password is None or st.session_state.get(_PASSED):
        return True
    st.title("News coverage")
    if not password:
        st.error(
            "This dashboard's password cannot be used (its secrets file does not parse, or the password is empty or "
            "not text), so it stays closed. Set `[access] password` in its secrets."
        )
        return False
    with st.form("access_form"):
        st.text_input("Password", type="password", key=_FIELD, autocomplete="current-password")
        st.form_submit_button("Open the dashboard", on_click=_check, type="primary")
    if st.session_state.get(_FAILED):
        st.error("Wrong password.")
    return False


def _check() -> None:
    typed = str(st.session_state.get(_FIELD) or "")
    # The form keeps what was typed in session state: drop it, right or wrong.
    st.session_state[_FIELD] = ""
    password = configured_password()
    if password and hmac.compare_digest(typed.encode("utf-8"), password.encode("utf-8")):
        st.session_state[_PASSED] = True
        st.session_state.pop(_FAILED, None)
    else:
        st.session_state[_FAILED] = True
        time.sleep(_WRONG_PAUSE_S)
