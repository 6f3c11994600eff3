"""Campaign metrics. Pure functions, so notebooks, DAGs and tests share one definition."""


def rate(part: int, whole: int) -> float:
    """part / whole, or 0.0 when whole is 0 (a campaign with no sends has no rate)."""
    if whole < 0 or part < 0:
        raise ValueError("counts cannot be negative")
    return 0.0 if whole == 0 else part / whole


def engagement_score(opens: int, clicks: int, sends: int) -> float:
    """Clicks weigh three times opens; the score is between 0 and 1 when clicks <= opens <= sends."""
    if sends == 0:
        return 0.0
    return round((rate(opens, sends) + 3 * rate(clicks, sends)) / 4, 4)
