"""The dashboard's colours: one per outlet, fixed for the whole corpus, and one per kind of voice.

Both stores name the outlets' colours in their catalog, and the charts draw with them, so an
outlet keeps its colour whatever the filters leave.

Why this palette: Okabe and Ito's eight colours are the best-known set chosen to stay apart under
every common colour-vision deficiency, but eight run out (the dashboard repeated a blue at eight
outlets). No set of more than about eight hues stays apart for colour-blind readers, so more
outlets are told apart by lightness, which every reader sees: the six Okabe-Ito hues that read on
white (not its yellow, nor black, kept for the second tier) first, then a dark and a light shade of
each. 20 colours in all; grey is kept for "(unknown)" and "Several outlets".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from analysis.quotes import KINDS as VOICE_KINDS
from analysis.sources import UNKNOWN

_OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
_OKABE_ITO_YELLOW = "#F0E442"


def _mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` of ``other`` mixed in (in sRGB: enough to set a shade apart)."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))


# Tiers, filled in order: a corpus of up to six outlets gets six different hues, the next eight a darker
# shade of each (and Okabe-Ito's yellow, darkened until it reads on white, and its black), the last six a lighter.
TIERS: tuple[tuple[str, ...], ...] = (
    _OKABE_ITO,
    (*(_mix(c, "#000000", 0.45) for c in _OKABE_ITO), _mix(_OKABE_ITO_YELLOW, "#000000", 0.4), "#000000"),
    tuple(_mix(c, "#FFFFFF", 0.45) for c in _OKABE_ITO),
)
OUTLET_PALETTE = tuple(c for tier in TIERS for c in tier)
UNKNOWN_COLOUR = "#A0A0A0"
SEVERAL = "#7F7F7F"
SEVERAL_NAME = "Several outlets"
KIND_COLOURS = dict(zip(VOICE_KINDS, ("#0072B2", "#009E73", "#D55E00", "#CC79A7", "#BBBBBB")))


def outlet_colours(outlets: Iterable[str]) -> dict[str, str]:
    """A colour per outlet: build it once from the whole corpus so filtering never recolours.

    Each outlet's place in a tier comes from a hash of its name (stable across sessions and processes, unlike
    ``hash``), not from its position among the others; when that colour is taken it takes the tier's next free one,
    and a full tier passes to the next. Only past ``len(OUTLET_PALETTE)`` outlets do colours repeat."""
    names = sorted({o for o in outlets if isinstance(o, str)})
    colours: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        if name == UNKNOWN:
            colours[name] = UNKNOWN_COLOUR
            continue
        digest = int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big")
        colour = OUTLET_PALETTE[digest % len(OUTLET_PALETTE)]
        for tier in TIERS:
            free = [tier[(digest + step) % len(tier)] for step in range(len(tier))]
            free = [c for c in free if c not in taken]
            if free:
                colour = free[0]
                break
        colours[name] = colour
        taken.add(colour)
    return colours


# The two sides of a comparison: Okabe-Ito's blue and vermilion, apart for every common colour-vision deficiency.
SIDE_COLOURS = {"a": "#0072B2", "b": "#D55E00"}
