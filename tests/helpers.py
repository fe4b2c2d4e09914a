"""Small invented articles for tests (not the seeds)."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"

QUAKE_A = """Strong earthquake shakes coastal Chile, killing at least 12

SANTIAGO (Reuters) - A magnitude 7.4 earthquake struck off the coast of central Chile on Tuesday, killing at least 12 people and toppling buildings in the port city of Valparaiso, officials said.

"We are still searching for people under the rubble," Interior Minister Carla Vidal told reporters in Valparaiso.

The quake's epicentre lay 40 km offshore at a depth of 25 km, the national seismological centre said. A tsunami warning for the coast was lifted after two hours.

Rescue teams with dogs worked through the night at a collapsed apartment block near the harbour.
"""

QUAKE_B = """Chile quake toll rises as rescuers dig through Valparaiso rubble

VALPARAISO, Chile (AP) — Rescuers in Chile dug through collapsed buildings in Valparaiso on Wednesday after a magnitude 7.4 earthquake off the central coast killed at least 12 people.

"We are still searching for people under the rubble," Interior Minister Carla Vidal said, adding that the earthquake toll could rise.

The national seismological centre put the epicentre 40 km offshore. A tsunami warning was lifted after two hours and harbour operations resumed.

The collapsed apartment block near the harbour remained the focus of rescue teams.
"""

BUDGET = """Dutch parliament approves budget after marathon debate

THE HAGUE (Reuters) - The Dutch parliament approved the government's budget for next year late on Thursday after a marathon debate over pension reform and farm subsidies.

"This budget keeps our finances healthy while protecting pensioners," Finance Minister Pieter de Groot said after the vote.

The coalition won 81 of 150 votes. Opposition parties criticised cuts to public broadcasting and university funding.

Farmers' groups said the subsidy changes would not offset new nitrogen rules.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
