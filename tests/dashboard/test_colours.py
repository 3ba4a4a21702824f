"""Outlet colours: distinct for 20 outlets, apart for colour-blind readers, fixed by name, grey for no outlet."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from analysis.sources import UNKNOWN
from dashboard import charts
from dashboard import colours as palette

OUTLETS = [f"Outlet {name}" for name in "ABCDEFGHIJKLMNOPQRST"]

# Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB: how a protanope, deuteranope or tritanope
# sees a colour.
SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
_WHITE = np.array([0.95047, 1.0, 1.08883])
# CIE76 distance; about 2.3 is just noticeable side by side, so 7 is apart at a glance in a legend and a bar.
MIN_DELTA_E = 7.0


def _lab(colour: str, seen_as: np.ndarray) -> np.ndarray:
    srgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    t = _XYZ @ np.clip(seen_as @ linear, 0, 1) / _WHITE
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_twenty_outlets_get_twenty_distinct_colours_none_grey():
    colours = palette.outlet_colours([*OUTLETS, UNKNOWN])
    named = [colours[o] for o in OUTLETS]
    assert len(set(named)) == 20
    assert colours[UNKNOWN] == palette.UNKNOWN_COLOUR
    assert palette.UNKNOWN_COLOUR not in named and palette.SEVERAL not in named


def test_the_palette_stays_apart_for_colour_blind_readers():
    shown = [*palette.OUTLET_PALETTE, palette.UNKNOWN_COLOUR, palette.SEVERAL]
    for name, seen_as in SIMULATIONS.items():
        lab = {c: _lab(c, seen_as) for c in shown}
        closest = min(itertools.combinations(shown, 2), key=lambda p: float(np.linalg.norm(lab[p[0]] - lab[p[1]])))
        distance = float(np.linalg.norm(lab[closest[0]] - lab[closest[1]]))
        assert distance >= MIN_DELTA_E, f"{name}: {closest} are {distance:.1f} apart"


def test_a_few_outlets_get_different_hues():
    colours = palette.outlet_colours(OUTLETS[:6])
    assert set(colours.values()) == set(palette.TIERS[0])


def test_an_outlets_colour_follows_its_name_not_its_position():
    colours = palette.outlet_colours(OUTLETS[:12])
    assert colours == palette.outlet_colours(reversed(OUTLETS[:12]))
    # Not simply the n-th colour by sorted name: the first outlets by name do not take the palette in order.
    assert [colours[o] for o in OUTLETS[:6]] != list(palette.TIERS[0])
    # An outlet whose colour is free keeps it when another outlet joins the corpus.
    for joined in OUTLETS[12:]:
        grown = palette.outlet_colours([*OUTLETS[:12], joined])
        kept = sum(grown[o] == colours[o] for o in OUTLETS[:12])
        assert kept >= 11


def test_the_segments_of_one_name_in_the_naming_chart_are_edged_apart():
    rows = pd.DataFrame(
        {
            "place_id": "1",
            "name": "Khankendi / Stepanakert",
            "written": ["Khankendi"] * 12,
            "group": OUTLETS[:12],
            "n": 1,
        }
    )
    figure = charts.naming_bars(rows, colours=palette.outlet_colours(OUTLETS[:12]))
    bars = [t for t in figure.data if t.type == "bar"]
    assert len({t.marker.color for t in bars}) == 12
    assert all(t.marker.line.width >= 1 for t in bars)
