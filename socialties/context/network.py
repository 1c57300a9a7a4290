"""A small community network, measured two ways: the whole network (sociometric) and one person's view (egocentric).

An *egocentric* survey asks one person (ego) about the people around them (alters) and, at most, whether those alters
know each other. A *sociometric* study maps every tie among everyone in a bounded group, so it also sees ties that no
single respondent reports: who bridges two clusters, who is isolated, how far ego's indirect reach goes.

The network is a fixed, invented example (14 people in two clusters joined by one bridge, and one isolate). Layouts
are computed here without a graph library: a seeded Fruchterman-Reingold spring layout for the whole network and
a radial layout around ego for the egocentric view; coordinates are rounded so charts are the same everywhere.
"""

from __future__ import annotations

from collections import deque

import altair as alt
import numpy as np
import pandas as pd

from socialties.seeds import rng as named_rng
from socialties.theme import PALETTE

#: People of the example network (first names, invented).
PEOPLE = ("Ana", "Ben", "Cai", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lee", "Mo", "Ned")
#: Undirected ties among them: two clusters (Ana's and Hal's) joined by Eli and Gus; Ned has no ties.
TIES = (
    ("Ana", "Ben"), ("Ana", "Cai"), ("Ana", "Dee"), ("Ana", "Eli"), ("Ben", "Cai"), ("Cai", "Dee"), ("Ben", "Fay"),
    ("Dee", "Fay"), ("Eli", "Gus"), ("Gus", "Hal"), ("Hal", "Ivy"), ("Hal", "Jo"), ("Ivy", "Jo"), ("Ivy", "Kit"),
    ("Jo", "Lee"), ("Kit", "Lee"), ("Kit", "Mo"), ("Lee", "Mo"),
)
EGO = "Ana"


def adjacency(people=PEOPLE, ties=TIES) -> dict[str, set[str]]:
    """Each person's set of direct contacts (ValueError naming the tie if it mentions an unknown person)."""
    adj: dict[str, set[str]] = {p: set() for p in people}
    for a, b in ties:
        if a not in adj or b not in adj:
            raise ValueError(f"The tie {a}-{b} names someone who is not in the network.")
        if a == b:
            raise ValueError(f"The tie {a}-{b} joins a person to themselves.")
        adj[a].add(b)
        adj[b].add(a)
    return adj


def distances(adj: dict[str, set[str]], source: str) -> dict[str, int]:
    """Steps from ``source`` to everyone it can reach (breadth-first search)."""
    seen = {source: 0}
    queue = deque([source])
    while queue:
        here = queue.popleft()
        for other in sorted(adj[here]):
            if other not in seen:
                seen[other] = seen[here] + 1
                queue.append(other)
    return seen


def components(adj: dict[str, set[str]]) -> list[list[str]]:
    """The connected components, largest first."""
    left, found = set(adj), []
    while left:
        start = min(left)
        part = sorted(distances(adj, start))
        found.append(part)
        left -= set(part)
    return sorted(found, key=lambda c: (-len(c), c))


def density(adj: dict[str, set[str]], nodes: list[str]) -> float:
    """Share of possible ties among ``nodes`` that exist."""
    k = len(nodes)
    if k < 2:
        return float("nan")
    present = sum(1 for i, a in enumerate(nodes) for b in nodes[i + 1:] if b in adj[a])
    return present / (k * (k - 1) / 2)


def ego_network(adj: dict[str, set[str]], ego: str = EGO) -> dict[str, set[str]]:
    """What an egocentric survey of ``ego`` records: ego, their alters, and the ties among those alters."""
    if ego not in adj:
        raise ValueError(f"{ego!r} is not in the network.")
    keep = {ego} | adj[ego]
    return {p: adj[p] & keep for p in sorted(keep)}


def ego_summary(adj: dict[str, set[str]], ego: str = EGO) -> dict[str, float]:
    """What each design can compute about ``ego``: degree and alter density (both) and reach (whole network only)."""
    alters = sorted(adj[ego])
    steps = distances(adj, ego)
    return {
        "degree": len(alters),
        "alter_density": density(adj, alters),
        "reach_2_steps": sum(1 for d in steps.values() if d == 2),
        "reachable": len(steps) - 1,
        "components": len(components(adj)),
    }


def bridges(adj: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Ties whose removal splits a component: seen only with the whole network."""
    found = []
    base = len(components(adj))
    for a in sorted(adj):
        for b in sorted(adj[a]):
            if a < b:
                cut = {p: set(n) for p, n in adj.items()}
                cut[a].discard(b)
                cut[b].discard(a)
                if len(components(cut)) > base:
                    found.append((a, b))
    return found


# -------------------------------------------------------------------------------------------------------- layouts
def spring_layout(adj: dict[str, set[str]], iterations: int = 300, seed_name: str = "context-network") -> pd.DataFrame:
    """A Fruchterman-Reingold layout in the unit square (seeded start, fixed cooling): columns person, x, y."""
    names = sorted(adj)
    k = len(names)
    index = {p: i for i, p in enumerate(names)}
    pos = named_rng(seed_name).uniform(0, 1, (k, 2))
    edges = np.array([(index[a], index[b]) for a in names for b in adj[a] if a < b], dtype=int).reshape(-1, 2)
    spacing = np.sqrt(1.0 / k)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        move = (delta / dist[..., None] * (spacing**2 / dist)[..., None]).sum(axis=1)  # repulsion
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            length = np.maximum(np.linalg.norm(d, axis=1), 1e-3)
            pull = d / length[:, None] * (length**2 / spacing)[:, None]
            np.add.at(move, edges[:, 0], -pull)
            np.add.at(move, edges[:, 1], pull)
        move += (0.5 - pos) * 0.05 * k  # a weak pull to the centre keeps the isolate on the canvas
        size = np.maximum(np.linalg.norm(move, axis=1), 1e-9)
        # Rounding every step keeps the iteration from amplifying last-digit differences (NumPy's SIMD sums can
        # differ with memory alignment), so the layout is the same on every run and every machine.
        pos = np.round(pos + move / size[:, None] * np.minimum(size, temperature)[:, None], 9)
        temperature *= 0.985
    pos = (pos - pos.min(axis=0)) / np.maximum(np.ptp(pos, axis=0), 1e-9)
    return pd.DataFrame({"person": names, "x": pos[:, 0].round(3), "y": pos[:, 1].round(3)})


def radial_layout(ego_adj: dict[str, set[str]], ego: str = EGO) -> pd.DataFrame:
    """Ego in the centre, alters evenly on a circle around them: columns person, x, y (in [0, 1])."""
    alters = sorted(p for p in ego_adj if p != ego)
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(alters)) / max(len(alters), 1)
    rows = [{"person": ego, "x": 0.5, "y": 0.5}]
    rows += [{"person": a, "x": round(0.5 + 0.42 * np.cos(t), 3), "y": round(0.5 + 0.42 * np.sin(t), 3)}
             for a, t in zip(alters, angles)]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------------------- charts
def _edges(adj: dict[str, set[str]], layout: pd.DataFrame, ego: str, ego_adj: dict[str, set[str]]) -> pd.DataFrame:
    at = layout.set_index("person")
    rows = []
    for a in sorted(adj):
        for b in sorted(adj[a]):
            if a < b and a in at.index and b in at.index:
                seen = a in ego_adj and b in ego_adj.get(a, set())
                rows.append({"from": a, "to": b, "x": at.at[a, "x"], "y": at.at[a, "y"], "x2": at.at[b, "x"],
                             "y2": at.at[b, "y"], "seen": "in ego's report" if seen else "not in ego's report"})
    return pd.DataFrame(rows)


def _role(person: str, ego: str, adj: dict[str, set[str]]) -> str:
    if person == ego:
        return "ego"
    if person in adj[ego]:
        return "alter (named by ego)"
    return "not named by ego"


ROLES = ["ego", "alter (named by ego)", "not named by ego"]
ROLE_COLOURS = [PALETTE["vermillion"], PALETTE["blue"], "#888888"]
ROLE_SHAPES = ["diamond", "circle", "square"]


def network_chart(view: str, *, ego: str = EGO, height: int = 340) -> alt.LayerChart:
    """The example network drawn ``"sociometric"`` (everyone, spring layout) or ``"egocentric"`` (ego's report)."""
    if view not in {"sociometric", "egocentric"}:
        raise ValueError(f"view must be 'sociometric' or 'egocentric', got {view!r}.")
    adj = adjacency()
    ego_adj = ego_network(adj, ego)
    if view == "sociometric":
        layout, shown = spring_layout(adj), adj
    else:
        layout, shown = radial_layout(ego_adj, ego), ego_adj
    layout = layout.assign(role=[_role(p, ego, adj) for p in layout["person"]])
    edges = _edges(shown, layout, ego, ego_adj)
    axis = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    scale = alt.Scale(domain=[-0.08, 1.08], nice=False)
    x, y = alt.X("x:Q", axis=axis, scale=scale), alt.Y("y:Q", axis=axis, scale=scale)
    dash = alt.StrokeDash("seen:N", title="Tie", scale=alt.Scale(
        domain=["in ego's report", "not in ego's report"], range=[[1, 0], [5, 4]]),
        legend=alt.Legend(direction="vertical"))
    lines = alt.Chart(edges).mark_rule(color="#666666", strokeWidth=2, aria=False).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q", strokeDash=dash)
    nodes = alt.Chart(layout).mark_point(size=320, filled=True, opacity=1).encode(
        x=x, y=y, color=alt.Color("role:N", scale=alt.Scale(domain=ROLES, range=ROLE_COLOURS), title="Person",
                                  legend=alt.Legend(direction="vertical")),
        shape=alt.Shape("role:N", scale=alt.Scale(domain=ROLES, range=ROLE_SHAPES), title="Person"),
        tooltip=["person:N", "role:N"])
    names = alt.Chart(layout).mark_text(dy=-17, fontSize=13, aria=False).encode(x=x, y=y, text="person:N")
    summary = ego_summary(adj, ego)
    if view == "sociometric":
        title = alt.Title("The whole network (sociometric)", subtitle="14 people, every tie")
        desc = (f"Network diagram of all {len(adj)} people and {len(TIES)} ties of the example community. "
                f"{ego} is ego; {summary['degree']} people are ego's alters. Two clusters are joined by the ties "
                f"{', '.join('-'.join(b) for b in bridges(adj))}; one person, Ned, has no ties. Dashed ties are ones "
                "that an egocentric survey of ego would not record.")
    else:
        title = alt.Title(f"{ego}'s view (egocentric)", subtitle="Ego, her alters and the ties among them")
        desc = (f"Network diagram of what an egocentric survey of {ego} records: {ego} in the centre and "
                f"{summary['degree']} alters ({', '.join(sorted(adj[ego]))}) around, with the ties among them. "
                "Nobody beyond the alters appears.")
    return alt.layer(lines, nodes, names).properties(width="container", height=height, title=title,
                                                      description=desc)
