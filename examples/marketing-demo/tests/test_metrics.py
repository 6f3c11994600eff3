import pytest

from marketing.metrics import engagement_score, rate


def test_rate_of_nothing_sent_is_zero():
    assert rate(0, 0) == 0.0


def test_rate_refuses_negative_counts():
    with pytest.raises(ValueError):
        rate(-1, 10)


def test_clicks_weigh_more_than_opens():
    assert engagement_score(opens=100, clicks=0, sends=1000) < engagement_score(opens=0, clicks=100, sends=1000)


def test_score_is_within_bounds():
    assert 0.0 <= engagement_score(opens=1000, clicks=1000, sends=1000) <= 1.0
