"""CSV downloads of tables (the rows on screen, after filtering)."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def csv_button(frame: pd.DataFrame, *, name: str, label: str, key: str) -> None:
    st.download_button(
        label,
        frame.to_csv(index=False).encode("utf-8"),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        width="stretch",
    )
