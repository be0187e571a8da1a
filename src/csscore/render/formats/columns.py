"""Column widths for a table set across a fixed width (the LaTeX longtables and the Word
tables): each column as wide as its text where the table fits, else the wide columns narrowed,
none below its least width (its longest word)."""

from __future__ import annotations


def fill(natural: list[float], minimum: list[float], budget: float) -> list[float]:
    """Widths summing to at most ``budget``: the natural ones if they fit; else the columns
    narrower than an even share keep their width and the wider ones share what is left in
    proportion to theirs, a column that would fall below its minimum held there."""
    if sum(natural) <= budget:
        return natural
    widths = share(natural, minimum, budget, keep_narrow=True)
    return widths if sum(widths) <= budget + 1e-9 else share(natural, minimum, budget, False)


def share(
    natural: list[float], minimum: list[float], budget: float, keep_narrow: bool
) -> list[float]:
    """One pass of :func:`fill`: with ``keep_narrow`` the columns under an even share first keep
    their natural width; the rest scale in proportion, held at their minimums."""
    held: dict[int, float] = {}
    while True:
        free = [c for c in range(len(natural)) if c not in held]
        if not free:  # even the minimums overflow (a table too wide for any page)
            return [held[c] for c in range(len(natural))]
        left = budget - sum(held.values())
        even = left / len(free)
        narrow = [c for c in free if natural[c] <= even] if keep_narrow else []
        if narrow:
            held.update((c, natural[c]) for c in narrow)
            continue
        scale = left / sum(natural[c] for c in free)
        short = [c for c in free if natural[c] * scale < minimum[c]]
        if not short:
            return [held.get(c, natural[c] * scale) for c in range(len(natural))]
        held.update((c, minimum[c]) for c in short)
