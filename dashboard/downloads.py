"""CSV downloads of tables (the rows on screen, after filtering)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st


def csv_button(frame: pd.DataFrame | Callable[[], pd.DataFrame], *, name: str, label: str, key: str) -> None:
    """A download button for ``frame``; given a function, the frame is made only when the button is clicked."""
    data: bytes | Callable[[], bytes]
    if callable(frame):
        made = frame

        def data() -> bytes:
            return made().to_csv(index=False).encode("utf-8")
    else:
        data = frame.to_csv(index=False).encode("utf-8")
    st.download_button(
        label,
        data,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        width="stretch",
    )
