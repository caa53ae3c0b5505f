from decimal import Decimal


def stats_json(stats: dict[str, object]) -> dict[str, object]:
    """Figures as JSON numbers: a growth of 50.1 % reads better as 50.1 than "50.1"."""
    return {k: float(v) if isinstance(v, Decimal) else v for k, v in stats.items()}
