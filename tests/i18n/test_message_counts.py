"""Counts inside two messages: EQUITY_TIME_LIMIT says "1 round" for one round of filling
(and groups larger counts), STOCK_BEYOND_CAPACITY groups its blanks, in the library's
English text and in both languages of the catalog.

The messages come from the library's own function (optimizer.engine.kpis.messages) on a
one-site case; the catalog renders them from their code and params.
"""

from __future__ import annotations

import numpy as np
import pytest

from optimizer import Instance, Message, Policy, Shipment, i18n
from optimizer.engine import kpis
from optimizer.engine.network import compile_network
from tests.cases import area, site


def library_messages(time_limit_s: float, stock: int, cap: int) -> dict[str, Message]:
    """kpis.messages for site S holding `stock` blanks with capacity `cap` (one printer,
    one day), its equity stage cut short by the budget of `time_limit_s`."""
    instance = Instance(sites=(site("S", "K", cap=cap, stock=stock),),
                        areas=(area("A", "K", first=80),))
    policy = Policy(time_limit_s=time_limit_s)
    net = compile_network(instance, Shipment(blanks=0), policy)
    printed = np.zeros(net.n_sites, dtype=np.int64)
    out = kpis.messages(net, 0, policy, printed, printed, marginals="skipped",
                        equity_complete=False, lots_proven=True, lost_to_lots=0)
    return {m.code: m for m in out}


@pytest.mark.parametrize(("time_limit_s", "english", "indonesian"), [
    # The budget is 1,000 rounds a second: 0.001 s buys 1 round, 12.5 s 12,500 rounds.
    (0.001, "(0.001 s, 1 round of filling, the same", "(0,001 detik, 1 putaran pengisian, sama"),
    (0.002, "(0.002 s, 2 rounds of filling, the same",
     "(0,002 detik, 2 putaran pengisian, sama"),
    (12.5, "(12.5 s, 12,500 rounds of filling, the same",
     "(12,5 detik, 12.500 putaran pengisian, sama"),
])
def test_rounds_of_filling_are_counted_properly(time_limit_s: float, english: str,
                                                indonesian: str) -> None:
    message = library_messages(time_limit_s, stock=0, cap=10)["EQUITY_TIME_LIMIT"]
    assert english in message.text
    assert i18n.render(message, "en") == message.text
    assert indonesian in i18n.render(message, "id")
    assert "1 rounds" not in message.text


def test_stock_beyond_capacity_groups_its_counts() -> None:
    # S holds 30,000 blanks and prints 12,000 in the horizon (1 printer x 12,000 x 1 day).
    message = library_messages(10.0, stock=30_000, cap=12_000)["STOCK_BEYOND_CAPACITY"]
    assert message.text == ("Site S holds 30,000 blanks but can print only 12,000 in the "
                            "horizon; move the surplus.")
    assert message.params == {"site_id": "S", "stock": 30_000, "capacity": 12_000}
    assert i18n.render(message, "en") == message.text
    indonesian = i18n.render(message, "id")
    assert "30.000" in indonesian and "12.000" in indonesian
    assert "30000" not in indonesian and "30,000" not in indonesian
