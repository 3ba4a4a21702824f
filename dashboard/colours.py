"""The dashboard's colours: one per outlet, fixed for the whole corpus, and one per kind of voice.

Both stores name the outlets' colours in their catalog, and the charts draw with them, so an
outlet keeps its colour whatever the filters leave.
"""

from __future__ import annotations

from collections.abc import Iterable

from analysis.quotes import KINDS as VOICE_KINDS

# Okabe-Ito, colour-blind safe, without its yellow (unreadable on the pale basemap and on white);
# grey is kept for "more than one outlet".
OUTLET_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
SEVERAL = "#7F7F7F"
SEVERAL_NAME = "Several outlets"
KIND_COLOURS = dict(zip(VOICE_KINDS, ("#0072B2", "#009E73", "#D55E00", "#CC79A7", "#BBBBBB")))


def outlet_colours(outlets: Iterable[str]) -> dict[str, str]:
    """A colour per outlet, by sorted name: build it once from the whole corpus so filtering never recolours."""
    names = sorted({o for o in outlets if isinstance(o, str)})
    return {name: OUTLET_PALETTE[i % len(OUTLET_PALETTE)] for i, name in enumerate(names)}
