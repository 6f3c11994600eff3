"""Order records -> daily revenue per region. Pure functions so they are tested without AWS."""
from collections import defaultdict
from decimal import Decimal


def daily_revenue(orders):
    """Sum amounts per (order_date, region); orders without a region count as 'unknown'."""
    totals = defaultdict(Decimal)
    for order in orders:
        amount = Decimal(str(order["amount"]))
        if amount < 0:
            raise ValueError(f"order {order.get('id')} has a negative amount")
        totals[(order["order_date"], order.get("region") or "unknown")] += amount
    return dict(sorted(totals.items()))
