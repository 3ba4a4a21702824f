"""The least a Streamlit page with one Plotly chart costs: the reference for launch to first chart.

bench.dashboard_speed launches it as it launches the dashboard (same server flags,
same browser, same ``.streamlit/config.toml``) and reports the dashboard's time as a
multiple of this one's.
"""

import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
