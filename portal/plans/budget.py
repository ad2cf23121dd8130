"""Where a plan's indicative budget comes from.

The resource allocation system (RAS) works the budget out; the plans only need the
answer. A provider callable registered as
`app.extensions["indicative_budget_provider"]` takes a Child and returns an
IndicativeBudget, or None when the child has none yet. Without a provider, no child has
a budget: a plan can still be drafted, and the pages say the budget is not worked out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

PROVIDER = "indicative_budget_provider"


@dataclass(frozen=True)
class IndicativeBudget:
    # Pence per funding stream: {"social-care": ..., "education": ..., "health": ...}.
    streams: Mapping[str, int]
    # A short label saying where it came from, such as "RAS 2026, confirmed 3 March 2027".
    source: str

    def to_json(self) -> str:
        return json.dumps(
            {"streams": {k: int(v) for k, v in self.streams.items()}, "source": self.source},
            sort_keys=True,
        )


BudgetProvider = Callable[[Any], IndicativeBudget | None]


def indicative_budget(child: Any) -> IndicativeBudget | None:
    provider: BudgetProvider | None = current_app.extensions.get(PROVIDER)
    return provider(child) if provider is not None else None
