from decimal import Decimal

import pytest

from etl.orders import daily_revenue


def test_sums_amounts_per_day_and_region():
    orders = [
        {"id": 1, "order_date": "2025-01-01", "region": "eu", "amount": 10.5},
        {"id": 2, "order_date": "2025-01-01", "region": "eu", "amount": 4.5},
        {"id": 3, "order_date": "2025-01-01", "region": "us", "amount": 1},
    ]
    assert daily_revenue(orders) == {("2025-01-01", "eu"): Decimal("15.0"), ("2025-01-01", "us"): Decimal("1")}


def test_orders_without_region_count_as_unknown():
    assert ("2025-01-02", "unknown") in daily_revenue([{"order_date": "2025-01-02", "amount": 3}])


def test_refuses_negative_amounts():
    with pytest.raises(ValueError):
        daily_revenue([{"id": 9, "order_date": "2025-01-01", "region": "eu", "amount": -1}])
